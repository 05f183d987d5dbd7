package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.Optional;
import javafx.geometry.HPos;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformParam;
import org.layerbench.engine.data.transform.TransformType;

/**
 * The selected step's parameters, one editor per {@link TransformParam.Kind}: text fields for
 * numbers, sizes, ranges and lists ("0.4", "[0.6, 1.0]"; empty means torchvision's default, shown
 * greyed), check boxes for switches, lists for choices. Enter or leaving a field commits; a value
 * the step refuses snaps back and the reason shows in red under the step's name.
 */
final class StepEditor extends VBox {

  private static final javafx.css.PseudoClass REFUSED =
      javafx.css.PseudoClass.getPseudoClass("refused");

  private final DataViewModel vm;
  private final Label title = new Label();
  private final Label doc = new Label();
  private final GridPane grid = new GridPane();
  private final Label message = new Label();
  private final java.util.Map<String, Node> editors = new java.util.HashMap<>();
  private StepPath shown;
  private Step shownStep;

  StepEditor(DataViewModel vm) {
    this.vm = vm;
    setId("data-step-editor");
    getStyleClass().add("step-editor");
    setSpacing(4);
    title.setId("step-editor-title");
    title.getStyleClass().add(Styles.TEXT_BOLD);
    // One line; the whole description is in the tooltip.
    doc.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    Tooltip docTip = new Tooltip();
    docTip.setWrapText(true);
    docTip.setMaxWidth(360);
    docTip.textProperty().bind(doc.textProperty());
    doc.setTooltip(docTip);
    grid.setHgap(8);
    grid.setVgap(5);
    // Two parameters per row: the column is narrow, and most steps have two to four.
    for (int i = 0; i < 2; i++) {
      ColumnConstraints names = new ColumnConstraints();
      names.setHalignment(HPos.RIGHT);
      names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
      ColumnConstraints fields = new ColumnConstraints();
      fields.setHgrow(Priority.ALWAYS);
      fields.setFillWidth(true);
      fields.setPercentWidth(-1);
      grid.getColumnConstraints().addAll(names, fields);
    }
    message.setId("step-editor-message");
    message.setWrapText(true);
    message.getStyleClass().add("step-refused");
    message.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
    message.textProperty().bind(vm.editMessageProperty());
    message.visibleProperty().bind(vm.editMessageProperty().isNotEmpty());
    message.managedProperty().bind(message.visibleProperty());
    message.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    // The reason for a refused value right under the step's name, where it is seen without
    // scrolling past the parameters.
    getChildren().addAll(title, message, doc, grid);
    vm.selectedStepProperty().addListener((obs, o, n) -> show());
    vm.activePipelineProperty().addListener((obs, o, n) -> show());
    show();
  }

  private void show() {
    Pipeline p = vm.activePipelineProperty().get();
    StepPath path = vm.selectedStepProperty().get();
    Step step =
        p != null && path != null && PipelineEdits.exists(p, path)
            ? PipelineEdits.get(p, path)
            : null;
    if (step != null
        && shownStep != null
        && path.equals(shown)
        && step.type() == shownStep.type()) {
      // The same step edited: update the fields in place, so focus and caret stay where they are.
      shownStep = step;
      title.setText(title(path, step));
      for (TransformParam param : step.type().params()) {
        update(editors.get(param.name()), param, step.params().get(param.name()));
      }
      return;
    }
    shown = path;
    shownStep = step;
    grid.getChildren().clear();
    editors.clear();
    doc.setWrapText(step == null);
    if (step == null) {
      title.setText("Parameters");
      doc.setText(
          "Select a step to edit its parameters. Drag steps (or Alt+↑/↓) to reorder them; untick"
              + " one to switch it off without losing it.");
      return;
    }
    title.setText(title(path, step));
    doc.setText(step.type().doc());
    int at = 0;
    for (TransformParam param : step.type().params()) {
      Label name = new Label(param.name());
      name.getStyleClass().add(Styles.TEXT_SMALL);
      Tooltip tip = new Tooltip(param.doc());
      tip.setWrapText(true);
      tip.setMaxWidth(320);
      name.setTooltip(tip);
      Node editor = editor(path, step, param);
      editors.put(param.name(), editor);
      grid.add(name, (at % 2) * 2, at / 2);
      grid.add(editor, (at % 2) * 2 + 1, at / 2);
      at++;
    }
    int row = (at + 1) / 2;
    if (step.params().isEmpty() && step.type().params().isEmpty()) {
      Label none = new Label("This step has no parameters.");
      none.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
      grid.add(none, 0, 0, 4, 1);
    }
    if (step.type() == TransformType.RANDOM_APPLY) {
      Label nested =
          new Label(
              "Its steps are listed under it. Right-click it → Add Inside, or drag a step onto its"
                  + " middle, to add one.");
      nested.setWrapText(true);
      nested.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
      grid.add(nested, 0, row, 4, 1);
    }
  }

  private static String title(StepPath path, Step step) {
    return "Step "
        + path.label()
        + ": "
        + step.type().jsonName()
        + (step.enabled() ? "" : " (off)");
  }

  private static void update(Node editor, TransformParam param, Object value) {
    switch (editor) {
      case CheckBox box ->
          box.setSelected(
              value instanceof Boolean b ? b : Boolean.TRUE.equals(param.defaultValue()));
      case ComboBox<?> box -> {
        @SuppressWarnings("unchecked")
        ComboBox<String> strings = (ComboBox<String>) box;
        strings.setValue(value instanceof String s ? s : (String) param.defaultValue());
      }
      case TextField field -> {
        field.setText(ParamValues.format(value));
        field.pseudoClassStateChanged(REFUSED, false);
      }
      case null, default -> {}
    }
  }

  private Node editor(StepPath path, Step step, TransformParam param) {
    Object value = step.params().get(param.name());
    String id = "step-param-" + param.name();
    return switch (param.kind()) {
      case BOOL -> {
        CheckBox box = new CheckBox();
        box.setId(id);
        box.setSelected(value instanceof Boolean b ? b : Boolean.TRUE.equals(param.defaultValue()));
        box.setOnAction(e -> apply(vm.setParam(path, param.name(), box.isSelected())));
        yield box;
      }
      case CHOICE -> {
        ComboBox<String> box = new ComboBox<>();
        box.setId(id);
        box.getItems().setAll(param.choices());
        box.setValue(value instanceof String s ? s : (String) param.defaultValue());
        box.setMaxWidth(Double.MAX_VALUE);
        box.setPrefWidth(90);
        box.getStyleClass().add(Styles.SMALL);
        box.setOnAction(
            e -> {
              if (box.getValue() != null) {
                apply(vm.setParam(path, param.name(), box.getValue()));
              }
            });
        yield box;
      }
      default -> {
        TextField field = new TextField(ParamValues.format(value));
        field.setId(id);
        field.getStyleClass().add(Styles.SMALL);
        field.setPromptText(
            param.required()
                ? "required"
                : param.defaultValue() == null ? "none" : ParamValues.format(param.defaultValue()));
        field.setMaxWidth(Double.MAX_VALUE);
        field.setPrefColumnCount(6);
        Runnable commit =
            () -> {
              String before = ParamValues.format(vm.step(path).params().get(param.name()));
              if (field.getText().strip().equals(before)) {
                field.pseudoClassStateChanged(REFUSED, false);
                return;
              }
              Optional<String> refused = vm.setParamText(path, param.name(), field.getText());
              if (refused.isPresent()) {
                field.setText(before); // snap back; the reason shows underneath
                field.pseudoClassStateChanged(REFUSED, true);
              }
            };
        field.setOnAction(e -> commit.run());
        field
            .focusedProperty()
            .addListener(
                (obs, was, now) -> {
                  if (!now && field.getScene() != null) {
                    commit.run();
                  }
                });
        yield field;
      }
    };
  }

  private void apply(Optional<String> refused) {
    if (refused.isPresent() && shownStep != null) {
      // show the step's real value again
      for (TransformParam param : shownStep.type().params()) {
        update(editors.get(param.name()), param, shownStep.params().get(param.name()));
      }
    }
  }
}
