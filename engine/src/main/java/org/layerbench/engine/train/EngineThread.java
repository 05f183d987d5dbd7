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
  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t =
                new Thread(
                    () -> {
                      Engines.ensureStarted();
                      JniUtils.setGradMode(false);
                      r.run();
                    },
                    "layerbench-engine");
            t.setDaemon(true);
            return t;
          });

  public <T> Future<T> submit(Callable<T> work) {
    return executor.submit(work);
  }

  @Override
  public void close() {
    executor.shutdown();
  }
}
