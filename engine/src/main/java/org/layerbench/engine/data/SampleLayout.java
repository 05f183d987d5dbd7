package org.layerbench.engine.data;

import java.util.List;

/**
 * What one sample becomes in a batch: its dimensions without the batch dimension ({@code [3, H, W]}
 * for an image, {@code [T]} for a token sequence padded to T), the element type, and whether each
 * sample states how much of it is real ({@link Batch#lengths()}, for padded sequences).
 */
public record SampleLayout(List<Integer> dims, DType dtype, boolean sequenceLengths) {

  public SampleLayout {
    dims = List.copyOf(dims);
    if (dims.isEmpty()) {
      throw new IllegalArgumentException("a sample needs at least one dimension");
    }
    long n = 1;
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("sample dimensions must be positive: " + dims);
      }
      n *= d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("a sample of " + dims + " is too large");
    }
  }

  /** Float32 samples of these dimensions, no lengths. */
  public static SampleLayout float32(int... dims) {
    return new SampleLayout(java.util.Arrays.stream(dims).boxed().toList(), DType.FLOAT32, false);
  }

  /** Elements per sample: the product of {@link #dims()}. */
  public int elements() {
    int n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  /** The tensor shape of a batch of {@code size} samples: {@code [size, dims...]}. */
  public long[] batchShape(int size) {
    long[] shape = new long[dims.size() + 1];
    shape[0] = size;
    for (int i = 0; i < dims.size(); i++) {
      shape[i + 1] = dims.get(i);
    }
    return shape;
  }
}
