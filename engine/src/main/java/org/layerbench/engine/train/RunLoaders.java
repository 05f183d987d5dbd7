package org.layerbench.engine.train;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.RunData;
import org.layerbench.engine.data.SampleLayout;

/**
 * A run's train and validation loaders at the current sample size, rebuilt when progressive
 * resizing changes it, and the test loader at the end.
 */
final class RunLoaders implements AutoCloseable {
  /** The loaders of one size. */
  record Pair(int size, BatchLoader train, BatchLoader val) {}

  private final DatasetSplits data;
  private final RunData runData;
  private final TrainConfig config;
  private Pair current;
  private int skippedBefore;

  RunLoaders(DatasetSplits data, RunData runData, TrainConfig config) {
    this.data = data;
    this.runData = runData;
    this.config = config;
  }

  Pair at(int size) {
    if (current != null && current.size == size) {
      return current;
    }
    close();
    BatchLoader train =
        new BatchLoader(
            data.train(),
            runData.reader(true, size),
            config.batchSize(),
            true,
            config.seed(),
            config.workers(),
            4);
    BatchLoader val = evaluationLoader(data.val(), size);
    // Resized images stay in memory while they fit the budget: validation first (it is always
    // deterministic), then training when it has no random augmentation. Later epochs then
    // neither read nor decode, and the loader stops taking CPU from the model's threads.
    long budget = cacheBudget();
    if (val.cacheBytes() >= 0 && val.cacheBytes() <= budget) {
      val.withCache(true);
      budget -= val.cacheBytes();
    }
    if (train.cacheBytes() >= 0 && train.cacheBytes() <= budget) {
      train.withCache(true);
    }
    current = new Pair(size, train, val);
    return current;
  }

  /** A loader over the test split at this size, in evaluation order and batches. */
  BatchLoader test(int size) {
    return evaluationLoader(data.test(), size);
  }

  private BatchLoader evaluationLoader(
      java.util.List<org.layerbench.engine.data.Sample> samples, int size) {
    return new BatchLoader(
        samples,
        runData.reader(false, size),
        evaluationBatch(config.batchSize(), runData.layout(size)),
        false,
        config.seed(),
        config.workers(),
        4);
  }

  /** Files the loaders skipped (unreadable), over every size so far. */
  int skipped() {
    Set<Path> files = new HashSet<>();
    if (current != null) {
      current.train.skipped().forEach(p -> files.add(p.file()));
      current.val.skipped().forEach(p -> files.add(p.file()));
    }
    return Math.max(files.size(), skippedBefore);
  }

  @Override
  public void close() {
    if (current != null) {
      skippedBefore = Math.max(skippedBefore, skipped());
      current.train.close();
      current.val.close();
      current = null;
    }
  }

  /**
   * Validation and test run in batches of up to 64 (at most four training batches, and at most 32
   * MB of float32 samples, never fewer than one training batch): without gradients a forward pass
   * keeps only the layer outputs still to be read, and a model whose Linear layers dominate reads
   * their weights once per batch. The byte cap keeps the loader's batches in flight (on the Java
   * heap) no larger than training's once samples are big. CNNNet (228 MB of weights), 150
   * validation images at 64 px: 10 batches of 16 took 0.40-0.52 s of each epoch's end, 3 batches of
   * 64 take 0.23-0.32 s, with the same loss and accuracy.
   */
  static int evaluationBatch(int trainingBatch, SampleLayout layout) {
    long perSample = (long) layout.elements() * Float.BYTES;
    long byBytes = Math.max(1, (32L << 20) / perSample);
    return (int) Math.max(trainingBatch, Math.min(Math.min(4L * trainingBatch, 64), byBytes));
  }

  /**
   * Bytes of decoded samples the loaders may keep on the Java heap: a quarter of the heap, at most
   * 256 MB (the launcher's 1 GB heap also holds batches in flight and checkpoint tensors).
   */
  static long cacheBudget() {
    return Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
  }
}
