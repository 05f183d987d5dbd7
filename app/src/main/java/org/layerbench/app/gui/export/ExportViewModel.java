package org.layerbench.app.gui.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.layerbench.app.gui.Failure;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.RunList;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.io.export.Export;
import org.layerbench.engine.io.export.ExportException;
import org.layerbench.engine.io.export.Exporter;
import org.layerbench.engine.io.export.Exporters;
import org.layerbench.engine.io.export.Verification;

/**
 * The Export workspace's state and commands: what to export (a run of the project, a model file, or
 * the current model as code only), which formats of the one exporter registry, the target folder,
 * the export on the engine thread with its progress and Cancel, and what it wrote and verified.
 * Knows no controls.
 */
public final class ExportViewModel {

  /** Runs an export (Export::run in the window; a fake in tests). */
  @FunctionalInterface
  public interface Exporting {
    Export.Result run(Export.Request request, Consumer<String> progress, BooleanSupplier cancel)
        throws ExportException;
  }

  /** Queues a job on the engine thread (the window's EngineService; same-thread in tests). */
  @FunctionalInterface
  public interface Engine {
    CompletableFuture<Export.Result> submit(Callable<Export.Result> job);
  }

  /** A format of the registry: checked to export it; unavailable when it needs weights. */
  public static final class FormatChoice {
    private final Exporter exporter;
    private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected", true);
    private final ReadOnlyBooleanWrapper available =
        new ReadOnlyBooleanWrapper(this, "available", true);

    FormatChoice(Exporter exporter) {
      this.exporter = exporter;
    }

    public Exporter exporter() {
      return exporter;
    }

    public BooleanProperty selectedProperty() {
      return selected;
    }

    /** False for a format that needs weights while the current model (code only) is chosen. */
    public ReadOnlyBooleanProperty availableProperty() {
      return available.getReadOnlyProperty();
    }

    boolean chosen() {
      return selected.get() && available.get();
    }
  }

  /** What was exported and what came out. */
  public record Done(String what, Path data, Export.Result result) {}

  private final WorkbenchContext context;
  private final BackgroundJob job;
  private final Engine engine;
  private final Exporting exporting;
  private final DesktopHost desktop;
  private final RunList runs;
  private final ObjectProperty<RunEntry> run = new SimpleObjectProperty<>(this, "run");
  private final BooleanProperty codeOnly = new SimpleBooleanProperty(this, "codeOnly");
  private final List<FormatChoice> formats = new ArrayList<>();
  private final ObjectProperty<Path> targetOverride = new SimpleObjectProperty<>(this, "target");
  private final ObjectBinding<Path> target;
  private final BooleanProperty verify = new SimpleBooleanProperty(this, "verify", true);
  private final BooleanProperty force = new SimpleBooleanProperty(this, "force");
  private final ReadOnlyObjectWrapper<Done> done = new ReadOnlyObjectWrapper<>(this, "done");
  private final ReadOnlyStringWrapper commands = new ReadOnlyStringWrapper(this, "commands", "");
  private final BooleanBinding canExport;

  /** The window's: exports on its engine thread, opens folders with the system's file manager. */
  public ExportViewModel(WorkbenchContext context) {
    this(context, context.engine()::submit, Export::run, DesktopHost.system());
  }

  public ExportViewModel(
      WorkbenchContext context, Engine engine, Exporting exporting, DesktopHost desktop) {
    this.context = context;
    this.job = new BackgroundJob(context.fx());
    this.engine = engine;
    this.exporting = exporting;
    this.desktop = desktop;
    this.runs = new RunList(context.io(), context.fx(), () -> context.vm().current());
    for (Exporter e : Exporters.all()) {
      FormatChoice f = new FormatChoice(e);
      f.available.bind(codeOnly.not().or(Bindings.createBooleanBinding(() -> !e.needsWeights())));
      formats.add(f);
    }
    target =
        Bindings.createObjectBinding(
            () -> targetOverride.get() != null ? targetOverride.get() : defaultTarget(),
            targetOverride,
            run,
            codeOnly,
            context.vm().projectProperty());
    // A folder chosen by hand belongs to what it was chosen for.
    run.addListener((obs, o, n) -> targetOverride.set(null));
    codeOnly.addListener((obs, o, n) -> targetOverride.set(null));
    BooleanBinding anyFormat = Bindings.createBooleanBinding(() -> false);
    for (FormatChoice f : formats) {
      BooleanBinding chosen = f.selected.and(f.available);
      anyFormat = anyFormat.or(chosen);
    }
    canExport =
        job.runningProperty()
            .not()
            .and(anyFormat)
            .and(codeOnly.or(run.isNotNull()))
            .and(Bindings.createBooleanBinding(() -> target.get() != null, target));
    runs.onLoad(
        () -> {
          RunEntry same = runs.sameAs(run.get());
          Path override = targetOverride.get();
          run.set(same != null ? same : runs.newestUsable());
          if (same != null) {
            targetOverride.set(override); // the same run reread: keep its chosen folder
          }
        });
    context
        .vm()
        .projectProperty()
        .addListener(
            (obs, o, n) -> {
              if (o == null || n == null || !Objects.equals(o.file(), n.file())) {
                done.set(null); // another project: the last export belongs to the old one
                commands.set("");
              }
              runs.refresh();
            });
  }

  public RunList runs() {
    return runs;
  }

  /** The run (or model file) to export; ignored while {@link #codeOnlyProperty()} is true. */
  public ObjectProperty<RunEntry> runProperty() {
    return run;
  }

  /** True to export the current model of the Model workspace, code only (it has no weights). */
  public BooleanProperty codeOnlyProperty() {
    return codeOnly;
  }

  /** The formats of {@link Exporters#all()}, in its order. */
  public List<FormatChoice> formats() {
    return formats;
  }

  /** A folder chosen by hand, or null for the default (the run's export/ folder). */
  public ObjectProperty<Path> targetOverrideProperty() {
    return targetOverride;
  }

  /** The folder the export will write. */
  public ObjectBinding<Path> targetProperty() {
    return target;
  }

  /** Whether every file is checked against LayerBench. */
  public BooleanProperty verifyProperty() {
    return verify;
  }

  /** Whether to write into a folder that holds other files (those are left alone). */
  public BooleanProperty forceProperty() {
    return force;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return job.runningProperty();
  }

  /** What the export is doing, or how the last one ended. */
  public ReadOnlyStringProperty statusProperty() {
    return job.messageProperty();
  }

  public ReadOnlyObjectProperty<Failure> failureProperty() {
    return job.failureProperty();
  }

  /** The last export's result (also one whose verification failed), or null. */
  public ReadOnlyObjectProperty<Done> doneProperty() {
    return done.getReadOnlyProperty();
  }

  /** The commands that use the last export's files, one a line ("" when there are none). */
  public ReadOnlyStringProperty commandsProperty() {
    return commands.getReadOnlyProperty();
  }

  /** Whether Export can be pressed: not running, something and a format chosen. */
  public BooleanBinding canExportProperty() {
    return canExport;
  }

  public void dismissFailure() {
    job.dismissFailure();
  }

  /** Adds a model file (.lbmodel) and picks it. */
  public void openModelFile(Path file) {
    codeOnly.set(false);
    run.set(runs.addModelFile(file));
  }

  private Path defaultTarget() {
    if (codeOnly.get()) {
      var p = context.vm().current();
      String name = safeName(p.model() == null ? "" : p.model().name());
      Path base =
          p.file() != null
              ? p.file().toAbsolutePath().getParent().resolve("export")
              : context.home().toAbsolutePath().resolve("export");
      return base.resolve(name.isEmpty() ? "model" : name + "-code");
    }
    RunEntry r = run.get();
    if (r == null || r.bundle() == null) {
      return null;
    }
    if (r.dir() != null) {
      return r.dir().resolve("export");
    }
    String file = r.bundle().getFileName().toString();
    String stem = file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
    return r.bundle().toAbsolutePath().resolveSibling(stem + "-export");
  }

  private static String safeName(String name) {
    return name.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+|-+$", "");
  }

  /** Exports what is chosen, on the engine thread. */
  public void export() {
    if (job.runningProperty().get()) {
      return;
    }
    List<Exporter> chosen =
        formats.stream().filter(FormatChoice::chosen).map(FormatChoice::exporter).toList();
    Path to = target.get();
    boolean code = codeOnly.get();
    RunEntry r = run.get();
    if (!code && r == null) {
      job.fail(Failure.of("Choose a run, a model file or the current model to export"));
      return;
    }
    String what = code ? "the current model" : r.name();
    if (!code && !r.usable()) {
      job.fail(Failure.of("Could not export " + what + ": " + r.reason()));
      return;
    }
    if (chosen.isEmpty()) {
      job.fail(Failure.of("Choose at least one format to export"));
      return;
    }
    if (to == null) {
      job.fail(Failure.of("Choose a folder to export to"));
      return;
    }
    ModelGraph graph = code ? context.vm().current().model() : null;
    Path data =
        code ? null : r.dataDir() != null ? r.dataDir() : context.vm().current().datasetDir();
    Export.Request request =
        new Export.Request(code ? null : r.bundle(), chosen, to, verify.get(), force.get());
    done.set(null);
    commands.set("");
    job.<Export.Result>task(
            "export " + what,
            p -> run(request, graph, step -> p.update(-1, capitalised(step) + "…"), p::cancelled))
        .onSuccess(result -> finish(what, data, result))
        .onCancelled("Cancelled: nothing was written.")
        .onFailure(t -> failure(what, t))
        .start(engine::submit);
  }

  /** On the engine thread: the current model goes to a temporary model JSON first. */
  private Export.Result run(
      Export.Request request,
      ModelGraph graph,
      Consumer<String> progress,
      BooleanSupplier cancelled)
      throws Exception {
    if (graph == null) {
      return exporting.run(request, progress, cancelled);
    }
    Path dir = Files.createTempDirectory("layerbench-export-");
    String name = safeName(graph.name());
    Path json = dir.resolve((name.isEmpty() ? "model" : name) + ".json");
    try {
      Files.writeString(json, ModelJson.toJson(graph));
      return exporting.run(
          new Export.Request(
              json, request.formats(), request.target(), request.verify(), request.force()),
          progress,
          cancelled);
    } finally {
      Files.deleteIfExists(json);
      Files.deleteIfExists(dir);
    }
  }

  private void finish(String what, Path data, Export.Result result) {
    done.set(new Done(what, data, result));
    if (result.failed()) {
      Verification first =
          result.checks().stream()
              .filter(c -> c.status() == Verification.Status.FAILED)
              .findFirst()
              .orElseThrow();
      job.say("Verification failed: nothing was written.");
      job.fail(
          Failure.of(
              "The export of "
                  + what
                  + " did not verify, so nothing was written: "
                  + first.file()
                  + ": "
                  + first.detail()));
      return;
    }
    commands.set(String.join("\n", ExportCommands.of(result, data)));
    job.say(summary(result));
  }

  private static Failure failure(String what, Throwable cause) {
    if (cause instanceof ExportException) {
      // Export's sentences name the CLI flag; here the same switch is a check box.
      String m =
          cause
              .getMessage()
              .replace("add --force to write", "check “Write beside other files” to write")
              .replace("only --format pytorch exports it", "only PyTorch code exports it");
      return Failure.of("Could not export " + what + ": " + m);
    }
    return Failure.of("export " + what, cause);
  }

  private static String summary(Export.Result r) {
    long passed = r.checks().stream().filter(c -> c.status() == Verification.Status.PASSED).count();
    long skipped =
        r.checks().stream().filter(c -> c.status() == Verification.Status.SKIPPED).count();
    String files = r.files().size() + (r.files().size() == 1 ? " file" : " files");
    if (r.inputs() == null) {
      return "Wrote " + files + ", not verified.";
    }
    return "Wrote "
        + files
        + "; "
        + passed
        + " of "
        + r.checks().size()
        + " checks passed"
        + (skipped > 0 ? ", " + skipped + " skipped" : "")
        + ".";
  }

  private static String capitalised(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** Asks the running export to stop before its next step. */
  public void cancel() {
    job.cancel();
  }

  /** Opens the last export's folder in the file manager, off the FX thread. */
  public void openFolder() {
    Done d = done.get();
    if (d == null || d.result().failed()) {
      return;
    }
    Path folder = d.result().target();
    context
        .io()
        .execute(
            () -> {
              try {
                desktop.open(folder);
              } catch (IOException | RuntimeException e) {
                context
                    .fx()
                    .execute(
                        () -> job.fail(Failure.of("Could not open " + folder + ": " + reason(e))));
              }
            });
  }

  private static String reason(Exception e) {
    return e.getMessage() == null || e.getMessage().isBlank()
        ? e.getClass().getSimpleName()
        : e.getMessage();
  }

  /** Puts the commands that use the files on the clipboard. */
  public void copyCommands() {
    if (!commands.get().isEmpty()) {
      desktop.copy(commands.get() + "\n");
      job.say("Copied the commands to the clipboard.");
    }
  }

  /** "2.4 kB" for people. */
  public static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
  }

  /** "3.1e-06", or "—" where no logits were compared. */
  public static String diff(Double d) {
    return d == null ? "—" : d == 0 ? "0" : String.format(Locale.ROOT, "%.2g", d);
  }
}
