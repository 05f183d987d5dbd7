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

  // The defaults, once: TrainingSettings (the project's settings), the CLI's option defaults and
  // defaults() all read these. Constants so that picocli annotations can use them.
  public static final int DEFAULT_EPOCHS = 10;
  public static final int DEFAULT_BATCH_SIZE = 64;
  public static final double DEFAULT_LR = 1e-3;
  public static final String DEFAULT_OPTIMIZER = "adam";
  public static final double DEFAULT_WEIGHT_DECAY = 0;
  public static final String DEFAULT_SCHEDULE = "constant";
  public static final int DEFAULT_IMAGE_SIZE = 64;
  public static final double DEFAULT_VAL_SPLIT = 0.2;
  public static final long DEFAULT_SEED = 1;
  public static final String DEFAULT_DEVICE = "auto";
  public static final int DEFAULT_THREADS = 0;
  public static final int DEFAULT_WORKERS = 2;
  public static final double DEFAULT_CLIP_NORM = 0;
  public static final int DEFAULT_PATIENCE = 0;
  public static final String DEFAULT_MONITOR = "val_loss";

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
        DEFAULT_CLIP_NORM,
        DEFAULT_PATIENCE,
        DEFAULT_MONITOR,
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
    return new TrainConfig(
        DEFAULT_EPOCHS,
        DEFAULT_BATCH_SIZE,
        DEFAULT_LR,
        DEFAULT_OPTIMIZER,
        DEFAULT_WEIGHT_DECAY,
        DEFAULT_SCHEDULE,
        DEFAULT_IMAGE_SIZE,
        DEFAULT_VAL_SPLIT,
        DEFAULT_SEED,
        DEFAULT_DEVICE,
        DEFAULT_THREADS,
        DEFAULT_WORKERS);
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
    monitor = monitor == null ? DEFAULT_MONITOR : monitor;
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
