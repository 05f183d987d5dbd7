package org.layerbench.engine.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run stands, saved in every checkpoint's trainer state so that a resumed run continues
 * exactly: the epoch, how many of its batches are done (0 when the epoch is complete), the global
 * step (the schedule's position and dropout's seed), the first loss (divergence check) and the
 * running loss sum of a partial epoch. The best epoch and early stopping's count are the state of
 * their callbacks ({@link Checkpointing}, {@link EarlyStopping}), saved beside it.
 */
record Progress(int epoch, int batchesDone, long step, double firstLoss, double lossSum, int seen) {

  static Progress fresh() {
    return new Progress(0, 0, 0, Double.NaN, 0, 0);
  }

  Map<String, Object> toMap(double lr, long optimizerSteps) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("batchesDone", batchesDone);
    m.put("step", step);
    m.put("optimizerSteps", optimizerSteps);
    m.put("lr", lr);
    m.put("firstLoss", firstLoss);
    m.put("lossSum", lossSum);
    m.put("seen", seen);
    return m;
  }

  static Progress fromMap(Map<String, Object> m) {
    return new Progress(
        num(m, "epoch").intValue(),
        num(m, "batchesDone").intValue(),
        num(m, "step").longValue(),
        num(m, "firstLoss").doubleValue(),
        num(m, "lossSum").doubleValue(),
        num(m, "seen").intValue());
  }

  private static Number num(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (v instanceof Number n) {
      return n;
    }
    if (v instanceof String s) {
      return Double.valueOf(s); // NaN is written as a bare token or a string by some writers
    }
    throw new IllegalArgumentException(
        "the checkpoint's trainer state has no number '" + key + "'");
  }
}
