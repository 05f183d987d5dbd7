package org.layerbench.app.gui;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.layerbench.app.FileErrors;

/**
 * A failure as a person reads it: one sentence saying what could not be done and why, and the
 * technical details (the exception and its causes) for the expandable part.
 *
 * @param message "Could not evaluate run-3: the dataset folder was not found: /data/x."
 * @param details the stack trace, or the empty string
 */
public record Failure(String message, String details) {

  /** "Could not {what}: {reason}." from an exception (unwrapping futures' wrappers). */
  public static Failure of(String what, Throwable t) {
    Throwable cause = unwrap(t);
    // A file's failure says which file and why ("/data/x.lbmodel: permission denied").
    String reason =
        cause instanceof java.io.IOException io ? FileErrors.describe(io) : cause.getMessage();
    if (reason == null || reason.isBlank()) {
      reason = cause.getClass().getSimpleName();
    }
    return new Failure(sentence("Could not " + what + ": " + reason), trace(cause));
  }

  /** A failure without an exception behind it. */
  public static Failure of(String message) {
    return new Failure(sentence(message), "");
  }

  public static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String sentence(String s) {
    s = s.strip();
    return s.endsWith(".") || s.endsWith("?") || s.endsWith("!") ? s : s + ".";
  }

  private static String trace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
