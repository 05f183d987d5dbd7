package org.layerbench.engine.graph;

import java.util.List;
import java.util.Map;

/**
 * What a layer's rule says about one node given its input shapes.
 *
 * @param output the shape it produces
 * @param tensors its parameters and buffers, in PyTorch's state_dict order, with local names
 * @param macs multiply-accumulates for one sample (convolutions, linear and recurrent layers; 0 for
 *     layers whose cost is not dominated by products)
 * @param inferred parameters derived from the input rather than typed (in_channels, in_features)
 */
public record LayerOutcome(
    Shape output, List<TensorSpec> tensors, long macs, Map<String, Object> inferred) {

  public LayerOutcome {
    tensors = List.copyOf(tensors);
    inferred = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(inferred));
  }

  static LayerOutcome passThrough(Shape output) {
    return new LayerOutcome(output, List.of(), 0, Map.of());
  }
}
