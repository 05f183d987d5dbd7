package org.layerbench.engine.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ends the run when the monitored value (val_loss, or val_accuracy) has not improved for {@code
 * patience} whole, validated epochs (0: never), as Lightning's {@code EarlyStopping} with {@code
 * min_delta=0}. Its best value and count of epochs without improvement are its saved state, so a
 * resumed run counts on instead of starting over.
 */
final class EarlyStopping implements TrainingCallback {
  private final int patience;
  private final boolean accuracy;
  private double best = Double.NaN; // of the watched value, which is lower-is-better
  private int stale;

  EarlyStopping(int patience, String monitor) {
    this.patience = patience;
    this.accuracy = monitor.equals("val_accuracy");
  }

  @Override
  public String name() {
    return "earlyStopping";
  }

  @Override
  public void onEpochEnd(EpochEnd end) {
    // a partial epoch (the run was stopped in it) is judged when it is finished after a resume
    if (!end.complete() || !end.validated() || patience <= 0) {
      return;
    }
    double watched = accuracy ? -end.valAccuracy() : end.valLoss();
    if (Double.isNaN(best) || watched < best) {
      best = watched;
      stale = 0;
    } else {
      stale++;
    }
  }

  @Override
  public boolean shouldStop() {
    return patience > 0 && stale >= patience;
  }

  /** Epochs since the last improvement. */
  int stale() {
    return stale;
  }

  @Override
  public Map<String, Object> state() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("monitorBest", best);
    m.put("stale", stale);
    return m;
  }

  @Override
  public void restore(Map<String, Object> state) {
    best = TrainingCallback.number(state, "monitorBest", Double.NaN);
    stale = (int) TrainingCallback.number(state, "stale", 0);
  }
}
