package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.NodeReport;

/**
 * A model graph as the tree of submodules model.py declares: each container (the model, a group)
 * has members (a node, or a group with everything inside it), and what a set of nodes reads from
 * outside it and hands out. Both the classes and the forward code are written from these answers.
 */
final class ModuleTree {
  /** A member of a container: one node, or one group (with everything inside it). */
  record Item(Node node, Group group) {
    String name() {
      return node != null ? node.name() : group.name();
    }

    String id() {
      return node != null ? node.id() : group.id();
    }
  }

  private final ModelGraph graph;
  private final Map<String, List<String>> inputsOf = new HashMap<>();
  private final Map<String, List<String>> readersOf = new HashMap<>();
  private final Map<String, Integer> topoIndex = new HashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final String outputId;

  ModuleTree(GraphAnalysis analysis) {
    this.graph = analysis.graph();
    List<Edge> edges = new ArrayList<>(graph.edges());
    edges.sort((a, b) -> Integer.compare(a.port(), b.port()));
    for (Edge e : edges) {
      inputsOf.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
      readersOf.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
    }
    List<NodeReport> order = analysis.topologicalOrder();
    for (int i = 0; i < order.size(); i++) {
      topoIndex.put(order.get(i).node().id(), i);
    }
    graph.groups().forEach(g -> groups.put(g.id(), g));
    this.outputId =
        analysis
            .outputNode()
            .map(Node::id)
            .orElse(order.isEmpty() ? null : order.getLast().node().id());
  }

  ModelGraph graph() {
    return graph;
  }

  /** The node whose output is the model's: the Output node, else the last in evaluation order. */
  String outputId() {
    return outputId;
  }

  /** The nodes that read a node's output. */
  List<String> readersOf(String id) {
    return readersOf.getOrDefault(id, List.of());
  }

  /** The members of a container (null: the top level), in registration (state_dict) order. */
  List<Item> items(String container) {
    List<Item> items = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Node n : graph.nodes()) {
      if (n.type() == LayerType.INPUT) {
        continue;
      }
      Item item = childOf(n, container);
      if (item != null && seen.add(item.id())) {
        items.add(item);
      }
    }
    return items;
  }

  /** The member of {@code container} that holds {@code n}, or null when n is outside it. */
  Item childOf(Node n, String container) {
    if (Objects.equals(n.group(), container)) {
      return new Item(n, null);
    }
    for (String g = n.group(); g != null; g = groups.get(g).parent()) {
      if (Objects.equals(groups.get(g).parent(), container)) {
        return new Item(null, groups.get(g));
      }
    }
    return null;
  }

  /** The nodes an item stands for: the node itself, or everything inside the group. */
  Set<String> nodesOf(Item item) {
    if (item.node() != null) {
      return Set.of(item.node().id());
    }
    Set<String> ids = new LinkedHashSet<>();
    for (Node n : graph.nodes()) {
      if (graph.isInside(n, item.group().id())) {
        ids.add(n.id());
      }
    }
    return ids;
  }

  /** The outside nodes whose outputs a set of nodes reads, in the order they are first read. */
  List<String> externalInputs(Set<String> inside) {
    List<String> members = new ArrayList<>(inside);
    members.sort((a, b) -> Integer.compare(topoIndex.get(a), topoIndex.get(b)));
    LinkedHashSet<String> out = new LinkedHashSet<>();
    for (String id : members) {
      for (String from : inputsOf.getOrDefault(id, List.of())) {
        if (!inside.contains(from)) {
          out.add(from);
        }
      }
    }
    return new ArrayList<>(out);
  }

  /** The nodes of a set whose outputs are read outside it (or are the model's output). */
  List<String> externalOutputs(Set<String> inside) {
    List<String> out = new ArrayList<>();
    for (String id : inside) {
      boolean readOutside =
          readersOf.getOrDefault(id, List.of()).stream().anyMatch(r -> !inside.contains(r));
      if (readOutside || id.equals(outputId)) {
        out.add(id);
      }
    }
    out.sort((a, b) -> Integer.compare(topoIndex.get(a), topoIndex.get(b)));
    return out;
  }

  List<String> allNodes() {
    return graph.nodes().stream().map(Node::id).toList();
  }

  /** Whether an item is declared as a submodule (functional nodes are not). */
  static boolean declares(Item item) {
    return item.group() != null || !PyTorchModules.functional(item.node().type());
  }

  /** How messages name an item: its layer type and path, or its group path. */
  String what(Item item) {
    if (item.node() != null) {
      return item.node().type().typeName() + " '" + graph.path(item.node()) + "'";
    }
    return "group '" + graph.groupPath(item.group().id()) + "'";
  }
}
