package org.layerbench.engine.train;

/**
 * How to train (DESIGN §6 defaults): epochs, batch size, learning rate and its schedule, optimizer,
 * weight decay, image size, validation split (used when the dataset has no val/ folder), seed,
 * device (auto, cpu, gpu), native threads and loader workers.
 */
public record TrainConfig(
    int epochs,
    int batchSize,
    double lr,
    String optimizer,
    double weightDecay,
    String schedule,
    int imageSize,
    double valSplit,
    long seed,
    String device,
    int threads,
    int workers) {

  public static TrainConfig defaults() {
    return new TrainConfig(10, 64, 1e-3, "adam", 0, "constant", 64, 0.2, 1, "auto", 0, 2);
  }

  public TrainConfig {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("the learning rate must be a positive number, got " + lr);
    }
    if (imageSize < 1) {
      throw new IllegalArgumentException("image size must be at least 1, got " + imageSize);
    }
    if (valSplit < 0 || valSplit >= 1) {
      throw new IllegalArgumentException("the validation split must be in [0, 1), got " + valSplit);
    }
    Schedule.check(schedule);
    Optimizer.named(optimizer, weightDecay); // validates the name
  }
}
