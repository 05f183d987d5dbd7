package org.layerbench.app.gui.evaluate;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.layerbench.engine.train.Evaluation;

/**
 * Per-class precision, recall, F1 and image count (scikit-learn's classification report), with the
 * macro average (each class counts once) as the last row.
 */
public final class ClassMetricsTable extends TableView<ClassReport.Row> {
  private static final double ROW = 30;
  private static final double HEADER = 38;

  public ClassMetricsTable() {
    setId("class-metrics");
    getStyleClass().add("class-metrics");
    setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    // the second column counts samples: "Images", or "Texts" for a text model (sampleNoun)
    setPlaceholder(new Label("No evaluation yet"));
    setFixedCellSize(ROW);
    TableColumn<ClassReport.Row, String> name = new TableColumn<>("Class");
    name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
    name.setPrefWidth(140);
    name.setMinWidth(90);
    getColumns()
        .addAll(
            List.of(
                name,
                number("Images", r -> (double) r.images(), "%.0f"),
                number("Precision", ClassReport.Row::precision, "%.3f"),
                number("Recall", ClassReport.Row::recall, "%.3f"),
                number("F1", ClassReport.Row::f1, "%.3f")));
    setRowFactory(
        t ->
            new TableRow<ClassReport.Row>() {
              @Override
              protected void updateItem(ClassReport.Row item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("average-row");
                if (!empty && item != null && item.average()) {
                  getStyleClass().add("average-row");
                }
              }
            });
  }

  private static TableColumn<ClassReport.Row, Double> number(
      String title, Function<ClassReport.Row, Double> value, String format) {
    TableColumn<ClassReport.Row, Double> col = new TableColumn<>(title);
    col.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(value.apply(c.getValue())));
    col.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(Double v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : String.format(Locale.ROOT, format, v));
                setAlignment(Pos.CENTER_RIGHT);
              }
            });
    col.setPrefWidth(86);
    col.setMinWidth(title.length() * 8 + 20);
    return col;
  }

  /** Shows an evaluation's rows, tall enough for all of them up to a dozen classes. */
  public void show(Evaluation e) {
    getItems().setAll(e == null ? List.of() : ClassReport.rows(e));
    double h = HEADER + ROW * Math.min(9, Math.max(1, getItems().size())) + 4;
    setPrefHeight(h);
    setMinHeight(h);
    setMaxHeight(h);
  }

  /** Names the count column: "Images" (the default) or "Texts". */
  void sampleNoun(String noun) {
    getColumns().get(1).setText(noun);
  }
}
