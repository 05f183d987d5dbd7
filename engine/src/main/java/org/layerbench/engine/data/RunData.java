package org.layerbench.engine.data;

import java.util.List;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.TransformType;

/**
 * How a training run turns its samples into tensors: the reader for each split at a sample size
 * (progressive resizing changes the size between epochs), the {@link Preprocessing} its checkpoints
 * store for inference, and the model's input layout. The one place that knows a run's data are
 * images; the training loop asks it and sees only {@link SampleReader}, {@link Preprocessing} and
 * {@link SampleLayout}.
 */
public final class RunData {
  private final PipelineFile transforms;
  private final int configuredSize;

  private RunData(PipelineFile transforms, int configuredSize) {
    this.transforms = transforms;
    this.configuredSize = configuredSize;
  }

  /**
   * A run's data with these train and validation pipelines (null: Resize and ImageNet Normalize),
   * written for the configured size; other sizes scale the pipelines ({@link Pipeline#resized}).
   */
  public static RunData of(PipelineFile transforms, int configuredSize) {
    return new RunData(transforms, configuredSize);
  }

  /** What a loader applies to each sample of the train or validation split at this size. */
  public SampleReader reader(boolean train, int size) {
    return ImagePreprocessing.runReader(transforms, configuredSize, train, size);
  }

  /** What a checkpoint taken at this size stores for inference: the validation pipeline's work. */
  public Preprocessing preprocessing(int size) {
    if (transforms == null) {
      return ImagePreprocessing.imagenet(size, size);
    }
    Pipeline val = transforms.val().resized(configuredSize, size);
    double[][] ms = normalization(val);
    return new ImagePreprocessing(3, size, size, null, null, ms[0], ms[1], val.toJson());
  }

  /** The model's input at this size, without the batch dimension. */
  public SampleLayout layout(int size) {
    return preprocessing(size).layout();
  }

  /** The mean and std of the pipeline's Normalize (3 values each), or 0 and 1 without one. */
  private static double[][] normalization(Pipeline p) {
    double[] mean = {0, 0, 0};
    double[] std = {1, 1, 1};
    for (var s : p.steps()) {
      if (s.enabled()
          && s.type() == TransformType.NORMALIZE
          && s.params().get("mean") instanceof List<?> m
          && s.params().get("std") instanceof List<?> d) {
        for (int c = 0; c < 3; c++) {
          mean[c] = ((Number) m.get(m.size() == 1 ? 0 : Math.min(c, m.size() - 1))).doubleValue();
          std[c] = ((Number) d.get(d.size() == 1 ? 0 : Math.min(c, d.size() - 1))).doubleValue();
        }
      }
    }
    return new double[][] {mean, std};
  }
}
