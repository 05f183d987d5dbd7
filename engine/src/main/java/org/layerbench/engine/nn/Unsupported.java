package org.layerbench.engine.nn;

import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.NodeReport;

/** Layer options the shape rules accept but the engine cannot run yet, refused up front. */
final class Unsupported {
  private Unsupported() {}

  static void check(GraphAnalysis analysis) {
    for (NodeReport r : analysis.nodes()) {
      var type = r.node().type();
      var a = type.args(r.node().params());
      switch (type) {
        case MAXPOOL1D, MAXPOOL2D -> {
          for (int d : a.tuple("dilation")) {
            if (d != 1) {
              throw new IllegalArgumentException(
                  type.typeName()
                      + " '"
                      + r.path()
                      + "' uses dilation "
                      + d
                      + ", which training does not support yet — use dilation 1");
            }
          }
        }
        default -> {}
      }
    }
  }
}
