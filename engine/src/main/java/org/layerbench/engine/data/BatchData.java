package org.layerbench.engine.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * The arrays a batch is written into while it is being read: one element array of the layout's type
 * (float[] or long[]) holding the samples one after the other, and the per-sample lengths when the
 * layout has them. Readers write disjoint slots from several threads.
 */
public final class BatchData {

  private final SampleLayout layout;
  private final float[] floats;
  private final long[] longs;
  private final int[] lengths;

  BatchData(SampleLayout layout, Object elements, int slots) {
    this.layout = Objects.requireNonNull(layout);
    this.floats = elements instanceof float[] f ? f : null;
    this.longs = elements instanceof long[] l ? l : null;
    if ((layout.dtype() == DType.FLOAT32 ? floats : longs) == null) {
      throw new IllegalArgumentException("not a " + layout.dtype().id() + " array");
    }
    this.lengths = layout.sequenceLengths() ? new int[slots] : null;
  }

  /** Room for {@code slots} samples of {@code layout} (a reader's caller outside the loader). */
  public static BatchData of(SampleLayout layout, int slots) {
    return new BatchData(layout, allocate(layout, slots), slots);
  }

  /** A new array for {@code slots} samples of {@code layout}. */
  static Object allocate(SampleLayout layout, int slots) {
    int n = slots * layout.elements();
    return layout.dtype() == DType.FLOAT32 ? new float[n] : new long[n];
  }

  public SampleLayout layout() {
    return layout;
  }

  /** Where slot {@code slot} starts in the element array. */
  public int offset(int slot) {
    return slot * layout.elements();
  }

  /** The float32 elements; fails for another dtype. */
  public float[] floats() {
    if (floats == null) {
      throw new IllegalStateException("this batch holds " + layout.dtype().id());
    }
    return floats;
  }

  /** The int64 elements; fails for another dtype. */
  public long[] longs() {
    if (longs == null) {
      throw new IllegalStateException("this batch holds " + layout.dtype().id());
    }
    return longs;
  }

  /** Sets how many of slot {@code slot}'s steps are real (the rest is padding). */
  public void length(int slot, int length) {
    if (lengths == null) {
      throw new IllegalStateException("this layout has no sequence lengths");
    }
    lengths[slot] = length;
  }

  Object elements() {
    return floats != null ? floats : longs;
  }

  int[] lengths() {
    return lengths;
  }

  /** Moves slot {@code from} to slot {@code to} (packing the samples that were read). */
  void move(int from, int to) {
    int n = layout.elements();
    System.arraycopy(elements(), from * n, elements(), to * n, n);
    if (lengths != null) {
      lengths[to] = lengths[from];
    }
  }

  /** All the slots as a batch (every slot read). */
  public Batch batch(int[] labels, java.util.List<Sample> samples) {
    return toBatch(labels.length, labels, samples, true);
  }

  /** The first {@code size} samples as a batch, copying the arrays unless they fit exactly. */
  Batch toBatch(int size, int[] labels, java.util.List<Sample> samples, boolean exact) {
    int n = size * layout.elements();
    float[] f = floats == null ? null : exact ? floats : Arrays.copyOf(floats, n);
    long[] l = longs == null ? null : exact ? longs : Arrays.copyOf(longs, n);
    int[] len = lengths == null ? null : exact ? lengths : Arrays.copyOf(lengths, size);
    return new Batch(size, layout, f, l, len, labels, samples);
  }
}
