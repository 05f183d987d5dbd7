package org.layerbench.engine.io.export;

/** Comparing rows of logits. */
public final class Logits {
  private Logits() {}

  /** The largest absolute difference and where it is (row = input, column = output). */
  public record Diff(double max, int row, int column) {}

  /**
   * The largest |a − b| over all entries; NaN anywhere, or rows of another length, count as an
   * infinite difference.
   */
  public static Diff compare(float[][] expected, float[][] actual) {
    double max = 0;
    int row = 0;
    int col = 0;
    if (expected.length != actual.length) {
      return new Diff(Double.POSITIVE_INFINITY, Math.min(expected.length, actual.length), 0);
    }
    for (int i = 0; i < expected.length; i++) {
      if (expected[i].length != actual[i].length) {
        return new Diff(Double.POSITIVE_INFINITY, i, 0);
      }
      for (int j = 0; j < expected[i].length; j++) {
        double d = Math.abs((double) expected[i][j] - actual[i][j]);
        if (Double.isNaN(d)) {
          d = Double.POSITIVE_INFINITY;
        }
        if (d > max) {
          max = d;
          row = i;
          col = j;
        }
      }
    }
    return new Diff(max, row, col);
  }
}
