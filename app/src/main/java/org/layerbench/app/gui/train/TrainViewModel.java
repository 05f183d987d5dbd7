package org.layerbench.app.gui.train;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.FxThrottle;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.train.Schedule;
import org.layerbench.engine.train.TrainConfig;
import org.layerbench.engine.train.TrainingEvent;
import org.layerbench.engine.train.TrainingRun;

/**
 * The Train workspace's state and commands, without controls: the project's training settings
 * (every change an undoable project edit), the run on the engine thread and its state, the banner
 * that says how it ended, its {@link LiveMetrics} and the project's {@link RunHistory}. Engine
 * events reach the FX executor through an {@link FxThrottle}, at most one update per {@value
 * #UPDATE_MILLIS} ms; folders are read on the I/O executor.
 */
public final class TrainViewModel {
  /** The shortest time between two updates of the charts and progress. */
  public static final long UPDATE_MILLIS = 50;

  /** Where a run is. */
  public enum RunState {
    IDLE,
    STARTING,
    RUNNING,
    PAUSED,
    STOPPING,
    FINISHED,
    STOPPED,
    FAILED;

    /** Whether a run is on the engine thread. */
    public boolean active() {
      return this == STARTING || this == RUNNING || this == PAUSED || this == STOPPING;
    }
  }

  /** The message shown when a run ends or cannot start. */
  public record Banner(Kind kind, String title, String text, String details) {
    public enum Kind {
      SUCCESS,
      WARNING,
      DANGER
    }
  }

  private final WorkbenchContext context;
  private final WorkbenchViewModel vm;
  private final LiveMetrics live = new LiveMetrics();
  private final RunHistory history;

  private final ReadOnlyObjectWrapper<Map<String, Object>> training =
      new ReadOnlyObjectWrapper<>(this, "training", Map.of());
  private final ReadOnlyStringWrapper configProblem = new ReadOnlyStringWrapper(this, "problem");
  private final ReadOnlyIntegerWrapper trainImages = new ReadOnlyIntegerWrapper(this, "images", -1);
  private final ReadOnlyStringWrapper datasetInfo = new ReadOnlyStringWrapper(this, "dataset", "");
  private final ObservableList<Point2D> schedulePreview = FXCollections.observableArrayList();
  private final ObservableList<Point2D> schedulePreviewView =
      FXCollections.unmodifiableObservableList(schedulePreview);

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

  // The run on the engine thread (FX-thread state).
  private TrainingRun run;
  private Path runDir;
  private int totalEpochs;
  private boolean stopRequested;
  private long countGeneration;

  public TrainViewModel(WorkbenchContext context) {
    this.context = context;
    this.vm = context.vm();
    this.history =
        new RunHistory(
            context,
            dir ->
                run != null && dir.equals(runDir)
                    ? state.get() == RunState.PAUSED ? "paused" : "running"
                    : null);
    vm.projectProperty().addListener((obs, o, n) -> projectChanged(o, n));
    projectChanged(null, vm.projectProperty().get());
  }

  /** The live view of the run being trained or last trained. */
  public LiveMetrics live() {
    return live;
  }

  /** The project's runs. */
  public RunHistory runs() {
    return history;
  }

  // ---- settings ----

  /** The project's training settings as stored (see {@link TrainSettings} for the keys). */
  public ReadOnlyObjectProperty<Map<String, Object>> trainingProperty() {
    return training.getReadOnlyProperty();
  }

  /** Why the settings do not make a run (a sentence), or null when they do. */
  public ReadOnlyStringProperty configProblemProperty() {
    return configProblem.getReadOnlyProperty();
  }

  /** Training images with the current validation split, or -1 before they are counted. */
  public ReadOnlyIntegerProperty trainImagesProperty() {
    return trainImages.getReadOnlyProperty();
  }

  /** One line on the dataset: images per split, classes, transforms. */
  public ReadOnlyStringProperty datasetInfoProperty() {
    return datasetInfo.getReadOnlyProperty();
  }

  /** The learning rate over the run the settings describe (x: epoch, y: rate). */
  public ObservableList<Point2D> schedulePreview() {
    return schedulePreviewView;
  }

  /** A form key's value as text. */
  public String text(String key) {
    return TrainSettings.text(training.get(), key);
  }

  /** Whether the project sets the key (else its default shows). */
  public boolean isSet(String key) {
    return TrainSettings.isSet(training.get(), key);
  }

  /**
   * Sets a training setting from the form's text as one undoable project edit; an empty text
   * restores the default.
   *
   * @return null when taken, else why not (a sentence), and nothing changes
   */
  public String set(String key, String text) {
    Object value;
    try {
      value = TrainSettings.parse(key, text);
    } catch (IllegalArgumentException e) {
      return sentence(e.getMessage());
    }
    Map<String, Object> now = training.get();
    if (TrainSettings.with(now, key, value).equals(now)) {
      return null;
    }
    vm.editProject(
        "Set " + TrainSettings.label(key),
        p -> p.withTraining(TrainSettings.with(p.training(), key, value)));
    return null;
  }

  /** Batches per epoch for the settings, or 0 when unknown. */
  public int batchesPerEpoch() {
    int images = trainImages.get();
    if (images <= 0 || configProblem.get() != null) {
      return 0;
    }
    int batch = TrainSettings.config(training.get()).batchSize();
    return (images + batch - 1) / batch;
  }

  private void projectChanged(Project before, Project after) {
    Map<String, Object> t = after == null ? Map.of() : after.training();
    training.set(t);
    String problem = TrainSettings.problem(t);
    configProblem.set(problem == null ? null : sentence(problem));
    if (before == null
        || after == null
        || !Objects.equals(before.datasetDir(), after.datasetDir())
        || !Objects.equals(
            TrainSettings.value(before.training(), "valSplit"), TrainSettings.value(t, "valSplit"))
        || !Objects.equals(before.transforms(), after.transforms())) {
      countImages(after);
    }
    updateSchedulePreview();
    if (before == null
        || after == null
        || !before.runs().equals(after.runs())
        || !Objects.equals(before.file(), after.file())) {
      history.refresh();
    }
  }

  private void countImages(Project p) {
    long generation = ++countGeneration;
    trainImages.set(-1);
    if (p == null || p.datasetDir() == null) {
      datasetInfo.set("This project has no dataset yet — choose one in the Data workspace.");
      return;
    }
    Path dir = p.datasetDir();
    double split =
        TrainSettings.value(p.training(), "valSplit") instanceof Number n ? n.doubleValue() : 0.2;
    long seed = TrainSettings.value(p.training(), "seed") instanceof Number n ? n.longValue() : 1;
    String transforms =
        p.transforms() == null
            ? "default transforms (resize, ImageNet normalize)"
            : "the project's transforms ("
                + p.transforms().train().steps().size()
                + " train steps)";
    datasetInfo.set("Counting the images of " + p.dataset() + "…");
    context
        .io()
        .execute(
            () -> {
              String text;
              int count;
              try {
                var splits = ImageFolder.scan(dir, split, seed);
                count = splits.train().size();
                text =
                    String.format(
                        Locale.ROOT,
                        "%s: %d training and %d validation images in %d classes; %s.",
                        p.dataset(),
                        splits.train().size(),
                        splits.val().size(),
                        splits.classes().size(),
                        transforms);
              } catch (Exception e) {
                count = -1;
                text = "The dataset " + p.dataset() + " cannot be read: " + e.getMessage();
              }
              int c = count;
              String info = text;
              context
                  .fx()
                  .execute(
                      () -> {
                        if (generation == countGeneration) {
                          trainImages.set(c);
                          datasetInfo.set(info);
                          updateSchedulePreview();
                        }
                      });
            });
  }

  private void updateSchedulePreview() {
    if (configProblem.get() != null) {
      schedulePreview.clear();
      return;
    }
    TrainConfig c = TrainSettings.config(training.get());
    int perEpoch = batchesPerEpoch() > 0 ? batchesPerEpoch() : 100;
    long total = (long) c.epochs() * perEpoch;
    int samples = (int) Math.min(total, 200);
    List<Point2D> pts = new ArrayList<>(samples);
    for (int i = 0; i < samples; i++) {
      long step = samples == 1 ? 0 : Math.round((double) i * (total - 1) / (samples - 1));
      pts.add(
          new Point2D(
              (double) (step + 1) / perEpoch, Schedule.lr(c.schedule(), c.lr(), step, total)));
    }
    schedulePreview.setAll(pts);
  }

  // ---- the run ----

  public ReadOnlyObjectProperty<RunState> stateProperty() {
    return state.getReadOnlyProperty();
  }

  /** What the run is doing, in a sentence. */
  public ReadOnlyStringProperty statusProperty() {
    return statusText.getReadOnlyProperty();
  }

  /** For the status bar: "Engine: idle", "Engine: training epoch 2/8", "Engine: paused", ... */
  public ReadOnlyStringProperty engineStateProperty() {
    return engineText.getReadOnlyProperty();
  }

  /** For the status bar: where the last run trained ("Device: CPU"). */
  public ReadOnlyStringProperty deviceProperty() {
    return deviceText.getReadOnlyProperty();
  }

  /** The name of the run being trained or last trained. */
  public ReadOnlyStringProperty runNameProperty() {
    return runName.getReadOnlyProperty();
  }

  /** The message about the last run's end (or a refused start); null when dismissed. */
  public ReadOnlyObjectProperty<Banner> bannerProperty() {
    return banner.getReadOnlyProperty();
  }

  public void dismissBanner() {
    banner.set(null);
  }

  public boolean canStart() {
    return !state.get().active() && configProblem.get() == null;
  }

  /**
   * Starts a run of the project's model on its dataset with its settings and transforms, in a new
   * folder (named {@code name}, or the time when blank) that is added to the project's runs.
   */
  public void start(String name) {
    if (state.get().active()) {
      return;
    }
    Project p = vm.current();
    String problem = TrainSettings.problem(p.training());
    if (problem != null) {
      refuse("The training settings are not valid", sentence(problem));
      return;
    }
    if (p.datasetDir() == null) {
      refuse(
          "No dataset",
          "This project has no dataset yet — choose one in the Data workspace first.");
      return;
    }
    var analysis = vm.model().analysis();
    if (analysis != null && analysis.graph() == p.model() && !analysis.ok()) {
      refuse(
          "The model has problems",
          sentence(analysis.problems().get(0).message())
              + " Fix the model in the Model workspace first.");
      return;
    }
    TrainConfig config = TrainSettings.config(p.training());
    RunFolders.NewRun folder = RunFolders.next(p, context.home(), name, LocalDateTime.now());
    TrainingRun r = new TrainingRun(p.datasetDir(), p.model(), config, folder.dir());
    try {
      if (p.transforms() != null) {
        r.withTransforms(p.transforms());
      }
      var sizes = TrainSettings.progressiveResizing(p.training());
      if (!sizes.isEmpty()) {
        r.withProgressiveResizing(sizes);
      }
    } catch (IllegalArgumentException e) {
      refuse("The training settings are not valid", sentence(e.getMessage()));
      return;
    }
    String runLabel = folder.dir().getFileName().toString();
    run = r;
    runDir = folder.dir();
    totalEpochs = config.epochs();
    stopRequested = false;
    live.reset(totalEpochs);
    runName.set(runLabel);
    banner.set(null);
    state.set(RunState.STARTING);
    statusText.set("Starting " + runLabel + " — loading the engine and the dataset…");
    engineText.set("Engine: starting");
    // Listed from the start: the history shows it as running (and refreshes on this edit).
    vm.editProject(
        "Start run " + runLabel,
        q -> {
          List<String> runs = new ArrayList<>(q.runs());
          runs.add(folder.entry());
          return q.withRuns(runs);
        });
    FxThrottle<TrainingEvent> throttle =
        new FxThrottle<>(context.fx(), UPDATE_MILLIS, events -> apply(r, events));
    r.addListener(throttle::offer);
    context
        .engine()
        .submit(r::call)
        .whenComplete(
            (bundle, error) ->
                context
                    .fx()
                    .execute(
                        () -> {
                          throttle.flush();
                          ended(r, error);
                        }));
  }

  /** Asks the run to wait after the current batch. */
  public void pause() {
    if (run != null && (state.get() == RunState.RUNNING || state.get() == RunState.STARTING)) {
      run.pause();
      live.paused(true);
      state.set(RunState.PAUSED);
      statusText.set("Paused " + runName.get() + " after the current batch — Resume to go on.");
      engineText.set("Engine: paused");
      history.refresh();
    }
  }

  public void resume() {
    if (run != null && state.get() == RunState.PAUSED) {
      live.paused(false);
      run.resume();
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
  public void stop() {
    if (run != null && state.get().active() && state.get() != RunState.STOPPING) {
      live.paused(false);
      stopRequested = true;
      run.requestStop();
      state.set(RunState.STOPPING);
      statusText.set(
          "Stopping " + runName.get() + " after the current batch, then validating and saving…");
      engineText.set("Engine: stopping");
    }
  }

  /** The window closes: a running run is asked to stop (its files stay consistent). */
  public void stopForExit() {
    if (run != null) {
      run.requestStop();
    }
  }

  private void refuse(String title, String text) {
    banner.set(new Banner(Banner.Kind.WARNING, title, text, null));
    statusText.set(title + ".");
  }

  /** One coalesced batch of events, in order, on the FX thread. */
  private void apply(TrainingRun from, List<TrainingEvent> events) {
    if (from != run) {
      return; // a run that has ended for this view: its late events change nothing
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

  private void started(TrainingEvent.RunStarted s) {
    live.started();
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
            "Training %s on %d images (%d for validation), %d classes, %,d parameters, on the %s.",
            runName.get(),
            s.trainSamples(),
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
            + runName.get()
            + "/model.lbmodel.";
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
    state.set(stoppedEarly ? RunState.STOPPED : RunState.FAILED);
    engineText.set("Engine: idle");
    live.ended(false);
    String text = sentence(why);
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
  private void ended(TrainingRun r, Throwable error) {
    if (r != run) {
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

  /** A message as a sentence: capital first letter, full stop at the end. */
  static String sentence(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    String t = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return t.endsWith(".") || t.endsWith("?") || t.endsWith("!") ? t : t + ".";
  }
}
