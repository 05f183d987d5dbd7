package org.layerbench.engine.train;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.layerbench.engine.nn.NativeHeap;

/**
 * The one thread all DJL work runs on (DESIGN §4). PyTorch's grad mode is per thread and DJL leaves
 * it on, so the thread switches it off for itself; training steps turn it on inside a
 * GradientCollector only. When it goes idle (a task ends with none queued) it gives the memory its
 * tensors freed back to the system ({@link NativeHeap#release}): the launchers' allocator settings
 * keep it while a run trains, and the window would otherwise hold a run's peak until it closes.
 */
public final class EngineThread implements AutoCloseable {
  private static final ThreadLocal<Boolean> PREPARED = ThreadLocal.withInitial(() -> false);

  private final ThreadPoolExecutor executor =
      new ThreadPoolExecutor(
          1,
          1,
          0,
          TimeUnit.MILLISECONDS,
          new LinkedBlockingQueue<>(),
          r -> {
            Thread t = new Thread(r, "layerbench-engine");
            t.setDaemon(true);
            return t;
          });
  private final Runnable prepare;

  public EngineThread() {
    this(
        () -> {
          Engines.ensureStarted();
          JniUtils.setGradMode(false);
        });
  }

  /** {@code prepare} runs on the thread before its first task (tests replace the engine start). */
  EngineThread(Runnable prepare) {
    this.prepare = prepare;
  }

  /**
   * Runs {@code work} on the engine thread. The engine starts with the first task, inside it: when
   * PyTorch cannot be loaded the task fails with an {@link EngineUnavailableException}, rather than
   * the thread dying and the caller waiting forever on its Future.
   */
  public <T> Future<T> submit(Callable<T> work) {
    return executor.submit(
        () -> {
          if (!PREPARED.get()) {
            prepare.run();
            PREPARED.set(true);
          }
          try {
            return work.call();
          } finally {
            if (executor.getQueue().isEmpty()) {
              NativeHeap.release();
            }
          }
        });
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
