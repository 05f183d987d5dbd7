package org.layerbench.app.gui;

import java.io.File;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.control.ButtonType;
import javafx.stage.FileChooser;
import javafx.stage.Stage;

/**
 * The window's file commands (new, open, save, quit) with their dialogs: each asks about unsaved
 * changes first and then calls {@link WorkbenchViewModel}. The menus and the toolbar share them.
 */
final class WorkbenchFiles {
  private final WorkbenchViewModel vm;
  private final Stage stage;

  WorkbenchFiles(WorkbenchViewModel vm, Stage stage) {
    this.vm = vm;
    this.stage = stage;
  }

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

  void newProject() {
    proceedIfSaved(vm::newProject);
  }

  void newFromTemplate() {
    proceedIfSaved(
        () ->
            WorkbenchDialogs.template(stage, vm.model().datasetClassesProperty().get())
                .ifPresent(t -> vm.newFromTemplate(t.name(), t.classes(), t.input())));
  }

  void open() {
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

  void openFile(Path p) {
    proceedIfSaved(() -> vm.open(p));
  }

  /** Saves (asking where when the project has no file yet); {@code then} runs once written. */
  void save(Runnable then) {
    Path file = vm.current().file();
    if (file == null) {
      saveAs(then);
    } else {
      vm.saveAs(file, then);
    }
  }

  void saveAs(Runnable then) {
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
