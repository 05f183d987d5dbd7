package org.layerbench.app.cli;

/** A mistake of the user's (a missing file, an unknown template): one line on stderr, exit 1. */
public final class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }
}
