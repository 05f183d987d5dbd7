package org.layerbench.app.gui.train;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/** The validation accuracy and loss per epoch of the runs selected in the history, overlaid. */
final class CompareCharts extends VBox {
  private final LineChart<Number, Number> accuracy =
      Charts.lineChart("train-compare-accuracy", "validation accuracy %");
  private final LineChart<Number, Number> loss =
      Charts.lineChart("train-compare-loss", "validation loss");
  private final Label hint = new Label();

  CompareCharts(TrainViewModel vm) {
    setId("train-compare");
    setSpacing(6);
    setPadding(new Insets(8));
    hint.getStyleClass().add("train-note");
    hint.setId("train-compare-hint");
    HBox charts = new HBox(8, accuracy, loss);
    for (LineChart<Number, Number> c : List.of(accuracy, loss)) {
      HBox.setHgrow(c, Priority.ALWAYS);
      c.setCreateSymbols(false);
    }
    VBox.setVgrow(charts, Priority.ALWAYS);
    getChildren().addAll(hint, charts);
    vm.runs()
        .compared()
        .addListener((ListChangeListener<RunRecord>) c -> show(vm.runs().compared()));
    show(vm.runs().compared());
  }

  private void show(List<RunRecord> runs) {
    hint.setText(
        runs.isEmpty()
            ? "Select runs in the list on the right (Ctrl+click for several) to overlay their"
                + " validation curves."
            : runs.size() + (runs.size() == 1 ? " run" : " runs") + ": validation per epoch.");
    int epochs = 1;
    for (RunRecord r : runs) {
      epochs = Math.max(epochs, r.curves().isEmpty() ? 1 : r.curves().getLast().epoch());
    }
    fill(accuracy, runs, m -> 100 * m.valAccuracy());
    fill(loss, runs, RunRecord.EpochMetrics::valLoss);
    for (LineChart<Number, Number> c : List.of(accuracy, loss)) {
      Charts.epochAxis(c, epochs);
      ((NumberAxis) c.getXAxis()).setLowerBound(epochs <= 2 ? 0 : 1);
    }
  }

  private static void fill(
      LineChart<Number, Number> chart,
      List<RunRecord> runs,
      ToDoubleFunction<RunRecord.EpochMetrics> y) {
    List<XYChart.Series<Number, Number>> all = new ArrayList<>();
    for (RunRecord r : runs) {
      List<Point2D> pts = new ArrayList<>();
      for (RunRecord.EpochMetrics m : r.curves()) {
        double v = y.applyAsDouble(m);
        if (!Double.isNaN(v)) {
          pts.add(new Point2D(m.epoch(), v));
        }
      }
      XYChart.Series<Number, Number> s = Charts.series(r.title());
      s.getData().setAll(Charts.data(pts, true));
      all.add(s);
    }
    chart.getData().setAll(all);
  }

  LineChart<Number, Number> accuracyChart() {
    return accuracy;
  }

  LineChart<Number, Number> lossChart() {
    return loss;
  }
}
