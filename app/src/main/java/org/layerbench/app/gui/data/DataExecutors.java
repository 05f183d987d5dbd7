package org.layerbench.app.gui.data;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Where the Data workspace's work runs (DESIGN §4: never on the FX thread). The app uses daemon
 * threads; view-model tests pass {@link #sameThread()} and stay deterministic.
 *
 * @param scan listing, the dataset scan and mean/std (long jobs; two threads, so measuring the
 *     mean/std does not wait for a running scan)
 * @param preview decoding the selected image and rendering the augmentation preview
 * @param debounced {@code preview} after a short pause, so a burst of edits renders once
 * @param fx the FX thread
 */
public record DataExecutors(Executor scan, Executor preview, Executor debounced, Executor fx) {

  /** How long the preview waits for the next edit before rendering. */
  public static final long DEBOUNCE_MILLIS = 120;

  /** Daemon threads for the app. */
  public static DataExecutors background(Executor fx) {
    ExecutorService preview = daemon("layerbench-data-preview");
    return new DataExecutors(
        Executors.newFixedThreadPool(2, named("layerbench-data-scan")),
        preview,
        CompletableFuture.delayedExecutor(DEBOUNCE_MILLIS, TimeUnit.MILLISECONDS, preview),
        fx);
  }

  /** Everything on the calling thread, without delay (view-model tests). */
  public static DataExecutors sameThread() {
    Executor now = Runnable::run;
    return new DataExecutors(now, now, now, now);
  }

  /** Stops the threads made by {@link #background} (the window closed); running jobs end soon. */
  public void close() {
    for (Executor e : java.util.List.of(scan, preview)) {
      if (e instanceof ExecutorService s) {
        s.shutdownNow();
      }
    }
  }

  private static ExecutorService daemon(String name) {
    return Executors.newSingleThreadExecutor(named(name));
  }

  private static java.util.concurrent.ThreadFactory named(String name) {
    java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
