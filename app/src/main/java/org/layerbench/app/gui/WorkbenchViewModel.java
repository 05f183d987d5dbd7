package org.layerbench.app.gui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.layerbench.app.FileErrors;
import org.layerbench.app.gui.command.CommandStack;
import org.layerbench.app.gui.model.ElkLayout;
import org.layerbench.app.gui.model.GraphEdits;
import org.layerbench.app.gui.model.ModelViewModel;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.AtomicFiles;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.ProjectFile;
import org.layerbench.engine.project.TrainingSettings;

/**
 * The window's state and commands, without controls: the open project and its file, the dirty mark
 * and title, recent projects, autosave and crash recovery, and the theme. File work runs on {@code
 * io}; results are applied on {@code fx}. The model's edits live in {@link #model()}.
 */
public final class WorkbenchViewModel {
  private static final int RECENT_MAX = 8;
  private static final String AUTOSAVE = "autosave.lbproj";
  private static final String AUTOSAVE_ORIGIN = "autosave.origin";

  private final CommandStack stack = new CommandStack();
  private final ModelViewModel model;
  private final ModelCheck modelCheck;
  private final Executor io;
  private final Executor fx;
  private final Settings settings;
  private final Path autosaveDir;
  private final ReadOnlyObjectWrapper<Project> project =
      new ReadOnlyObjectWrapper<>(this, "project");
  private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper(this, "dirty");
  private final ReadOnlyStringWrapper title =
      new ReadOnlyStringWrapper(this, "title", "LayerBench");
  private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "Ready");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
  private final ObservableList<Path> recent = FXCollections.observableArrayList();
  private final ObservableList<Path> recentView = FXCollections.unmodifiableObservableList(recent);
  private final BooleanProperty dark = new SimpleBooleanProperty(this, "dark");
  private final ReadOnlyStringWrapper dataset = new ReadOnlyStringWrapper(this, "dataset", "");
  private long savedState;
  private long autosavedState;
  private Consumer<String> errors = msg -> {};

  /**
   * @param io runs file work (reading, writing, layout)
   * @param analysis runs shape inference after edits
   * @param fx applies results (the FX thread in the app; the calling thread in tests)
   * @param settings what is remembered between runs
   * @param autosaveDir where unsaved work is autosaved, or null for no autosave
   */
  public WorkbenchViewModel(
      Executor io, Executor analysis, Executor fx, Settings settings, Path autosaveDir) {
    this.io = io;
    this.fx = fx;
    this.settings = settings;
    this.autosaveDir = autosaveDir;
    this.model = new ModelViewModel(stack, analysis, fx);
    this.modelCheck =
        new ModelCheck() {
          @Override
          public org.layerbench.engine.graph.GraphAnalysis analysis() {
            return model.analysis();
          }

          @Override
          public void setDatasetClasses(int classes) {
            model.setDatasetClasses(classes);
          }

          @Override
          public boolean analyses(ModelGraph g) {
            return model.analyses(g);
          }

          @Override
          public void setVocabularySize(int size) {
            model.setVocabularySize(size);
          }

          @Override
          public String classMismatch() {
            var m = model.classMismatchProperty().get();
            if (m == null) {
              return null;
            }
            String text = m.message();
            return (text.endsWith(".") ? text : text + ".")
                + " Use \""
                + m.fixLabel()
                + "\" in the Model workspace's problems.";
          }
        };
    savedState = stack.state();
    autosavedState = stack.state();
    stack.stateProperty().addListener((obs, o, n) -> dirty.set(n.longValue() != savedState));
    title.bind(
        Bindings.createStringBinding(
            () -> {
              Project p = project.get();
              if (p == null) {
                return "LayerBench";
              }
              String file = p.file() == null ? "not saved" : p.file().getFileName().toString();
              return (dirty.get() ? "*" : "") + p.name() + " — " + file + " — LayerBench";
            },
            project,
            dirty));
    for (String s : settings.get("recent", "").split("\n")) {
      if (!s.isBlank()) {
        recent.add(Path.of(s));
      }
    }
    dark.set(Boolean.parseBoolean(settings.get("dark", "false")));
    dark.addListener((obs, o, n) -> settings.put("dark", String.valueOf(n)));
  }

  public ModelViewModel model() {
    return model;
  }

  /** The model's checks, for the workspaces that must not depend on the Model workspace. */
  public ModelCheck modelCheck() {
    return modelCheck;
  }

  public CommandStack commands() {
    return stack;
  }

  /**
   * The open project; its {@code model} is the one last loaded or saved — see {@link #current()}.
   */
  public ReadOnlyObjectProperty<Project> projectProperty() {
    return project.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty dirtyProperty() {
    return dirty.getReadOnlyProperty();
  }

  public boolean isDirty() {
    return dirty.get();
  }

  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  /** Puts a short line on the status bar ("Opening the user guide…"). */
  public void setStatus(String message) {
    status.set(message);
  }

  /** A short line for the status bar: what happened last ("Saved sample.lbproj"). */
  public ReadOnlyStringProperty statusProperty() {
    return status.getReadOnlyProperty();
  }

  /** True while a project is being read or written. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }

  public ObservableList<Path> recentFiles() {
    return recentView;
  }

  /** Dark theme on or off (remembered). */
  public BooleanProperty darkProperty() {
    return dark;
  }

  /**
   * One line about the project's dataset: folder, classes and image counts (computed off-thread).
   */
  public ReadOnlyStringProperty datasetSummaryProperty() {
    return dataset.getReadOnlyProperty();
  }

  public Settings settings() {
    return settings;
  }

  /** Where failures to open or save are reported (the view shows them in a dialog). */
  public void setErrorHandler(Consumer<String> handler) {
    this.errors = handler;
  }

  /** The project as it is now, with the edited model. */
  public Project current() {
    Project p = project.get();
    if (p == null) {
      return new Project(
          "Untitled", null, null, model.graph(), TrainingSettings.DEFAULTS, List.of());
    }
    return p.withModel(model.graph());
  }

  /**
   * Changes the project's data other than the model (dataset, transforms, training settings, runs)
   * as one undoable edit that marks the project dirty. The change gets the project as it is now.
   */
  public void editProject(String label, java.util.function.UnaryOperator<Project> change) {
    Project before = project.get() != null ? project.get() : current();
    Project after = change.apply(before);
    if (after.equals(before)) {
      return;
    }
    stack.push(
        new org.layerbench.app.gui.command.Command() {
          @Override
          public String label() {
            return label;
          }

          @Override
          public void execute() {
            project.set(after);
            if (!java.util.Objects.equals(after.dataset(), before.dataset())) {
              summarizeDataset(after);
            }
          }

          @Override
          public void undo() {
            project.set(before);
            if (!java.util.Objects.equals(after.dataset(), before.dataset())) {
              summarizeDataset(before);
            }
          }
        });
  }

  /** Runs file work off the FX thread. */
  public Executor ioExecutor() {
    return io;
  }

  /** Applies results (the FX thread in the app). */
  public Executor fxExecutor() {
    return fx;
  }

  // ---- documents ----

  /** A new project holding only an Input node. */
  public void newProject() {
    ModelGraph g = new ModelGraph("model", List.of(), List.of(), List.of());
    g = GraphEdits.addNode(g, LayerType.INPUT, 0, 0).graph();
    show(
        new Project("Untitled", null, null, g, TrainingSettings.DEFAULTS, List.of()),
        "New project");
  }

  /** A new, unsaved project from a template with the given class count and input shape. */
  public void newFromTemplate(String name, int classes, List<Integer> input) {
    Templates.Template t =
        Templates.find(name).orElseThrow(() -> new IllegalArgumentException("no template " + name));
    run(
        "Creating " + name + "…",
        () -> {
          ModelGraph g = laidOut(t.create(classes, input));
          return new Project(name, null, null, g, TrainingSettings.DEFAULTS, List.of());
        },
        p -> show(p, "New " + name + " (" + classes + " classes, input " + shapeText(input) + ")"));
  }

  /**
   * Opens the project file that {@code locate} finds, or a new project when it finds none. {@code
   * locate} runs on the io executor: finding the sample may mean copying it first.
   */
  public void openOrNew(Callable<Optional<Path>> locate) {
    run(
        "Preparing the sample project…",
        locate::call,
        found -> found.ifPresentOrElse(this::open, this::newProject));
  }

  /** Opens a project ({@code *.lbproj}) or a model file ({@code *.json}, as a new project). */
  public void open(Path file) {
    run(
        "Opening " + file.getFileName() + "…",
        file,
        false,
        () -> read(file),
        p -> {
          show(p, "Opened " + file.getFileName());
          if (p.file() != null) {
            remember(p.file());
          }
        });
  }

  static Project read(Path file) throws Exception {
    if (file.getFileName().toString().endsWith(".json")) {
      ModelGraph g = laidOut(ModelJson.read(file));
      return new Project(g.name(), null, null, g, TrainingSettings.DEFAULTS, List.of());
    }
    Project p = ProjectFile.read(file);
    return p.withModel(laidOut(p.model()));
  }

  /** The graph laid out by ELK when its positions need it; as it is if layout fails. */
  static ModelGraph laidOut(ModelGraph g) {
    if (!ElkLayout.needsLayout(g)) {
      return g;
    }
    try {
      return GraphEdits.move(g, ElkLayout.layout(g));
    } catch (RuntimeException | LinkageError | java.util.ServiceConfigurationError e) {
      // The model is still usable with its stored positions; the layout is a convenience.
      System.err.println("layerbench: auto-layout failed: " + e);
      return g;
    }
  }

  /**
   * Saves to the project's file. Returns false when it has none yet (the view then asks where, and
   * calls {@link #saveAs}).
   */
  public boolean save() {
    Project p = project.get();
    if (p == null || p.file() == null) {
      return false;
    }
    saveAs(p.file());
    return true;
  }

  public void saveAs(Path file) {
    saveAs(file, () -> {});
  }

  /** Saves to {@code file}, then runs {@code then} (on the FX side) once the file is written. */
  public void saveAs(Path file, Runnable then) {
    Project snapshot = current();
    long state = stack.state();
    String name =
        snapshot.file() == null && "Untitled".equals(snapshot.name())
            ? file.getFileName().toString().replaceFirst("\\.lbproj$", "")
            : snapshot.name();
    Project target =
        new Project(
            name,
            file,
            rebase(snapshot, file),
            snapshot.model(),
            StartingWeightsFile.rebased(snapshot, file),
            snapshot.runs(),
            snapshot.transforms(),
            TextFiles.rebased(snapshot, file));
    run(
        "Saving " + file.getFileName() + "…",
        file,
        true,
        () -> {
          ProjectFile.write(target, file);
          return target;
        },
        p -> {
          project.set(p);
          savedState = state;
          dirty.set(stack.state() != savedState);
          deleteAutosave();
          remember(file);
          status.set("Saved " + file.getFileName());
          then.run();
        });
  }

  /**
   * The dataset path as the project saved at {@code file} must write it: it is stored relative to
   * the project file, so saving into another folder must re-relativize it to keep pointing at the
   * same folder.
   */
  static String rebase(Project p, Path file) {
    if (p.dataset() == null || p.file() == null || Path.of(p.dataset()).isAbsolute()) {
      return p.dataset();
    }
    Path dir = file.toAbsolutePath().normalize().getParent();
    Path target = p.datasetDir().toAbsolutePath().normalize();
    try {
      return dir.relativize(target).toString().replace('\\', '/');
    } catch (IllegalArgumentException e) {
      return target.toString(); // another drive or root: keep it absolute
    }
  }

  private void show(Project p, String message) {
    project.set(p);
    model.load(p.model());
    savedState = stack.state();
    autosavedState = savedState;
    dirty.set(false);
    status.set(message);
    summarizeDataset(p);
  }

  private void summarizeDataset(Project p) {
    if (p.dataset() == null) {
      dataset.set("This project has no dataset yet.");
      return;
    }
    if (p.textDataset()) {
      dataset.set("Dataset " + p.dataset() + ": a CSV/TSV file of labelled texts.");
      return;
    }
    Path dir = p.datasetDir();
    io.execute(
        () -> {
          String text;
          try {
            var counts = ProjectSummary.countImages(dir);
            List<String> parts = new ArrayList<>();
            counts.forEach(
                (split, perClass) ->
                    parts.add(
                        split
                            + " "
                            + perClass.values().stream().mapToInt(Integer::intValue).sum()
                            + " images in "
                            + perClass.size()
                            + " classes ("
                            + String.join(", ", perClass.keySet())
                            + ")"));
            text =
                "Dataset "
                    + p.dataset()
                    + ": "
                    + (parts.isEmpty() ? "no images found" : String.join("; ", parts))
                    + ".";
          } catch (IOException e) {
            text = "Dataset " + p.dataset() + " could not be read: " + e.getMessage();
          }
          String result = text;
          fx.execute(() -> dataset.set(result));
        });
  }

  private interface Work<T> {
    T call() throws Exception;
  }

  private <T> void run(String doing, Work<T> work, Consumer<T> done) {
    run(doing, null, false, work, done);
  }

  /**
   * Runs {@code work} on the io executor; a failure goes to the error handler as a sentence, one
   * that names {@code file} (when given) and says why when the failure was the file's.
   */
  private <T> void run(String doing, Path file, boolean writes, Work<T> work, Consumer<T> done) {
    busy.set(true);
    status.set(doing);
    io.execute(
        () -> {
          try {
            T result = work.call();
            fx.execute(
                () -> {
                  busy.set(false);
                  done.accept(result);
                });
          } catch (Exception | LinkageError | java.util.ServiceConfigurationError e) {
            String why = failureMessage(file, writes, e);
            fx.execute(
                () -> {
                  busy.set(false);
                  status.set("Failed: " + why);
                  errors.accept(why);
                });
          }
        });
  }

  /** "Cannot write /p/x.lbproj: read-only file system." and the like. */
  static String failureMessage(Path file, boolean writes, Throwable e) {
    String m = file != null ? FileErrors.about(file, writes, e) : FileErrors.message(e);
    m = m.strip();
    if (!m.isEmpty()) {
      m = Character.toUpperCase(m.charAt(0)) + m.substring(1);
    }
    return m.endsWith(".") || m.endsWith("!") || m.endsWith("?") ? m : m + ".";
  }

  private void remember(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    recent.remove(abs);
    recent.add(0, abs);
    while (recent.size() > RECENT_MAX) {
      recent.remove(recent.size() - 1);
    }
    settings.put("recent", String.join("\n", recent.stream().map(Path::toString).toList()));
  }

  // ---- autosave and recovery ----

  /** What an autosave found at start-up: the saved state and the file it belongs to (or none). */
  public record Recovery(Path autosave, Path origin, Instant when) {}

  /**
   * Writes the current state to the autosave folder when it changed since the last autosave and is
   * not saved. Losing at most one autosave interval is the promise.
   */
  public void autosave() {
    long state = stack.state();
    if (autosaveDir == null || !dirty.get() || state == autosavedState) {
      return;
    }
    autosavedState = state;
    Project snapshot = current();
    io.execute(
        () -> {
          try {
            Files.createDirectories(autosaveDir);
            ProjectFile.write(snapshot, autosaveDir.resolve(AUTOSAVE));
            AtomicFiles.writeString(
                autosaveDir.resolve(AUTOSAVE_ORIGIN),
                snapshot.file() == null ? "" : snapshot.file().toAbsolutePath().toString());
          } catch (IOException e) {
            fx.execute(
                () -> status.set("Autosave failed: " + failureMessage(autosaveDir, true, e)));
          }
        });
  }

  /** An autosave left by a session that did not end cleanly, if any. */
  public Optional<Recovery> pendingRecovery() {
    if (autosaveDir == null) {
      return Optional.empty();
    }
    Path file = autosaveDir.resolve(AUTOSAVE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String origin =
          Files.isRegularFile(autosaveDir.resolve(AUTOSAVE_ORIGIN))
              ? Files.readString(autosaveDir.resolve(AUTOSAVE_ORIGIN), StandardCharsets.UTF_8)
                  .strip()
              : "";
      return Optional.of(
          new Recovery(
              file,
              origin.isEmpty() ? null : Path.of(origin),
              Files.getLastModifiedTime(file).toInstant()));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Opens the autosaved state as unsaved changes to its original file. */
  public void recover(Recovery r) {
    run(
        "Recovering…",
        () -> {
          Project p = read(r.autosave());
          return p.at(p.name(), r.origin());
        },
        p -> {
          project.set(p);
          model.load(p.model());
          // Recovered work is unsaved by definition: mark it so until it is saved.
          savedState = Long.MIN_VALUE;
          dirty.set(true);
          status.set("Recovered the changes autosaved " + Moments.when(r.when()));
        });
  }

  /** Forgets the autosave (after a clean exit, a save, or a declined recovery). */
  public void deleteAutosave() {
    if (autosaveDir == null) {
      return;
    }
    try {
      Files.deleteIfExists(autosaveDir.resolve(AUTOSAVE));
      Files.deleteIfExists(autosaveDir.resolve(AUTOSAVE_ORIGIN));
    } catch (IOException e) {
      // A stale autosave is offered once more at the next start; nothing is lost.
    }
  }

  private static String shapeText(List<Integer> input) {
    List<String> parts = new ArrayList<>();
    input.forEach(i -> parts.add(String.valueOf(i)));
    return String.join("×", parts);
  }
}
