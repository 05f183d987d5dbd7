package org.layerbench.engine.data;

import org.layerbench.engine.data.image.ImageDecoder;

/**
 * How {@link DatasetScan} looks at a dataset.
 *
 * @param valFraction share of each class that goes to val when the dataset is one tree
 *     DIR/&lt;class&gt;/… (as {@code train --val-split}); unused with train/ and val/ folders
 * @param seed the seed of that split (as {@code train --seed})
 * @param minSide images narrower or lower than this many pixels are reported as too small
 * @param maxPixels images declaring more pixels are refused from their header as decompression
 *     bombs
 * @param statistics whether to compute the training split's per-channel mean and std
 * @param threads decoding threads; 0 for one per core, at most 4
 */
public record ScanOptions(
    double valFraction, long seed, int minSide, long maxPixels, boolean statistics, int threads) {

  /** Images smaller than this on a side are flagged by default (MNIST's 28×28 is not). */
  public static final int DEFAULT_MIN_SIDE = 8;

  public ScanOptions {
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException(
          "the validation fraction must be in [0, 1), got " + valFraction);
    }
    if (minSide < 1) {
      throw new IllegalArgumentException(
          "the minimum side must be at least 1 pixel, got " + minSide);
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("the pixel limit must be positive, got " + maxPixels);
    }
    if (threads < 0) {
      throw new IllegalArgumentException("threads must be 0 or more, got " + threads);
    }
  }

  /** The split of {@code layerbench train}'s defaults (0.2, seed 1), statistics on. */
  public static ScanOptions defaults() {
    return new ScanOptions(0.2, 1, DEFAULT_MIN_SIDE, ImageDecoder.DEFAULT_MAX_PIXELS, true, 0);
  }

  public ScanOptions withSplit(double valFraction, long seed) {
    return new ScanOptions(valFraction, seed, minSide, maxPixels, statistics, threads);
  }

  public ScanOptions withMinSide(int minSide) {
    return new ScanOptions(valFraction, seed, minSide, maxPixels, statistics, threads);
  }

  public ScanOptions withMaxPixels(long maxPixels) {
    return new ScanOptions(valFraction, seed, minSide, maxPixels, statistics, threads);
  }

  public ScanOptions withStatistics(boolean statistics) {
    return new ScanOptions(valFraction, seed, minSide, maxPixels, statistics, threads);
  }

  public ScanOptions withThreads(int threads) {
    return new ScanOptions(valFraction, seed, minSide, maxPixels, statistics, threads);
  }
}
