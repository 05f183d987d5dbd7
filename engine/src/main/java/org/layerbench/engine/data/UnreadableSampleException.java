package org.layerbench.engine.data;

/**
 * A sample that cannot be read (a corrupt file, a malformed row): the loader leaves it out of its
 * batch and reports {@link #reason()}, short and human, to the user.
 */
public final class UnreadableSampleException extends Exception {

  public UnreadableSampleException(String reason) {
    super(reason, null, false, false);
  }

  public String reason() {
    return getMessage();
  }
}
