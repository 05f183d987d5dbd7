package org.layerbench.engine.data;

import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * Watches a long data job (a dataset scan, channel statistics) running on a background thread: the
 * job says how far it has got and asks whether to stop. Both methods are called on the thread that
 * runs the job, never on its helper threads; a GUI hands the numbers to its own thread itself.
 */
public interface ProgressMonitor {

  /** Reports nothing and never cancels. */
  ProgressMonitor NONE = new ProgressMonitor() {};

  /**
   * {@code done} of {@code total} files of a stage are finished ("decoding", "duplicates"); called
   * after every file, with done counting up to total.
   */
  default void progress(String stage, long done, long total) {}

  /**
   * Polled between files. Once it answers true the job stops as soon as it can and throws {@link
   * CancellationException}; it returns no partial result.
   */
  default boolean isCancelled() {
    return false;
  }

  /** A monitor that reports nothing and is cancelled when {@code cancelled} says so. */
  static ProgressMonitor cancelledWhen(BooleanSupplier cancelled) {
    return new ProgressMonitor() {
      @Override
      public boolean isCancelled() {
        return cancelled.getAsBoolean();
      }
    };
  }
}
