package org.layerbench.engine.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A tensor's bytes as they are stored in files: a safetensors dtype name ({@code F32}, {@code F64},
 * {@code I64}, {@code I32}, {@code U8}, {@code BOOL}, {@code F16}, {@code BF16}), a shape ({@code
 * []} for a scalar) and the elements in row-major order, little-endian.
 *
 * <p>The shape is copied, the data is not: weights run to hundreds of megabytes, so the array is
 * shared with the caller and must be treated as read-only by both sides. Equality is by content.
 */
public record TensorData(String dtype, long[] shape, byte[] data) {

  private static final Map<String, Integer> DTYPE_SIZES =
      Map.of("F32", 4, "F64", 8, "I64", 8, "I32", 4, "U8", 1, "BOOL", 1, "F16", 2, "BF16", 2);

  /** The dtype names this class accepts, in a stable order for messages. */
  public static final List<String> DTYPES =
      List.of("F32", "F64", "I64", "I32", "U8", "BOOL", "F16", "BF16");

  public TensorData {
    Objects.requireNonNull(dtype, "dtype");
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(data, "data");
    if (!isKnownDtype(dtype)) {
      throw new IllegalArgumentException(
          "unknown dtype \"" + dtype + "\" (known: " + String.join(", ", DTYPES) + ")");
    }
    shape = shape.clone();
    long expected = Math.multiplyExact(numel(shape), dtypeSize(dtype));
    if (data.length != expected) {
      throw new IllegalArgumentException(
          dtype
              + " "
              + Arrays.toString(shape)
              + " needs "
              + expected
              + " bytes but "
              + data.length
              + " were given");
    }
  }

  public static boolean isKnownDtype(String dtype) {
    return DTYPE_SIZES.containsKey(dtype);
  }

  /** Bytes per element of a known dtype. */
  public static int dtypeSize(String dtype) {
    Integer size = DTYPE_SIZES.get(dtype);
    if (size == null) {
      throw new IllegalArgumentException("unknown dtype \"" + dtype + "\"");
    }
    return size;
  }

  /**
   * The element count of a shape; the empty shape is a scalar (1 element), as in PyTorch.
   *
   * @throws IllegalArgumentException for a negative dimension
   * @throws ArithmeticException when the count does not fit in a long
   */
  public static long numel(long[] shape) {
    long n = 1;
    for (long d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public static TensorData ofFloats(long[] shape, float[] values) {
    checkCount(shape, values.length);
    byte[] data = new byte[Math.multiplyExact(values.length, 4)];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values);
    return new TensorData("F32", shape, data);
  }

  public static TensorData ofLongs(long[] shape, long[] values) {
    checkCount(shape, values.length);
    byte[] data = new byte[Math.multiplyExact(values.length, 8)];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().put(values);
    return new TensorData("I64", shape, data);
  }

  /** The elements of an F32 tensor. */
  public float[] floats() {
    requireDtype("F32");
    float[] values = new float[data.length / 4];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
    return values;
  }

  /** The elements of an I64 tensor. */
  public long[] longs() {
    requireDtype("I64");
    long[] values = new long[data.length / 8];
    ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(values);
    return values;
  }

  public long numel() {
    return numel(shape);
  }

  /** A copy of the shape, so the record stays immutable where it is cheap to do so. */
  @Override
  public long[] shape() {
    return shape.clone();
  }

  private void requireDtype(String wanted) {
    if (!dtype.equals(wanted)) {
      throw new IllegalStateException("the tensor is " + dtype + ", not " + wanted);
    }
  }

  private static void checkCount(long[] shape, int count) {
    long n = numel(shape);
    if (n != count) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " holds "
              + n
              + " values but "
              + count
              + " were given");
    }
  }

  // Records compare array components by identity; tensors must compare by content.
  @Override
  public boolean equals(Object o) {
    return o instanceof TensorData t
        && dtype.equals(t.dtype)
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(data, t.data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(dtype, Arrays.hashCode(shape), Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    return "TensorData[" + dtype + " " + Arrays.toString(shape) + ", " + data.length + " bytes]";
  }
}
