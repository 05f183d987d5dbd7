package org.layerbench.engine.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file that could not be decoded to an image. {@link #reason()} is short and human ("zero bytes",
 * "truncated or corrupt") so reports can show it next to the file name.
 */
public final class ImageDecodeException extends IOException {

  private final transient Path file;
  private final String reason;

  public ImageDecodeException(Path file, String reason) {
    this(file, reason, null);
  }

  public ImageDecodeException(Path file, String reason, Throwable cause) {
    super(file + ": " + reason, cause);
    this.file = file;
    this.reason = reason;
  }

  public Path file() {
    return file;
  }

  public String reason() {
    return reason;
  }
}
