package org.layerbench.app.gui.lr;

import java.util.LinkedHashMap;
import java.util.Map;
import org.layerbench.engine.train.TrainConfig;

/**
 * What a learning-rate sweep needs, and how it relates to the project's training settings: the
 * sweep's own range and step count, and the batch size and image size it shares with training (a
 * rate found at one batch size does not carry over to another). Pure data; no JavaFX.
 *
 * @param start the first learning rate
 * @param end the last learning rate
 * @param steps batches in the sweep, one rate each
 */
public record LrSettings(double start, double end, int steps) {
  public static final LrSettings DEFAULT = new LrSettings(1e-7, 10, 100);
  static final int MAX_STEPS = 10_000;

  /** Why these settings cannot run, as a sentence, or null when they can. */
  public String problem() {
    if (!(start > 0) || !Double.isFinite(start)) {
      return "The start rate must be a positive number.";
    }
    if (!(end > start) || !Double.isFinite(end)) {
      return "The end rate must be larger than the start rate.";
    }
    if (steps < 2 || steps > MAX_STEPS) {
      return "The sweep needs between 2 and " + MAX_STEPS + " steps.";
    }
    return null;
  }

  /** The project's batch size ("batch"), or the training default. */
  public static int batch(Map<String, Object> training) {
    return (int) lenient(training, "batch", TrainConfig.defaults().batchSize());
  }

  /** The project's image size ("size"), or the training default. */
  public static int size(Map<String, Object> training) {
    return (int) lenient(training, "size", TrainConfig.defaults().imageSize());
  }

  /** The project's learning rate ("lr"), or the training default. */
  public static double lr(Map<String, Object> training) {
    return lenient(training, "lr", TrainConfig.defaults().lr());
  }

  /**
   * The training configuration the sweep runs with: the project's optimizer, weight decay, seed,
   * validation split, device and threads, with this batch and image size (one epoch, constant
   * schedule: the sweep sets the rate itself).
   *
   * @throws IllegalArgumentException with a sentence when a setting is out of range
   */
  public static TrainConfig config(Map<String, Object> training) {
    TrainConfig d = TrainConfig.defaults();
    return new TrainConfig(
        1,
        (int) number(training, "batch", d.batchSize()),
        d.lr(),
        text(training, "optimizer", d.optimizer()),
        number(training, "weightDecay", d.weightDecay()),
        "constant",
        (int) number(training, "size", d.imageSize()),
        number(training, "valSplit", d.valSplit()),
        (long) number(training, "seed", d.seed()),
        text(training, "device", d.device()),
        (int) number(training, "threads", d.threads()),
        (int) number(training, "workers", d.workers()));
  }

  /** A copy of the training settings with one value replaced (the original order kept). */
  public static Map<String, Object> with(Map<String, Object> training, String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>(training);
    m.put(key, value);
    return m;
  }

  /** The value to show: a setting that is not a number shows the default. */
  private static double lenient(Map<String, Object> training, String key, double fallback) {
    try {
      return number(training, key, fallback);
    } catch (IllegalArgumentException e) {
      return fallback;
    }
  }

  private static double number(Map<String, Object> training, String key, double fallback) {
    Object v = training.get(key);
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s && !s.isBlank()) {
      try {
        return Double.parseDouble(s.strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "the project's training setting '" + key + "' is not a number: '" + s + "'");
      }
    }
    return fallback;
  }

  private static String text(Map<String, Object> training, String key, String fallback) {
    Object v = training.get(key);
    return v == null || v.toString().isBlank() ? fallback : v.toString();
  }
}
