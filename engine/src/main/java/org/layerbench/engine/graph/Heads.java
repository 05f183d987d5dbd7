package org.layerbench.engine.graph;

import java.util.ArrayList;
import java.util.List;

/**
 * Replaces a model's classification head, as transfer learning does in PyTorch with {@code model.fc
 * = nn.Sequential(nn.Linear(in, 500), nn.ReLU(), nn.Dropout(), nn.Linear(500, classes))}: the head
 * node becomes a group of the same name holding Linear → ReLU → Dropout per hidden size and a final
 * Linear, so its tensors are named {@code fc.0.weight} … {@code fc.3.bias} as in PyTorch, while
 * every other layer keeps its name and can load pretrained weights.
 */
public final class Heads {
  private Heads() {}

  /**
   * @param graph the model
   * @param headName the path of the head's Linear node ({@code fc}, {@code classifier.6})
   * @param hidden sizes of hidden layers (empty: a single new Linear)
   * @param dropout dropout probability after each hidden layer (0: none)
   * @param classes outputs of the new head
   */
  public static ModelGraph replace(
      ModelGraph graph, String headName, List<Integer> hidden, double dropout, int classes) {
    GraphAnalysis a = GraphAnalysis.of(graph);
    NodeReport head =
        a.nodeAt(headName)
            .orElseThrow(
                () -> new IllegalArgumentException("the model has no layer '" + headName + "'"));
    if (head.node().type() != LayerType.LINEAR) {
      throw new IllegalArgumentException(
          "'" + headName + "' is a " + head.node().type().typeName() + ", not the Linear head");
    }
    Node old = head.node();
    String groupId = old.id() + "/head";
    List<Group> groups = new ArrayList<>(graph.groups());
    groups.add(new Group(groupId, old.name(), "Sequential", old.group(), false));
    List<Node> nodes = new ArrayList<>();
    List<Edge> edges = new ArrayList<>();
    List<Node> added = new ArrayList<>();
    for (int size : hidden) {
      added.add(
          node(old, groupId, added.size(), LayerType.LINEAR, Params.of("out_features", size)));
      added.add(node(old, groupId, added.size(), LayerType.RELU, Params.EMPTY));
      if (dropout > 0) {
        added.add(node(old, groupId, added.size(), LayerType.DROPOUT, Params.of("p", dropout)));
      }
    }
    added.add(
        node(old, groupId, added.size(), LayerType.LINEAR, Params.of("out_features", classes)));
    for (Node n : graph.nodes()) {
      if (n.id().equals(old.id())) {
        nodes.addAll(added);
      } else {
        nodes.add(n);
      }
    }
    for (Edge e : graph.edges()) {
      if (e.to().equals(old.id())) {
        edges.add(new Edge(e.from(), added.getFirst().id(), e.port()));
      } else if (e.from().equals(old.id())) {
        edges.add(new Edge(added.getLast().id(), e.to(), e.port()));
      } else {
        edges.add(e);
      }
    }
    for (int i = 1; i < added.size(); i++) {
      edges.add(new Edge(added.get(i - 1).id(), added.get(i).id(), 0));
    }
    return new ModelGraph(graph.name(), nodes, edges, groups);
  }

  /** One node of the new head, stacked below where the old head was. */
  private static Node node(Node old, String group, int index, LayerType type, Params p) {
    return new Node(
        old.id() + "." + index,
        String.valueOf(index),
        type,
        p,
        group,
        old.x(),
        old.y() + 90 * index);
  }
}
