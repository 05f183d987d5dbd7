package org.layerbench.app.gui.evaluate;

import java.util.ArrayList;
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
public final class ClassMetricsTable extends TableView<ClassMetricsTable.Row> {
  private static final double ROW = 30;
  private static final double HEADER = 38;

  /** One line of the report; {@code average} marks the macro-average line. */
  public record Row(
      String name, int images, double precision, double recall, double f1, boolean average) {}

  public ClassMetricsTable() {
    setId("class-metrics");
    getStyleClass().add("class-metrics");
    setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    setPlaceholder(new Label("No evaluation yet"));
    setFixedCellSize(ROW);
    TableColumn<Row, String> name = new TableColumn<>("Class");
    name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
    name.setPrefWidth(140);
    name.setMinWidth(90);
    getColumns()
        .addAll(
            List.of(
                name,
                number("Images", r -> (double) r.images(), "%.0f"),
                number("Precision", Row::precision, "%.3f"),
                number("Recall", Row::recall, "%.3f"),
                number("F1", Row::f1, "%.3f")));
    setRowFactory(
        t ->
            new TableRow<>() {
              @Override
              protected void updateItem(Row item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("average-row");
                if (!empty && item != null && item.average()) {
                  getStyleClass().add("average-row");
                }
              }
            });
  }

  private static TableColumn<Row, Double> number(
      String title, Function<Row, Double> value, String format) {
    TableColumn<Row, Double> col = new TableColumn<>(title);
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

  /** The rows of an evaluation: one per class, then the macro average. */
  public static List<Row> rows(Evaluation e) {
    List<Row> rows = new ArrayList<>();
    int k = e.classes().size();
    double p = 0;
    double r = 0;
    double f = 0;
    for (int c = 0; c < k; c++) {
      int n = 0;
      for (int v : e.confusion()[c]) {
        n += v;
      }
      rows.add(new Row(e.classes().get(c), n, e.precision()[c], e.recall()[c], e.f1()[c], false));
      p += e.precision()[c];
      r += e.recall()[c];
      f += e.f1()[c];
    }
    rows.add(new Row("macro average", e.samples().size(), p / k, r / k, f / k, true));
    return rows;
  }

  /** Shows an evaluation's rows, tall enough for all of them up to a dozen classes. */
  public void show(Evaluation e) {
    getItems().setAll(e == null ? List.of() : rows(e));
    double h = HEADER + ROW * Math.min(9, Math.max(1, getItems().size())) + 4;
    setPrefHeight(h);
    setMinHeight(h);
    setMaxHeight(h);
  }
}
