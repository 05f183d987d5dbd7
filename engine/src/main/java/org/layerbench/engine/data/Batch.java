package org.layerbench.engine.data;

import java.util.List;

/**
 * A batch: {@code size} samples laid out as {@link #layout()} says (an image batch is N×3×H×W
 * float32, a token batch N×T int64), row-major in {@link #data()} (float32) or {@link #longs()}
 * (int64), with each sample's label, its source (for per-sample reports) and, for padded sequences,
 * how many of its steps are real ({@link #lengths()}, else null).
 */
public record Batch(
    int size,
    SampleLayout layout,
    float[] data,
    long[] longs,
    int[] lengths,
    int[] labels,
    List<Sample> samples) {

  /** A float32 batch of flat samples ({@code data.length / size} floats each). */
  public Batch(int size, float[] data, int[] labels, List<Sample> samples) {
    this(
        size,
        SampleLayout.float32(size > 0 ? Math.max(1, data.length / size) : 1),
        data,
        null,
        null,
        labels,
        samples);
  }

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
    long expected = (long) size * layout.elements();
    boolean floats = layout.dtype() == DType.FLOAT32;
    int have = floats ? (data == null ? -1 : data.length) : (longs == null ? -1 : longs.length);
    if (have != expected || (floats ? longs : data) != null) {
      throw new IllegalArgumentException(
          "a batch of "
              + size
              + " × "
              + layout.dims()
              + " "
              + layout.dtype().id()
              + " needs "
              + expected
              + " elements, got "
              + have);
    }
    if (layout.sequenceLengths() != (lengths != null)
        || (lengths != null && lengths.length != size)) {
      throw new IllegalArgumentException(
          "a batch needs one length per sample exactly when its layout has lengths");
    }
  }

  /** The tensor shape: {@code [size, dims...]}. */
  public long[] shape() {
    return layout.batchShape(size);
  }
}
