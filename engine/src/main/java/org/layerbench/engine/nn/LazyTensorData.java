package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.layerbench.engine.io.TensorData;

/**
 * A read-only view of tensors as file data that copies each tensor out of native memory only when
 * it is read, and keeps no copy: writing a checkpoint then holds one tensor on the Java heap at a
 * time instead of the whole model and its optimizer state (CNNNet: 57M parameters × 3). Each read
 * copies again, so it must stay on the engine thread and the tensors must not change while it is
 * being written.
 */
final class LazyTensorData extends TensorDataView {
  /**
   * Bytes copied from native memory per write: under half of G1's smallest region (1 MB), so the
   * buffer is an ordinary young object, not a humongous one that counts towards the old generation.
   */
  private static final int CHUNK = 1 << 18;

  private final Map<String, NDArray> arrays;
  private final List<String> names;

  LazyTensorData(SequencedMap<String, NDArray> arrays) {
    this.arrays = arrays;
    this.names = List.copyOf(arrays.keySet());
  }

  @Override
  protected List<String> names() {
    return names;
  }

  @Override
  protected TensorData data(String name) {
    return Weights.toData(arrays.get(name));
  }

  @Override
  public Info info(String name) {
    NDArray a = arrays.get(name);
    boolean longs = a.getDataType() == ai.djl.ndarray.types.DataType.INT64;
    // The same dtype Weights.toData gives: int64 stays, everything else is stored as float32.
    return new Info(longs ? "I64" : "F32", a.getShape().getShape(), a.size() * (longs ? 8 : 4));
  }

  @Override
  public void writeData(String name, java.io.OutputStream out) throws java.io.IOException {
    NDArray a = arrays.get(name);
    java.lang.foreign.MemorySegment memory = TensorMemory.floats(a);
    if (memory == null || java.nio.ByteOrder.nativeOrder() != java.nio.ByteOrder.LITTLE_ENDIAN) {
      out.write(Weights.toData(a).data()); // small int64 counters, or tensors not in main memory
      return;
    }
    write(memory, out);
  }

  /** Writes a tensor's memory through a chunk on the Java heap. */
  static void write(java.lang.foreign.MemorySegment memory, java.io.OutputStream out)
      throws java.io.IOException {
    byte[] chunk = new byte[(int) Math.min(CHUNK, memory.byteSize())];
    for (long at = 0; at < memory.byteSize(); at += chunk.length) {
      int n = (int) Math.min(chunk.length, memory.byteSize() - at);
      java.lang.foreign.MemorySegment.copy(
          memory, java.lang.foreign.ValueLayout.JAVA_BYTE, at, chunk, 0, n);
      out.write(chunk, 0, n);
    }
  }
}
