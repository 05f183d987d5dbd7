package org.layerbench.engine.io;

import java.io.IOException;

/**
 * A safetensors file whose content is wrong (as opposed to one that could not be read); the message
 * is one line naming the problem.
 */
public final class SafetensorsFormatException extends IOException {
  public SafetensorsFormatException(String message) {
    super(message);
  }

  public SafetensorsFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
