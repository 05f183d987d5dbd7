package org.layerbench.app.gui.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import org.layerbench.engine.train.TrainingEvent;

/**
 * What the live view of a run shows, fed with the run's events on the FX thread: the chart lines (x
 * in epochs, fractional for batches), the epoch table, progress over epochs and batches, images per
 * second, elapsed and remaining time (pauses left out), and the last checkpoint. One call of {@link
 * #apply} per coalesced batch of events changes each line once.
 */
public final class LiveMetrics {
  /** Points a per-batch line keeps (see {@link LiveCurve}). */
  static final int BATCH_POINTS = 600;

  /** The smoothing of the per-batch loss: an exponential moving average, debiased (fastai). */
  static final double SMOOTHING = 0.9;

  /** One row of the epoch table. */
  public record EpochRow(
      int epoch,
      double trainLoss,
      double valLoss,
      double valAccuracy,
      double seconds,
      double imagesPerSecond) {}

  private final LiveCurve batchLoss = new LiveCurve(BATCH_POINTS);
  private final LiveCurve learningRate = new LiveCurve(BATCH_POINTS);
  private final LiveCurve trainLoss = new LiveCurve(BATCH_POINTS);
  private final LiveCurve valLoss = new LiveCurve(BATCH_POINTS);
  private final LiveCurve valAccuracy = new LiveCurve(BATCH_POINTS);
  private final ObservableList<EpochRow> epochs = FXCollections.observableArrayList();
  // Made once: an unmodifiable list listens to its source weakly, so a view made per call could be
  // collected together with the listeners added to it.
  private final ObservableList<EpochRow> epochsView =
      FXCollections.unmodifiableObservableList(epochs);

  private final ReadOnlyIntegerWrapper runEpochs = new ReadOnlyIntegerWrapper(this, "epochs", 1);
  private final ReadOnlyDoubleWrapper epochProgress = new ReadOnlyDoubleWrapper(this, "epochDone");
  private final ReadOnlyDoubleWrapper batchProgress = new ReadOnlyDoubleWrapper(this, "batchDone");
  private final ReadOnlyStringWrapper epochText =
      new ReadOnlyStringWrapper(this, "epochText", "Epoch –");
  private final ReadOnlyStringWrapper batchText =
      new ReadOnlyStringWrapper(this, "batchText", "Batch –");
  private final ReadOnlyStringWrapper speedText = new ReadOnlyStringWrapper(this, "speed", "");
  private final ReadOnlyStringWrapper etaText = new ReadOnlyStringWrapper(this, "eta", "");
  private final ReadOnlyStringWrapper checkpointText =
      new ReadOnlyStringWrapper(this, "checkpoint", "");
  private final ReadOnlyLongWrapper updates = new ReadOnlyLongWrapper(this, "updates");

  private final LongSupplier clock;
  private double smoothed;
  private long smoothedCount;
  private long startedNanos;
  // Pause time (ns, from the clock) when the current epoch began and at its last batch: the engine
  // times an epoch with its pauses, which the epoch table leaves out (the engine waits between
  // batches, so a pause after an epoch's last batch counts toward the next epoch, as there).
  private long pausedAtEpochStart;
  private long pausedAtLastBatch;
  private long epochStartedNanos;
  private long pausedSince;
  private long pausedNanos;
  private boolean paused;
  private long lastApplyNanos;
  // The share of the run done when this session's first batch began (a continued run starts
  // part-way): the time left is estimated from what this session has done.
  private double doneAtStart = Double.NaN;

  public LiveMetrics() {
    this(System::nanoTime);
  }

  /**
   * @param clock nanoseconds, as {@link System#nanoTime} (tests pass their own)
   */
  LiveMetrics(LongSupplier clock) {
    this.clock = clock;
  }

  /**
   * What the view shows of a run, kept when another run is shown so that Continue can show the
   * earlier epochs as they were (metrics.csv has one row per epoch, without batches or times).
   */
  record Snapshot(List<Point2D> batchLoss, List<Point2D> learningRate, List<EpochRow> epochs) {
    Snapshot {
      batchLoss = List.copyOf(batchLoss);
      learningRate = List.copyOf(learningRate);
      epochs = List.copyOf(epochs);
    }
  }

  /** What the view shows now; null when it shows no epoch. */
  Snapshot snapshot() {
    return epochs.isEmpty()
        ? null
        : new Snapshot(batchLoss.points(), learningRate.points(), epochs);
  }

  /** Clears everything for a new run of this many epochs. */
  void reset(int totalEpochs) {
    for (LiveCurve c : List.of(batchLoss, learningRate, trainLoss, valLoss, valAccuracy)) {
      c.clear();
    }
    epochs.clear();
    runEpochs.set(totalEpochs);
    epochProgress.set(0);
    batchProgress.set(0);
    epochText.set("Epoch 0 of " + totalEpochs);
    batchText.set("Batch 0");
    speedText.set("");
    etaText.set("");
    checkpointText.set("");
    smoothed = 0;
    smoothedCount = 0;
    started();
  }

  /**
   * While no run is shown: the epoch axis of the run the settings describe, so that the charts
   * already have the axis they keep when Start is pressed (a new axis then took a frame of its own
   * to make and lay out its tick labels).
   */
  void planEpochs(int totalEpochs) {
    boolean empty =
        epochs.isEmpty()
            && List.of(batchLoss, learningRate, trainLoss, valLoss, valAccuracy).stream()
                .allMatch(c -> c.points().isEmpty());
    if (totalEpochs > 0 && empty) {
      runEpochs.set(totalEpochs);
    }
  }

  /** The run has begun (the engine and data are loaded): the clock for the estimate starts. */
  void started() {
    startedNanos = clock.getAsLong();
    epochStartedNanos = startedNanos;
    pausedNanos = 0;
    pausedAtEpochStart = 0;
    pausedAtLastBatch = 0;
    paused = false;
    doneAtStart = Double.NaN;
  }

  /**
   * A continued run: the run's epochs, known once its folder has been read, and the epochs it
   * trained before (from metrics.csv), shown as they were so the curves go on where they ended.
   */
  void continued(int totalEpochs, List<RunRecord.EpochMetrics> before) {
    continued(totalEpochs, before, null);
  }

  /**
   * As {@link #continued(int, List)}, with what this view showed of the run before ({@code kept},
   * or null): those epochs keep their times and images per second, and their batch loss and
   * learning-rate curves.
   */
  void continued(int totalEpochs, List<RunRecord.EpochMetrics> before, Snapshot kept) {
    runEpochs.set(totalEpochs);
    int last = before.isEmpty() ? 0 : before.getLast().epoch();
    if (kept != null) {
      batchLoss.addAll(kept.batchLoss().stream().filter(q -> q.getX() <= last).toList());
      learningRate.addAll(kept.learningRate().stream().filter(q -> q.getX() <= last).toList());
    }
    for (RunRecord.EpochMetrics m : before) {
      EpochRow row =
          kept == null
              ? null
              : kept.epochs().stream().filter(r -> r.epoch() == m.epoch()).findFirst().orElse(null);
      epochEnded(
          new TrainingEvent.EpochEnded(
              m.epoch(),
              m.trainLoss(),
              m.valLoss(),
              m.valAccuracy(),
              row == null ? Double.NaN : row.imagesPerSecond(),
              row == null ? Double.NaN : row.seconds()),
          0);
    }
    if (before.isEmpty()) {
      epochText.set("Epoch 0 of " + totalEpochs);
    }
  }

  /** Pauses leave the estimate of the time left. */
  void paused(boolean now) {
    if (now && !paused) {
      pausedSince = clock.getAsLong();
    } else if (!now && paused) {
      pausedNanos += clock.getAsLong() - pausedSince;
    }
    paused = now;
  }

  /** The run has ended; a finished run shows full progress. */
  void ended(boolean complete) {
    paused(false);
    etaText.set("");
    if (complete) {
      epochProgress.set(1);
    }
  }

  /**
   * Applies the batch, epoch and checkpoint events of one coalesced batch (others are ignored):
   * each line gets its new points in one change.
   *
   * @return whether an epoch ended among them
   */
  boolean apply(List<TrainingEvent> events) {
    long t0 = System.nanoTime();
    long now = clock.getAsLong();
    long pausedNow = pausedNanos + (paused ? now - pausedSince : 0);
    List<Point2D> loss = new ArrayList<>();
    List<Point2D> lr = new ArrayList<>();
    TrainingEvent.BatchEnded lastBatch = null;
    boolean epochEnded = false;
    for (TrainingEvent e : events) {
      switch (e) {
        case TrainingEvent.BatchEnded b -> {
          double x = b.epoch() - 1 + (double) b.batch() / b.batches();
          smoothedCount++;
          smoothed = SMOOTHING * smoothed + (1 - SMOOTHING) * b.loss();
          loss.add(new Point2D(x, smoothed / (1 - Math.pow(SMOOTHING, smoothedCount))));
          lr.add(new Point2D(x, b.lr()));
          lastBatch = b;
          pausedAtLastBatch = pausedNow;
        }
        case TrainingEvent.EpochEnded ep -> {
          epochEnded(ep, pausedAtLastBatch - pausedAtEpochStart);
          pausedAtEpochStart = pausedAtLastBatch;
          epochStartedNanos = now;
          epochEnded = true;
        }
        case TrainingEvent.Checkpointed c ->
            checkpointText.set(
                "Epoch "
                    + c.epoch()
                    + " saved to checkpoints/"
                    + c.file().getFileName()
                    + (c.best() ? " (best so far)" : ""));
        default -> {}
      }
    }
    if (!loss.isEmpty()) {
      batchLoss.addAll(loss);
      learningRate.addAll(lr);
    }
    if (lastBatch != null) {
      showProgress(lastBatch, now, pausedNow);
    }
    if (!loss.isEmpty() || epochEnded) {
      updates.set(updates.get() + 1);
    }
    lastApplyNanos = System.nanoTime() - t0;
    return epochEnded;
  }

  /**
   * @param pausedNanos how long the run was paused during the epoch's batches (left out of its time
   *     and rate)
   */
  private void epochEnded(TrainingEvent.EpochEnded ep, long pausedNanos) {
    double pausedSecs = pausedNanos / 1e9;
    double seconds = ep.seconds();
    double rate = ep.samplesPerSecond();
    if (pausedSecs > 0 && seconds > pausedSecs) {
      rate = rate * seconds / (seconds - pausedSecs);
      seconds -= pausedSecs;
    }
    trainLoss.add(new Point2D(ep.epoch(), ep.trainLoss()));
    if (!Double.isNaN(ep.valLoss())) {
      valLoss.add(new Point2D(ep.epoch(), ep.valLoss()));
    }
    if (!Double.isNaN(ep.valAccuracy())) {
      valAccuracy.add(new Point2D(ep.epoch(), 100 * ep.valAccuracy()));
    }
    epochs.add(
        new EpochRow(ep.epoch(), ep.trainLoss(), ep.valLoss(), ep.valAccuracy(), seconds, rate));
    epochProgress.set(Math.min(1, (double) ep.epoch() / runEpochs.get()));
    epochText.set("Epoch " + ep.epoch() + " of " + runEpochs.get() + " done");
  }

  private void showProgress(TrainingEvent.BatchEnded b, long now, long pausedNow) {
    int total = runEpochs.get();
    batchProgress.set((double) b.batch() / b.batches());
    epochProgress.set(Math.min(1, (b.epoch() - 1 + (double) b.batch() / b.batches()) / total));
    epochText.set("Epoch " + b.epoch() + " of " + total);
    batchText.set("Batch " + b.batch() + " of " + b.batches());
    // The engine's rate is over the epoch so far, pauses included: leave them out.
    double elapsed = (now - epochStartedNanos) / 1e9;
    double pausedSecs = (pausedNow - pausedAtEpochStart) / 1e9;
    double rate =
        pausedSecs > 0 && elapsed > pausedSecs
            ? b.samplesPerSecond() * elapsed / (elapsed - pausedSecs)
            : b.samplesPerSecond();
    speedText.set(String.format(Locale.ROOT, "%.0f images/s", rate));
    double done = epochProgress.get();
    if (Double.isNaN(doneAtStart)) {
      doneAtStart = Math.min(1, (b.epoch() - 1 + (double) (b.batch() - 1) / b.batches()) / total);
    }
    double doneHere = done - doneAtStart;
    double run = (now - startedNanos - pausedNow) / 1e9;
    etaText.set(
        doneHere <= 0
            ? ""
            : duration(run) + " elapsed, " + duration(run * (1 - done) / doneHere) + " left");
  }

  static String duration(double seconds) {
    long s = Math.round(Math.max(0, seconds));
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
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

  /** Time so far and left, estimated from the share done (pauses left out). */
  public ReadOnlyStringProperty etaProperty() {
    return etaText.getReadOnlyProperty();
  }

  /** The last checkpoint written. */
  public ReadOnlyStringProperty checkpointProperty() {
    return checkpointText.getReadOnlyProperty();
  }

  /** How many times the charts were given new points (for measurements). */
  public ReadOnlyLongProperty chartUpdatesProperty() {
    return updates.getReadOnlyProperty();
  }

  /** Nanoseconds the last batch of events took on the FX thread (for measurements). */
  public long lastApplyNanos() {
    return lastApplyNanos;
  }
}
