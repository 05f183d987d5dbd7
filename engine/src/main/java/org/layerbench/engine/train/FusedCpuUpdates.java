package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.stream.LongStream;

/**
 * Optimizer updates as one pass over each parameter's memory, in Java, for float32 tensors in main
 * memory. The NDArray formulation of Adam makes five to seven passes over parameter, gradient and
 * moments (DJL has no addcmul/addcdiv, and every op is a separate ATen kernel); the step is
 * memory-bound, so one fused pass on both cores is what makes it cheap (CNNNet, 57 M parameters:
 * 317 ms → about 75 ms per step on the 2-core machine).
 *
 * <p>Each kernel performs the same float operations in the same order as the NDArray code it
 * replaces in {@link Optimizer}; Java never contracts a·b+c into a fused multiply-add. Results
 * equal the NDArray path's bit for bit where only multiplications and additions are involved (SGD),
 * and within an ulp per step where libtorch's division, reciprocal and square root kernels round
 * differently from Java's correctly rounded ones (Adam, RMSprop). OptimizerTest checks both, and
 * both paths against torch.optim. GPU tensors, other types and non-contiguous tensors are not
 * accepted here and take the NDArray path.
 */
final class FusedCpuUpdates {
  private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

  /** Floats per parallel chunk: large enough to amortise a task, small enough to balance. */
  private static final long CHUNK = 1 << 16;

  /**
   * DJL's own contiguity test (PyTorchLibrary is package-private; its class is on the class path,
   * in the unnamed module, so reflection may open it). Null when this DJL lacks it: then nothing
   * takes the fused path.
   */
  private static final MethodHandle IS_CONTIGUOUS = findIsContiguous();

  private FusedCpuUpdates() {}

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
   * main memory (then DJL would hand out a copy, and writes would be lost).
   */
  static MemorySegment memory(NDArray a) {
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

  /** One elementwise kernel over [from, to) of a tensor's floats. */
  interface Kernel {
    void run(long from, long to);
  }

  /** Runs the kernel over n floats, split across the common pool and the calling thread. */
  static void forEachChunk(long n, Kernel kernel) {
    if (n <= CHUNK) {
      kernel.run(0, n);
      return;
    }
    long chunks = (n + CHUNK - 1) / CHUNK;
    LongStream.range(0, chunks)
        .parallel()
        .forEach(c -> kernel.run(c * CHUNK, Math.min(n, (c + 1) * CHUNK)));
  }

  /**
   * Adam with moments kept divided by (1 − β) (see Optimizer.Adam): p ← p·decay (AdamW's decoupled
   * weight decay, 1 for none); g ← g + p·l2 (Adam's L2, 0 for none); m ← m·β1 + g; v ← v·β2 + g·g;
   * p ← p − (1/(√v + ε′)·m)·c.
   */
  static void adam(
      MemorySegment p,
      MemorySegment g,
      MemorySegment m,
      MemorySegment v,
      long n,
      float decay,
      float l2,
      float beta1,
      float beta2,
      float eps,
      float c) {
    forEachChunk(
        n,
        (from, to) -> {
          for (long i = from; i < to; i++) {
            long o = i << 2;
            float gi = g.get(F, o);
            float pi = p.get(F, o);
            if (decay != 1) {
              pi = pi * decay;
            }
            if (l2 != 0) {
              gi = gi + pi * l2;
            }
            float mi = m.get(F, o) * beta1 + gi;
            float vi = v.get(F, o) * beta2 + gi * gi;
            m.set(F, o, mi);
            v.set(F, o, vi);
            p.set(F, o, pi - 1f / ((float) Math.sqrt(vi) + eps) * mi * c);
          }
        });
  }

  /**
   * RMSprop: g ← g + wd·p; v ← α·v + g·g·(1−α); p ← p − g/(√v + ε)·lr (torch.optim.RMSprop without
   * momentum, not centered).
   */
  static void rmsProp(
      MemorySegment p,
      MemorySegment g,
      MemorySegment v,
      long n,
      float wd,
      float alpha,
      float oneMinusAlpha,
      float eps,
      float lr) {
    forEachChunk(
        n,
        (from, to) -> {
          for (long i = from; i < to; i++) {
            long o = i << 2;
            float pi = p.get(F, o);
            float gi = g.get(F, o);
            if (wd != 0) {
              gi = gi + pi * wd;
            }
            float vi = v.get(F, o) * alpha + gi * gi * oneMinusAlpha;
            v.set(F, o, vi);
            p.set(F, o, pi - gi / ((float) Math.sqrt(vi) + eps) * lr);
          }
        });
  }

  /**
   * SGD with momentum (dampening 0): g ← g + wd·p; b ← μ·b + g (b ← g on the first step); p ← p −
   * (Nesterov ? g + b·μ : b)·lr.
   */
  static void sgd(
      MemorySegment p,
      MemorySegment g,
      MemorySegment b,
      boolean first,
      long n,
      float wd,
      float momentum,
      boolean nesterov,
      float lr) {
    forEachChunk(
        n,
        (from, to) -> {
          for (long i = from; i < to; i++) {
            long o = i << 2;
            float pi = p.get(F, o);
            float gi = g.get(F, o);
            if (wd != 0) {
              gi = gi + pi * wd;
            }
            float bi = first ? gi : b.get(F, o) * momentum + gi;
            b.set(F, o, bi);
            float d = nesterov ? gi + bi * momentum : bi;
            p.set(F, o, pi - d * lr);
          }
        });
  }
}
