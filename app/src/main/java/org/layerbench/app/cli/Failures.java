package org.layerbench.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.layerbench.app.FileErrors;
import org.layerbench.engine.io.AtomicFiles;

/**
 * How commands turn failures into the one line of DESIGN §6: files they read or write, and work
 * that failed on the engine thread. A programming error is passed on as it is, so that {@link Cli}
 * calls it an internal error rather than dressing it up as the user's mistake.
 */
final class Failures {
  private Failures() {}

  /** Writes {@code target} atomically; a failure says which file and why, and leaves nothing. */
  static void write(Path target, AtomicFiles.StreamWriter writer) {
    try {
      AtomicFiles.write(target, writer);
    } catch (IOException e) {
      throw writing(target, e);
    }
  }

  static void writeString(Path target, String text) {
    try {
      AtomicFiles.writeString(target, text);
    } catch (IOException e) {
      throw writing(target, e);
    }
  }

  /**
   * Fails now, before minutes of work, when {@code target}'s folder cannot take a new file (read
   * only, no permission, not a folder). A full disk still shows only when the file is written.
   */
  static void checkWritable(Path target) {
    Path absolute = target.toAbsolutePath();
    try {
      Path dir = Files.createDirectories(absolute.getParent());
      Files.delete(Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp"));
    } catch (IOException e) {
      throw writing(target, e);
    }
  }

  static UserException writing(Path target, IOException e) {
    return new UserException(FileErrors.writing(target, e));
  }

  static UserException reading(Path file, IOException e) {
    return new UserException(FileErrors.reading(file, e));
  }

  /**
   * The failure of work submitted to the engine thread: a file operation or a refusal with a
   * message becomes a user error; an exception that only a bug throws is returned unchanged.
   */
  static Exception fromEngine(ExecutionException e) {
    Throwable cause = e;
    while (cause instanceof ExecutionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof UncheckedIOException u) {
      cause = u.getCause();
    }
    if (cause instanceof UserException u) {
      return u;
    }
    if (cause instanceof IOException io) {
      return new UserException(FileErrors.describe(io));
    }
    String message = cause.getMessage();
    if (isBug(cause) || message == null || message.isBlank()) {
      return e;
    }
    return new UserException(message);
  }

  private static boolean isBug(Throwable t) {
    return t instanceof Error
        || t instanceof NullPointerException
        || t instanceof ClassCastException
        || t instanceof IndexOutOfBoundsException
        || t instanceof NegativeArraySizeException
        || t instanceof ArithmeticException
        || t instanceof ArrayStoreException
        || t instanceof UnsupportedOperationException;
  }
}
