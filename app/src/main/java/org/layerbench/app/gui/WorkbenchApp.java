package org.layerbench.app.gui;

import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.animation.PauseTransition;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import javax.imageio.ImageIO;
import org.layerbench.app.Format;
import org.layerbench.app.Version;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.Shape;

/**
 * The workbench window. For now it opens a project (the bundled sample on first launch) and shows
 * its model as a layer table with shapes, parameters and MACs, a model and dataset summary, and the
 * graph's problems; the graph editor and the other workspaces build on it.
 *
 * <p>The project is read and analysed on a background thread; the FX thread only applies the
 * result. With {@code -Dlayerbench.screenshot=FILE.png} the window saves a snapshot of itself once
 * the project is shown (and exits when {@code -Dlayerbench.exitAfterScreenshot=true}).
 */
public final class WorkbenchApp extends Application {
  private final ExecutorService background =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "layerbench-io");
            t.setDaemon(true);
            return t;
          });
  private final BorderPane root = new BorderPane();
  private final Label projectTitle = new Label("No project");
  private final Label projectPath = new Label();
  private final Label status = new Label("Engine: idle");
  private final Label memory = new Label();
  private Stage stage;

  @Override
  public void start(Stage primaryStage) {
    this.stage = primaryStage;
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    root.setTop(header());
    root.setBottom(statusBar());
    root.setCenter(centered(new ProgressIndicator()));

    Scene scene = new Scene(root, 1280, 800);
    var css = getClass().getResource("/org/layerbench/ui/workbench.css");
    if (css != null) {
      scene.getStylesheets().add(css.toExternalForm());
    }
    stage.setTitle("LayerBench");
    stage.setScene(scene);
    stage.show();

    var sample = SampleProject.locate();
    if (sample.isPresent()) {
      open(sample.get());
    } else {
      root.setCenter(
          centered(message("No project open", "The bundled sample project was not found.")));
    }
    startMemoryMeter();
  }

  @Override
  public void stop() {
    background.shutdownNow();
  }

  private void open(Path file) {
    status.setText("Engine: idle · opening " + file.getFileName() + "…");
    Task<ProjectSummary> task =
        new Task<>() {
          @Override
          protected ProjectSummary call() throws Exception {
            return ProjectSummary.load(file);
          }
        };
    task.setOnSucceeded(e -> show(task.getValue()));
    task.setOnFailed(
        e -> {
          Throwable ex = task.getException();
          status.setText("Engine: idle");
          root.setCenter(
              centered(message("Could not open " + file.getFileName(), ex.getMessage())));
        });
    background.submit(task);
  }

  private void show(ProjectSummary s) {
    GraphAnalysis a = s.analysis();
    projectTitle.setText(s.project().name());
    projectPath.setText(String.valueOf(s.project().file()));
    stage.setTitle(s.project().name() + " — LayerBench");
    status.setText("Engine: idle · Device: CPU");

    SplitPane split = new SplitPane(layerTable(a), sidePanel(s));
    split.setDividerPositions(0.64);
    root.setCenter(split);
    maybeScreenshot();
  }

  private Node header() {
    Label app = new Label("LayerBench");
    app.getStyleClass().addAll(Styles.TITLE_3, "app-name");
    projectTitle.getStyleClass().add(Styles.TITLE_4);
    projectPath.getStyleClass().add(Styles.TEXT_MUTED);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    Label version = new Label("v" + Version.get());
    version.getStyleClass().add(Styles.TEXT_MUTED);
    HBox box = new HBox(14, app, new Label("·"), projectTitle, projectPath, spacer, version);
    box.setAlignment(Pos.CENTER_LEFT);
    box.setPadding(new Insets(10, 16, 10, 16));
    box.getStyleClass().add("header-bar");
    return box;
  }

  private Node statusBar() {
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox box = new HBox(16, status, spacer, memory);
    box.setPadding(new Insets(4, 12, 4, 12));
    box.getStyleClass().add("status-bar");
    status.getStyleClass().add(Styles.TEXT_SMALL);
    memory.getStyleClass().add(Styles.TEXT_SMALL);
    return box;
  }

  private TableView<NodeReport> layerTable(GraphAnalysis a) {
    TableView<NodeReport> table = new TableView<>();
    table.getStyleClass().addAll(Styles.STRIPED, Styles.DENSE);
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    table.getColumns().add(column("Layer", 200, r -> r.path()));
    table.getColumns().add(column("Type", 130, r -> r.node().type().typeName()));
    table
        .getColumns()
        .add(column("Output shape", 150, r -> r.output() == null ? "—" : r.output().toString()));
    table
        .getColumns()
        .add(numberColumn("Params", r -> r.params() == 0 ? "" : Format.count(r.params())));
    table.getColumns().add(numberColumn("MACs", r -> r.macs() == 0 ? "" : Format.si(r.macs())));
    table.getColumns().add(column("Problem", 220, r -> String.join(" ", r.errors())));
    table.setRowFactory(
        tv ->
            new TableRow<>() {
              @Override
              protected void updateItem(NodeReport item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(
                    javafx.css.PseudoClass.getPseudoClass("error"),
                    !empty && item != null && !item.errors().isEmpty());
                setTooltip(item == null || empty ? null : new Tooltip(item.node().type().doc()));
              }
            });
    table.getItems().setAll(a.nodes());
    return table;
  }

  private static TableColumn<NodeReport, String> column(
      String title, double width, java.util.function.Function<NodeReport, String> f) {
    TableColumn<NodeReport, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
    return c;
  }

  private static TableColumn<NodeReport, String> numberColumn(
      String title, java.util.function.Function<NodeReport, String> f) {
    TableColumn<NodeReport, String> c = column(title, 100, f);
    c.setStyle("-fx-alignment: CENTER-RIGHT;");
    return c;
  }

  private Node sidePanel(ProjectSummary s) {
    GraphAnalysis a = s.analysis();
    VBox box = new VBox(14);
    box.setPadding(new Insets(14));

    GridPane model = grid();
    row(model, 0, "Model", a.graph().name());
    row(
        model,
        1,
        "Input",
        a.graph()
            .inputNode()
            .map(n -> new Shape(castList(n.params().get("shape"))).toString())
            .orElse("—"));
    row(model, 2, "Output", a.output().map(Shape::toString).orElse("—"));
    row(model, 3, "Layers", String.valueOf(a.nodes().size() - 1));
    row(model, 4, "Parameters", Format.count(a.params()));
    row(model, 5, "Trainable", Format.count(a.trainableParams()));
    row(model, 6, "MACs / sample", Format.si(a.macs()));
    row(model, 7, "Weights", Format.megabytes(a.stateBytes()));
    box.getChildren().add(card("Model", model));

    GridPane data = grid();
    row(data, 0, "Folder", s.project().dataset() == null ? "—" : s.project().dataset());
    int r = 1;
    row(
        data,
        r++,
        "Classes",
        s.classes().isEmpty() ? "none found" : String.join(", ", s.classes()));
    for (Map.Entry<String, Map<String, Integer>> split : s.datasetCounts().entrySet()) {
      int total = split.getValue().values().stream().mapToInt(Integer::intValue).sum();
      row(data, r++, split.getKey(), total + " images (" + perClass(split.getValue()) + ")");
    }
    box.getChildren().add(card("Dataset", data));

    VBox problems = new VBox(6);
    if (a.ok()) {
      Label ok = new Label("No problems: every layer's shape fits.");
      ok.getStyleClass().add(Styles.SUCCESS);
      problems.getChildren().add(ok);
    } else {
      a.problems()
          .forEach(
              p -> {
                Label l = new Label(p.message());
                l.setWrapText(true);
                l.getStyleClass().add(Styles.DANGER);
                problems.getChildren().add(l);
              });
    }
    box.getChildren().add(card("Problems", problems));

    ScrollPane scroll = new ScrollPane(box);
    scroll.setFitToWidth(true);
    return scroll;
  }

  private static String perClass(Map<String, Integer> counts) {
    StringBuilder sb = new StringBuilder();
    counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(' ').append(v));
    return sb.toString();
  }

  @SuppressWarnings("unchecked")
  private static java.util.List<Integer> castList(Object o) {
    return (java.util.List<Integer>) o;
  }

  private static GridPane grid() {
    GridPane g = new GridPane();
    g.setHgap(14);
    g.setVgap(6);
    return g;
  }

  private static void row(GridPane g, int row, String key, String value) {
    Label k = new Label(key);
    k.getStyleClass().add(Styles.TEXT_MUTED);
    Label v = new Label(value);
    v.setWrapText(true);
    g.addRow(row, k, v);
  }

  private static Node card(String title, Node content) {
    Label t = new Label(title);
    t.getStyleClass().add(Styles.TITLE_4);
    VBox card = new VBox(10, t, content);
    card.setPadding(new Insets(12, 14, 14, 14));
    card.getStyleClass().add("summary-card");
    return card;
  }

  private static Node message(String title, String detail) {
    Label t = new Label(title);
    t.getStyleClass().add(Styles.TITLE_3);
    Label d = new Label(detail);
    d.setWrapText(true);
    d.getStyleClass().add(Styles.TEXT_MUTED);
    VBox v = new VBox(8, t, d);
    v.setAlignment(Pos.CENTER);
    v.setMaxWidth(600);
    return v;
  }

  private static Node centered(Node n) {
    return new StackPane(n);
  }

  private void startMemoryMeter() {
    Runnable update =
        () -> {
          Runtime rt = Runtime.getRuntime();
          long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
          memory.setText("Memory: " + used + " MB of " + (rt.maxMemory() >> 20) + " MB");
        };
    update.run();
    var timeline =
        new javafx.animation.Timeline(
            new javafx.animation.KeyFrame(Duration.seconds(2), e -> update.run()));
    timeline.setCycleCount(javafx.animation.Animation.INDEFINITE);
    timeline.play();
  }

  /** Saves a PNG of the window when asked to by {@code -Dlayerbench.screenshot}. */
  private void maybeScreenshot() {
    String target = System.getProperty("layerbench.screenshot");
    if (target == null || target.isBlank()) {
      return;
    }
    PauseTransition settle = new PauseTransition(Duration.millis(600));
    settle.setOnFinished(
        e -> {
          var image = stage.getScene().snapshot(null);
          try {
            ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", Path.of(target).toFile());
            System.err.println("layerbench: screenshot written to " + target);
          } catch (IOException ex) {
            System.err.println(
                "layerbench: could not write screenshot " + target + ": " + ex.getMessage());
          }
          if (Boolean.getBoolean("layerbench.exitAfterScreenshot")) {
            Platform.exit();
          }
        });
    settle.play();
  }
}
