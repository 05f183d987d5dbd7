package org.layerbench.app.gui.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.StackPane;
import javafx.util.StringConverter;

/**
 * The workspace's charts: JavaFX line charts without animation, themed by AtlantaFX's chart
 * colours, fed from point lists. Per-batch lines draw no symbols (hundreds of nodes would cost
 * every layout); per-epoch lines mark each point with a dot so one epoch already shows.
 */
final class Charts {
  private Charts() {}

  static LineChart<Number, Number> lineChart(String id, String yLabel) {
    NumberAxis x = new NumberAxis();
    x.setLabel("epoch");
    x.setAutoRanging(false);
    x.setLowerBound(0);
    x.setUpperBound(1);
    x.setTickUnit(0.25);
    x.setMinorTickVisible(false);
    NumberAxis y = new NumberAxis();
    y.setLabel(yLabel);
    y.setForceZeroInRange(false);
    y.setMinorTickVisible(false);
    y.setTickLabelFormatter(compact());
    LineChart<Number, Number> chart = new LineChart<>(x, y);
    chart.setId(id);
    chart.setAnimated(false);
    chart.setCreateSymbols(false);
    chart.setLegendVisible(true);
    chart.getStyleClass().add("train-chart");
    chart.setMinSize(180, 140);
    chart.setPrefSize(360, 220);
    return chart;
  }

  /**
   * Fits the epoch axis to a run of this many epochs, with ticks at whole epochs where they fit.
   */
  static void epochAxis(LineChart<Number, Number> chart, int epochs) {
    NumberAxis x = (NumberAxis) chart.getXAxis();
    int n = Math.max(1, epochs);
    x.setUpperBound(n);
    x.setTickUnit(n <= 2 ? 0.25 : n <= 12 ? 1 : Math.ceil(n / 10.0));
  }

  /**
   * Ranges a chart's value axis over the finite values of the given point lists as an auto-ranging
   * NumberAxis would (ticks at 1, 2, 2.5 or 5 × 10ⁿ, about one per 30 px, bounds on ticks, zero
   * included when asked), but touches the axis only when a bound or the unit changes. An
   * auto-ranging axis is ranged again at every change to the chart's data and then replaces all of
   * its tick labels by new text nodes, each styled and laid out anew, even when they read the same:
   * while CNNNet trained, the loss and rate axes made about 12 new labels per chart update (730 in
   * one epoch). Ranged here, the FX thread and the renderer took 2.1-2.2 s of CPU over six epochs
   * instead of 2.4-2.5 s (TrainBenchmark). Without points the axis keeps its range; its labels are
   * hidden then (LiveCharts).
   */
  static void valueAxis(
      LineChart<Number, Number> chart,
      boolean zero,
      List<? extends ObservableList<? extends Point2D>> sources) {
    NumberAxis y = (NumberAxis) chart.getYAxis();
    y.setAutoRanging(false);
    Runnable update =
        () -> {
          double lo = Double.POSITIVE_INFINITY;
          double hi = Double.NEGATIVE_INFINITY;
          for (List<? extends Point2D> points : sources) {
            for (Point2D p : points) {
              double v = p.getY();
              if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
              }
            }
          }
          if (lo > hi) {
            return;
          }
          double[] r = niceRange(lo, hi, zero, (int) Math.floor(y.getHeight() / 30));
          y.setLowerBound(r[0]);
          y.setUpperBound(r[1]);
          y.setTickUnit(r[2]);
        };
    for (ObservableList<? extends Point2D> points : sources) {
      points.addListener((javafx.beans.InvalidationListener) o -> update.run());
    }
    y.heightProperty().addListener((obs, o, n) -> update.run());
    update.run();
  }

  /**
   * {lower, upper, tick unit} for values from lo to hi with about {@code ticks} ticks (5 when fewer
   * than 2 are asked for, at most 10): padded by 1 % of the span on each side (not below a zero
   * that was asked for), then widened to whole ticks. The bounds are the decimal multiples of the
   * unit that doubles nearest, so the same data always gives the same doubles.
   */
  static double[] niceRange(double lo, double hi, boolean zero, int ticks) {
    if (zero) {
      lo = Math.min(lo, 0);
      hi = Math.max(hi, 0);
    }
    double span = hi - lo;
    if (lo == 0 && hi == 0) { // zeros only: 0 to 1, or around 0
      lo = zero ? 0 : -1;
      hi = 1;
    } else if (!(span > Math.max(Math.abs(lo), Math.abs(hi)) * 1e-9)) { // one value: ±2 % of it
      double pad = Math.abs(lo) * 0.02;
      lo -= pad;
      hi += pad;
    } else {
      lo = zero && lo == 0 ? 0 : lo - span * 0.01;
      hi = zero && hi == 0 ? 0 : hi + span * 0.01;
    }
    int n = ticks < 2 ? 5 : Math.min(ticks, 10);
    double raw = (hi - lo) / n;
    int exp = (int) Math.floor(Math.log10(raw));
    double mantissa = raw / Math.pow(10, exp);
    java.math.BigDecimal unit =
        java.math.BigDecimal.valueOf(
                mantissa <= 1
                    ? 1
                    : mantissa <= 2 ? 2 : mantissa <= 2.5 ? 2.5 : mantissa <= 5 ? 5 : 10)
            .scaleByPowerOfTen(exp);
    double u = unit.doubleValue();
    long from = (long) Math.floor(lo / u);
    long to = (long) Math.ceil(hi / u);
    if (to == from) {
      to++;
    }
    return new double[] {
      unit.multiply(java.math.BigDecimal.valueOf(from)).doubleValue(),
      unit.multiply(java.math.BigDecimal.valueOf(to)).doubleValue(),
      u
    };
  }

  /** A number in few characters: 0.0031, 3.0e-5, 120. */
  static StringConverter<Number> compact() {
    return new StringConverter<>() {
      /**
       * Axes format every tick label again whenever their range moves (each epoch, early on); the
       * labels repeat, so they are kept.
       */
      private final Map<Double, String> known =
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Double, String> eldest) {
              return size() > 256;
            }
          };

      @Override
      public String toString(Number n) {
        return known.computeIfAbsent(n.doubleValue(), Charts::compact);
      }

      @Override
      public Number fromString(String s) {
        return Double.parseDouble(s);
      }
    };
  }

  static String compact(double d) {
    if (d == 0) {
      return "0";
    }
    double a = Math.abs(d);
    if (a >= 1e-3 && a < 1e5) {
      String s = String.format(Locale.ROOT, "%.4f", d);
      int end = s.length();
      while (s.charAt(end - 1) == '0') {
        end--;
      }
      if (s.charAt(end - 1) == '.') {
        end--;
      }
      return s.substring(0, end);
    }
    return String.format(Locale.ROOT, "%.1e", d).replace("e-0", "e-").replace("e+0", "e");
  }

  static XYChart.Series<Number, Number> series(String name) {
    XYChart.Series<Number, Number> s = new XYChart.Series<>();
    s.setName(name);
    return s;
  }

  /**
   * Keeps a series equal to a point list: points added at the end are appended as one change (the
   * common case while training), any other change replaces the series' data.
   */
  static void bind(
      ObservableList<Point2D> points, XYChart.Series<Number, Number> series, boolean dots) {
    series.getData().setAll(data(points, dots));
    points.addListener(
        (ListChangeListener<Point2D>)
            c -> {
              List<XYChart.Data<Number, Number>> added = new ArrayList<>();
              boolean append = true;
              int size = series.getData().size();
              while (c.next()) {
                if (c.wasRemoved()
                    || c.wasPermutated()
                    || c.wasUpdated()
                    || c.getFrom() != size + added.size()) {
                  append = false;
                  break;
                }
                added.addAll(data(c.getAddedSubList(), dots));
              }
              if (append) {
                series.getData().addAll(added);
              } else {
                series.getData().setAll(data(points, dots));
              }
            });
  }

  static List<XYChart.Data<Number, Number>> data(List<? extends Point2D> points, boolean dots) {
    List<XYChart.Data<Number, Number>> out = new ArrayList<>(points.size());
    for (Point2D p : points) {
      XYChart.Data<Number, Number> d = new XYChart.Data<>(p.getX(), p.getY());
      if (dots) {
        // LineChart keeps a node given to a point even when it creates no symbols itself, and
        // styles it as the series' symbol.
        StackPane dot = new StackPane();
        dot.getStyleClass().add("epoch-dot");
        d.setNode(dot);
      }
      out.add(d);
    }
    return out;
  }
}
