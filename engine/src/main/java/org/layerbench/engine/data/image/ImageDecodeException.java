package org.layerbench.engine.data.image;

import java.io.IOException;
import java.nio.file.Path;
import org.layerbench.engine.data.ProblemKind;

/**
 * A file that could not be decoded to an image. {@link #reason()} is short and human ("zero bytes",
 * "truncated or corrupt") so reports can show it next to the file name; {@link #kind()} says which
 * of the {@link ProblemKind}s it is.
 */
public final class ImageDecodeException extends IOException {

  private final transient Path file;
  private final ProblemKind kind;
  private final String reason;

  public ImageDecodeException(Path file, ProblemKind kind, String reason) {
    this(file, kind, reason, null);
  }

  public ImageDecodeException(Path file, ProblemKind kind, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
    this.file = file;
    this.kind = kind;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  public ProblemKind kind() {
    return kind;
  }

  public String reason() {
    return reason;
  }
}
