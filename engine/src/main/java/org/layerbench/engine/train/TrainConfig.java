package org.layerbench.engine.train;

/**
 * How to train (DESIGN §6 defaults): epochs, batch size, learning rate and its schedule, optimizer,
 * weight decay, image size, validation split (used when the dataset has no val/ folder), seed,
 * device (auto, cpu, gpu), native threads and loader workers; gradient clipping by global norm (0 =
 * off) and early stopping (patience in epochs, 0 = off, on val_loss or val_accuracy).
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
    int workers,
    double clipNorm,
    int patience,
    String monitor,
    ParameterGroups groups) {

  /** The common form, without clipping or early stopping. */
  public TrainConfig(
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
    this(
        epochs,
        batchSize,
        lr,
        optimizer,
        weightDecay,
        schedule,
        imageSize,
        valSplit,
        seed,
        device,
        threads,
        workers,
        0,
        0,
        "val_loss",
        ParameterGroups.NONE);
  }

  public TrainConfig withEpochs(int newEpochs) {
    return new TrainConfig(
        newEpochs,
        batchSize,
        lr,
        optimizer,
        weightDecay,
        schedule,
        imageSize,
        valSplit,
        seed,
        device,
        threads,
        workers,
        clipNorm,
        patience,
        monitor,
        groups);
  }

  public TrainConfig withEarlyStopping(int newPatience, String newMonitor) {
    return new TrainConfig(
        epochs,
        batchSize,
        lr,
        optimizer,
        weightDecay,
        schedule,
        imageSize,
        valSplit,
        seed,
        device,
        threads,
        workers,
        clipNorm,
        newPatience,
        newMonitor,
        groups);
  }

  public TrainConfig withGroups(ParameterGroups newGroups) {
    return new TrainConfig(
        epochs,
        batchSize,
        lr,
        optimizer,
        weightDecay,
        schedule,
        imageSize,
        valSplit,
        seed,
        device,
        threads,
        workers,
        clipNorm,
        patience,
        monitor,
        newGroups);
  }

  public TrainConfig withClipNorm(double newClipNorm) {
    return new TrainConfig(
        epochs,
        batchSize,
        lr,
        optimizer,
        weightDecay,
        schedule,
        imageSize,
        valSplit,
        seed,
        device,
        threads,
        workers,
        newClipNorm,
        patience,
        monitor,
        groups);
  }

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
    monitor = monitor == null ? "val_loss" : monitor;
    groups = groups == null ? ParameterGroups.NONE : groups;
    if (!monitor.equals("val_loss") && !monitor.equals("val_accuracy")) {
      throw new IllegalArgumentException(
          "early stopping watches val_loss or val_accuracy, not '" + monitor + "'");
    }
    if (clipNorm < 0 || patience < 0) {
      throw new IllegalArgumentException("clip norm and patience must not be negative");
    }
    Optimizer.named(optimizer, weightDecay); // validates the name
  }
}
