package org.layerbench.engine.graph;

import java.util.Objects;

/**
 * One layer on the canvas.
 *
 * @param id stable identifier, unique in the graph; edges refer to it
 * @param name the module name inside its group, as PyTorch names attributes ({@code conv1}, or
 *     {@code 0} inside a Sequential); with the group path it forms the tensor names. Stateless
 *     nodes may share a name, as torchvision's blocks apply one ReLU module twice.
 * @param type the layer type
 * @param params the parameter values as given (defaults not filled in)
 * @param group id of the innermost group holding this node, or null at top level
 * @param x canvas position
 * @param y canvas position
 */
public record Node(
    String id, String name, LayerType type, Params params, String group, double x, double y) {

  public Node {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    params = params == null ? Params.EMPTY : params;
  }

  public Node withParams(Params newParams) {
    return new Node(id, name, type, newParams, group, x, y);
  }

  public Node withPosition(double nx, double ny) {
    return new Node(id, name, type, params, group, nx, ny);
  }
}
