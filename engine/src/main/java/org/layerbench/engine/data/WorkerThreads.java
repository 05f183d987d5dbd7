package org.layerbench.engine.data;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool's thread factory that keeps the threads it made, so the pool's owner can wait for them to
 * end: a pool counts as terminated once its last worker has left its loop, a moment before that
 * thread has ended, and "stopped" must mean no thread left behind. Daemon threads named by a prefix
 * and a number that runs on across pools.
 */
final class WorkerThreads implements ThreadFactory {
  private final String prefix;
  private final AtomicInteger numbers;
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  WorkerThreads(String prefix, AtomicInteger numbers) {
    this.prefix = prefix;
    this.numbers = numbers;
  }

  @Override
  public Thread newThread(Runnable r) {
    Thread t = new Thread(r, prefix + numbers.incrementAndGet());
    t.setDaemon(true);
    threads.removeIf(old -> !old.isAlive()); // a pool whose idle threads time out makes new ones
    threads.add(t);
    return t;
  }

  /**
   * Waits, up to {@code timeout} for all of them together, for every thread made to end (the
   * calling thread excepted), then forgets them. An interrupt ends the wait and is kept.
   */
  void join(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Thread t : threads) {
        long left = deadline - System.nanoTime();
        if (left > 0 && t != Thread.currentThread()) {
          t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    threads.clear();
  }
}
