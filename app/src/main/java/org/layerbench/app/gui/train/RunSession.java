package org.layerbench.app.gui.train;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;
import org.layerbench.app.gui.RunName;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.FxThrottle;
import org.layerbench.app.gui.train.TrainViewModel.Banner;
import org.layerbench.app.gui.train.TrainViewModel.RunState;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.train.TrainConfig;
import org.layerbench.engine.train.TrainingEvent;
import org.layerbench.engine.train.TrainingRun;

/**
 * A run on the engine thread, new or continued from its checkpoint: its state and what applies in
 * it (start, pause, resume, stop, continue), the status line and the banner that says how it ended,
 * its {@link LiveMetrics} and the project's {@link RunHistory}. Engine events reach the FX executor
 * through an {@link FxThrottle}, at most one update per {@value TrainViewModel#UPDATE_MILLIS} ms.
 */
final class RunSession {
  private final WorkbenchContext context;
  private final WorkbenchViewModel vm;
  private final LiveMetrics live;
  private final RunHistory history;

  private final ReadOnlyObjectWrapper<RunState> state =
      new ReadOnlyObjectWrapper<>(this, "state", RunState.IDLE);
  private final ReadOnlyStringWrapper statusText =
      new ReadOnlyStringWrapper(this, "status", "Ready to train.");
  private final ReadOnlyStringWrapper engineText =
      new ReadOnlyStringWrapper(this, "engine", "Engine: idle");
  private final ReadOnlyStringWrapper deviceText =
      new ReadOnlyStringWrapper(this, "device", "Device: auto");
  private final ReadOnlyStringWrapper runName = new ReadOnlyStringWrapper(this, "run", "");
  private final ReadOnlyObjectWrapper<Banner> banner = new ReadOnlyObjectWrapper<>(this, "banner");
  private final StringProperty nextRunName = new SimpleStringProperty(this, "nextRunName", "");
  private final RunCommands commands;

  // The run on the engine thread (FX-thread state). run is null until the engine has prepared it.
  private TrainingRun run;
  private Path runDir;
  private long launch;
  private int totalEpochs;
  private boolean stopRequested;
  private boolean exiting;
  // The engine job of the run launched last: the window's closing waits for it to save.
  private java.util.concurrent.CompletableFuture<?> job;
  // The file a new run's weights come from (for the status line), or null.
  private Path startingFrom;
  // What the run's samples are called in the status line ("images", "texts").
  private String samples = "images";
  // A continued run's epochs from before, drawn when its first event arrives; null otherwise.
  private List<RunRecord.EpochMetrics> earlier;
  // What the live view showed of each run this session, so a continued run keeps its earlier
  // epochs' batch curves and times (metrics.csv has neither); and the one for the run launched.
  private final java.util.Map<Path, LiveMetrics.Snapshot> shown = new java.util.HashMap<>();
  private LiveMetrics.Snapshot earlierShown;
  // The readable name of the new run launched last, written into its folder when the run has
  // started (the engine makes the folder); null when none is due.
  private String pendingTitle;

  /**
   * @param configProblem why the settings make no run, or null (Start applies only when null)
   */
  RunSession(WorkbenchContext context, LiveMetrics live, ObservableStringValue configProblem) {
    this.context = context;
    this.vm = context.vm();
    this.live = live;
    this.history =
        new RunHistory(
            context,
            dir ->
                state.get().active() && dir.equals(runDir)
                    ? state.get() == RunState.PAUSED ? "paused" : "running"
                    : null);
    this.commands = new RunCommands(state, configProblem, history.records());
  }

  RunHistory history() {
    return history;
  }

  /** Renames a run (its folder stays); the header follows when it is the run shown. */
  void rename(RunRecord r, String name) {
    if (r.dir().equals(runDir)) {
      runName.set(name == null || name.isBlank() ? r.name() : name.strip());
    }
    history.rename(r.dir(), name, why -> refuse("Run not renamed", why));
  }

  /** Sets the status line. */
  void say(String text) {
    statusText.set(text);
  }

  ReadOnlyObjectProperty<RunState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** What the run is doing, in a sentence. */
  ReadOnlyStringProperty statusProperty() {
    return statusText.getReadOnlyProperty();
  }

  /** For the status bar: "Engine: idle", "Engine: training epoch 2/8", "Engine: paused", ... */
  ReadOnlyStringProperty engineStateProperty() {
    return engineText.getReadOnlyProperty();
  }

  /** For the status bar: where the last run trained ("Device: CPU"). */
  ReadOnlyStringProperty deviceProperty() {
    return deviceText.getReadOnlyProperty();
  }

  /** The name of the run being trained or last trained. */
  ReadOnlyStringProperty runNameProperty() {
    return runName.getReadOnlyProperty();
  }

  /** The name the next run's folder gets (blank: the start time); cleared when a run starts. */
  StringProperty nextRunNameProperty() {
    return nextRunName;
  }

  /** The message about the last run's end (or a refused start); null when dismissed. */
  ReadOnlyObjectProperty<Banner> bannerProperty() {
    return banner.getReadOnlyProperty();
  }

  void dismissBanner() {
    banner.set(null);
  }

  /** What applies now: start, pause, resume, stop, continue. */
  RunCommands commands() {
    return commands;
  }

  /** The project's runs that Continue applies to, newest first. */
  List<RunRecord> continuableRuns() {
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord r : history.records()) {
      if (r.continuable()) {
        out.addFirst(r);
      }
    }
    return out;
  }

  /** Starts a run named by {@link #nextRunNameProperty} (what Start and Run → Start do). */
  void start() {
    if (commands.canStart()) {
      String name = nextRunName.get();
      nextRunName.set("");
      start(name);
    }
  }

  /**
   * Starts a run of the project's model on its dataset with its settings and transforms (and its
   * starting weights, when set), in a new folder (named {@code name}, or the time when blank) that
   * is added to the project's runs.
   */
  void start(String name) {
    if (state.get().active()) {
      return;
    }
    Project p = vm.current();
    String problem = TrainSettings.problem(p.training());
    if (problem != null) {
      refuse("The training settings are not valid", TrainViewModel.sentence(problem));
      return;
    }
    if (p.datasetDir() == null) {
      refuse(
          "No dataset",
          "This project has no dataset yet — choose one in the Data workspace first.");
      return;
    }
    var analysis = vm.modelCheck().analysis();
    boolean current = vm.modelCheck().analyses(p.model());
    // A text model's num_embeddings 0 is a problem only until the vocabulary is known: the run
    // binds it (the Model workspace's analysis does once the texts are counted).
    boolean unbound = p.textDataset() && current && analysis.graph().needsVocabulary();
    if (current && !analysis.ok() && !unbound) {
      refuse(
          "The model has problems",
          TrainViewModel.sentence(analysis.problems().get(0).message())
              + " Fix the model in the Model workspace first.");
      return;
    }
    // Checked before the run folder exists: a model that cannot train on this dataset leaves no
    // failed run behind (the engine would refuse it only after creating the folder).
    String mismatch = vm.modelCheck().classMismatch();
    if (mismatch != null && current) {
      refuse("The model does not fit the dataset", mismatch);
      return;
    }
    TrainConfig config = TrainSettings.config(p.training());
    LocalDateTime now = LocalDateTime.now();
    RunFolders.NewRun folder = RunFolders.next(p, context.home(), name, now);
    // A run named by its start time gets a readable name; a typed folder name is one already.
    String title = name == null || name.isBlank() ? RunName.initial(p.model().name(), now) : null;
    Path from = StartingWeights.file(p);
    Preparation preparation;
    try {
      preparation = NewRuns.of(p, config, folder.dir(), from);
    } catch (IllegalArgumentException e) {
      refuse("The training settings are not valid", TrainViewModel.sentence(e.getMessage()));
      return;
    }
    startingFrom = from;
    String runLabel = folder.dir().getFileName().toString();
    pendingTitle = title;
    launch(
        title != null ? title : runLabel,
        folder.dir(),
        config.epochs(),
        null,
        "Starting "
            + (title != null ? title : runLabel)
            + (from == null ? "" : " from the weights in " + from.getFileName())
            + " — loading the engine and the dataset…",
        preparation);
    // Listed from the start: the history shows it as running (and refreshes on this edit).
    vm.editProject(
        "Start run " + runLabel,
        q -> {
          List<String> runs = new ArrayList<>(q.runs());
          runs.add(folder.entry());
          return q.withRuns(runs);
        });
  }

  /**
   * Continues a run from its last checkpoint in its own folder (the CLI's {@code train --resume}):
   * weights, optimizer state, schedule and epoch come back, and it trains with the settings it was
   * started with. {@code epochs}, when not null, is the run's new total (to train a finished run
   * further). The run's earlier epochs show in the charts; its history entry is the same.
   */
  void continueRun(RunRecord record, Integer epochs) {
    if (state.get().active() || !record.resumable()) {
      return;
    }
    Path dir = record.dir();
    int total = epochs != null ? epochs : Math.max(record.epochs(), 1);
    startingFrom = null;
    pendingTitle = null;
    launch(
        record.title(),
        dir,
        total,
        record.curves(),
        "Continuing "
            + record.title()
            + " from its last checkpoint (epoch "
            + record.epochs()
            + ") — loading the engine and the dataset…",
        () -> TrainingRun.resume(dir, epochs));
  }

  /** Prepares a run on the engine thread (reading a run folder to continue it may take a while). */
  interface Preparation {
    TrainingRun prepare() throws Exception;
  }

  /**
   * The run's life, shared by a new and a continued run: the run is prepared and trained in one
   * engine job; the FX side learns of it ({@link #attach}) before its first event.
   *
   * @param before a continued run's epochs so far, from its metrics.csv (null for a new run)
   */
  private void launch(
      String label,
      Path dir,
      int epochs,
      List<RunRecord.EpochMetrics> before,
      String starting,
      Preparation preparation) {
    LiveMetrics.Snapshot last = live.snapshot();
    if (runDir != null && last != null) {
      shown.put(runDir, last);
    }
    long id = ++launch;
    run = null;
    runDir = dir;
    totalEpochs = epochs;
    stopRequested = false;
    earlier = before == null ? null : List.copyOf(before);
    earlierShown = before == null ? null : shown.get(dir);
    live.reset(totalEpochs);
    runName.set(label);
    banner.set(null);
    state.set(RunState.STARTING);
    statusText.set(starting);
    engineText.set("Engine: starting");
    history.refresh();
    FxThrottle<TrainingEvent> throttle =
        new FxThrottle<>(context.fx(), TrainViewModel.UPDATE_MILLIS, events -> apply(id, events));
    job =
        context
            .engine()
            .submit(
                () -> {
                  TrainingRun r = preparation.prepare();
                  r.addListener(throttle::offer);
                  context.fx().execute(() -> attach(id, r));
                  return r.call();
                })
            .whenComplete(
                (bundle, error) ->
                    context
                        .fx()
                        .execute(
                            () -> {
                              throttle.flush();
                              ended(id, error);
                            }));
  }

  /** The engine has prepared the run: pause and stop asked for meanwhile now reach it. */
  private void attach(long id, TrainingRun r) {
    if (id != launch || !state.get().active()) {
      r.requestStop();
      return;
    }
    run = r;
    totalEpochs = r.config().epochs();
    samples = r.textFiles() != null ? "texts" : "images";

    if (state.get() == RunState.PAUSED) {
      r.pause();
    }
    if (stopRequested || exiting) {
      r.requestStop();
    }
  }

  /** Asks the run to wait after the current batch. */
  void pause() {
    if (commands.canPauseProperty().get()) {
      if (run != null) {
        run.pause();
      }
      live.paused(true);
      state.set(RunState.PAUSED);
      statusText.set("Paused " + runName.get() + " after the current batch — Resume to go on.");
      engineText.set("Engine: paused");
      history.refresh();
    }
  }

  void resume() {
    if (commands.canResumeProperty().get()) {
      live.paused(false);
      if (run != null) {
        run.resume();
      }
      state.set(RunState.RUNNING);
      statusText.set("Training " + runName.get() + "…");
      engineText.set("Engine: training");
      history.refresh();
    }
  }

  /**
   * Asks the run to stop after the current batch; it then validates, saves its checkpoints and
   * model, and ends as "stopped".
   */
  void stop() {
    if (commands.canStopProperty().get()) {
      live.paused(false);
      stopRequested = true;
      if (run != null) {
        run.requestStop();
      }
      state.set(RunState.STOPPING);
      statusText.set(
          "Stopping " + runName.get() + " after the current batch, then validating and saving…");
      engineText.set("Engine: stopping");
    }
  }

  /**
   * The window closes: a running run is asked to stop, and a (non-daemon) thread keeps the process
   * alive until it has saved — its checkpoint, run.json (stopped) and model — for at most {@link
   * TrainViewModel#EXIT_SAVE_SECONDS}. Should the process end sooner (killed), the folder's journal
   * still says where Continue goes on from (DESIGN §10).
   */
  void stopForExit() {
    exiting = true;
    if (run != null) {
      run.requestStop();
    }
    var saving = job;
    if (saving != null && !saving.isDone()) {
      Thread wait =
          new Thread(
              () -> {
                try {
                  saving.get(
                      TrainViewModel.EXIT_SAVE_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                  // failed, or too slow: the folder resumes from its last whole checkpoint
                }
              },
              "layerbench-save-on-exit");
      wait.setDaemon(false);
      wait.start();
    }
  }

  void refuse(String title, String text) {
    banner.set(new Banner(Banner.Kind.WARNING, title, text, null));
    statusText.set(title + ".");
  }

  /** One coalesced batch of events, in order, on the FX thread. */
  private void apply(long id, List<TrainingEvent> events) {
    if (id != launch || !state.get().active()) {
      return; // a run that has ended for this view: its late events change nothing
    }
    if (earlier != null) {
      showEarlier(events);
    }
    if (live.apply(events)) {
      history.refresh(); // the run's new epoch in its record, for Compare
    }
    for (TrainingEvent e : events) {
      switch (e) {
        case TrainingEvent.RunStarted s -> started(s);
        case TrainingEvent.BatchEnded b -> {
          if (state.get() == RunState.RUNNING) {
            engineText.set("Engine: training epoch " + b.epoch() + "/" + totalEpochs);
          }
        }
        case TrainingEvent.RunFinished f -> finished(f);
        case TrainingEvent.RunFailed f -> failed(f.reason(), null);
        default -> {}
      }
    }
  }

  /**
   * A continued run: before its first batch or epoch is drawn, the epochs it had completed before
   * (those before the one it goes on with; a partial one is trained again) are drawn as they were.
   */
  private void showEarlier(List<TrainingEvent> events) {
    int first = -1;
    for (TrainingEvent e : events) {
      if (e instanceof TrainingEvent.BatchEnded b) {
        first = b.epoch();
      } else if (e instanceof TrainingEvent.EpochEnded ep) {
        first = ep.epoch();
      }
      if (first > 0) {
        break;
      }
    }
    if (first < 0) {
      return;
    }
    int from = first;
    live.continued(
        totalEpochs, earlier.stream().filter(m -> m.epoch() < from).toList(), earlierShown);
    earlier = null;
  }

  private void started(TrainingEvent.RunStarted s) {
    live.started();
    if (pendingTitle != null) {
      // The engine has made the folder by now. A run whose name cannot be written is still
      // called by its folder's name.
      String title = pendingTitle;
      pendingTitle = null;
      history.rename(runDir, title, why -> {});
    }
    if (state.get() == RunState.PAUSED) {
      live.paused(true);
    }
    String device = s.device().toLowerCase(Locale.ROOT).startsWith("gpu") ? "GPU" : "CPU";
    deviceText.set("Device: " + device);
    if (state.get() == RunState.STARTING) {
      state.set(RunState.RUNNING);
      engineText.set("Engine: training");
    }
    statusText.set(
        String.format(
            Locale.ROOT,
            "Training %s%s on %d %s (%d for validation), %d classes, %,d parameters, on the %s.",
            runName.get(),
            startingFrom == null ? "" : " from the weights in " + startingFrom.getFileName(),
            s.trainSamples(),
            samples,
            s.valSamples(),
            s.classes().size(),
            s.params(),
            device));
  }

  private void finished(TrainingEvent.RunFinished f) {
    boolean stopped = f.stopped() || stopRequested;
    run = null;
    state.set(stopped ? RunState.STOPPED : RunState.FINISHED);
    engineText.set("Engine: idle");
    live.ended(!stopped);
    String acc =
        f.bestValAccuracy() < 0 || Double.isNaN(f.bestValAccuracy())
            ? ""
            : String.format(
                Locale.ROOT, ", best validation accuracy %.1f %%", 100 * f.bestValAccuracy());
    String text =
        (stopped ? "Stopped" : "Finished")
            + " after "
            + f.epochs()
            + (f.epochs() == 1 ? " epoch" : " epochs")
            + acc
            + ". The best epoch is saved as "
            + runDir.getFileName()
            + "/model.lbmodel"
            + (stopped ? "; Continue in the run list goes on from here." : ".");
    statusText.set(text);
    banner.set(
        new Banner(
            stopped ? Banner.Kind.WARNING : Banner.Kind.SUCCESS,
            "Run " + runName.get() + (stopped ? " stopped" : " finished"),
            text,
            "Run folder: " + runDir));
    history.refresh();
  }

  private void failed(String reason, Throwable error) {
    String why = reason == null || reason.isBlank() ? "an unknown error" : reason;
    boolean stoppedEarly = stopRequested && why.startsWith("stopped before");
    run = null;
    earlier = null;
    state.set(stoppedEarly ? RunState.STOPPED : RunState.FAILED);
    engineText.set("Engine: idle");
    live.ended(false);
    String text = TrainViewModel.sentence(why);
    statusText.set((stoppedEarly ? "Stopped: " : "Training failed: ") + text);
    StringBuilder details = new StringBuilder("Run folder: " + runDir);
    for (Throwable t = error; t != null; t = t.getCause()) {
      details.append("\n").append(t.getClass().getName()).append(": ").append(t.getMessage());
    }
    banner.set(
        new Banner(
            stoppedEarly ? Banner.Kind.WARNING : Banner.Kind.DANGER,
            "Run " + runName.get() + (stoppedEarly ? " stopped" : " failed"),
            text,
            details.toString()));
    history.refresh();
  }

  /** The engine job has returned; ends the run if its last event did not. */
  private void ended(long id, Throwable error) {
    if (id != launch || !state.get().active()) {
      // Its last event ended it here; a failed run writes its run.json after that event.
      history.refresh();
      return;
    }
    Throwable cause =
        error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause()
            : error;
    if (cause == null) {
      run = null;
      state.set(RunState.FINISHED);
      engineText.set("Engine: idle");
      live.ended(true);
      history.refresh();
    } else {
      failed(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }
}
