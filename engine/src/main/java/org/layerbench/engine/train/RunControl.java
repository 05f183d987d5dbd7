package org.layerbench.engine.train;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stop and pause of a run, asked from any thread and obeyed by the loop between batches (DESIGN §4:
 * nothing interrupts a DJL call). A stop also ends a pause.
 */
final class RunControl {
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Object pauseLock = new Object();
  private volatile boolean paused;

  void requestStop() {
    stop.set(true);
    resume();
  }

  boolean stopRequested() {
    return stop.get();
  }

  void pause() {
    paused = true;
  }

  void resume() {
    synchronized (pauseLock) {
      paused = false;
      pauseLock.notifyAll();
    }
  }

  /** Waits while paused, until resumed or stopped. */
  void awaitIfPaused() {
    synchronized (pauseLock) {
      while (paused && !stop.get()) {
        try {
          pauseLock.wait(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
