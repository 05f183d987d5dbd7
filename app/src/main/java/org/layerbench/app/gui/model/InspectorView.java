package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.control.PropertySheet;
import org.controlsfx.property.editor.PropertyEditor;
import org.layerbench.engine.graph.ParamKind;
import org.layerbench.engine.graph.ParamSpec;

/**
 * The selected layer's parameters in a ControlsFX PropertySheet: a check box for true/false, a list
 * for choices, a text field for numbers, tuples and lists (committed on Enter or when focus leaves;
 * a refused value snaps back and its reason shows below). Tooltips carry the parameter's doc, range
 * and default; inferred values are shown read-only.
 */
public final class InspectorView extends VBox {
  private final ModelViewModel vm;
  private final PropertySheet sheet = new PropertySheet();
  private final Label heading = new Label("Nothing selected");
  private final Label doc = new Label();
  private final Label problem = new Label();
  private final List<RowItem> items = new ArrayList<>();
  private final javafx.scene.layout.GridPane inferred = new javafx.scene.layout.GridPane();
  private final Label inferredTitle = new Label("Inferred from the input");
  private String nodeId;

  public InspectorView(ModelViewModel vm) {
    this.vm = vm;
    getStyleClass().add("inspector");
    setId("inspector");
    Label title = new Label("Inspector");
    title.getStyleClass().add("pane-title");
    heading.getStyleClass().add("inspector-heading");
    doc.getStyleClass().add("inspector-doc");
    doc.setWrapText(true);
    problem.getStyleClass().add("inspector-problem");
    problem.setId("inspector-problem");
    problem.setWrapText(true);
    problem.managedProperty().bind(problem.visibleProperty());
    problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
    // NAME mode keeps the schema's order (PyTorch's keyword order); CATEGORY mode would fold all
    // but one category away in an accordion, hiding the inferred values.
    sheet.setMode(PropertySheet.Mode.NAME);
    sheet.setModeSwitcherVisible(false);
    sheet.setSearchBoxVisible(false);
    sheet.setPropertyEditorFactory(item -> editorFor((RowItem) item));
    sheet.setId("inspector-sheet");
    VBox.setVgrow(sheet, Priority.ALWAYS);
    sheet.managedProperty().bind(sheet.visibleProperty());
    setSpacing(6);
    setPadding(new Insets(10, 8, 8, 8));
    inferred.setHgap(12);
    inferred.setVgap(4);
    inferred.setId("inspector-inferred");
    inferred.setPadding(new Insets(0, 4, 4, 4));
    inferredTitle.getStyleClass().add("pane-title");
    for (javafx.scene.Node n : List.of(inferred, inferredTitle)) {
      n.managedProperty().bind(n.visibleProperty());
    }
    inferredTitle.visibleProperty().bind(inferred.visibleProperty());
    VBox.setVgrow(sheet, Priority.SOMETIMES);
    getChildren().addAll(title, heading, doc, problem, sheet, inferredTitle, inferred);
    vm.selectedProperty().addListener((obs, o, n) -> refresh());
    vm.graphProperty().addListener((obs, o, n) -> refresh());
    vm.analysisProperty().addListener((obs, o, n) -> refresh());
    vm.messageProperty().addListener((obs, o, n) -> problem.setText(n));
    refresh();
  }

  private void refresh() {
    String id = vm.selectedProperty().get();
    var node =
        id == null ? Optional.<org.layerbench.engine.graph.Node>empty() : vm.graph().node(id);
    if (node.isEmpty()) {
      nodeId = null;
      items.clear();
      sheet.getItems().clear();
      sheet.setVisible(false);
      inferred.setVisible(false);
      heading.setText(
          vm.selection().size() > 1
              ? vm.selection().size() + " layers selected"
              : "Select a layer to edit it");
      doc.setText(
          "Click a layer on the canvas to see and change its parameters.\n\n"
              + "Add layers by dragging them from the palette, or double-click one to add it"
              + " after the selected layer. Wire layers by dragging from a layer's bottom port"
              + " onto another layer.");
      return;
    }
    sheet.setVisible(true);
    heading.setText(node.get().name() + " · " + node.get().type().typeName());
    doc.setText(node.get().type().doc());
    List<ParamRow> all = vm.paramRows(id);
    List<ParamRow> rows = all.stream().filter(ParamRow::editable).toList();
    showInferred(all.stream().filter(r -> !r.editable()).toList());
    boolean sameShape = id.equals(nodeId) && rows.size() == items.size();
    for (int i = 0; sameShape && i < rows.size(); i++) {
      sameShape =
          rows.get(i).name().equals(items.get(i).row.name())
              && rows.get(i).category().equals(items.get(i).row.category());
    }
    if (sameShape) {
      for (int i = 0; i < rows.size(); i++) {
        items.get(i).show(rows.get(i));
      }
      return;
    }
    if (!id.equals(nodeId)) {
      problem.setText("");
    }
    nodeId = id;
    items.clear();
    rows.forEach(r -> items.add(new RowItem(r)));
    sheet.getItems().setAll(items);
  }

  private List<ParamRow> inferredRows = List.of();

  private void showInferred(List<ParamRow> rows) {
    inferred.setVisible(!rows.isEmpty());
    if (rows.equals(inferredRows)) {
      return;
    }
    inferredRows = rows;
    inferred.getChildren().clear();
    for (int i = 0; i < rows.size(); i++) {
      ParamRow r = rows.get(i);
      Label k = new Label(r.name());
      k.getStyleClass().add("inferred-key");
      Label v = new Label(r.text());
      v.setId("inferred-" + r.name().replace(' ', '_'));
      v.getStyleClass().add("inferred-value");
      Tooltip t = new Tooltip(r.doc());
      k.setTooltip(t);
      v.setTooltip(t);
      inferred.addRow(i, k, v);
    }
  }

  /** One inspector line; its value is the row's text. */
  private final class RowItem implements PropertySheet.Item {
    private ParamRow row;
    private final StringProperty text = new SimpleStringProperty();

    RowItem(ParamRow row) {
      show(row);
    }

    void show(ParamRow r) {
      this.row = r;
      text.set(r.text());
    }

    @Override
    public Class<?> getType() {
      return String.class;
    }

    @Override
    public String getCategory() {
      return row.category();
    }

    @Override
    public String getName() {
      return row.name();
    }

    @Override
    public String getDescription() {
      return row.doc();
    }

    @Override
    public Object getValue() {
      return text.get();
    }

    @Override
    public void setValue(Object value) {
      String s = value == null ? "" : String.valueOf(value);
      if (s.equals(text.get()) || nodeId == null) {
        return;
      }
      String id = nodeId;
      Optional<String> refused =
          row.spec() == null ? vm.rename(id, s) : vm.setParam(id, row.name(), s);
      if (refused.isPresent()) {
        text.set(row.text());
        // Re-publish so that an editor showing the refused text snaps back.
        text.set(null);
        text.set(row.text());
      }
    }

    @Override
    public Optional<ObservableValue<? extends Object>> getObservableValue() {
      return Optional.of(text);
    }

    @Override
    public boolean isEditable() {
      return row.editable();
    }
  }

  private PropertyEditor<?> editorFor(RowItem item) {
    ParamSpec spec = item.row.spec();
    Tooltip tip = new Tooltip(item.row.doc());
    tip.setWrapText(true);
    tip.setMaxWidth(360);
    if (spec != null && spec.kind() == ParamKind.BOOL) {
      CheckBox box = new CheckBox();
      box.setTooltip(tip);
      Runnable show =
          () ->
              box.setSelected(
                  Boolean.parseBoolean(
                      item.text.get() == null || item.text.get().isEmpty()
                          ? item.row.placeholder()
                          : item.text.get()));
      show.run();
      item.text.addListener((obs, o, n) -> show.run());
      box.setOnAction(e -> item.setValue(String.valueOf(box.isSelected())));
      return editor(box, item);
    }
    if (spec != null && spec.kind() == ParamKind.CHOICE) {
      ComboBox<String> combo = new ComboBox<>();
      combo.getItems().setAll(spec.choices());
      combo.setTooltip(tip);
      combo.setMaxWidth(Double.MAX_VALUE);
      boolean[] showing = {false};
      // ComboBox fires its action for programmatic changes too; only a person's choice is an edit.
      Runnable show =
          () -> {
            showing[0] = true;
            combo.setValue(
                item.text.get() == null || item.text.get().isEmpty()
                    ? item.row.placeholder()
                    : item.text.get());
            showing[0] = false;
          };
      show.run();
      item.text.addListener((obs, o, n) -> show.run());
      combo.setOnAction(
          e -> {
            if (!showing[0]) {
              item.setValue(combo.getValue());
            }
          });
      return editor(combo, item);
    }
    TextField field = new TextField(item.text.get());
    field.setId("param-" + item.row.name().replace(' ', '_'));
    field.setPromptText(item.row.placeholder());
    field.setTooltip(tip);
    field.setEditable(item.row.editable());
    if (!item.row.editable()) {
      field.getStyleClass().add("inferred");
    }
    item.text.addListener(
        (obs, o, n) -> {
          if (n != null) {
            field.setText(n);
          }
        });
    field.setOnAction(e -> item.setValue(field.getText()));
    field
        .focusedProperty()
        .addListener(
            (obs, was, is) -> {
              if (!is && item.row.editable()) {
                item.setValue(field.getText());
              }
            });
    return editor(field, item);
  }

  private static PropertyEditor<Object> editor(javafx.scene.Node control, RowItem item) {
    return new PropertyEditor<>() {
      @Override
      public javafx.scene.Node getEditor() {
        return control;
      }

      @Override
      public Object getValue() {
        return item.getValue();
      }

      @Override
      public void setValue(Object value) {
        // Editors follow the item's text themselves.
      }
    };
  }
}
