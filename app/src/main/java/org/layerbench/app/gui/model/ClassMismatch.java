package org.layerbench.app.gui.model;

import java.util.List;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.Problem;

/**
 * A model whose output does not have one value per class of the project's dataset: training would
 * refuse it. {@code nodeId} is the layer to change (the last Linear, found back through layers that
 * keep the shape, such as ReLU, Dropout or Softmax); the fix sets its out_features.
 *
 * @param outputs what the model outputs per sample
 * @param classes how many classes the dataset has
 */
public record ClassMismatch(String nodeId, String layer, int outputs, int classes) {

  /** The mismatch of a valid analysis with a dataset of {@code classes}, or null when they fit. */
  public static ClassMismatch of(GraphAnalysis a, int classes) {
    if (a == null || !a.ok() || classes < 1 || a.output().isEmpty()) {
      return null;
    }
    List<Integer> dims = a.output().get().dims();
    if (dims.size() != 1 || dims.getFirst() == classes) {
      return null;
    }
    NodeReport r = a.node(a.outputNode().orElseThrow().id());
    while (r.node().type() != LayerType.LINEAR
        && r.inputs().size() == 1
        && r.inputs().getFirst().equals(r.output())) {
      NodeReport current = r;
      String from =
          a.graph().edges().stream()
              .filter(e -> e.to().equals(current.node().id()))
              .map(e -> e.from())
              .findFirst()
              .orElse(null);
      if (from == null) {
        break;
      }
      r = a.node(from);
    }
    if (r.node().type() != LayerType.LINEAR) {
      return null; // no out_features to set: the shape rules say what is wrong elsewhere
    }
    return new ClassMismatch(r.node().id(), r.path(), dims.getFirst(), classes);
  }

  /** The sentence shown in the problems list. */
  public String message() {
    return "Linear '"
        + layer
        + "' gives "
        + outputs
        + (outputs == 1 ? " output" : " outputs")
        + " but the dataset has "
        + classes
        + " classes — set its out_features to "
        + classes
        + " (training would refuse this model)";
  }

  /** The one-click fix's label. */
  public String fixLabel() {
    return "Set out_features to " + classes;
  }

  public Problem problem() {
    return new Problem(nodeId, message());
  }
}
