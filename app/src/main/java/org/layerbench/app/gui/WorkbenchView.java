package org.layerbench.app.gui;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.util.Duration;
import org.controlsfx.control.StatusBar;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.data.DataWorkspace;
import org.layerbench.app.gui.lr.LrViewModel;
import org.layerbench.app.gui.lr.LrWorkspace;
import org.layerbench.app.gui.model.GraphCanvas;
import org.layerbench.app.gui.model.ModelViewModel;
import org.layerbench.app.gui.model.ModelWorkspace;
import org.layerbench.app.gui.train.TrainViewModel;
import org.layerbench.app.gui.train.TrainWorkspace;

/**
 * The workbench window's chrome around the workspaces: menus with the standard shortcuts, a
 * toolbar, the workspace switcher, the status bar, the theme, and the file dialogs. It binds to
 * {@link WorkbenchViewModel} and calls its commands; it decides nothing itself.
 */
public final class WorkbenchView {
  private static final String CSS = "/org/layerbench/ui/workbench.css";

  private final WorkbenchViewModel vm;
  private final ModelViewModel model;
  private final Stage stage;
  private final BorderPane root = new BorderPane();
  private final ModelWorkspace modelWorkspace;
  private final ToggleGroup switcher = new ToggleGroup();
  private final DataWorkspace data;
  private final TrainWorkspace train;
  private final LrWorkspace lr;
  private final StatusBar statusBar = new StatusBar();
  private final Label memory = new Label();

  private final WorkbenchContext context;

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
    modelWorkspace = new ModelWorkspace(model);
    data = new DataWorkspace(context);
    stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> data.close());
    lr = new LrWorkspace(context);
    train = new TrainWorkspace(context);
    // A run still training when the window closes stops after its batch (files stay consistent).
    stage.addEventHandler(
        javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> train.viewModel().stopForExit());
    root.setTop(new VBox(menuBar(), toolBar()));
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
          quit();
        });
    return scene;
  }

  /** What the workspaces share. */
  public WorkbenchContext context() {
    return context;
  }

  /** Shows the workspace with this switcher name ("Data", "Model", "Train", ...). */
  public void showWorkspace(String name) {
    for (var t : switcher.getToggles()) {
      if (t instanceof ToggleButton b && b.getText().equals(name)) {
        b.setSelected(true);
        return;
      }
    }
    throw new IllegalArgumentException("no workspace " + name);
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

  // ---- menus ----

  private MenuBar menuBar() {
    Menu file = new Menu("_File");
    Menu recent = new Menu("Open _Recent");
    Runnable fillRecent =
        () -> {
          recent.getItems().clear();
          for (Path p : vm.recentFiles()) {
            MenuItem i = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            i.setMnemonicParsing(false);
            i.setOnAction(e -> openFile(p));
            recent.getItems().add(i);
          }
          recent.setDisable(recent.getItems().isEmpty());
        };
    fillRecent.run();
    vm.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
    MenuItem importWeights = item("_Import Weights…", null, this::importWeights);
    importWeights.setId("menu-import-weights");
    MenuItem export = item("_Export…", null, () -> showWorkspace("Export"));
    export.setId("menu-export");
    file.getItems()
        .addAll(
            item("_New", "Shortcut+N", this::newProject),
            item("New from _Template…", "Shortcut+Shift+N", this::newFromTemplate),
            item("_Open…", "Shortcut+O", this::open),
            recent,
            item("Open _Dataset Folder…", "Shortcut+Shift+O", this::openDataset),
            new SeparatorMenuItem(),
            item("_Save", "Shortcut+S", () -> save(() -> {})),
            item("Save _As…", "Shortcut+Shift+S", () -> saveAs(() -> {})),
            new SeparatorMenuItem(),
            importWeights,
            export,
            new SeparatorMenuItem(),
            item("_Quit", "Shortcut+Q", this::quit));

    Menu edit = new Menu("_Edit");
    MenuItem undo =
        item("_Undo", "Shortcut+Z", () -> text(TextInputControl::undo, vm.commands()::undo));
    undo.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> label("Undo", vm.commands().undoLabelProperty().get()),
                vm.commands().undoLabelProperty()));
    undo.disableProperty().bind(vm.commands().canUndoProperty().not());
    MenuItem redo =
        item("_Redo", "Shortcut+Shift+Z", () -> text(TextInputControl::redo, vm.commands()::redo));
    redo.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> label("Redo", vm.commands().redoLabelProperty().get()),
                vm.commands().redoLabelProperty()));
    redo.disableProperty().bind(vm.commands().canRedoProperty().not());
    MenuItem redoY =
        item("Redo", "Shortcut+Y", () -> text(TextInputControl::redo, vm.commands()::redo));
    redoY.setVisible(false);
    edit.getItems()
        .addAll(
            undo,
            redo,
            redoY,
            new SeparatorMenuItem(),
            item(
                "Cu_t",
                "Shortcut+X",
                () -> text(TextInputControl::cut, onGraph(model::cutSelection))),
            item(
                "_Copy",
                "Shortcut+C",
                () -> text(TextInputControl::copy, onGraph(model::copySelection))),
            item(
                "_Paste", "Shortcut+V", () -> text(TextInputControl::paste, onGraph(model::paste))),
            item(
                "_Delete",
                "Delete",
                () -> text(t -> t.deleteNextChar(), onGraph(model::deleteSelection))),
            new SeparatorMenuItem(),
            item(
                "Select _All",
                "Shortcut+A",
                () -> text(TextInputControl::selectAll, onGraph(model::selectAll))));

    GraphCanvas canvas = modelWorkspace.canvas();
    Menu view = new Menu("_View");
    CheckMenuItem dark = new CheckMenuItem("_Dark Theme");
    dark.selectedProperty().bindBidirectional(vm.darkProperty());
    view.getItems()
        .addAll(
            item("Zoom _In", "Shortcut+Equals", canvas::zoomIn),
            item("Zoom _Out", "Shortcut+Minus", canvas::zoomOut),
            item("Actual _Size", "Shortcut+Digit0", canvas::resetZoom),
            item("_Fit to View", "Shortcut+Digit9", canvas::fit),
            new SeparatorMenuItem(),
            item("Auto _Layout", "Shortcut+L", model::autoLayout),
            item("_Collapse All Groups", "Shortcut+Shift+C", () -> model.setAllCollapsed(true)),
            item("_Expand All Groups", "Shortcut+Shift+E", () -> model.setAllCollapsed(false)),
            new SeparatorMenuItem(),
            dark);

    Menu run = runMenu();

    Menu help = new Menu("_Help");
    help.getItems()
        .addAll(
            item("_Keyboard Shortcuts", "F1", () -> WorkbenchDialogs.shortcuts(stage)),
            item("_About LayerBench", null, () -> WorkbenchDialogs.about(stage)));
    MenuBar bar = new MenuBar(file, edit, view, run, help);
    bar.setId("menu-bar");
    return bar;
  }

  /**
   * The Run menu: the Learning-rate and Train workspaces' own commands, enabled exactly when their
   * buttons are (both bind to the view-models' properties), and why Start is unavailable.
   */
  private Menu runMenu() {
    TrainViewModel t = train.viewModel();
    LrViewModel sweep = lr.viewModel();
    MenuItem findLr =
        item(
            "Find _Learning Rate",
            "F4",
            () -> {
              showWorkspace("Learning rate");
              sweep.run();
            });
    findLr.setId("menu-find-lr");
    findLr
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> sweep.phaseProperty().get().busy(), sweep.phaseProperty()));
    MenuItem start =
        item(
            "_Start Training",
            "F5",
            () -> {
              showWorkspace("Train");
              t.start();
            });
    start.setId("menu-start");
    start.disableProperty().bind(t.canStartProperty().not());
    MenuItem pause =
        item(
            "_Pause",
            "F6",
            () -> {
              if (t.canResumeProperty().get()) {
                t.resume();
              } else {
                t.pause();
              }
            });
    pause.setId("menu-pause");
    pause
        .textProperty()
        .bind(Bindings.when(t.canResumeProperty()).then("_Resume").otherwise("_Pause"));
    pause.disableProperty().bind(t.canPauseProperty().or(t.canResumeProperty()).not());
    MenuItem stop = item("S_top", "Shift+F5", t::stop);
    stop.setId("menu-stop");
    stop.disableProperty().bind(t.canStopProperty().not());
    MenuItem resume =
        item(
            "_Continue Stopped Run…",
            "Shortcut+F5",
            () -> {
              showWorkspace("Train");
              train.continueStoppedRun();
            });
    resume.setId("menu-continue");
    resume.disableProperty().bind(t.canContinueProperty().not());
    // Why Start is disabled, as the Train workspace says under its buttons.
    MenuItem blocked = new MenuItem();
    blocked.setId("menu-start-blocked");
    blocked.setMnemonicParsing(false);
    blocked.setDisable(true);
    blocked
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    t.configProblemProperty().get() == null
                        ? ""
                        : "Cannot start: " + t.configProblemProperty().get(),
                t.configProblemProperty()));
    blocked
        .visibleProperty()
        .bind(
            t.configProblemProperty()
                .isNotNull()
                .and(
                    Bindings.createBooleanBinding(
                        () -> !t.stateProperty().get().active(), t.stateProperty())));
    Menu run = new Menu("_Run");
    run.setId("menu-run");
    run.getItems()
        .addAll(
            findLr,
            new SeparatorMenuItem(),
            start,
            pause,
            stop,
            new SeparatorMenuItem(),
            resume,
            blocked);
    return run;
  }

  private static String label(String verb, String what) {
    return what == null || what.isEmpty() ? verb : verb + " " + what;
  }

  /** Edit commands act on a focused text field when there is one, else on the graph. */
  /**
   * An edit of the model's selection, done only while the Model workspace is shown: Delete pressed
   * on the Data workspace must not delete layers nobody can see.
   */
  private Runnable onGraph(Runnable action) {
    return () -> {
      if (root.getCenter() == modelWorkspace) {
        action.run();
      }
    };
  }

  private void text(Consumer<TextInputControl> onText, Runnable onGraph) {
    if (stage.getScene() != null
        && stage.getScene().getFocusOwner() instanceof TextInputControl t) {
      onText.accept(t);
    } else {
      onGraph.run();
    }
  }

  private static MenuItem item(String text, String accelerator, Runnable action) {
    MenuItem i = new MenuItem(text);
    if (accelerator != null) {
      i.setAccelerator(KeyCombination.keyCombination(accelerator));
    }
    i.setOnAction(e -> action.run());
    return i;
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
            tool(Material2MZ.NOTE_ADD, "New project (Ctrl+N)", this::newProject),
            tool(
                Material2AL.LIBRARY_ADD, "New from template (Ctrl+Shift+N)", this::newFromTemplate),
            tool(Material2AL.FOLDER_OPEN, "Open a project or model (Ctrl+O)", this::open),
            tool(Material2MZ.SAVE, "Save (Ctrl+S)", () -> save(() -> {})),
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
            switcher(),
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

  private Node switcher() {
    record Ws(String name, Ikon icon, Node pane) {}
    List<Ws> all =
        List.of(
            new Ws("Data", Material2MZ.PHOTO_LIBRARY, data),
            new Ws("Model", Material2AL.ACCOUNT_TREE, modelWorkspace),
            new Ws("Learning rate", Material2MZ.SHOW_CHART, lr),
            new Ws("Train", Material2MZ.PLAY_ARROW, train),
            new Ws(
                "Evaluate",
                Material2AL.ASSESSMENT,
                new org.layerbench.app.gui.evaluate.EvaluateWorkspace(context)),
            new Ws(
                "Predict",
                Material2AL.IMAGE_SEARCH,
                new org.layerbench.app.gui.predict.PredictWorkspace(context)),
            new Ws(
                "Export",
                Material2MZ.SAVE_ALT,
                new org.layerbench.app.gui.export.ExportWorkspace(context)));
    HBox box = new HBox();
    box.setAlignment(Pos.CENTER);
    for (int i = 0; i < all.size(); i++) {
      Ws w = all.get(i);
      ToggleButton b = new ToggleButton(w.name());
      b.setId("ws-" + w.name().toLowerCase(Locale.ROOT).replace(' ', '-'));
      b.setToggleGroup(switcher);
      b.setUserData(w.pane());
      b.setFocusTraversable(false);
      b.getStyleClass()
          .add(
              i == 0
                  ? Styles.LEFT_PILL
                  : i == all.size() - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
      box.getChildren().add(b);
      if (w.pane() == modelWorkspace) {
        b.setSelected(true);
      }
    }
    switcher
        .selectedToggleProperty()
        .addListener(
            (obs, o, n) -> {
              if (n == null) {
                o.setSelected(true); // one workspace is always shown
              } else {
                root.setCenter((Node) n.getUserData());
              }
            });
    box.getStyleClass().add("workspace-switcher");
    return box;
  }

  private Node statusBar() {
    statusBar.setId("status-bar");
    statusBar.textProperty().bind(vm.statusProperty());
    Label engine = new Label();
    engine.setId("status-engine");
    engine.textProperty().bind(train.viewModel().engineStateProperty());
    engine.setTooltip(new Tooltip("The training engine's state: idle, training, paused, stopping"));
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

  // ---- file commands ----

  /** Asks about unsaved changes; runs {@code then} unless the person cancels. */
  private void proceedIfSaved(Runnable then) {
    if (!vm.isDirty()) {
      then.run();
      return;
    }
    ButtonType answer = WorkbenchDialogs.unsaved(stage, vm.current().name());
    if (answer == ButtonType.CANCEL) {
      return;
    }
    if (answer.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.YES) {
      save(then);
    } else {
      then.run();
    }
  }

  private void newProject() {
    proceedIfSaved(vm::newProject);
  }

  private void newFromTemplate() {
    proceedIfSaved(
        () ->
            WorkbenchDialogs.template(stage)
                .ifPresent(t -> vm.newFromTemplate(t.name(), t.classes(), t.input())));
  }

  private void open() {
    proceedIfSaved(
        () -> {
          FileChooser fc = new FileChooser();
          fc.setTitle("Open a project or model");
          fc.getExtensionFilters()
              .addAll(
                  new FileChooser.ExtensionFilter(
                      "LayerBench projects and models", "*.lbproj", "*.json"),
                  new FileChooser.ExtensionFilter("All files", "*"));
          Path current = vm.current().file();
          if (current != null && current.toAbsolutePath().getParent() != null) {
            fc.setInitialDirectory(current.toAbsolutePath().getParent().toFile());
          }
          File f = fc.showOpenDialog(stage);
          if (f != null) {
            vm.open(f.toPath());
          }
        });
  }

  private void importWeights() {
    showWorkspace("Train");
    TrainWorkspace.chooseWeights(stage).ifPresent(train.viewModel()::importWeights);
  }

  private void openDataset() {
    showWorkspace("Data");
    data.chooseFolder();
  }

  private void openFile(Path p) {
    proceedIfSaved(() -> vm.open(p));
  }

  /** Saves (asking where when the project has no file yet); {@code then} runs once written. */
  private void save(Runnable then) {
    Path file = vm.current().file();
    if (file == null) {
      saveAs(then);
    } else {
      vm.saveAs(file, then);
    }
  }

  private void saveAs(Runnable then) {
    FileChooser fc = new FileChooser();
    fc.setTitle("Save project");
    fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("LayerBench project", "*.lbproj"));
    Path current = vm.current().file();
    fc.setInitialFileName(
        current == null ? vm.current().name() + ".lbproj" : current.getFileName().toString());
    File f = fc.showSaveDialog(stage);
    if (f != null) {
      Path p = f.toPath();
      if (!p.getFileName().toString().endsWith(".lbproj")) {
        p = p.resolveSibling(p.getFileName() + ".lbproj");
      }
      vm.saveAs(p, then);
    }
  }

  void quit() {
    proceedIfSaved(
        () -> {
          vm.deleteAutosave();
          Platform.exit();
        });
  }
}
