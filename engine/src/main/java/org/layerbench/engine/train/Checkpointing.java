package org.layerbench.engine.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Chooses which epochs' checkpoints are also kept as the best one (Lightning's {@code
 * ModelCheckpoint} with {@code save_last}): the highest validation accuracy, ties broken by the
 * lower validation loss; without validation every epoch is the best so far. The best accuracy and
 * loss are its saved state, so a resumed run compares with the epochs before the interruption.
 */
final class Checkpointing implements TrainingCallback {
  private final Path bestFile;
  private double bestAccuracy = -1;
  private double bestLoss = Double.POSITIVE_INFINITY;
  private boolean lastWasBest;

  /** Keeps the best epoch's checkpoint in {@code bestFile}. */
  Checkpointing(Path bestFile) {
    this.bestFile = bestFile;
  }

  @Override
  public String name() {
    return "checkpointing";
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    lastWasBest =
        !end.validated()
            || end.valAccuracy() > bestAccuracy
            || (end.valAccuracy() == bestAccuracy && end.valLoss() < bestLoss);
    if (lastWasBest && end.validated()) {
      bestAccuracy = end.valAccuracy();
      bestLoss = end.valLoss();
    }
  }

  /** Where the last ended epoch's checkpoint is copied as the best one, or null when it is not. */
  Path bestTarget() {
    return lastWasBest ? bestFile : null;
  }

  /** The best validation accuracy so far, or -1 before any. */
  double bestAccuracy() {
    return bestAccuracy;
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("bestAccuracy", bestAccuracy);
    m.put("bestLoss", Double.isInfinite(bestLoss) ? null : bestLoss);
    return m;
  }

  @Override
  public void restore(Map<String, Object> state) {
    bestAccuracy = TrainingCallback.number(state, "bestAccuracy", -1);
    bestLoss = TrainingCallback.number(state, "bestLoss", Double.POSITIVE_INFINITY);
  }
}
