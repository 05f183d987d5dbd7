package org.layerbench.app.gui.service;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.layerbench.engine.train.EngineThread;

/**
 * The window's one engine thread (DESIGN §4): every DJL job of the workspaces (learning-rate
 * finder, training, evaluation, prediction) runs on it, one after another. Results come back as
 * {@link CompletableFuture}s completed on that thread; views apply them on the FX thread. The
 * thread is started on first use, so a window that never trains never loads PyTorch.
 */
public final class EngineService implements AutoCloseable {

  private EngineThread thread;
  private boolean closed;

  /** Queues work on the engine thread. */
  public synchronized <T> CompletableFuture<T> submit(Callable<T> work) {
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("the engine is closed"));
    }
    if (thread == null) {
      thread = new EngineThread();
      // The window stays responsive on few cores: the engine thread, and the loader workers and
      // PyTorch threads it starts, run at a lower OS priority than the FX thread.
      thread.submit(
          () -> {
            BackgroundPriority.lowerCurrentThread();
            return null;
          });
    }
    CompletableFuture<T> result = new CompletableFuture<>();
    Future<?> f =
        thread.submit(
            () -> {
              try {
                result.complete(work.call());
              } catch (Throwable t) {
                result.completeExceptionally(t);
              }
              return null;
            });
    if (f.isDone()) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException e) {
        result.completeExceptionally(e.getCause());
      }
    }
    return result;
  }

  /** Stops the engine thread after the job it is on; queued jobs are dropped. */
  @Override
  public synchronized void close() {
    closed = true;
    if (thread != null) {
      thread.close();
    }
  }
}
