package org.layerbench.app.gui;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCombination;
import javafx.stage.Stage;
import org.fxmisc.richtext.GenericStyledArea;
import org.layerbench.app.gui.data.DataWorkspace;
import org.layerbench.app.gui.lr.LrViewModel;
import org.layerbench.app.gui.lr.LrWorkspace;
import org.layerbench.app.gui.model.GraphCanvas;
import org.layerbench.app.gui.model.ModelViewModel;
import org.layerbench.app.gui.model.ModelWorkspace;
import org.layerbench.app.gui.train.TrainViewModel;
import org.layerbench.app.gui.train.TrainWorkspace;

/**
 * The window's menu bar: File, Edit, View, Run and Help with the standard shortcuts. The items call
 * the file commands, the open project's commands and the workspaces' view-models; their enabled
 * states bind to the same properties the workspaces' buttons bind to.
 */
final class WorkbenchMenus {
  private final WorkbenchViewModel vm;
  private final ModelViewModel model;
  private final Stage stage;
  private final WorkbenchFiles files;
  private final WorkspaceSwitcher panes;
  private final TrainWorkspace train;
  private final LrWorkspace lr;
  private final Consumer<String> show;
  private final BooleanSupplier modelShown;
  private final Help help;

  /**
   * What the Help menu opens besides its dialogs.
   *
   * @param guide shows the first-run guide again
   * @param docs opens a page of the shipped documentation ({@code UserDocs.WINDOW}, ...)
   */
  record Help(Runnable guide, Consumer<String> docs) {}

  /**
   * @param panes the workspaces (the menus act on Model, Data, Learning rate and Train)
   * @param modelShown whether the Model workspace is the one shown (edits of the graph need it)
   */
  WorkbenchMenus(
      WorkbenchViewModel vm,
      Stage stage,
      WorkbenchFiles files,
      WorkspaceSwitcher panes,
      BooleanSupplier modelShown,
      Help help) {
    this.help = help;
    this.vm = vm;
    this.model = vm.model();
    this.stage = stage;
    this.files = files;
    this.panes = panes;
    this.train = panes.pane(TrainWorkspace.class);
    this.lr = panes.pane(LrWorkspace.class);
    this.show = panes::show;
    this.modelShown = modelShown;
  }

  MenuBar menuBar() {
    Menu file = new Menu("_File");
    Menu recent = new Menu("Open _Recent");
    Runnable fillRecent =
        () -> {
          recent.getItems().clear();
          for (Path p : vm.recentFiles()) {
            MenuItem i = new MenuItem(p.getFileName() + "  —  " + p.getParent());
            i.setMnemonicParsing(false);
            i.setOnAction(e -> files.openFile(p));
            recent.getItems().add(i);
          }
          recent.setDisable(recent.getItems().isEmpty());
        };
    fillRecent.run();
    vm.recentFiles().addListener((ListChangeListener<Path>) c -> fillRecent.run());
    MenuItem importWeights = item("_Import Weights…", null, this::importWeights);
    importWeights.setId("menu-import-weights");
    MenuItem export = item("_Export…", null, () -> show.accept("Export"));
    export.setId("menu-export");
    file.getItems()
        .addAll(
            item("_New", "Shortcut+N", files::newProject),
            item("New from _Template…", "Shortcut+Shift+N", files::newFromTemplate),
            item("_Open…", "Shortcut+O", files::open),
            recent,
            item("Open _Dataset Folder…", "Shortcut+Shift+O", this::openDataset),
            item("Open Dataset _File (CSV, TSV)…", null, this::openTextDataset),
            new SeparatorMenuItem(),
            item("_Save", "Shortcut+S", () -> files.save(() -> {})),
            item("Save _As…", "Shortcut+Shift+S", () -> files.saveAs(() -> {})),
            new SeparatorMenuItem(),
            importWeights,
            export,
            new SeparatorMenuItem(),
            item("_Quit", "Shortcut+Q", files::quit));

    Menu edit = new Menu("_Edit");
    MenuItem undo =
        item(
            "_Undo",
            "Shortcut+Z",
            () -> text(TextInputControl::undo, a -> {}, vm.commands()::undo));
    undo.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> label("Undo", vm.commands().undoLabelProperty().get()),
                vm.commands().undoLabelProperty()));
    undo.disableProperty().bind(vm.commands().canUndoProperty().not());
    MenuItem redo =
        item(
            "_Redo",
            "Shortcut+Shift+Z",
            () -> text(TextInputControl::redo, a -> {}, vm.commands()::redo));
    redo.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> label("Redo", vm.commands().redoLabelProperty().get()),
                vm.commands().redoLabelProperty()));
    redo.disableProperty().bind(vm.commands().canRedoProperty().not());
    MenuItem redoY =
        item(
            "Redo", "Shortcut+Y", () -> text(TextInputControl::redo, a -> {}, vm.commands()::redo));
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
                () -> text(TextInputControl::cut, a -> {}, onGraph(model::cutSelection))),
            item(
                "_Copy",
                "Shortcut+C",
                () ->
                    text(
                        TextInputControl::copy,
                        WorkbenchMenus::copy,
                        onGraph(model::copySelection))),
            item(
                "_Paste",
                "Shortcut+V",
                () -> text(TextInputControl::paste, a -> {}, onGraph(model::paste))),
            item(
                "_Delete",
                "Delete",
                () -> text(t -> t.deleteNextChar(), a -> {}, onGraph(model::deleteSelection))),
            new SeparatorMenuItem(),
            item(
                "Select _All",
                "Shortcut+A",
                () ->
                    text(
                        TextInputControl::selectAll,
                        GenericStyledArea::selectAll,
                        onGraph(model::selectAll))));

    GraphCanvas canvas = panes.pane(ModelWorkspace.class).canvas();
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
    MenuItem guide = item("_Getting Started", null, this.help.guide());
    guide.setId("menu-guide");
    MenuItem userGuide =
        item(
            "_User Guide",
            null,
            () -> this.help.docs().accept(org.layerbench.app.gui.guide.UserDocs.WINDOW));
    userGuide.setId("menu-user-guide");
    help.getItems()
        .addAll(
            guide,
            userGuide,
            item(
                "_Command-Line Reference",
                null,
                () -> this.help.docs().accept(org.layerbench.app.gui.guide.UserDocs.CLI)),
            item(
                "_Read Me",
                null,
                () -> this.help.docs().accept(org.layerbench.app.gui.guide.UserDocs.README)),
            new SeparatorMenuItem(),
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
              show.accept("Learning rate");
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
              show.accept("Train");
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
              show.accept("Train");
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

  /**
   * An edit of the model's selection, done only while the Model workspace is shown: Delete pressed
   * on the Data workspace must not delete layers nobody can see.
   */
  private Runnable onGraph(Runnable action) {
    return () -> {
      if (modelShown.getAsBoolean()) {
        action.run();
      }
    };
  }

  /**
   * Edit commands act on a focused text field, or on a focused read-only code area (the Model
   * workspace's Code tab: only Copy and Select All mean something there, and the graph must not be
   * edited instead), else on the graph.
   */
  private void text(
      Consumer<TextInputControl> onText,
      Consumer<GenericStyledArea<?, ?, ?>> onArea,
      Runnable onGraph) {
    Object focus = stage.getScene() == null ? null : stage.getScene().getFocusOwner();
    if (focus instanceof TextInputControl t) {
      onText.accept(t);
    } else if (focus instanceof GenericStyledArea<?, ?, ?> a) {
      onArea.accept(a);
    } else {
      onGraph.run();
    }
  }

  /** Copies a code area's selection, or all its text when nothing is selected. */
  private static void copy(GenericStyledArea<?, ?, ?> area) {
    if (area.getSelection().getLength() > 0) {
      area.copy();
    } else {
      ClipboardContent c = new ClipboardContent();
      c.putString(area.getText());
      Clipboard.getSystemClipboard().setContent(c);
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

  private void importWeights() {
    show.accept("Train");
    TrainWorkspace.chooseWeights(stage).ifPresent(train.viewModel()::importWeights);
  }

  private void openDataset() {
    show.accept("Data");
    panes.pane(DataWorkspace.class).chooseFolder();
  }

  private void openTextDataset() {
    show.accept("Data");
    panes.pane(DataWorkspace.class).chooseTextFile();
  }
}
