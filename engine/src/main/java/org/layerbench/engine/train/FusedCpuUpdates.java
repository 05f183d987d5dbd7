package org.layerbench.engine.train;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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

  /**
   * Floats per parallel chunk: large enough to amortise a task, small enough that a chunk's arrays
   * and the native lines they were copied from (512 KB together) stay in a core's L2 cache until
   * the results are copied back. CNNNet's Adam step at batch 16 took a median 42 ms in chunks of 16
   * K floats against 51 ms in chunks of 64 K (2 MB, which spilled), lower in each of five
   * alternating pairs (StepTimingBenchmark, 2-core machine); 4 K floats was slower again.
   */
  private static final long CHUNK = 1 << 14;

  private FusedCpuUpdates() {}

  /**
   * One elementwise kernel over {@code length} floats held in arrays: the chunk of each tensor,
   * copied in from native memory and, for the tensors it updates, back out.
   */
  interface Kernel {
    void run(float[][] chunk, int length);
  }

  /**
   * Four chunk-sized arrays (256 KB) per chunk being computed, taken and given back for every
   * chunk, so there are only ever as many as threads at work. Not a ThreadLocal: the common pool's
   * workers erase their thread-locals after each task, which made new arrays for every chunk (270
   * MB of garbage in 58 CNNNet steps, a third of what the window allocated while training).
   */
  private static final java.util.concurrent.ConcurrentLinkedQueue<float[][]> SPARE =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  /** Numbers the updates' workers in their names. */
  private static final java.util.concurrent.atomic.AtomicInteger WORKER_NUMBER =
      new java.util.concurrent.atomic.AtomicInteger();

  /**
   * The updates' own workers rather than the common pool's. A thread starts with the OS priority of
   * the thread that starts it, and these are started by the thread that submits the work (the
   * engine thread, which the window runs at a lower priority than its FX thread); the common pool's
   * workers may have been started by any thread, and one at normal priority, running an Adam update
   * on the second core while the engine thread had the first, left the FX thread no CPU for over 50
   * ms.
   */
  private static final java.util.concurrent.ForkJoinPool WORKERS =
      new java.util.concurrent.ForkJoinPool(
          Runtime.getRuntime().availableProcessors(),
          pool -> {
            var t =
                java.util.concurrent.ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(
                    pool);
            // the pool index is not yet assigned here (workers register when they start)
            t.setName("layerbench-optimizer-" + WORKER_NUMBER.incrementAndGet());
            t.setDaemon(true);
            return t;
          },
          null,
          false);

  /**
   * Runs the kernel over n floats of the given tensors chunk by chunk, split across the updates'
   * workers ({@link #WORKERS}) while the calling thread waits. Each chunk is copied into Java
   * arrays, computed there, and the first {@code written} tensors are copied back. The arrays stay
   * in the core's cache, so the copies cost little next to main memory; and a loop over arrays is
   * one C2 compiles once and vectorises. The same loop over MemorySegment accessors did neither in
   * a process where other code uses other kinds of segments (JavaFX, the JPEG decoder): its shared
   * type profiles made C2 recompile it over a hundred times while the workbench trained.
   */
  static void forEachChunk(long n, MemorySegment[] tensors, int written, Kernel kernel) {
    if (n <= CHUNK) {
      chunk(0, n, tensors, written, kernel);
      return;
    }
    long chunks = (n + CHUNK - 1) / CHUNK;
    // A parallel stream run inside a pool's task splits across that pool.
    WORKERS.invoke(
        java.util.concurrent.ForkJoinTask.adapt(
            () ->
                LongStream.range(0, chunks)
                    .parallel()
                    .forEach(
                        c ->
                            chunk(
                                c * CHUNK,
                                Math.min(n, (c + 1) * CHUNK),
                                tensors,
                                written,
                                kernel))));
  }

  private static void chunk(
      long from, long to, MemorySegment[] tensors, int written, Kernel kernel) {
    float[][] a = SPARE.poll();
    if (a == null) {
      a = new float[4][(int) CHUNK];
    }
    try {
      int length = (int) (to - from);
      long offset = from * Float.BYTES;
      for (int t = 0; t < tensors.length; t++) {
        MemorySegment.copy(tensors[t], F, offset, a[t], 0, length);
      }
      kernel.run(a, length);
      for (int t = 0; t < written; t++) {
        MemorySegment.copy(a[t], 0, tensors[t], F, offset, length);
      }
    } finally {
      SPARE.offer(a);
    }
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
        new MemorySegment[] {p, m, v, g},
        3,
        (a, length) -> {
          float[] pa = a[0];
          float[] ma = a[1];
          float[] va = a[2];
          float[] ga = a[3];
          for (int i = 0; i < length; i++) {
            float pi = pa[i];
            if (decay != 1) {
              pi = pi * decay;
            }
            float gi = ga[i];
            if (l2 != 0) {
              gi = gi + pi * l2;
            }
            float mi = ma[i] * beta1 + gi;
            float vi = va[i] * beta2 + gi * gi;
            ma[i] = mi;
            va[i] = vi;
            pa[i] = pi - 1f / ((float) Math.sqrt(vi) + eps) * mi * c;
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
        new MemorySegment[] {p, v, g},
        2,
        (a, length) -> {
          float[] pa = a[0];
          float[] va = a[1];
          float[] ga = a[2];
          for (int i = 0; i < length; i++) {
            float pi = pa[i];
            float gi = ga[i];
            if (wd != 0) {
              gi = gi + pi * wd;
            }
            float vi = va[i] * alpha + gi * gi * oneMinusAlpha;
            va[i] = vi;
            pa[i] = pi - gi / ((float) Math.sqrt(vi) + eps) * lr;
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
        new MemorySegment[] {p, b, g},
        2,
        (a, length) -> {
          float[] pa = a[0];
          float[] ba = a[1];
          float[] ga = a[2];
          for (int i = 0; i < length; i++) {
            float pi = pa[i];
            float gi = ga[i];
            if (wd != 0) {
              gi = gi + pi * wd;
            }
            float bi = first ? gi : ba[i] * momentum + gi;
            ba[i] = bi;
            float d = nesterov ? gi + bi * momentum : bi;
            pa[i] = pi - d * lr;
          }
        });
  }
}
