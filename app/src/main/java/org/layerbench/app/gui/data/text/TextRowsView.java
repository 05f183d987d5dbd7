package org.layerbench.app.gui.data.text;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The rows of a text dataset: text, label and token count per sample in a virtualised table, with
 * filters by split and class; the selected row is the one the token preview shows.
 */
final class TextRowsView extends VBox {
  private static final String ALL = "All";

  TextRowsView(TextDataViewModel vm) {
    setSpacing(6);
    getStyleClass().add("text-rows");
    ComboBox<String> split = new ComboBox<>();
    split.setId("text-split-filter");
    split.getItems().setAll(ALL, "train", "val", "test");
    split.setValue(ALL);
    split.valueProperty().addListener((o, a, b) -> vm.splitFilterProperty().set(all(b)));
    ComboBox<String> cls = new ComboBox<>();
    cls.setId("text-class-filter");
    cls.getItems().setAll(ALL);
    cls.setValue(ALL);
    cls.valueProperty().addListener((o, a, b) -> vm.classFilterProperty().set(all(b)));
    vm.statsProperty()
        .addListener(
            (o, a, s) -> {
              List<String> items = new ArrayList<>(List.of(ALL));
              TextLoad l = vm.loadedProperty().get();
              if (l != null) {
                items.addAll(l.dataset().classes());
              }
              if (!items.equals(cls.getItems())) {
                cls.getItems().setAll(items);
                cls.setValue(ALL);
              }
            });
    Label count = new Label();
    count.setId("text-row-count");
    count.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    vm.shownRows()
        .addListener(
            (ListChangeListener<TextRow>)
                c -> count.setText(String.format(Locale.ROOT, "%,d rows", vm.shownRows().size())));
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox filters = new HBox(8, new Label("Split"), split, new Label("Class"), cls, gap, count);
    filters.setAlignment(Pos.CENTER_LEFT);

    TableView<TextRow> table = new TableView<>(vm.shownRows());
    table.setId("text-rows-table");
    table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setFixedCellSize(24);
    TableColumn<TextRow, String> splitCol = column("Split", 56, TextRow::split);
    TableColumn<TextRow, String> labelCol = column("Label", 64, TextRow::label);
    splitCol.setMinWidth(52);
    labelCol.setMinWidth(60);
    TableColumn<TextRow, Integer> tokensCol = new TableColumn<>("Tokens");
    tokensCol.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().tokens()));
    tokensCol.setPrefWidth(72);
    tokensCol.setMinWidth(68);
    tokensCol.setMaxWidth(90);
    TableColumn<TextRow, String> textCol =
        column("Text", 400, r -> r.text().replace('\n', ' ').replace('\r', ' '));
    textCol.setMaxWidth(Double.MAX_VALUE);
    splitCol.setMaxWidth(70);
    labelCol.setMaxWidth(90);
    table.getColumns().setAll(List.of(splitCol, labelCol, tokensCol, textCol));
    table.setPlaceholder(new Label(""));
    table
        .getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null) {
                vm.selectedProperty().set(b);
              }
            });
    vm.selectedProperty()
        .addListener(
            (o, a, b) -> {
              if (b != null && table.getSelectionModel().getSelectedItem() != b) {
                table.getSelectionModel().select(b);
              }
            });
    VBox.setVgrow(table, Priority.ALWAYS);
    getChildren().addAll(filters, table);
  }

  private static String all(String v) {
    return v == null || v.equals(ALL) ? null : v;
  }

  private static TableColumn<TextRow, String> column(
      String name, double width, java.util.function.Function<TextRow, String> value) {
    TableColumn<TextRow, String> c = new TableColumn<>(name);
    c.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
    c.setPrefWidth(width);
    return c;
  }
}
