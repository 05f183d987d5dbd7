package org.layerbench.engine.train;

import ai.djl.pytorch.jni.JniUtils;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The one thread all DJL work runs on (DESIGN §4). PyTorch's grad mode is per thread and DJL leaves
 * it on, so the thread switches it off for itself; training steps turn it on inside a
 * GradientCollector only.
 */
public final class EngineThread implements AutoCloseable {
  private static final ThreadLocal<Boolean> PREPARED = ThreadLocal.withInitial(() -> false);

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
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
          return work.call();
        });
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
