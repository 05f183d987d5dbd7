package org.layerbench.engine.graph;

import java.util.List;
import java.util.Map;

/**
 * What analysis found for one node.
 *
 * @param node the node
 * @param path its dotted module path ({@code layer1.0.conv1})
 * @param inputs the shapes arriving on its ports, in port order (empty if any is unknown)
 * @param output its output shape, or null when it has an error or an input is unknown
 * @param tensors its parameters and buffers with full dotted names ({@code layer1.0.bn1.weight})
 * @param params number of trainable-parameter elements (buffers excluded, as PyTorch's parameters()
 *     counts)
 * @param trainableParams elements of parameters that receive gradients
 * @param macs multiply-accumulates for one sample
 * @param inferred parameters derived from the input (in_channels, in_features, ...)
 * @param errors sentences, each naming the node, what it expected, what it got and a fix
 */
public record NodeReport(
    Node node,
    String path,
    List<Shape> inputs,
    Shape output,
    List<TensorSpec> tensors,
    long params,
    long trainableParams,
    long macs,
    Map<String, Object> inferred,
    List<String> errors) {

  public NodeReport {
    inputs = List.copyOf(inputs);
    tensors = List.copyOf(tensors);
    errors = List.copyOf(errors);
  }

  public boolean ok() {
    return errors.isEmpty() && output != null;
  }
}
