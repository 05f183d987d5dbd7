package org.layerbench.engine.data;

/**
 * A reader's setup does not fit the data or the model (the transforms give another shape than the
 * model takes): the same for every sample, so the loader stops the run with this reason instead of
 * skipping samples.
 */
public class ReaderSetupException extends RuntimeException {

  public ReaderSetupException(String message) {
    super(message);
  }

  /** The same problem thrown again on the consuming thread, with that thread's trace. */
  public ReaderSetupException again() {
    return new ReaderSetupException(getMessage());
  }
}
