package org.layerbench.engine.train;

import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.RunData;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.nn.Network;

/**
 * The epochs of a run on a ready network: each epoch's batches through {@link ClassificationStep}
 * at the schedule's learning rate, then validation, metrics.csv, the epoch's events, the callbacks
 * and the checkpoint. Stop and pause are obeyed between batches; the sample size of each epoch
 * comes from {@link ProgressiveResizing}, freezing changes from {@link UnfreezeSchedule}.
 */
final class TrainingLoop {
  /** A loss this many times the first step's (and at least the floor) means the run diverged. */
  static final double DIVERGENCE_FACTOR = 1e4;

  static final double DIVERGENCE_FLOOR = 1e3;

  /** How the epochs ended; {@code size} is the last epoch's sample size. */
  record Outcome(int epochsDone, boolean earlyStopped, boolean stoppedMidEpoch, int size) {}

  /** Where the epochs save to and report: the run folder's files, checkpoints and listeners. */
  record Output(
      RunFiles files,
      CheckpointWriter checkpoints,
      Consumer<TrainingEvent> emit,
      BiFunction<Integer, Double, RunManifest> journal) {}

  private final TrainConfig config;
  private final Network net;
  private final Optimizer optimizer;
  private final DatasetSplits data;
  private final RunData runData;
  private final RunLoaders loaders;
  private final ProgressiveResizing resizing;
  private final Map<Integer, GraphAnalysis> analyses;
  private final UnfreezeSchedule unfreeze;
  private final Checkpointing checkpointing;
  private final List<TrainingCallback> callbacks;
  private final RunControl control;
  private final Output out;
  private long step;
  private double firstLoss;

  TrainingLoop(
      TrainConfig config,
      Network net,
      Optimizer optimizer,
      DatasetSplits data,
      RunData runData,
      RunLoaders loaders,
      ProgressiveResizing resizing,
      Map<Integer, GraphAnalysis> analyses,
      UnfreezeSchedule unfreeze,
      Checkpointing checkpointing,
      List<TrainingCallback> callbacks,
      RunControl control,
      Output out) {
    this.config = config;
    this.net = net;
    this.optimizer = optimizer;
    this.data = data;
    this.runData = runData;
    this.loaders = loaders;
    this.resizing = resizing;
    this.analyses = analyses;
    this.unfreeze = unfreeze;
    this.checkpointing = checkpointing;
    this.callbacks = callbacks;
    this.control = control;
    this.out = out;
  }

  /** Runs the epochs from where {@code progress} left off to the configuration's last. */
  Outcome run(Progress progress) throws IOException, TrainingFailedException {
    long totalSteps =
        (long) config.epochs() * loaders.at(resizing.sizeAt(1)).train().batchesPerEpoch();
    step = progress.step();
    firstLoss = progress.firstLoss();
    boolean stoppedMidEpoch = false;
    int size = config.imageSize();
    int epochsDone = progress.batchesDone() == 0 ? progress.epoch() : progress.epoch() - 1;
    int startEpoch = progress.batchesDone() == 0 ? progress.epoch() + 1 : progress.epoch();
    for (int epoch = startEpoch; epoch <= config.epochs() && !control.stopRequested(); epoch++) {
      unfreeze.beforeEpoch(epoch);
      size = resizing.sizeAt(epoch);
      RunLoaders.Pair pair = loaders.at(size);
      boolean continuing = epoch == progress.epoch() && progress.batchesDone() > 0;
      Tally tally = trainEpoch(epoch, pair.train(), totalSteps, continuing ? progress : null);
      if (tally.seen == 0) {
        break;
      }
      boolean complete = !control.stopRequested();
      stoppedMidEpoch = !complete;
      endEpoch(epoch, size, pair.val(), tally, complete);
      epochsDone = epoch;
      if (callbacks.stream().anyMatch(TrainingCallback::shouldStop)) {
        return new Outcome(epochsDone, true, stoppedMidEpoch, size);
      }
    }
    return new Outcome(epochsDone, false, stoppedMidEpoch, size);
  }

  /** An epoch's training so far. */
  private static final class Tally {
    final long t0 = System.nanoTime();
    double lossSum;
    int seen;
    int batchIndex;
    int timedSeen;
    double lr;
  }

  /** The epoch's batches; {@code resumed} continues an epoch a stop left half done. */
  private Tally trainEpoch(int epoch, BatchLoader loader, long totalSteps, Progress resumed)
      throws IOException, TrainingFailedException {
    Tally t = new Tally();
    t.lossSum = resumed != null ? resumed.lossSum() : 0;
    t.seen = resumed != null ? resumed.seen() : 0;
    int skip = resumed != null ? resumed.batchesDone() : 0;
    t.lr = config.lr();
    Iterator<Batch> it = loader.epoch(epoch);
    while (it.hasNext()) {
      control.awaitIfPaused();
      if (control.stopRequested()) {
        break;
      }
      Batch batch = it.next();
      t.batchIndex++;
      if (t.batchIndex <= skip) {
        continue; // done before the run was stopped; the epoch's order is fixed by the seed
      }
      t.lr = Schedule.lr(config.schedule(), config.lr(), step, totalSteps);
      // Dropout's randomness is a function of (seed, step), so a resumed run draws the same.
      JniUtils.setSeed(config.seed() * 1_000_003L + step);
      double loss =
          ClassificationStep.train(
              net,
              optimizer,
              runData.forModel(batch),
              t.lr,
              config.clipNorm(),
              config.groups()::multiplier);
      loader.recycle(batch);
      checkLoss(loss, epoch);
      if (step == 0) {
        firstLoss = loss;
      }
      step++;
      t.lossSum += loss * batch.size();
      t.seen += batch.size();
      t.timedSeen += batch.size();
      double secs = (System.nanoTime() - t.t0) / 1e9;
      out.emit()
          .accept(
              new TrainingEvent.BatchEnded(
                  epoch,
                  step,
                  t.batchIndex,
                  loader.batchesPerEpoch(),
                  loss,
                  t.lr,
                  t.timedSeen / secs));
      out.checkpoints().finishIfDone();
    }
    return t;
  }

  /**
   * Validation, metrics.csv, EpochEnded, the callbacks and the checkpoint. The checkpoint's tensors
   * are written while the epoch is validated (both only read them); training goes on once both are
   * done.
   */
  private void endEpoch(int epoch, int size, BatchLoader valLoader, Tally t, boolean complete)
      throws IOException {
    double seconds = (System.nanoTime() - t.t0) / 1e9;
    CheckpointWriter checkpoints = out.checkpoints();
    checkpoints.finish(); // the previous epoch's, if its disk has not caught up yet
    try (CheckpointWriter.Staging staging =
        checkpoints.begin(
            out.files().checkpoint("last"),
            analyses.get(size),
            net,
            data.classes(),
            runData.preprocessing(size),
            optimizer)) {
      Evaluation val = data.val().isEmpty() ? null : Evaluation.run(net, valLoader, data.classes());
      double trainLoss = t.lossSum / t.seen;
      double valLoss = val == null ? Double.NaN : val.loss();
      double valAcc = val == null ? Double.NaN : val.accuracy();
      String metricsCsv = out.files().addRow(epoch, trainLoss, valLoss, valAcc, t.lr);
      out.emit()
          .accept(
              new TrainingEvent.EpochEnded(
                  epoch, trainLoss, valLoss, valAcc, t.timedSeen / seconds, seconds));
      var end =
          new TrainingCallback.EpochEnd(epoch, complete, val != null, trainLoss, valLoss, valAcc);
      callbacks.forEach(c -> c.onEpochEnd(end));
      Progress now =
          new Progress(
              epoch,
              complete ? 0 : t.batchIndex,
              step,
              firstLoss,
              complete ? 0 : t.lossSum,
              complete ? 0 : t.seen);
      Map<String, Object> trainer = now.toMap(t.lr, optimizer.stepCount());
      trainer.put("callbacks", TrainingCallback.states(callbacks));
      checkpoints.commitLater(
          epoch,
          staging.finish(metricsMap(epoch, trainLoss, valLoss, valAcc), trainer),
          checkpointing.bestTarget(),
          metricsCsv,
          out.journal().apply(complete ? epoch : epoch - 1, checkpointing.bestAccuracy()));
    }
  }

  /** NaN or infinite loss, or one that has grown far beyond where it started, ends the run. */
  private void checkLoss(double loss, int epoch) throws TrainingFailedException {
    if (!Double.isFinite(loss)) {
      throw new TrainingFailedException(
          "loss became "
              + (Double.isNaN(loss) ? "NaN" : "infinite")
              + " at epoch "
              + epoch
              + ", step "
              + (step + 1)
              + " — lower the learning rate (it is "
              + config.lr()
              + ")");
    }
    if (step > 0 && loss > Math.max(DIVERGENCE_FACTOR * firstLoss, DIVERGENCE_FLOOR)) {
      // Adam's step is bounded by lr, so a huge rate sends the loss to 1e20 and beyond without
      // ever overflowing to NaN; a cross-entropy that large only means the run has diverged.
      throw new TrainingFailedException(
          String.format(
              java.util.Locale.ROOT,
              "loss diverged to %.3g at epoch %d, step %d (it started at %.3g) — lower the"
                  + " learning rate (it is %s)",
              loss,
              epoch,
              step + 1,
              firstLoss,
              config.lr()));
    }
  }

  private static Map<String, Object> metricsMap(
      int epoch, double trainLoss, double valLoss, double valAcc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("trainLoss", trainLoss);
    m.put("valLoss", Double.isNaN(valLoss) ? null : valLoss);
    m.put("valAccuracy", Double.isNaN(valAcc) ? null : valAcc);
    return m;
  }
}
