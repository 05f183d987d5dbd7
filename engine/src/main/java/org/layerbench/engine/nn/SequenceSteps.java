package org.layerbench.engine.nn;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerCategory;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;

/**
 * Which recurrent layers a batch's sequence lengths apply to. The rule: a recurrent layer (RNN,
 * LSTM, GRU) honours the lengths when its time dimension is the input's sequence dimension, that is
 * when every path from the Input to it keeps the first sample dimension as the steps: it passes
 * only through Embedding, Dropout, LayerNorm, Linear (all act per step), the activations, Identity,
 * Add, and recurrent layers whose output is the sequence. Anything else (a Flatten, a convolution,
 * a recurrent layer's final hidden state, a Reshape) ends the steps, and a recurrent layer after it
 * runs as if every step were real. The Input itself must be a sequence (T or T×F).
 */
final class SequenceSteps {
  private SequenceSteps() {}

  private static final Set<LayerType> PER_STEP =
      EnumSet.of(
          LayerType.EMBEDDING,
          LayerType.DROPOUT,
          LayerType.LAYERNORM,
          LayerType.LINEAR,
          LayerType.IDENTITY,
          LayerType.ADD);

  private static final Set<LayerType> RECURRENT =
      EnumSet.of(LayerType.RNN, LayerType.LSTM, LayerType.GRU);

  /** The ids of the recurrent nodes whose steps are the input's. */
  static Set<String> recurrentNodes(GraphAnalysis analysis) {
    Map<String, List<String>> inputsOf = new HashMap<>();
    for (Edge e : analysis.graph().edges()) {
      inputsOf.computeIfAbsent(e.to(), k -> new java.util.ArrayList<>()).add(e.from());
    }
    Set<String> aligned = new HashSet<>();
    Set<String> result = new HashSet<>();
    for (NodeReport r : analysis.topologicalOrder()) {
      LayerType type = r.node().type();
      String id = r.node().id();
      if (type == LayerType.INPUT) {
        if (r.output() != null && r.output().rank() >= 1) {
          aligned.add(id);
        }
        continue;
      }
      List<String> from = inputsOf.getOrDefault(id, List.of());
      if (from.isEmpty() || !aligned.containsAll(from)) {
        continue;
      }
      if (RECURRENT.contains(type)) {
        result.add(id);
        if (type.args(r.node().params()).string("output").equals("sequence")) {
          aligned.add(id);
        }
      } else if (PER_STEP.contains(type) || type.category() == LayerCategory.ACTIVATION) {
        aligned.add(id);
      }
    }
    return Set.copyOf(result);
  }
}
