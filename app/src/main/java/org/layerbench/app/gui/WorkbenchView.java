package org.layerbench.app.gui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.beans.binding.Bindings;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.data.DataWorkspace;
import org.layerbench.app.gui.lr.LrWorkspace;
import org.layerbench.app.gui.model.GraphCanvas;
import org.layerbench.app.gui.model.ModelViewModel;
import org.layerbench.app.gui.model.ModelWorkspace;
import org.layerbench.app.gui.train.TrainWorkspace;

/**
 * The workbench window's chrome around the workspaces: the menus ({@link WorkbenchMenus}), a
 * toolbar, the workspace switcher (built from the {@link Workspace} registry), the status bar and
 * the theme. It binds to {@link WorkbenchViewModel} and calls its commands; it decides nothing
 * itself.
 */
public final class WorkbenchView {
  private static final String CSS = "/org/layerbench/ui/workbench.css";

  private final WorkbenchViewModel vm;
  private final ModelViewModel model;
  private final Stage stage;
  private final BorderPane root = new BorderPane();
  private final ModelWorkspace modelWorkspace;
  private final WorkspaceSwitcher switcher;
  private final WorkbenchFiles files;
  private final DataWorkspace data;
  private final TrainWorkspace train;
  private final LrWorkspace lr;
  private final StatusBar statusBar = new StatusBar();
  private final Label memory = new Label();

  private final WorkbenchContext context;
  private final org.layerbench.app.gui.guide.StartGuide guide;

  /** A view with its own engine thread (closed when the window closes). */
  public WorkbenchView(WorkbenchViewModel vm, Stage stage) {
    this(vm, stage, new org.layerbench.app.gui.service.EngineService());
  }

  public WorkbenchView(
      WorkbenchViewModel vm, Stage stage, org.layerbench.app.gui.service.EngineService engine) {
    // before JavaFX's code gets hot in this window: it stays on C1 (GuiJit says why)
    org.layerbench.app.gui.service.GuiJit.keepJavaFxOnC1InBackground();
    this.vm = vm;
    this.context =
        new WorkbenchContext(
            vm,
            engine,
            vm.ioExecutor(),
            vm.fxExecutor(),
            java.nio.file.Path.of(
                System.getProperty(
                    "layerbench.home",
                    java.nio.file.Path.of(System.getProperty("user.home"), ".layerbench")
                        .toString())),
            this::showWorkspace);
    stage.addEventHandler(
        javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> engine.close()); // no engine work outlives it
    this.model = vm.model();
    this.stage = stage;
    files = new WorkbenchFiles(vm, stage);
    switcher = new WorkspaceSwitcher(Workspace.ALL, context, "Model", root::setCenter);
    modelWorkspace = switcher.pane(ModelWorkspace.class);
    data = switcher.pane(DataWorkspace.class);
    stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> data.close());
    lr = switcher.pane(LrWorkspace.class);
    train = switcher.pane(TrainWorkspace.class);
    // A run still training when the window closes stops after its batch (files stay consistent).
    stage.addEventHandler(
        javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> train.viewModel().stopForExit());
    guide =
        new org.layerbench.app.gui.guide.StartGuide(
            GuideSteps.of(vm, switcher),
            vm.settings(),
            this::showWorkspace,
            () -> openDocs(org.layerbench.app.gui.guide.UserDocs.WINDOW));
    WorkbenchMenus menus =
        new WorkbenchMenus(
            vm,
            stage,
            files,
            switcher,
            () -> root.getCenter() == modelWorkspace,
            new WorkbenchMenus.Help(guide::reopen, this::openDocs));
    root.setTop(new VBox(menus.menuBar(), toolBar(), guide));
    root.setBottom(statusBar());
    root.setCenter(modelWorkspace);
    vm.setErrorHandler(msg -> WorkbenchDialogs.error(stage, msg));
    applyTheme(vm.darkProperty().get());
    vm.darkProperty().addListener((obs, o, n) -> applyTheme(n));
  }

  public Scene createScene(double width, double height) {
    Scene scene = new Scene(root, width, height);
    var css = WorkbenchView.class.getResource(CSS);
    if (css != null) {
      scene.getStylesheets().add(css.toExternalForm());
    }
    stage.titleProperty().bind(vm.titleProperty());
    stage.setOnCloseRequest(
        e -> {
          e.consume();
          files.quit();
        });
    return scene;
  }

  /** What the workspaces share. */
  public WorkbenchContext context() {
    return context;
  }

  /** Shows the workspace with this switcher name ("Data", "Model", "Train", ...). */
  public void showWorkspace(String name) {
    switcher.show(name);
  }

  /** The first-run guide under the toolbar. */
  public org.layerbench.app.gui.guide.StartGuide guide() {
    return guide;
  }

  /**
   * Renders the shipped documentation into LayerBench's folder off the FX thread and opens this
   * page ({@link org.layerbench.app.gui.guide.UserDocs#WINDOW}, ...) in the system browser, which
   * shows its tables and screenshots as they read on the project's site.
   */
  void openDocs(String page) {
    java.nio.file.Path folder = context.home().resolve("docs");
    vm.setStatus("Opening the user guide…");
    context
        .io()
        .execute(
            () -> {
              String problem = null;
              try {
                java.nio.file.Path html =
                    new org.layerbench.app.gui.guide.UserDocs().render(folder, page);
                org.layerbench.app.gui.export.DesktopHost.system().open(html);
              } catch (java.io.IOException | RuntimeException e) {
                problem =
                    "The user guide could not be opened: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                        + ". Its pages are in "
                        + folder
                        + ".";
              }
              String shown = problem;
              context
                  .fx()
                  .execute(
                      () -> {
                        vm.setStatus(shown == null ? "Opened the user guide in the browser." : "");
                        if (shown != null) {
                          WorkbenchDialogs.error(stage, shown);
                        }
                      });
            });
  }

  public ModelWorkspace modelWorkspace() {
    return modelWorkspace;
  }

  public DataWorkspace dataWorkspace() {
    return data;
  }

  public TrainWorkspace trainWorkspace() {
    return train;
  }

  public LrWorkspace lrWorkspace() {
    return lr;
  }

  /** Starts the memory meter and autosave timers. */
  public void startTimers(Duration autosaveEvery) {
    Runnable meter =
        () -> {
          Runtime rt = Runtime.getRuntime();
          long used = (rt.totalMemory() - rt.freeMemory()) >> 20;
          memory.setText("Memory " + used + " / " + (rt.maxMemory() >> 20) + " MB");
        };
    meter.run();
    Timeline t = new Timeline(new KeyFrame(Duration.seconds(2), e -> meter.run()));
    t.setCycleCount(Animation.INDEFINITE);
    t.play();
    Timeline autosave = new Timeline(new KeyFrame(autosaveEvery, e -> vm.autosave()));
    autosave.setCycleCount(Animation.INDEFINITE);
    autosave.play();
  }

  private static void applyTheme(boolean dark) {
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
  }

  // ---- toolbar and switcher ----

  private ToolBar toolBar() {
    GraphCanvas canvas = modelWorkspace.canvas();
    Button undo = tool(Material2MZ.UNDO, "Undo (Ctrl+Z)", vm.commands()::undo);
    undo.disableProperty().bind(vm.commands().canUndoProperty().not());
    Button redo = tool(Material2MZ.REDO, "Redo (Ctrl+Shift+Z)", vm.commands()::redo);
    redo.disableProperty().bind(vm.commands().canRedoProperty().not());
    Button delete =
        tool(Material2AL.DELETE_OUTLINE, "Delete selected layers (Delete)", model::deleteSelection);
    delete
        .disableProperty()
        .bind(
            Bindings.isEmpty(model.selection())
                .or(root.centerProperty().isNotEqualTo(modelWorkspace)));
    ToggleButton theme = new ToggleButton(null, new FontIcon(Material2MZ.NIGHTS_STAY));
    theme.selectedProperty().bindBidirectional(vm.darkProperty());
    theme.setTooltip(new Tooltip("Dark theme"));
    theme.getStyleClass().add(Styles.BUTTON_ICON);
    Region left = new Region();
    Region right = new Region();
    HBox.setHgrow(left, Priority.ALWAYS);
    HBox.setHgrow(right, Priority.ALWAYS);
    var notModel = root.centerProperty().isNotEqualTo(modelWorkspace);
    List<Button> canvasTools =
        List.of(
            tool(Material2MZ.ZOOM_OUT, "Zoom out (Ctrl+-)", canvas::zoomOut),
            tool(Material2MZ.ZOOM_IN, "Zoom in (Ctrl+=)", canvas::zoomIn),
            tool(Material2AL.FILTER_CENTER_FOCUS, "Fit to view (Ctrl+9)", canvas::fit),
            tool(Material2AL.ACCOUNT_TREE, "Auto layout with ELK (Ctrl+L)", model::autoLayout));
    canvasTools.forEach(b -> b.disableProperty().bind(notModel));
    ToolBar bar =
        new ToolBar(
            tool(Material2MZ.NOTE_ADD, "New project (Ctrl+N)", files::newProject),
            tool(
                Material2AL.LIBRARY_ADD,
                "New from template (Ctrl+Shift+N)",
                files::newFromTemplate),
            tool(Material2AL.FOLDER_OPEN, "Open a project or model (Ctrl+O)", files::open),
            tool(Material2MZ.SAVE, "Save (Ctrl+S)", () -> files.save(() -> {})),
            sep(),
            undo,
            redo,
            delete,
            sep(),
            canvasTools.get(0),
            canvasTools.get(1),
            canvasTools.get(2),
            canvasTools.get(3),
            left,
            switcher.node(),
            right,
            theme);
    bar.setId("tool-bar");
    return bar;
  }

  private static javafx.scene.control.Separator sep() {
    return new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL);
  }

  private static Button tool(Ikon icon, String tip, Runnable action) {
    Button b = new Button(null, new FontIcon(icon));
    b.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    b.setTooltip(new Tooltip(tip));
    b.setOnAction(e -> action.run());
    b.setFocusTraversable(false);
    return b;
  }

  private Node statusBar() {
    statusBar.setId("status-bar");
    statusBar.textProperty().bind(vm.statusProperty());
    Label engine = new Label();
    engine.setId("status-engine");
    var sweep = lr.viewModel().phaseProperty();
    engine
        .textProperty()
        .bind(
            EngineStatus.of(
                train.viewModel().engineStateProperty(),
                new EngineStatus.Job(
                    "finding a learning rate",
                    Bindings.createBooleanBinding(() -> sweep.get().busy(), sweep)),
                new EngineStatus.Job(
                    "evaluating",
                    switcher
                        .pane(org.layerbench.app.gui.evaluate.EvaluateWorkspace.class)
                        .viewModel()
                        .runningProperty()),
                new EngineStatus.Job(
                    "predicting",
                    switcher
                        .pane(org.layerbench.app.gui.predict.PredictWorkspace.class)
                        .viewModel()
                        .runningProperty()),
                new EngineStatus.Job(
                    "exporting",
                    switcher
                        .pane(org.layerbench.app.gui.export.ExportWorkspace.class)
                        .viewModel()
                        .runningProperty())));
    engine.setTooltip(
        new Tooltip(
            "What the engine is doing: idle, training, paused, stopping, finding a learning rate,"
                + " evaluating, predicting, exporting"));
    Label device = new Label();
    device.setId("status-device");
    device.textProperty().bind(train.viewModel().deviceProperty());
    device.setTooltip(
        new Tooltip(
            "Where training runs (the last run's device); auto uses a GPU when PyTorch sees one"));
    Label zoom = new Label();
    zoom.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    String.format(
                        Locale.ROOT,
                        "Zoom %.0f%%",
                        modelWorkspace.canvas().zoomProperty().get() * 100),
                modelWorkspace.canvas().zoomProperty()));
    statusBar.getRightItems().addAll(zoom, sepV(), engine, sepV(), device, sepV(), memory);
    return statusBar;
  }

  private static Node sepV() {
    return new javafx.scene.control.Separator(javafx.geometry.Orientation.VERTICAL);
  }
}
