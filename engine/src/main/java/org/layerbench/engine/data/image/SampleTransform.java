package org.layerbench.engine.data.image;

import java.util.random.RandomGenerator;
import org.layerbench.engine.data.ReaderSetupException;

/**
 * What the batch loader does to each decoded image: turn it into {@code channels × height × width}
 * floats. {@link Preprocess} is the fixed resize/crop/normalize; a transform pipeline (with
 * augmentation) is the other kind.
 */
public interface SampleTransform {

  int channels();

  int outHeight();

  int outWidth();

  /** Floats per sample. */
  default int outSize() {
    return channels() * outHeight() * outWidth();
  }

  /** Whether results depend on {@code random} (then a cache of results is wrong). */
  boolean random();

  /**
   * Writes the sample's floats (CHW) into {@code out} from {@code offset}.
   *
   * @param random the sample's own generator (seeded per run, epoch and sample)
   * @throws IllegalArgumentException when this image cannot be transformed (the file is skipped)
   * @throws ShapeMismatchException when the result has another shape than declared (the run stops)
   */
  void apply(RgbImage image, RandomGenerator random, float[] out, int offset);

  /** The transforms produce a tensor of another shape than the model takes: a setup error. */
  final class ShapeMismatchException extends ReaderSetupException {
    public ShapeMismatchException(String message) {
      super(message);
    }

    @Override
    public ShapeMismatchException again() {
      return new ShapeMismatchException(getMessage());
    }
  }
}
