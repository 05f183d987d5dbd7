package org.layerbench.engine.data.text;

/**
 * How a batch of token sequences is padded: to the model's maximum length always ({@code fixed},
 * what an ONNX export or a model without lengths needs), or only to the longest sequence in the
 * batch ({@code dynamic}, {@link org.layerbench.engine.data.Batch#trimmedToLongest()}, less work
 * for recurrent layers that honour lengths).
 */
public enum Padding {
  FIXED("fixed"),
  DYNAMIC("dynamic");

  private final String id;

  Padding(String id) {
    this.id = id;
  }

  /** The name the CLI and JSON use. */
  public String id() {
    return id;
  }

  /**
   * The padding called {@code id}.
   *
   * @throws IllegalArgumentException naming the two choices
   */
  public static Padding fromId(String id) {
    for (Padding p : values()) {
      if (p.id.equals(id)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown padding \"" + id + "\" (fixed or dynamic)");
  }
}
