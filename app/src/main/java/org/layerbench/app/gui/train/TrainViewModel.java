package org.layerbench.app.gui.train;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
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
 * (every change an undoable project edit), the run on the engine thread with its live curves,
 * progress and epoch table, the end-of-run banner, and the run history with the runs chosen for
 * comparison. Engine events reach the FX executor through an {@link FxThrottle}, at most one update
 * per {@value #UPDATE_MILLIS} ms; run folders are read on the I/O executor.
 */
public final class TrainViewModel {
  /** The shortest time between two updates of the charts and progress. */
  public static final long UPDATE_MILLIS = 50;

  /** Points a per-batch line keeps (see {@link LiveCurve}). */
  static final int BATCH_POINTS = 600;

  /** The smoothing of the per-batch loss: an exponential moving average, debiased (fastai). */
  static final double SMOOTHING = 0.9;

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

  /** One row of the epoch table. */
  public record EpochRow(
      int epoch,
      double trainLoss,
      double valLoss,
      double valAccuracy,
      double seconds,
      double imagesPerSecond) {}

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

  private final ReadOnlyObjectWrapper<Map<String, Object>> training =
      new ReadOnlyObjectWrapper<>(this, "training", Map.of());
  private final ReadOnlyStringWrapper configProblem = new ReadOnlyStringWrapper(this, "problem");
  private final ReadOnlyIntegerWrapper trainImages = new ReadOnlyIntegerWrapper(this, "images", -1);
  private final ReadOnlyStringWrapper datasetInfo = new ReadOnlyStringWrapper(this, "dataset", "");
  private final ObservableList<Point2D> schedulePreview = FXCollections.observableArrayList();

  private final ReadOnlyObjectWrapper<RunState> state =
      new ReadOnlyObjectWrapper<>(this, "state", RunState.IDLE);
  private final ReadOnlyStringWrapper statusText =
      new ReadOnlyStringWrapper(this, "status", "Ready to train.");
  private final ReadOnlyStringWrapper engineText =
      new ReadOnlyStringWrapper(this, "engine", "Engine: idle");
  private final ReadOnlyStringWrapper deviceText =
      new ReadOnlyStringWrapper(this, "device", "Device: auto");
  private final ReadOnlyStringWrapper runName = new ReadOnlyStringWrapper(this, "run", "");
  private final ReadOnlyIntegerWrapper runEpochs = new ReadOnlyIntegerWrapper(this, "runEpochs", 1);
  private final ReadOnlyDoubleWrapper epochProgress = new ReadOnlyDoubleWrapper(this, "epochs");
  private final ReadOnlyDoubleWrapper batchProgress = new ReadOnlyDoubleWrapper(this, "batches");
  private final ReadOnlyStringWrapper epochText = new ReadOnlyStringWrapper(this, "epochText", "");
  private final ReadOnlyStringWrapper batchText = new ReadOnlyStringWrapper(this, "batchText", "");
  private final ReadOnlyStringWrapper speedText = new ReadOnlyStringWrapper(this, "speed", "");
  private final ReadOnlyStringWrapper etaText = new ReadOnlyStringWrapper(this, "eta", "");
  private final ReadOnlyStringWrapper checkpointText =
      new ReadOnlyStringWrapper(this, "checkpoint", "");
  private final ReadOnlyObjectWrapper<Banner> banner = new ReadOnlyObjectWrapper<>(this, "banner");
  private final ReadOnlyLongWrapper updates = new ReadOnlyLongWrapper(this, "updates");

  private final LiveCurve batchLoss = new LiveCurve(BATCH_POINTS);
  private final LiveCurve learningRate = new LiveCurve(BATCH_POINTS);
  private final LiveCurve trainLoss = new LiveCurve(BATCH_POINTS);
  private final LiveCurve valLoss = new LiveCurve(BATCH_POINTS);
  private final LiveCurve valAccuracy = new LiveCurve(BATCH_POINTS);
  private final ObservableList<EpochRow> epochs = FXCollections.observableArrayList();

  private final ObservableList<RunRecord> history = FXCollections.observableArrayList();
  private final ObservableList<RunRecord> compared = FXCollections.observableArrayList();
  // Read-only views made once: an unmodifiable list listens to its source weakly, so a view made
  // per call could be collected together with the listeners added to it.
  private final ObservableList<Point2D> schedulePreviewView =
      FXCollections.unmodifiableObservableList(schedulePreview);
  private final ObservableList<EpochRow> epochsView =
      FXCollections.unmodifiableObservableList(epochs);
  private final ObservableList<RunRecord> historyView =
      FXCollections.unmodifiableObservableList(history);
  private final ObservableList<RunRecord> comparedView =
      FXCollections.unmodifiableObservableList(compared);

  // The run on the engine thread (FX-thread state).
  private TrainingRun run;
  private Path runDir;
  private int totalEpochs;
  private long startedNanos;
  private long pausedSince;
  private long pausedNanos;
  private double smoothed;
  private long smoothedCount;
  private boolean stopRequested;
  private long lastApplyNanos;
  private long historyGeneration;
  private long countGeneration;

  public TrainViewModel(WorkbenchContext context) {
    this.context = context;
    this.vm = context.vm();
    vm.projectProperty().addListener((obs, o, n) -> projectChanged(o, n));
    projectChanged(null, vm.projectProperty().get());
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

  /** One line on the dataset: images, batches per epoch, transforms. */
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

  private void projectChanged(Project before, Project after) {
    Map<String, Object> t = after == null ? Map.of() : after.training();
    training.set(t);
    String problem = TrainSettings.problem(t);
    configProblem.set(problem == null ? null : sentence(problem));
    boolean datasetChanged =
        before == null
            || after == null
            || !Objects.equals(before.datasetDir(), after.datasetDir())
            || !Objects.equals(
                TrainSettings.value(before.training(), "valSplit"),
                TrainSettings.value(t, "valSplit"))
            || !Objects.equals(before.transforms(), after.transforms());
    if (datasetChanged) {
      countImages(after);
    }
    updateSchedulePreview();
    if (before == null
        || after == null
        || !before.runs().equals(after.runs())
        || !Objects.equals(before.file(), after.file())) {
      refreshHistory();
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
        ((Number) numberOr(TrainSettings.value(p.training(), "valSplit"), 0.2)).doubleValue();
    long seed = ((Number) numberOr(TrainSettings.value(p.training(), "seed"), 1)).longValue();
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

  private static Object numberOr(Object v, Number fallback) {
    return v instanceof Number n ? n : fallback;
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

  private void updateSchedulePreview() {
    if (configProblem.get() != null) {
      schedulePreview.clear();
      return;
    }
    TrainConfig c = TrainSettings.config(training.get());
    int perEpoch = Math.max(1, batchesPerEpoch() > 0 ? batchesPerEpoch() : 100);
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

  /** The epochs of the run being trained or last trained (the charts' epoch axis). */
  public ReadOnlyIntegerProperty runEpochsProperty() {
    return runEpochs.getReadOnlyProperty();
  }

  /** Share of the run's epochs done, 0 to 1. */
  public ReadOnlyDoubleProperty epochProgressProperty() {
    return epochProgress.getReadOnlyProperty();
  }

  /** Share of the current epoch's batches done, 0 to 1. */
  public ReadOnlyDoubleProperty batchProgressProperty() {
    return batchProgress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty epochTextProperty() {
    return epochText.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty batchTextProperty() {
    return batchText.getReadOnlyProperty();
  }

  /** Images per second of the current epoch. */
  public ReadOnlyStringProperty speedProperty() {
    return speedText.getReadOnlyProperty();
  }

  /** Time left, estimated from the time so far (pauses left out). */
  public ReadOnlyStringProperty etaProperty() {
    return etaText.getReadOnlyProperty();
  }

  /** The last checkpoint written. */
  public ReadOnlyStringProperty checkpointProperty() {
    return checkpointText.getReadOnlyProperty();
  }

  /** The message about the last run's end (or a refused start); null when dismissed. */
  public ReadOnlyObjectProperty<Banner> bannerProperty() {
    return banner.getReadOnlyProperty();
  }

  public void dismissBanner() {
    banner.set(null);
  }

  /** How many times the charts were given new points (for measurements). */
  public ReadOnlyLongProperty chartUpdatesProperty() {
    return updates.getReadOnlyProperty();
  }

  /** Nanoseconds the last event batch took on the FX thread (for measurements). */
  public long lastApplyNanos() {
    return lastApplyNanos;
  }

  /** Training loss per batch, smoothed (x: epoch, fractional). */
  public ObservableList<Point2D> batchLoss() {
    return batchLoss.points();
  }

  /** Training loss per epoch (x: epoch). */
  public ObservableList<Point2D> trainLoss() {
    return trainLoss.points();
  }

  public ObservableList<Point2D> valLoss() {
    return valLoss.points();
  }

  /** Validation accuracy per epoch, in percent. */
  public ObservableList<Point2D> valAccuracy() {
    return valAccuracy.points();
  }

  /** The learning rate per batch (x: epoch, fractional). */
  public ObservableList<Point2D> learningRate() {
    return learningRate.points();
  }

  public ObservableList<EpochRow> epochs() {
    return epochsView;
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
    vm.editProject(
        "Start run " + runLabel,
        q -> {
          List<String> runs = new ArrayList<>(q.runs());
          runs.add(folder.entry());
          return q.withRuns(runs);
        });
    resetLive();
    run = r;
    runDir = folder.dir();
    totalEpochs = config.epochs();
    runEpochs.set(totalEpochs);
    stopRequested = false;
    runName.set(runLabel);
    banner.set(null);
    state.set(RunState.STARTING);
    statusText.set("Starting " + runLabel + " — loading the engine and the dataset…");
    engineText.set("Engine: starting");
    epochText.set("Epoch 0 of " + totalEpochs);
    batchText.set("Batch 0");
    refreshHistory();
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
      pausedSince = System.nanoTime();
      state.set(RunState.PAUSED);
      statusText.set("Paused " + runName.get() + " after the current batch — Resume to go on.");
      engineText.set("Engine: paused");
    }
  }

  public void resume() {
    if (run != null && state.get() == RunState.PAUSED) {
      pausedNanos += System.nanoTime() - pausedSince;
      run.resume();
      state.set(RunState.RUNNING);
      statusText.set("Training " + runName.get() + "…");
      engineText.set("Engine: training");
    }
  }

  /**
   * Asks the run to stop after the current batch; it then validates, saves its checkpoints and
   * model, and ends as "stopped".
   */
  public void stop() {
    if (run != null && state.get().active() && state.get() != RunState.STOPPING) {
      if (state.get() == RunState.PAUSED) {
        pausedNanos += System.nanoTime() - pausedSince;
      }
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

  private void resetLive() {
    for (LiveCurve c : List.of(batchLoss, learningRate, trainLoss, valLoss, valAccuracy)) {
      c.clear();
    }
    epochs.clear();
    epochProgress.set(0);
    batchProgress.set(0);
    speedText.set("");
    etaText.set("");
    checkpointText.set("");
    smoothed = 0;
    smoothedCount = 0;
    pausedNanos = 0;
    startedNanos = System.nanoTime();
  }

  /** One batch of events, in order, on the FX thread. */
  private void apply(TrainingRun from, List<TrainingEvent> events) {
    if (from != run) {
      return; // a run that has ended for this view (its late events change nothing)
    }
    long t0 = System.nanoTime();
    List<Point2D> loss = new ArrayList<>();
    List<Point2D> lr = new ArrayList<>();
    TrainingEvent.BatchEnded lastBatch = null;
    boolean epochEnded = false;
    for (TrainingEvent e : events) {
      switch (e) {
        case TrainingEvent.RunStarted s -> {
          startedNanos = System.nanoTime();
          pausedNanos = 0;
          String device = s.device().toLowerCase(Locale.ROOT).startsWith("gpu") ? "GPU" : "CPU";
          deviceText.set("Device: " + device);
          if (state.get() == RunState.STARTING) {
            state.set(RunState.RUNNING);
            engineText.set("Engine: training");
          }
          statusText.set(
              String.format(
                  Locale.ROOT,
                  "Training %s on %d images (%d for validation), %d classes, %,d parameters, on"
                      + " the %s.",
                  runName.get(),
                  s.trainSamples(),
                  s.valSamples(),
                  s.classes().size(),
                  s.params(),
                  device));
        }
        case TrainingEvent.BatchEnded b -> {
          double x = b.epoch() - 1 + (double) b.batch() / b.batches();
          smoothedCount++;
          smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * b.loss();
          loss.add(new Point2D(x, smoothed / (1 - Math.pow(SMOOTHING, smoothedCount))));
          lr.add(new Point2D(x, b.lr()));
          lastBatch = b;
        }
        case TrainingEvent.EpochEnded ep -> {
          trainLoss.add(new Point2D(ep.epoch(), ep.trainLoss()));
          if (!Double.isNaN(ep.valLoss())) {
            valLoss.add(new Point2D(ep.epoch(), ep.valLoss()));
          }
          if (!Double.isNaN(ep.valAccuracy())) {
            valAccuracy.add(new Point2D(ep.epoch(), 100 * ep.valAccuracy()));
          }
          epochs.add(
              new EpochRow(
                  ep.epoch(),
                  ep.trainLoss(),
                  ep.valLoss(),
                  ep.valAccuracy(),
                  ep.seconds(),
                  ep.samplesPerSecond()));
          epochProgress.set(Math.min(1, (double) ep.epoch() / totalEpochs));
          epochText.set("Epoch " + ep.epoch() + " of " + totalEpochs + " done");
          epochEnded = true;
        }
        case TrainingEvent.Checkpointed c ->
            checkpointText.set(
                "Epoch "
                    + c.epoch()
                    + " saved to checkpoints/"
                    + c.file().getFileName()
                    + (c.best() ? " (best so far)" : ""));
        case TrainingEvent.RunFinished f -> finish(f);
        case TrainingEvent.RunFailed f -> failed(f.reason(), null);
      }
    }
    if (!loss.isEmpty()) {
      batchLoss.addAll(loss);
      learningRate.addAll(lr);
    }
    if (lastBatch != null) {
      showProgress(lastBatch);
    }
    if (!loss.isEmpty() || epochEnded) {
      updates.set(updates.get() + 1);
    }
    if (epochEnded) {
      refreshHistory();
    }
    lastApplyNanos = System.nanoTime() - t0;
  }

  private void showProgress(TrainingEvent.BatchEnded b) {
    batchProgress.set((double) b.batch() / b.batches());
    epochProgress.set(
        Math.min(1, (b.epoch() - 1 + (double) b.batch() / b.batches()) / totalEpochs));
    epochText.set("Epoch " + b.epoch() + " of " + totalEpochs);
    batchText.set("Batch " + b.batch() + " of " + b.batches());
    speedText.set(String.format(Locale.ROOT, "%.0f images/s", b.samplesPerSecond()));
    if (state.get() == RunState.RUNNING) {
      engineText.set("Engine: training epoch " + b.epoch() + "/" + totalEpochs);
    }
    double done = epochProgress.get();
    long now = System.nanoTime();
    double elapsed =
        (now
                - startedNanos
                - pausedNanos
                - (state.get() == RunState.PAUSED ? now - pausedSince : 0))
            / 1e9;
    etaText.set(
        done <= 0
            ? ""
            : duration(elapsed) + " elapsed, " + duration(elapsed * (1 - done) / done) + " left");
  }

  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private void finish(TrainingEvent.RunFinished f) {
    boolean stopped = f.stopped() || stopRequested;
    state.set(stopped ? RunState.STOPPED : RunState.FINISHED);
    engineText.set("Engine: idle");
    etaText.set("");
    if (!stopped) {
      epochProgress.set(1);
    }
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
    run = null;
    refreshHistory();
  }

  private void failed(String reason, Throwable error) {
    String why = reason == null || reason.isBlank() ? "an unknown error" : reason;
    boolean stoppedEarly = stopRequested && why.startsWith("stopped before");
    state.set(stoppedEarly ? RunState.STOPPED : RunState.FAILED);
    engineText.set("Engine: idle");
    etaText.set("");
    String text = sentence(why);
    statusText.set((stoppedEarly ? "Stopped: " : "Training failed: ") + text);
    StringBuilder details = new StringBuilder("Run folder: " + runDir);
    for (Throwable t = error; t != null; t = t.getCause()) {
      details.append("\n").append(t.getClass().getName()).append(": ").append(t.getMessage());
    }
    banner.set(
        new Banner(
            stoppedEarly ? Banner.Kind.WARNING : Banner.Kind.DANGER,
            stoppedEarly ? "Run " + runName.get() + " stopped" : "Run " + runName.get() + " failed",
            text,
            details.toString()));
    run = null;
    refreshHistory();
  }

  /** The engine job has returned; ends the run if its last event did not. */
  private void ended(TrainingRun r, Throwable error) {
    if (r != run) {
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
      refreshHistory();
    } else {
      failed(cause.getMessage() == null ? cause.toString() : cause.getMessage(), cause);
    }
  }

  // ---- history ----

  /** The project's runs, oldest first (the one training now shows as running or paused). */
  public ObservableList<RunRecord> history() {
    return historyView;
  }

  /** The runs whose curves are overlaid. */
  public ObservableList<RunRecord> compared() {
    return comparedView;
  }

  /** Overlays the curves of these runs (those of the history with these entries). */
  public void compare(List<String> entries) {
    List<RunRecord> out = new ArrayList<>();
    for (RunRecord r : history) {
      if (entries.contains(r.entry())) {
        out.add(r);
      }
    }
    if (!out.equals(compared)) {
      compared.setAll(out);
    }
  }

  /** Rereads the run folders of the project on the I/O executor. */
  public void refreshHistory() {
    Project p = vm.projectProperty().get();
    long generation = ++historyGeneration;
    if (p == null) {
      history.clear();
      return;
    }
    List<String> entries = p.runs();
    List<Path> dirs = entries.stream().map(p::runDir).toList();
    context
        .io()
        .execute(
            () -> {
              List<RunRecord> read = new ArrayList<>();
              for (int i = 0; i < entries.size(); i++) {
                read.add(RunRecord.read(entries.get(i), dirs.get(i)));
              }
              context
                  .fx()
                  .execute(
                      () -> {
                        if (generation != historyGeneration) {
                          return;
                        }
                        List<RunRecord> shown = new ArrayList<>();
                        for (RunRecord r : read) {
                          shown.add(
                              run != null && r.dir().equals(runDir)
                                  ? r.withStatus(
                                      state.get() == RunState.PAUSED ? "paused" : "running")
                                  : r);
                        }
                        history.setAll(shown);
                        List<String> keep = compared.stream().map(RunRecord::entry).toList();
                        compare(keep);
                      });
            });
  }

  /** Removes a run from the project's list (an undoable edit); its folder stays on disk. */
  public void forget(String entry) {
    if (run != null && vm.current().runDir(entry).equals(runDir)) {
      return;
    }
    vm.editProject(
        "Remove run " + Path.of(entry).getFileName(),
        p -> {
          List<String> runs = new ArrayList<>(p.runs());
          runs.remove(entry);
          return p.withRuns(runs);
        });
  }

  static String sentence(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    String t = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return t.endsWith(".") || t.endsWith("?") || t.endsWith("!") ? t : t + ".";
  }
}
