package org.layerbench.engine.train;

/** A run that ended without finishing; the message is the human reason (also in run.json). */
public final class TrainingFailedException extends Exception {
  public TrainingFailedException(String message) {
    super(message);
  }

  public TrainingFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
