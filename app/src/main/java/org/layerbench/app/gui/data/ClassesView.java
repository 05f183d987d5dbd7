package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.ToIntFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.layerbench.engine.data.ScanReport.ClassCount;

/**
 * The classes with their image counts per split, a bar chart of the same, and a warning when the
 * training images are spread unevenly. Clicking a class filters the image grid to it.
 */
final class ClassesView extends VBox {

  private final TableView<ClassCount> table = new TableView<>();
  private final javafx.scene.layout.StackPane chartHolder = new javafx.scene.layout.StackPane();
  private final TableColumn<ClassCount, Number> test = column("test", ClassCount::test);

  ClassesView(DataViewModel vm) {
    getStyleClass().add("classes-view");
    setSpacing(8);
    Label title = new Label("Classes");
    title.getStyleClass().add("pane-title");

    table.setId("data-classes");
    table.getStyleClass().addAll(Styles.DENSE, Styles.STRIPED);
    table.setItems(vm.counts());
    TableColumn<ClassCount, String> name = new TableColumn<>("class");
    name.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().name()));
    name.setPrefWidth(92);
    table
        .getColumns()
        .addAll(
            java.util.List.of(
                name,
                column("train", ClassCount::train),
                column("val", ClassCount::val),
                test,
                column("total", ClassCount::total)));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.setPlaceholder(new Label("No classes"));
    table.setFixedCellSize(26);
    table
        .prefHeightProperty()
        .bind(
            javafx.beans.binding.Bindings.createDoubleBinding(
                () -> 36.0 + 26 * Math.max(2, Math.min(8, vm.counts().size())) + 2, vm.counts()));
    table.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    table
        .getSelectionModel()
        .selectedItemProperty()
        .addListener((obs, o, n) -> vm.classFilterProperty().set(n == null ? null : n.name()));
    vm.classFilterProperty()
        .addListener(
            (obs, o, n) -> {
              if (n == null) {
                table.getSelectionModel().clearSelection();
              }
            });

    chartHolder.setPrefHeight(190);
    chartHolder.setMinHeight(150);

    // A plain box rather than AtlantaFX's Message, whose height ignores wrapped text here.
    FontIcon icon = new FontIcon(Material2AL.ERROR_OUTLINE);
    icon.getStyleClass().add("warning-icon");
    Label warningTitle = new Label("Imbalanced classes");
    warningTitle.getStyleClass().add(Styles.TEXT_BOLD);
    warningTitle
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () ->
                    vm.balanceWarningProperty().get() != null
                            && vm.balanceWarningProperty().get().contains("no training images")
                        ? "An empty class"
                        : "Imbalanced classes",
                vm.balanceWarningProperty()));
    Label warningText = new Label();
    warningText.setId("data-imbalance-text");
    warningText.setWrapText(true);
    warningText.getStyleClass().add(Styles.TEXT_SMALL);
    warningText.textProperty().bind(vm.balanceWarningProperty());
    warningText.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    VBox warningBody = new VBox(3, warningTitle, warningText);
    javafx.scene.layout.HBox.setHgrow(warningBody, javafx.scene.layout.Priority.ALWAYS);
    javafx.scene.layout.HBox warning = new javafx.scene.layout.HBox(8, icon, warningBody);
    warning.setId("data-imbalance");
    warning.getStyleClass().add("balance-warning");
    warning.visibleProperty().bind(vm.balanceWarningProperty().isNotNull());
    warning.managedProperty().bind(warning.visibleProperty());
    warning.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

    getChildren().addAll(title, table, chartHolder, warning);
    vm.counts().addListener((ListChangeListener<ClassCount>) c -> refresh(vm));
    refresh(vm);
  }

  private static TableColumn<ClassCount, Number> column(
      String title, ToIntFunction<ClassCount> value) {
    TableColumn<ClassCount, Number> c = new TableColumn<>(title);
    c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(value.applyAsInt(v.getValue())));
    c.setPrefWidth(48);
    c.setStyle("-fx-alignment: CENTER-RIGHT;");
    c.setCellFactory(
        col ->
            new TableCell<>() {
              @Override
              protected void updateItem(Number n, boolean empty) {
                super.updateItem(n, empty);
                setText(empty || n == null ? null : String.format("%,d", n.intValue()));
              }
            });
    return c;
  }

  private void refresh(DataViewModel vm) {
    boolean anyTest = vm.counts().stream().anyMatch(c -> c.test() > 0);
    test.setVisible(anyTest);
    chartHolder.getChildren().setAll(chart(vm.counts(), anyTest));
    chartHolder.setVisible(!vm.counts().isEmpty());
    chartHolder.setManaged(!vm.counts().isEmpty());
  }

  /**
   * A new chart for new counts: a BarChart whose data is replaced while it is not showing (the
   * workspace is hidden when the project opens) keeps stale axes and draws no bars.
   */
  private static BarChart<String, Number> chart(List<ClassCount> counts, boolean anyTest) {
    CategoryAxis x = new CategoryAxis();
    x.setCategories(
        javafx.collections.FXCollections.observableArrayList(
            counts.stream().map(ClassCount::name).toList()));
    int max =
        counts.stream()
            .mapToInt(c -> Math.max(c.train(), Math.max(c.val(), c.test())))
            .max()
            .orElse(0);
    double unit = niceUnit(max);
    NumberAxis y = new NumberAxis(0, Math.max(unit, Math.ceil(max / unit) * unit), unit);
    y.setMinorTickVisible(false);
    BarChart<String, Number> chart = new BarChart<>(x, y);
    chart.setId("data-class-chart");
    chart.setAnimated(false);
    chart.setLegendVisible(true);
    chart.setCategoryGap(counts.size() > 12 ? 4 : 14);
    chart.setBarGap(2);
    chart.setVerticalGridLinesVisible(false);
    chart.getStyleClass().add("class-chart");
    if (counts.size() > 12) {
      x.setTickLabelRotation(-60);
    }
    String[] splits =
        anyTest ? new String[] {"train", "val", "test"} : new String[] {"train", "val"};
    for (String s : splits) {
      XYChart.Series<String, Number> series = new XYChart.Series<>();
      series.setName(s);
      for (ClassCount c : counts) {
        int n =
            switch (s) {
              case "train" -> c.train();
              case "val" -> c.val();
              default -> c.test();
            };
        series.getData().add(new XYChart.Data<>(c.name(), n));
      }
      chart.getData().add(series);
    }
    return chart;
  }

  /** A tick unit of 1, 2 or 5 times a power of ten giving about four ticks. */
  static double niceUnit(int max) {
    double raw = Math.max(1, max) / 4.0;
    double p = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * p >= raw) {
        return Math.max(1, m * p);
      }
    }
    return 10 * p;
  }
}
