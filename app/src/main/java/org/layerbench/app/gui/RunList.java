package org.layerbench.app.gui;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.layerbench.engine.project.Project;

/**
 * The models a workspace can pick from: the project's runs, read off the FX thread, followed by the
 * model files opened by hand. {@link #refresh()} rereads the run folders (a run that finished since
 * now shows its accuracy); a refresh overtaken by a newer one is dropped.
 */
public final class RunList {
  private final Executor io;
  private final Executor fx;
  private final Supplier<Project> project;
  private final ObservableList<RunEntry> entries = FXCollections.observableArrayList();
  private final ObservableList<RunEntry> view = FXCollections.unmodifiableObservableList(entries);
  private final List<RunEntry> files = new ArrayList<>();
  private final List<Runnable> onLoad = new ArrayList<>();
  private long generation;

  /**
   * @param io reads the run folders
   * @param fx applies the list
   * @param project the project as it is now (its runs and folder)
   */
  public RunList(Executor io, Executor fx, Supplier<Project> project) {
    this.io = io;
    this.fx = fx;
    this.project = project;
  }

  /** Runs first (the project's order), then the opened model files. FX thread. */
  public ObservableList<RunEntry> entries() {
    return view;
  }

  /** Called on the FX thread after each refresh has been applied. */
  public void onLoad(Runnable r) {
    onLoad.add(r);
  }

  /** Rereads the project's run folders off the FX thread. Call on the FX thread. */
  public void refresh() {
    long g = ++generation;
    Project p = project.get();
    io.execute(
        () -> {
          List<RunEntry> runs = RunCatalog.read(p);
          fx.execute(
              () -> {
                if (g != generation) {
                  return;
                }
                List<RunEntry> all = new ArrayList<>(runs);
                all.addAll(files);
                entries.setAll(all);
                onLoad.forEach(Runnable::run);
              });
        });
  }

  /** Adds a model file (.lbmodel) opened by hand and returns its entry. FX thread. */
  public RunEntry addModelFile(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    for (RunEntry e : files) {
      if (e.bundle().equals(abs)) {
        return e;
      }
    }
    RunEntry e = RunEntry.modelFile(abs);
    files.add(e);
    entries.add(e);
    return e;
  }

  /** The entry now listed for the same run folder or model file as {@code old}, or null. */
  public RunEntry sameAs(RunEntry old) {
    if (old == null) {
      return null;
    }
    for (RunEntry e : entries) {
      if (e.name().equals(old.name())
          && java.util.Objects.equals(e.dir(), old.dir())
          && (e.dir() != null || e.bundle().equals(old.bundle()))) {
        return e;
      }
    }
    return null;
  }

  /** The newest run with a model (the last listed), or null. */
  public RunEntry newestUsable() {
    RunEntry best = null;
    for (RunEntry e : entries) {
      if (e.dir() != null && e.usable()) {
        best = e;
      }
    }
    return best;
  }

  /** Asks for a trained model file (.lbmodel); empty when the dialog was cancelled. */
  public static java.util.Optional<Path> chooseModelFile(javafx.stage.Window owner) {
    javafx.stage.FileChooser fc = new javafx.stage.FileChooser();
    fc.setTitle("Open a trained model");
    fc.getExtensionFilters()
        .addAll(
            new javafx.stage.FileChooser.ExtensionFilter("LayerBench models", "*.lbmodel"),
            new javafx.stage.FileChooser.ExtensionFilter("All files", "*"));
    java.io.File f = fc.showOpenDialog(owner);
    return java.util.Optional.ofNullable(f).map(java.io.File::toPath);
  }
}
