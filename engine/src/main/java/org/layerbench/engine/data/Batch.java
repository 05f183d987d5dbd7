package org.layerbench.engine.data;

import java.util.List;

/**
 * A batch: data is N×3×H×W floats (row-major), labels N ints, samples the files (for per-sample
 * reports). {@code data.length} is exactly {@code size * 3 * H * W}.
 */
public record Batch(int size, float[] data, int[] labels, List<Sample> samples) {

  public Batch {
    samples = List.copyOf(samples);
    if (size <= 0 || labels.length != size || samples.size() != size) {
      throw new IllegalArgumentException(
          "batch of "
              + size
              + " with "
              + labels.length
              + " labels, "
              + samples.size()
              + " samples");
    }
    if (data.length % size != 0) {
      throw new IllegalArgumentException(data.length + " floats do not split into " + size);
    }
  }
}
