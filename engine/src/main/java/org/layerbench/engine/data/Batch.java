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

  /**
   * This batch of padded sequences cut to its longest real sequence ("dynamic" padding, as {@code
   * pad_sequence} pads a batch): the first dimension becomes {@code max(lengths)}, the lengths and
   * everything else stay. Itself when no sequence is shorter than the layout.
   *
   * @throws IllegalStateException when the layout has no sequence lengths
   */
  public Batch trimmedToLongest() {
    if (lengths == null) {
      throw new IllegalStateException("only a batch of sequences with lengths can be trimmed");
    }
    int steps = layout.dims().get(0);
    int longest = 1;
    for (int length : lengths) {
      longest = Math.max(longest, length);
    }
    if (longest >= steps) {
      return this;
    }
    java.util.List<Integer> dims = new java.util.ArrayList<>(layout.dims());
    dims.set(0, longest);
    SampleLayout cut = new SampleLayout(dims, layout.dtype(), true);
    int from = layout.elements();
    int to = cut.elements();
    Object source = data != null ? data : longs;
    Object target = data != null ? new float[size * to] : new long[size * to];
    for (int i = 0; i < size; i++) {
      System.arraycopy(source, i * from, target, i * to, to);
    }
    return new Batch(
        size,
        cut,
        data != null ? (float[]) target : null,
        data != null ? null : (long[]) target,
        lengths.clone(),
        labels,
        samples);
  }
}
