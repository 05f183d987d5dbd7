package org.layerbench.engine.io.export;

/**
 * An export that cannot be made or did not verify, with one sentence for the user: a layer the
 * format cannot express (naming the node and why), a bundle without weights, a target folder that
 * holds other files, a difference between an exported model's outputs and LayerBench's.
 */
public class ExportException extends Exception {
  public ExportException(String message) {
    super(message);
  }

  public ExportException(String message, Throwable cause) {
    super(message, cause);
  }
}
