package org.layerbench.engine.graph;

/** The value type of a layer parameter, which decides its JSON form and its editor. */
public enum ParamKind {
  /** A whole number. */
  INT,
  /** A real number; a whole number written in JSON is accepted. */
  FLOAT,
  BOOL,
  /** One of a fixed list of strings. */
  CHOICE,
  /**
   * One whole number per spatial dimension, written either as one number for all of them ({@code
   * 3}) or as a list ({@code [3, 5]}), as PyTorch's {@code kernel_size} accepts.
   */
  INT_TUPLE,
  /** A list of whole numbers of any length, such as an input shape. */
  INT_LIST
}
