package org.layerbench.engine.data;

/**
 * The element type of a batch's tensor: float32 for pixels and spectrograms, int64 for token ids (a
 * float32 holds integers exactly only up to 2^24, a vocabulary index must not depend on that).
 */
public enum DType {
  FLOAT32("float32"),
  INT64("int64");

  private final String id;

  DType(String id) {
    this.id = id;
  }

  /** The name PyTorch and the model JSON use ("float32", "int64"). */
  public String id() {
    return id;
  }

  /** The type named {@code id} as {@link #id()} spells it. */
  public static DType of(String id) {
    for (DType t : values()) {
      if (t.id.equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown dtype \"" + id + "\" (float32 or int64)");
  }
}
