package org.layerbench.app.gui.service;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Coalesces events from any thread into at most one batch per period on the FX thread (DESIGN §4:
 * the engine may send thousands of batch events; the FX thread gets one update per ~50 ms). Events
 * keep their order; none is dropped — the sink decides what to keep of a batch.
 *
 * @param <T> the event type
 */
public final class FxThrottle<T> {

  private static final ScheduledExecutorService TIMER = timer();

  private final Executor fx;
  private final long periodNanos;
  private final Consumer<List<T>> sink;
  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile long lastDelivery;

  /**
   * @param fx the FX thread's executor ({@code Platform::runLater}); tests pass a same-thread one
   * @param periodMillis the shortest time between two deliveries
   * @param sink receives each batch on {@code fx}
   */
  public FxThrottle(Executor fx, long periodMillis, Consumer<List<T>> sink) {
    this.fx = fx;
    this.periodNanos = TimeUnit.MILLISECONDS.toNanos(periodMillis);
    this.sink = sink;
  }

  private static ScheduledExecutorService timer() {
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread th = new Thread(r, "layerbench-fx-throttle");
              th.setDaemon(true);
              return th;
            });
    t.setRemoveOnCancelPolicy(true);
    return t;
  }

  /** From any thread. */
  public void offer(T event) {
    queue.add(event);
    if (scheduled.compareAndSet(false, true)) {
      long wait = lastDelivery + periodNanos - System.nanoTime();
      if (wait <= 0) {
        fx.execute(this::deliver);
      } else {
        TIMER.schedule(() -> fx.execute(this::deliver), wait, TimeUnit.NANOSECONDS);
      }
    }
  }

  /** Delivers whatever is queued now, on the calling thread (the FX thread). */
  public void flush() {
    deliver();
  }

  private void deliver() {
    scheduled.set(false);
    lastDelivery = System.nanoTime();
    List<T> batch = new ArrayList<>();
    for (T e; (e = queue.poll()) != null; ) {
      batch.add(e);
    }
    if (!batch.isEmpty()) {
      sink.accept(batch);
    }
  }
}
