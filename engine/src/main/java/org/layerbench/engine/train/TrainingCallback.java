package org.layerbench.engine.train;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Something the training loop tells at each epoch's end, which keeps its own state across a resume,
 * as Lightning's {@code Callback} with {@code state_dict}/{@code load_state_dict}: the state is
 * saved in every checkpoint's trainer state under {@code callbacks.<name>} and given back before a
 * resumed run's first batch. A callback may ask the run to stop; asks are OR-ed, never withdrawn
 * (STYLE 15).
 */
interface TrainingCallback {
  /**
   * An epoch's end, after validation.
   *
   * @param complete whether all its batches ran (false: the run was stopped in it)
   * @param validated whether it was validated (the dataset has a validation split)
   * @param valLoss NaN without validation
   * @param valAccuracy NaN without validation
   */
  record EpochEnd(
      int epoch,
      boolean complete,
      boolean validated,
      double trainLoss,
      double valLoss,
      double valAccuracy) {}

  /** The key of its state in the checkpoint. */
  String name();

  void onEpochEnd(EpochEnd end);

  /** Whether the run should end after this epoch. */
  default boolean shouldStop() {
    return false;
  }

  /** Its state, as JSON-ready values (numbers, strings, null). */
  Map<String, Object> state();

  /**
   * Takes back a state {@link #state} gave.
   *
   * @throws IllegalArgumentException when a value is missing or not a number
   */
  void restore(Map<String, Object> state);

  /** The callbacks' states by name, for the checkpoint's trainer state. */
  static Map<String, Object> states(List<TrainingCallback> callbacks) {
    Map<String, Object> m = new LinkedHashMap<>();
    callbacks.forEach(c -> m.put(c.name(), c.state()));
    return m;
  }

  /**
   * Restores each callback from a checkpoint's trainer state. Checkpoints written before callbacks
   * kept their own state hold the same keys at the top level of the trainer state; they are read
   * from there.
   */
  @SuppressWarnings("unchecked")
  static void restoreAll(List<TrainingCallback> callbacks, Map<String, Object> trainerState) {
    Object saved = trainerState.get("callbacks");
    for (TrainingCallback c : callbacks) {
      if (saved instanceof Map<?, ?> byName) {
        Object own = byName.get(c.name());
        c.restore(own instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of());
      } else {
        c.restore(trainerState);
      }
    }
  }

  /** A number of a saved state; NaN may come as a bare token or a string. */
  static double number(Map<String, Object> state, String key, double absent) {
    Object v = state.get(key);
    if (v == null) {
      return absent;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s);
      } catch (NumberFormatException e) {
        // told below
      }
    }
    throw new IllegalArgumentException(
        "the checkpoint's trainer state has no number '" + key + "', but " + v);
  }
}
