package org.layerbench.app.gui.lr;

import org.layerbench.engine.project.TrainingSettings;
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

  /** The project's batch size. */
  public static int batch(TrainingSettings training) {
    return training.batchSize();
  }

  /** The project's image size. */
  public static int size(TrainingSettings training) {
    return training.imageSize();
  }

  /** The project's learning rate. */
  public static double lr(TrainingSettings training) {
    return training.lr();
  }

  /**
   * The training configuration the sweep runs with: the project's, as the next training run's first
   * epoch will be (its batch and image size, optimizer, weight decay, seed, validation split,
   * device, threads, workers, parameter groups: frozen as the first epoch will be), for one epoch
   * at a constant schedule (the sweep sets the rate itself) and without clipping or early stopping.
   *
   * @throws IllegalArgumentException with a sentence when the engine refuses a setting
   */
  public static TrainConfig config(TrainingSettings training) {
    TrainingSettings d = TrainingSettings.DEFAULTS;
    return training
        .with("epochs", 1)
        .with("lr", d.lr())
        .with("schedule", "constant")
        .with("clipNorm", d.clipNorm())
        .with("patience", d.patience())
        .with("monitor", d.monitor())
        .toConfig();
  }
}
