package org.layerbench.app.gui.data;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs background jobs of which only the newest matters (a preview, the details of the selected
 * image): a job overtaken by a newer one before it starts is skipped, and an overtaken result is
 * dropped instead of applied.
 */
final class LatestOnly {
  private final AtomicLong generation = new AtomicLong();
  private final Executor work;
  private final Executor fx;

  LatestOnly(Executor work, Executor fx) {
    this.work = work;
    this.fx = fx;
  }

  /** Runs {@code job} on the work executor and its outcome on the FX one, if still the newest. */
  <T> void submit(Callable<T> job, Consumer<T> done, Consumer<Exception> failed) {
    long g = generation.incrementAndGet();
    work.execute(
        () -> {
          if (generation.get() != g) {
            return;
          }
          try {
            T result = job.call();
            fx.execute(
                () -> {
                  if (generation.get() == g) {
                    done.accept(result);
                  }
                });
          } catch (Exception e) {
            fx.execute(
                () -> {
                  if (generation.get() == g) {
                    failed.accept(e);
                  }
                });
          }
        });
  }

  /** Drops whatever is pending or running. */
  void cancel() {
    generation.incrementAndGet();
  }

  /** Whether {@code g} is still the newest job (for jobs that check as they go). */
  long current() {
    return generation.get();
  }
}
