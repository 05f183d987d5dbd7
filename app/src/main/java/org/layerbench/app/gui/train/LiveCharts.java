package org.layerbench.app.gui.train;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;
import org.layerbench.app.gui.train.LiveMetrics.EpochRow;

/**
 * The live view of a run: loss (per batch, smoothed, and per epoch for training and validation),
 * validation accuracy, the learning rate per batch, and the table of epochs. The epoch axis spans
 * the whole run from its start, so lines grow to the right instead of rescaling.
 */
final class LiveCharts extends GridPane {
  /** The row that rehearsals and the table's priming show, never a real epoch. */
  private static final EpochRow MADE_UP_ROW = new EpochRow(1, 0.9, 0.8, 0.7, 12.3, 45.6);

  private final LineChart<Number, Number> loss = Charts.lineChart("train-loss-chart", "loss");
  private final LineChart<Number, Number> accuracy =
      Charts.lineChart("train-accuracy-chart", "accuracy %");
  private final LineChart<Number, Number> rate = Charts.lineChart("train-lr-chart", "rate");
  private final TableView<EpochRow> table = new TableView<>();

  LiveCharts(TrainViewModel vm) {
    setId("train-live");
    getStyleClass().add("train-live");
    setHgap(6);
    setVgap(6);
    setPadding(new Insets(6, 8, 8, 8));

    XYChart.Series<Number, Number> batch = Charts.series("batch (smoothed)");
    XYChart.Series<Number, Number> train = Charts.series("train");
    XYChart.Series<Number, Number> val = Charts.series("validation");
    Charts.bind(vm.live().batchLoss(), batch, false);
    Charts.bind(vm.live().trainLoss(), train, true);
    Charts.bind(vm.live().valLoss(), val, true);
    loss.getData().addAll(List.of(batch, train, val));
    Charts.valueAxis(
        loss, false, List.of(vm.live().batchLoss(), vm.live().trainLoss(), vm.live().valLoss()));

    XYChart.Series<Number, Number> acc = Charts.series("validation");
    Charts.bind(vm.live().valAccuracy(), acc, true);
    accuracy.getData().add(acc);
    NumberAxis accAxis = (NumberAxis) accuracy.getYAxis();
    accAxis.setAutoRanging(false);
    accAxis.setLowerBound(0);
    accAxis.setUpperBound(100);
    accAxis.setTickUnit(20);
    accuracy.setLegendVisible(false);

    XYChart.Series<Number, Number> lr = Charts.series("learning rate");
    Charts.bind(vm.live().learningRate(), lr, false);
    rate.getData().add(lr);
    rate.setLegendVisible(false);
    Charts.valueAxis(rate, true, List.of(vm.live().learningRate()));

    for (LineChart<Number, Number> c : List.of(loss, accuracy, rate)) {
      Charts.epochAxis(c, vm.live().runEpochsProperty().get());
    }
    vm.live()
        .runEpochsProperty()
        .addListener(
            (obs, o, n) -> {
              for (LineChart<Number, Number> c : List.of(loss, accuracy, rate)) {
                Charts.epochAxis(c, n.intValue());
              }
            });

    buildTable(vm);
    // The loss is what a person watches most: it gets the wider column, the table too.
    loss.setLegendVisible(false); // its legend sits in the title row, where it costs no height
    accuracy.getStyleClass().add("accuracy-chart");
    rate.getStyleClass().add("rate-chart");
    add(
        card(
            "Loss",
            loss,
            waiting(vm.live().batchLoss()),
            legend("batch (smoothed)", 1),
            legend("train", 2),
            legend("validation", 3)),
        0,
        0,
        3,
        1);
    // An empty chart has no scale to show: NumberAxis would make up 0-125 for a loss or a rate.
    var live = vm.live();
    loss.getYAxis()
        .tickLabelsVisibleProperty()
        .bind(
            javafx.beans.binding.Bindings.createBooleanBinding(
                () ->
                    !live.batchLoss().isEmpty()
                        || !live.trainLoss().isEmpty()
                        || !live.valLoss().isEmpty(),
                live.batchLoss(),
                live.trainLoss(),
                live.valLoss()));
    rate.getYAxis()
        .tickLabelsVisibleProperty()
        .bind(javafx.beans.binding.Bindings.isNotEmpty(live.learningRate()));
    add(card("Validation accuracy", accuracy, waiting(vm.live().valAccuracy())), 3, 0, 2, 1);
    add(card("Learning rate", rate, waiting(vm.live().learningRate())), 0, 1, 2, 1);
    add(card("Epochs", table, null), 2, 1, 3, 1);
    for (int i = 0; i < 5; i++) {
      ColumnConstraints c = new ColumnConstraints();
      c.setPercentWidth(20);
      c.setHgrow(Priority.ALWAYS);
      getColumnConstraints().add(c);
    }
    for (int i = 0; i < 2; i++) {
      RowConstraints r = new RowConstraints();
      r.setPercentHeight(50);
      r.setVgrow(Priority.ALWAYS);
      getRowConstraints().add(r);
    }
  }

  /** A note over an empty chart, gone with its first point. */
  private static Label waiting(javafx.collections.ObservableList<?> points) {
    Label l = new Label("No points yet — press Start.");
    l.getStyleClass().add("train-chart-empty");
    // Two short lines rather than one long one, so the note stays inside the plot area of the
    // narrow accuracy card instead of covering its axis labels.
    l.setWrapText(true);
    l.setMaxWidth(140);
    l.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
    l.setMouseTransparent(true);
    l.visibleProperty().bind(javafx.beans.binding.Bindings.isEmpty(points));
    return l;
  }

  /** A legend entry in a card's title row: a swatch of chart colour {@code n} and a name. */
  private static Label legend(String name, int n) {
    javafx.scene.layout.Region swatch = new javafx.scene.layout.Region();
    swatch.getStyleClass().addAll("legend-swatch", "chart-color-" + n);
    Label l = new Label(name, swatch);
    l.getStyleClass().add("legend-entry");
    return l;
  }

  private static VBox card(
      String title, javafx.scene.Node content, Label overlay, Label... legend) {
    Label l = new Label(title);
    l.getStyleClass().add("train-chart-title");
    javafx.scene.layout.HBox head = new javafx.scene.layout.HBox(12, l);
    head.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    head.getChildren().addAll(legend);
    javafx.scene.Node body =
        overlay == null ? content : new javafx.scene.layout.StackPane(content, overlay);
    VBox box = new VBox(2, head, body);
    box.getStyleClass().add("train-card");
    box.setMinSize(0, 0);
    VBox.setVgrow(body, Priority.ALWAYS);
    return box;
  }

  private void buildTable(TrainViewModel vm) {
    table.setId("train-epoch-table");
    table.setItems(vm.live().epochs());
    Rehearsal.primeCells(table, MADE_UP_ROW);
    table.setPlaceholder(new Label("Each finished epoch adds a row here."));
    columns(table);
    // The last epoch stays in view when rows arrive and when the banner makes the table shorter.
    table.heightProperty().addListener((obs, o, n) -> scrollToEnd());
    vm.live().epochs().addListener((ListChangeListener<EpochRow>) c -> scrollToEnd());
  }

  /** A table like the epoch table, with one made-up row, and a chart with points (Rehearsal). */
  static List<java.util.function.Supplier<javafx.scene.layout.Region>> rehearsals() {
    EpochRow row = MADE_UP_ROW;
    return List.of(
        () -> {
          TableView<EpochRow> t = new TableView<>();
          columns(t);
          t.getItems().add(row);
          return new VBox(t);
        },
        () -> {
          LineChart<Number, Number> c = Charts.lineChart(null, "loss");
          XYChart.Series<Number, Number> line = Charts.series("line");
          XYChart.Series<Number, Number> dots = Charts.series("dots");
          var points =
              List.of(
                  new javafx.geometry.Point2D(0.5, row.trainLoss()),
                  new javafx.geometry.Point2D(1, row.valLoss()));
          line.getData().setAll(Charts.data(points, false));
          dots.getData().setAll(Charts.data(points, true));
          c.getData().addAll(List.of(line, dots));
          c.setId(null);
          return c;
        });
  }

  private static void columns(TableView<EpochRow> table) {
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
    table
        .getColumns()
        .addAll(
            List.of(
                column("Epoch", r -> Integer.toString(r.epoch())),
                column("Train loss", r -> number(r.trainLoss(), "%.4f")),
                column("Val loss", r -> number(r.valLoss(), "%.4f")),
                column("Val acc", r -> number(100 * r.valAccuracy(), "%.1f %%")),
                column("Time", r -> number(r.seconds(), "%.1f s")),
                column("img/s", r -> number(r.imagesPerSecond(), "%.0f"))));
    table.getStyleClass().addAll(atlantafx.base.theme.Styles.DENSE, "train-table");
  }

  /** After the table's next layout, which a new row or a new height has asked for. */
  private void scrollToEnd() {
    javafx.application.Platform.runLater(
        () -> {
          if (!table.getItems().isEmpty()) {
            table.scrollTo(table.getItems().size() - 1);
          }
        });
  }

  private static TableColumn<EpochRow, String> column(String name, Function<EpochRow, String> f) {
    TableColumn<EpochRow, String> c = new TableColumn<>(name);
    c.setPrefWidth(12 + 7.5 * name.length());
    c.setMinWidth(40);
    c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
    c.setSortable(false);
    c.setReorderable(false);
    c.getStyleClass().add("number-column");
    return c;
  }

  private static String number(double v, String format) {
    return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
  }

  LineChart<Number, Number> lossChart() {
    return loss;
  }

  LineChart<Number, Number> accuracyChart() {
    return accuracy;
  }

  LineChart<Number, Number> rateChart() {
    return rate;
  }

  TableView<EpochRow> table() {
    return table;
  }
}
