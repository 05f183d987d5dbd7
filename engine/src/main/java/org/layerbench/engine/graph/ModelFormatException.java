package org.layerbench.engine.graph;

/** A model file that cannot be read; the message is one line a person can act on. */
public final class ModelFormatException extends Exception {
  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
