package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import org.layerbench.engine.io.TensorData;

/**
 * Moves tensors between the engine (NDArrays) and files (TensorData, safetensors): float32
 * parameters and buffers, int64 counters such as num_batches_tracked, as PyTorch stores them.
 */
public final class Weights {
  private Weights() {}

  public static SequencedMap<String, TensorData> toData(SequencedMap<String, NDArray> arrays) {
    SequencedMap<String, TensorData> out = new LinkedHashMap<>();
    arrays.forEach((name, a) -> out.put(name, toData(a)));
    return out;
  }

  /**
   * The same as {@link #toData(SequencedMap)} but copying each tensor only while it is read (for
   * writing checkpoints without holding the whole model on the Java heap). Engine thread only.
   */
  public static SequencedMap<String, TensorData> lazyData(SequencedMap<String, NDArray> arrays) {
    return new LazyTensorData(arrays);
  }

  /**
   * The tensors as file data that another thread may write, each read from the tensor's memory
   * while it is written (see {@link PinnedTensorData}), or null when some are not in main memory.
   * Made on the engine thread; the tensors must stay open and unchanged until the writing ends.
   */
  public static SequencedMap<String, TensorData> pinnedData(SequencedMap<String, NDArray> arrays) {
    return PinnedTensorData.of(arrays);
  }

  public static TensorData toData(NDArray a) {
    long[] shape = a.getShape().getShape();
    if (a.getDataType() == DataType.INT64) {
      return TensorData.ofLongs(shape, a.toLongArray());
    }
    java.lang.foreign.MemorySegment memory = TensorMemory.floats(a);
    if (memory != null && java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
      // One copy from native memory straight into the file's little-endian bytes.
      return new TensorData("F32", shape, memory.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
    }
    NDArray floats = a.toType(DataType.FLOAT32, false);
    if (java.nio.ByteOrder.nativeOrder() == java.nio.ByteOrder.LITTLE_ENDIAN) {
      // One copy from native memory straight into the file's little-endian bytes; going through
      // a float[] would double the Java heap a large model's checkpoint needs.
      java.nio.ByteBuffer buffer = floats.toByteBuffer();
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return new TensorData("F32", shape, bytes);
    }
    return TensorData.ofFloats(shape, floats.toFloatArray());
  }

  public static NDArray toArray(TensorData d, NDManager manager) {
    Shape shape = new Shape(d.shape());
    return switch (d.dtype()) {
      case "F32" -> TensorMemory.create(manager, d.floats(), shape);
      case "I64" -> manager.create(d.longs(), shape);
      default -> throw new IllegalArgumentException("unsupported tensor type " + d.dtype());
    };
  }

  /**
   * Copies saved values into the network's tensors in place (so the optimizer keeps pointing at the
   * same arrays). Strict: every tensor must be present with the same shape.
   *
   * @throws IllegalArgumentException naming the first missing, unexpected or mis-shaped tensor
   */
  /** Loads only the given tensors (a non-strict import); the others keep their values. */
  public static void loadPartial(Network net, Map<String, TensorData> saved) {
    for (var e : saved.entrySet()) {
      if (!net.state().containsKey(e.getKey())) {
        throw new IllegalArgumentException("the model has no tensor '" + e.getKey() + "'");
      }
      net.replaceTensor(e.getKey(), toArray(e.getValue(), net.manager()));
    }
  }

  public static void load(Network net, Map<String, TensorData> saved) {
    for (var e : net.state().entrySet()) {
      TensorData d = saved.get(e.getKey());
      if (d == null) {
        throw new IllegalArgumentException("the weights have no tensor '" + e.getKey() + "'");
      }
      Shape expected = e.getValue().getShape();
      if (!expected.equals(new Shape(d.shape()))) {
        throw new IllegalArgumentException(
            "tensor '"
                + e.getKey()
                + "' has shape "
                + new Shape(d.shape())
                + " in the file but "
                + expected
                + " in the model");
      }
    }
    for (String k : saved.keySet()) {
      if (!net.state().containsKey(k)) {
        throw new IllegalArgumentException("the weights have an unexpected tensor '" + k + "'");
      }
    }
    for (String name : java.util.List.copyOf(net.state().keySet())) {
      net.replaceTensor(name, toArray(saved.get(name), net.manager()));
    }
  }
}
