package org.layerbench.engine.data;

import java.util.random.RandomGenerator;

/**
 * One modality's way of turning a {@link Sample} into tensor data of a fixed {@link #layout()}:
 * decoding plus transforms. The {@link BatchLoader} is the same for every modality and calls a
 * reader from several worker threads at once, so a reader is thread-safe.
 */
public interface SampleReader {

  /** What every sample becomes: its dimensions, element type and whether it has a length. */
  SampleLayout layout();

  /**
   * Writes sample {@code index} into slot {@code slot} of {@code out} (and its length, when the
   * layout has lengths).
   *
   * @param index the sample's position in the loader's list (what a cache keys on)
   * @param random the sample's own generator (seeded per run, epoch and sample)
   * @throws UnreadableSampleException when this sample cannot be read (it is left out)
   * @throws ReaderSetupException when the setup is wrong for every sample (the run stops)
   */
  void read(int index, Sample sample, RandomGenerator random, BatchData out, int slot)
      throws UnreadableSampleException;

  /**
   * Memory a cache of this reader's decoded samples would need for {@code samples} samples, or -1
   * when its results must not be cached (random augmentation).
   */
  default long cacheBytes(int samples) {
    return -1;
  }

  /** This reader keeping {@code samples} decoded samples in memory, or itself if it cannot. */
  default SampleReader cached(int samples) {
    return this;
  }
}
