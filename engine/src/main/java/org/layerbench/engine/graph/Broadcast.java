package org.layerbench.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * PyTorch's broadcasting rule for elementwise operations: align the shapes at their last dimension;
 * going backwards, each pair of sizes must be equal or one of them 1 (a missing dimension counts as
 * 1), and the result takes the larger. So [1,3] + [3,3] is [3,3] and [2,2] + [3,3] fails.
 */
public final class Broadcast {
  private Broadcast() {}

  /**
   * @return the broadcast shape
   * @throws IllegalArgumentException naming the clashing dimension, counted from the left of the
   *     longer shape
   */
  public static List<Integer> shapes(List<Integer> a, List<Integer> b) {
    int rank = Math.max(a.size(), b.size());
    List<Integer> out = new ArrayList<>(rank);
    for (int i = 1; i <= rank; i++) {
      int x = i <= a.size() ? a.get(a.size() - i) : 1;
      int y = i <= b.size() ? b.get(b.size() - i) : 1;
      if (x == y || y == 1) {
        out.add(x);
      } else if (x == 1) {
        out.add(y);
      } else {
        throw new IllegalArgumentException(
            "dimension "
                + (rank - i)
                + " is "
                + x
                + " in one and "
                + y
                + " in the other (sizes must be equal or 1)");
      }
    }
    Collections.reverse(out);
    return out;
  }
}
