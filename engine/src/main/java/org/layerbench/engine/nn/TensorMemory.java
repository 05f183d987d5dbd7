package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Direct access to a tensor's memory in main memory: the optimizers update it in place, and
 * checkpoints copy it once into the file's bytes (DJL's plain {@code toByteBuffer()} goes through a
 * Java array, and a second copy doubled the heap a large tensor needed).
 */
public final class TensorMemory {
  /**
   * DJL's own contiguity test (PyTorchLibrary is package-private; its class is on the class path,
   * in the unnamed module, so reflection may open it). Null when this DJL lacks it: then no tensor
   * is accessed directly.
   */
  private static final MethodHandle IS_CONTIGUOUS = findIsContiguous();

  private TensorMemory() {}

  private static MethodHandle findIsContiguous() {
    try {
      Class<?> lib = Class.forName("ai.djl.pytorch.jni.PyTorchLibrary");
      var field = lib.getDeclaredField("LIB");
      field.setAccessible(true);
      var method = lib.getDeclaredMethod("torchIsContiguous", long.class);
      method.setAccessible(true);
      return MethodHandles.lookup()
          .unreflect(method)
          .bindTo(field.get(null))
          .asType(MethodType.methodType(boolean.class, long.class));
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  /**
   * The tensor's own memory as a segment, or null when it is not a contiguous float32 tensor in
   * main memory (for anything else DJL would hand out a copy, and writes would be lost). Valid
   * while the tensor is open.
   */
  public static MemorySegment floats(NDArray a) {
    if (IS_CONTIGUOUS == null
        || !(a instanceof PtNDArray pt)
        || a.getDevice().isGpu()
        || a.getDataType() != DataType.FLOAT32
        || a.isSparse()) {
      return null;
    }
    long handle = pt.getHandle();
    try {
      if (!(boolean) IS_CONTIGUOUS.invokeExact(handle)) {
        return null;
      }
    } catch (Throwable t) {
      return null;
    }
    MemorySegment s = MemorySegment.ofBuffer(a.toByteBuffer(true));
    return s.byteSize() == a.size() * Float.BYTES ? s : null;
  }

  /**
   * A float32 tensor of this shape holding {@code data}, allocated by PyTorch and filled with one
   * copy. DJL's {@code create(float[])} stages the values in a new direct ByteBuffer that lives
   * until the garbage collector finds it: one per batch, they piled up to hundreds of MB of
   * resident memory between collections. On a GPU (no main memory to write) it falls back to DJL.
   */
  public static NDArray create(
      ai.djl.ndarray.NDManager manager, float[] data, ai.djl.ndarray.types.Shape shape) {
    NDArray out = manager.create(shape, DataType.FLOAT32);
    MemorySegment memory = floats(out);
    if (memory == null) {
      out.close();
      return manager.create(data, shape);
    }
    MemorySegment.copy(
        data, 0, memory, java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, 0, (int) shape.size());
    return out;
  }
}
