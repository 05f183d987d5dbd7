package org.layerbench.app.gui.lr;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.StackPane;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.fx.overlay.CrosshairOverlayFX;
import org.jfree.chart.plot.Crosshair;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.layerbench.app.gui.lr.LrViewModel.Suggestion;
import org.layerbench.app.gui.lr.ThemeColors.Token;
import org.layerbench.engine.train.LrFinder;

/**
 * Loss against learning rate on a log axis (JFreeChart in a {@link ChartViewer}): the raw loss
 * faint, the smoothed loss bold, the three suggestions as labelled lines and dots, the picked rate
 * as a red line and diamond, and a crosshair with a readout of (lr, loss) under the mouse. A click
 * or drag on the plot picks the rate under the pointer. Colours come from the AtlantaFX theme.
 */
final class LrChart extends javafx.scene.layout.BorderPane {
  private static final int PICKED = Suggestion.values().length;

  private final LrViewModel vm;
  private final ThemeColors colors = new ThemeColors();
  private final XYSeries raw = new XYSeries("Loss", true, true);
  private final XYSeries smooth = new XYSeries("Smoothed loss", true, true);
  private final XYSeriesCollection marks = new XYSeriesCollection();
  private final LogAxis lrAxis = new LogAxis("Learning rate (log scale)");
  private final NumberAxis lossAxis = new NumberAxis("Training loss");
  private final XYPlot plot;
  private final JFreeChart chart;
  private final ChartViewer viewer;
  private final XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
  private final XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
  private final Crosshair lrHair = new Crosshair(Double.NaN);
  private final Crosshair lossHair = new Crosshair(Double.NaN);
  private final Map<Suggestion, ValueMarker> markers = new EnumMap<>(Suggestion.class);
  private final ValueMarker pickedMarker = new ValueMarker(1);

  /** Pixels between the plot's bottom and the picked rate's label: the crosshair label's row. */
  static final double PICKED_LABEL_LIFT = 30;

  private final Label readout = new Label();
  private final Label placeholder =
      new Label(
          "Run the sweep to plot the training loss against a learning rate that grows each batch.");

  LrChart(LrViewModel vm) {
    this.vm = vm;
    setId("lr-chart");
    getStyleClass().add("lr-chart");
    XYSeriesCollection curves = new XYSeriesCollection();
    curves.addSeries(raw);
    curves.addSeries(smooth);
    for (Suggestion s : Suggestion.values()) {
      marks.addSeries(new XYSeries(s.label(), false, true));
    }
    marks.addSeries(new XYSeries("Picked", false, true));

    lrAxis.setBase(10);
    lrAxis.setSmallestValue(1e-12);
    // One labelled tick per decade ("10⁻³"), log-paper minor ticks at 2…9 × 10ᵏ.
    lrAxis.setTickUnit(new NumberTickUnit(1, new java.text.DecimalFormat("0"), 9), false, true);
    lrAxis.setAutoRange(false);
    lossAxis.setAutoRangeIncludesZero(false);
    lossAxis.setAutoRange(false);
    plot = new XYPlot(curves, lrAxis, lossAxis, lines);
    plot.setDataset(1, marks);
    plot.setRenderer(1, dots);
    plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD);
    plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
    plot.setDomainPannable(false);
    plot.setRangePannable(false);
    plot.setAxisOffset(new RectangleInsets(4, 4, 4, 4));
    plot.setOutlineVisible(false);
    lines.setDefaultShapesVisible(false);
    dots.setDefaultLinesVisible(false);
    dots.setUseOutlinePaint(true);
    dots.setDrawOutlines(true);
    for (int i = 0; i < Suggestion.values().length; i++) {
      dots.setSeriesShape(i, circle(5));
      dots.setSeriesOutlineStroke(i, new BasicStroke(1.5f));
    }
    dots.setSeriesShape(PICKED, diamond(7));
    dots.setSeriesOutlineStroke(PICKED, new BasicStroke(1.5f));

    for (Suggestion s : Suggestion.values()) {
      ValueMarker m = new ValueMarker(1);
      m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
      m.setLabelTextAnchor(TextAnchor.TOP_LEFT);
      m.setLabelOffset(new RectangleInsets(6 + 17 * s.ordinal(), 4, 0, 4));
      m.setStroke(
          new BasicStroke(
              1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1, new float[] {5, 4}, 0));
      markers.put(s, m);
    }
    pickedMarker.setStroke(new BasicStroke(2f));
    pickedMarker.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
    pickedMarker.setLabelTextAnchor(TextAnchor.BOTTOM_LEFT);
    // Above the bottom row, where the crosshair's "lr …" label sits when the pointer is on the
    // picked line (it is, right after a click): side by side, the two labels overlapped.
    pickedMarker.setLabelOffset(new RectangleInsets(0, 5, PICKED_LABEL_LIFT, 5));

    chart = new JFreeChart(null, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setAntiAlias(true);
    chart.setTextAntiAlias(true);
    chart.setPadding(new RectangleInsets(8, 4, 4, 12));
    LegendTitle legend = chart.getLegend();
    legend.setPosition(RectangleEdge.BOTTOM);
    legend.setFrame(BlockBorder.NONE);
    legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 12));

    viewer = new ChartViewer(chart, false);
    viewer.setId("lr-chart-viewer");
    var canvas = viewer.getCanvas();
    for (String handler : List.of("zoom", "pan", "scroll")) {
      var h = canvas.getMouseHandler(handler);
      if (h != null) {
        canvas.removeMouseHandler(h);
      }
    }
    canvas.setTooltipEnabled(false);
    CrosshairOverlayFX overlay = new CrosshairOverlayFX();
    lrHair.setLabelVisible(true);
    lrHair.setLabelAnchor(RectangleAnchor.BOTTOM_RIGHT);
    lrHair.setLabelGenerator(c -> " lr " + LrFormat.rate(c.getValue()) + " ");
    lossHair.setLabelVisible(true);
    lossHair.setLabelAnchor(RectangleAnchor.TOP_LEFT);
    lossHair.setLabelGenerator(c -> " " + LrFormat.loss(c.getValue()) + " ");
    lrHair.setVisible(false);
    lossHair.setVisible(false);
    overlay.addDomainCrosshair(lrHair);
    overlay.addRangeCrosshair(lossHair);
    canvas.addOverlay(overlay);

    viewer.addEventHandler(MouseEvent.MOUSE_MOVED, e -> hover(e.getX(), e.getY()));
    viewer.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> hover(e.getX(), e.getY()));
    viewer.addEventHandler(MouseEvent.MOUSE_EXITED, e -> hover(-1, -1));
    viewer.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> pickAt(e.getX(), e.getY()));
    viewer.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> pickAt(e.getX(), e.getY()));

    readout.setId("lr-readout");
    readout.getStyleClass().add("lr-readout");
    readout.setMouseTransparent(true);
    placeholder.getStyleClass().add("lr-placeholder");
    placeholder.setWrapText(true);
    placeholder.setMaxWidth(420);
    placeholder.setMouseTransparent(true);
    Label title = new Label("Training loss against learning rate");
    title.getStyleClass().add("pane-title");
    javafx.scene.layout.Region gap = new javafx.scene.layout.Region();
    javafx.scene.layout.HBox.setHgrow(gap, javafx.scene.layout.Priority.ALWAYS);
    javafx.scene.layout.HBox header = new javafx.scene.layout.HBox(8, title, gap, readout);
    header.setAlignment(Pos.CENTER_LEFT);
    header.setPadding(new Insets(4, 10, 0, 10));
    setTop(header);
    setCenter(new StackPane(colors, viewer, placeholder));

    colors.onChange(this::applyTheme);
    vm.points().addListener((ListChangeListener<LrFinder.Point>) c -> curveChanged(c));
    vm.resultProperty().addListener((obs, o, n) -> suggestionsChanged());
    vm.pickedProperty().addListener((obs, o, n) -> pickedChanged());
    vm.sweptProperty().addListener((obs, o, n) -> rangeChanged());
    vm.settingsProperty()
        .addListener(
            (obs, o, n) -> {
              if (vm.points().isEmpty() && !vm.phaseProperty().get().busy()) {
                rangeChanged();
              }
            });
    rangeChanged();
    applyTheme();
    hover(-1, -1);
  }

  ChartViewer viewer() {
    return viewer;
  }

  /** The screen point of a learning rate on the smoothed curve (for tests and tooltips). */
  javafx.geometry.Point2D screenPointOf(double lr) {
    Rectangle2D area = dataArea();
    double x = lrAxis.valueToJava2D(lr, area, plot.getDomainAxisEdge());
    double y = lossAxis.valueToJava2D(vm.lossAt(lr), area, plot.getRangeAxisEdge());
    return viewer.localToScreen(x, y);
  }

  // ---- data ----

  private void curveChanged(ListChangeListener.Change<? extends LrFinder.Point> c) {
    chart.setNotify(false);
    boolean replaced = false;
    while (c.next()) {
      if (c.wasRemoved() || c.wasReplaced()) {
        replaced = true;
      }
    }
    if (replaced) {
      raw.clear();
      smooth.clear();
      for (LrFinder.Point p : vm.points()) {
        raw.add(p.lr(), p.loss(), false);
        smooth.add(p.lr(), p.smoothed(), false);
      }
    } else {
      for (int i = raw.getItemCount(); i < vm.points().size(); i++) {
        LrFinder.Point p = vm.points().get(i);
        raw.add(p.lr(), p.loss(), false);
        smooth.add(p.lr(), p.smoothed(), false);
      }
    }
    raw.fireSeriesChanged();
    smooth.fireSeriesChanged();
    lossRange();
    placeholder.setVisible(vm.points().isEmpty());
    if (vm.points().isEmpty()) {
      suggestionsChanged();
    }
    chart.setNotify(true);
  }

  /**
   * The loss axis spans the smoothed curve and the raw points below its top: a raw spike past the
   * smoothed maximum (noise, or the divergence that ends the sweep) would flatten the part worth
   * reading.
   */
  private void lossRange() {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (LrFinder.Point p : vm.points()) {
      lo = Math.min(lo, Math.min(p.loss(), p.smoothed()));
      hi = Math.max(hi, p.smoothed());
    }
    if (!Double.isFinite(lo) || !Double.isFinite(hi)) {
      lossAxis.setRange(0, 1);
      return;
    }
    double pad = Math.max((hi - lo) * 0.08, Math.abs(hi) * 0.02 + 1e-6);
    // A loss that cannot be negative (cross-entropy) gets no negative axis.
    lossAxis.setRange(lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad);
  }

  private void rangeChanged() {
    LrSettings s =
        vm.points().isEmpty() && !vm.phaseProperty().get().busy()
            ? vm.settingsProperty().get()
            : vm.sweptProperty().get();
    if (s.problem() == null) {
      lrAxis.setRange(s.start() / 1.5, s.end() * 1.5);
    }
  }

  private void suggestionsChanged() {
    LrFinder.Result r = vm.resultProperty().get();
    chart.setNotify(false);
    for (Suggestion s : Suggestion.values()) {
      ValueMarker m = markers.get(s);
      plot.removeDomainMarker(m);
      XYSeries dot = marks.getSeries(s.ordinal());
      dot.clear();
      double lr = s.of(r);
      if (Double.isFinite(lr) && lr > 0) {
        m.setValue(lr);
        m.setLabel(s.shortLabel() + " " + LrFormat.rate(lr));
        labelSide(m, lr, true);
        plot.addDomainMarker(m);
        dot.add(lr, vm.lossAt(lr));
      }
    }
    pickedChanged();
    chart.setNotify(true);
  }

  private void pickedChanged() {
    double lr = vm.pickedProperty().get();
    XYSeries dot = marks.getSeries(PICKED);
    dot.clear();
    plot.removeDomainMarker(pickedMarker);
    if (Double.isFinite(lr) && !vm.points().isEmpty()) {
      pickedMarker.setValue(lr);
      pickedMarker.setLabel("picked " + LrFormat.rate(lr));
      labelSide(pickedMarker, lr, false);
      plot.addDomainMarker(pickedMarker);
      dot.add(lr, vm.lossAt(lr));
    }
  }

  /** A marker's label goes right of its line, or left of it in the right quarter of the axis. */
  private void labelSide(ValueMarker m, double lr, boolean top) {
    double lo = Math.log(lrAxis.getLowerBound());
    double hi = Math.log(lrAxis.getUpperBound());
    boolean left = (Math.log(lr) - lo) / (hi - lo) > 0.75;
    if (top) {
      m.setLabelAnchor(left ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
      m.setLabelTextAnchor(left ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
    } else {
      m.setLabelAnchor(left ? RectangleAnchor.BOTTOM_LEFT : RectangleAnchor.BOTTOM_RIGHT);
      m.setLabelTextAnchor(left ? TextAnchor.BOTTOM_RIGHT : TextAnchor.BOTTOM_LEFT);
    }
  }

  // ---- mouse ----

  private Rectangle2D dataArea() {
    var info = viewer.getCanvas().getRenderingInfo();
    return info == null ? null : info.getPlotInfo().getDataArea();
  }

  /** The learning rate under a point of the viewer, or NaN outside the plot or the curve. */
  private double lrAt(double x, double y) {
    Rectangle2D area = dataArea();
    if (area == null || vm.points().isEmpty() || !area.contains(x, y)) {
      return Double.NaN;
    }
    double lr = lrAxis.java2DToValue(x, area, plot.getDomainAxisEdge());
    double first = vm.points().getFirst().lr();
    double last = vm.points().getLast().lr();
    return Math.clamp(lr, first, last);
  }

  private void hover(double x, double y) {
    double lr = x < 0 ? Double.NaN : lrAt(x, y);
    boolean on = Double.isFinite(lr);
    viewer.setCursor(on ? Cursor.CROSSHAIR : Cursor.DEFAULT);
    lrHair.setVisible(on);
    lossHair.setVisible(on);
    if (on) {
      double loss = vm.lossAt(lr);
      lrHair.setValue(lr);
      lossHair.setValue(loss);
      readout.setText("lr " + LrFormat.rate(lr) + "   ·   smoothed loss " + LrFormat.loss(loss));
    } else {
      readout.setText(vm.points().isEmpty() ? "" : "Click the curve to pick a rate");
    }
  }

  private void pickAt(double x, double y) {
    double lr = lrAt(x, y);
    if (Double.isFinite(lr)) {
      vm.pick(lr);
    }
  }

  // ---- theme ----

  private void applyTheme() {
    chart.setNotify(false);
    Color bg = colors.awt(Token.BG);
    Color fg = colors.awt(Token.FG);
    Color muted = colors.awt(Token.FG_MUTED);
    Color grid = colors.awt(Token.BORDER_MUTED);
    Color accent = colors.awt(Token.ACCENT);
    javafx.scene.text.Font fxFont = javafx.scene.text.Font.getDefault();
    int size = (int) Math.round(fxFont.getSize());
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, size);
    Font small = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(10, size - 1));
    Font bold = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(10, size - 1));

    chart.setBackgroundPaint(bg);
    plot.setBackgroundPaint(bg);
    plot.setDomainGridlinePaint(grid);
    plot.setRangeGridlinePaint(grid);
    plot.setDomainGridlineStroke(new BasicStroke(1f));
    plot.setRangeGridlineStroke(new BasicStroke(1f));
    plot.setDomainMinorGridlinesVisible(true);
    plot.setDomainMinorGridlinePaint(colors.awt(Token.BORDER_MUTED, 0.45));
    plot.setDomainMinorGridlineStroke(new BasicStroke(1f));
    for (ValueAxis axis : List.of(lrAxis, lossAxis)) {
      axis.setLabelFont(font);
      axis.setLabelPaint(muted);
      axis.setTickLabelFont(small);
      axis.setTickLabelPaint(muted);
      axis.setAxisLinePaint(colors.awt(Token.BORDER));
      axis.setTickMarkPaint(colors.awt(Token.BORDER));
    }
    lrAxis.setMinorTickMarksVisible(true);
    LegendTitle legend = chart.getLegend();
    legend.setBackgroundPaint(bg);
    legend.setItemPaint(muted);
    legend.setItemFont(small);

    lines.setSeriesPaint(0, colors.awt(Token.ACCENT, 0.4));
    lines.setSeriesStroke(0, new BasicStroke(1.2f));
    lines.setSeriesPaint(1, accent);
    lines.setSeriesStroke(1, new BasicStroke(2.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));

    for (Suggestion s : Suggestion.values()) {
      Color c = suggestionColor(s);
      ValueMarker m = markers.get(s);
      m.setPaint(c);
      m.setLabelPaint(c);
      m.setLabelFont(bold);
      m.setLabelBackgroundColor(colors.awt(Token.BG, 0.85));
      dots.setSeriesPaint(s.ordinal(), c);
      dots.setSeriesFillPaint(s.ordinal(), c);
      dots.setSeriesOutlinePaint(s.ordinal(), bg);
    }
    Color danger = colors.awt(Token.DANGER);
    pickedMarker.setPaint(danger);
    pickedMarker.setLabelPaint(danger);
    pickedMarker.setLabelFont(bold);
    pickedMarker.setLabelBackgroundColor(colors.awt(Token.BG, 0.85));
    dots.setSeriesPaint(PICKED, danger);
    dots.setSeriesOutlinePaint(PICKED, bg);

    for (Crosshair h : List.of(lrHair, lossHair)) {
      h.setPaint(colors.awt(Token.FG_MUTED, 0.7));
      h.setStroke(new BasicStroke(1f));
      h.setLabelFont(small);
      h.setLabelPaint(fg);
      h.setLabelBackgroundPaint(colors.awt(Token.BG_SUBTLE));
      h.setLabelOutlinePaint(colors.awt(Token.BORDER));
    }
    chart.setNotify(true);
  }

  private Color suggestionColor(Suggestion s) {
    return colors.awt(token(s));
  }

  private static Token token(Suggestion s) {
    return switch (s) {
      case STEEPEST -> Token.SUCCESS;
      case VALLEY -> Token.WARNING;
      case MIN_TENTH -> Token.PURPLE;
    };
  }

  private static Shape circle(double r) {
    return new Ellipse2D.Double(-r, -r, 2 * r, 2 * r);
  }

  private static Shape diamond(double r) {
    Path2D p = new Path2D.Double();
    p.moveTo(0, -r);
    p.lineTo(r, 0);
    p.lineTo(0, r);
    p.lineTo(-r, 0);
    p.closePath();
    return p;
  }
}
