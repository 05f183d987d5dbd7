package org.layerbench.engine.train;

/**
 * Watches an evaluation from the engine thread: told after each batch how many images are done, and
 * asked between batches whether to stop (a cooperative cancel, DESIGN §4: nothing interrupts a DJL
 * call). A cancelled evaluation ends with {@link java.util.concurrent.CancellationException}.
 */
public interface EvaluationProgress {
  /** Nothing to report, never cancelled. */
  EvaluationProgress NONE = (done, total) -> {};

  /** After each batch, on the engine thread; keep it short (hand the numbers to another thread). */
  void imagesDone(int done, int total);

  /** Checked before each batch. */
  default boolean cancelled() {
    return false;
  }
}
