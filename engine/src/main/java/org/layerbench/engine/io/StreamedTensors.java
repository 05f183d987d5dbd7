package org.layerbench.engine.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Tensors whose bytes live elsewhere (the engine's native memory) and are copied out only while a
 * file is written, a chunk at a time: a map of {@link TensorData} that also implements this lets
 * {@link Safetensors} build the header from {@link #info} and stream each tensor with {@link
 * #writeData}, so writing a checkpoint needs no tensor-sized arrays on the Java heap (CNNNet's
 * largest weight alone is 151 MB, and the bundle writer reads every tensor three times).
 */
public interface StreamedTensors {
  /** The dtype ("F32", "I64", …) and shape of a tensor, as its TensorData would have them. */
  record Info(String dtype, long[] shape, long bytes) {}

  Info info(String name);

  /** Writes exactly {@code info(name).bytes()} bytes of the tensor, little-endian. */
  void writeData(String name, OutputStream out) throws IOException;
}
