package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.layerbench.engine.io.TensorData;

/**
 * Tensors as file data, resolved on the engine thread so that another thread can write them: each
 * float32 tensor in main memory is kept as its memory (nothing copied until it is written), and the
 * few others (int64 counters) are copied at once. Writing touches no DJL object, so a checkpoint's
 * tensors can be written on the checkpoint thread while the engine thread validates. The tensors
 * must stay open and unchanged until the writing ends: the caller waits for it before the next
 * training step.
 */
final class PinnedTensorData extends TensorDataView {
  /** Tensors copied at once may take this many bytes together; more means not in main memory. */
  static final long MAX_COPIED = 1 << 20;

  private final SequencedMap<String, Object> tensors; // MemorySegment, or TensorData
  private final Map<String, Info> infos;
  private final List<String> names;

  private PinnedTensorData(SequencedMap<String, Object> tensors, Map<String, Info> infos) {
    this.tensors = tensors;
    this.infos = infos;
    this.names = List.copyOf(tensors.keySet());
  }

  /**
   * Pins the tensors, or gives null when some are not in main memory (a GPU's): they are then
   * written from the engine thread as before. Engine thread only.
   */
  static PinnedTensorData of(SequencedMap<String, NDArray> arrays) {
    SequencedMap<String, Object> tensors = new LinkedHashMap<>();
    Map<String, Info> infos = new LinkedHashMap<>();
    long copied = 0;
    // the file is little-endian: elsewhere the memory cannot be written as it is
    boolean asItIs = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    for (var e : arrays.entrySet()) {
      NDArray a = e.getValue();
      MemorySegment memory = asItIs ? TensorMemory.floats(a) : null;
      if (memory != null) {
        tensors.put(e.getKey(), memory);
        infos.put(e.getKey(), new Info("F32", a.getShape().getShape(), memory.byteSize()));
        continue;
      }
      copied += a.size() * a.getDataType().getNumOfBytes();
      if (copied > MAX_COPIED) {
        return null;
      }
      TensorData d = Weights.toData(a);
      tensors.put(e.getKey(), d);
      infos.put(e.getKey(), new Info(d.dtype(), d.shape(), d.data().length));
    }
    return new PinnedTensorData(tensors, infos);
  }

  @Override
  public Info info(String name) {
    return infos.get(name);
  }

  @Override
  public void writeData(String name, OutputStream out) throws IOException {
    switch (tensors.get(name)) {
      case MemorySegment memory -> LazyTensorData.write(memory, out);
      case TensorData d -> out.write(d.data());
      default -> throw new IllegalArgumentException("no tensor " + name);
    }
  }

  @Override
  protected List<String> names() {
    return names;
  }

  @Override
  protected TensorData data(String name) {
    return switch (tensors.get(name)) {
      case MemorySegment memory ->
          new TensorData("F32", infos.get(name).shape(), memory.toArray(ValueLayout.JAVA_BYTE));
      case TensorData d -> d;
      default -> throw new IllegalArgumentException("no tensor " + name);
    };
  }
}
