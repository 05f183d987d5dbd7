package org.layerbench.engine.train;

/**
 * PyTorch's native libraries could not be loaded: the message says why and what to check (a
 * PYTORCH_LIBRARY_PATH that names no libtorch, a broken install).
 */
public final class EngineUnavailableException extends RuntimeException {
  public EngineUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
