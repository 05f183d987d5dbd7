package org.layerbench.engine.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A model as plain immutable data: nodes, the edges between them, and nested groups. The order of
 * {@link #nodes()} is the module registration order, so it is also the order of the state_dict.
 *
 * <p>The constructor checks only referential integrity (unique ids, edges and groups that point at
 * things that exist, no group inside itself); everything a person can get wrong while editing —
 * cycles, unconnected inputs, shapes that don't fit, bad parameter values — is reported by {@link
 * GraphAnalysis} instead, so such a graph can still be loaded, shown and fixed.
 */
public record ModelGraph(String name, List<Node> nodes, List<Edge> edges, List<Group> groups) {

  public ModelGraph {
    name = name == null ? "model" : name;
    nodes = List.copyOf(nodes);
    edges = List.copyOf(edges);
    groups = List.copyOf(groups);
    Set<String> nodeIds = new HashSet<>();
    for (Node n : nodes) {
      if (!nodeIds.add(n.id())) {
        throw new IllegalArgumentException("two nodes have the id '" + n.id() + "'");
      }
    }
    Map<String, Group> groupIds = new HashMap<>();
    for (Group g : groups) {
      if (groupIds.put(g.id(), g) != null) {
        throw new IllegalArgumentException("two groups have the id '" + g.id() + "'");
      }
      if (nodeIds.contains(g.id())) {
        throw new IllegalArgumentException("the id '" + g.id() + "' names both a node and a group");
      }
    }
    for (Group g : groups) {
      Set<String> seen = new HashSet<>();
      for (String p = g.parent(); p != null; p = groupIds.get(p).parent()) {
        if (!groupIds.containsKey(p)) {
          throw new IllegalArgumentException(
              "group '" + g.id() + "' names a parent group '" + p + "' that does not exist");
        }
        if (!seen.add(p) || p.equals(g.id())) {
          throw new IllegalArgumentException("group '" + g.id() + "' is nested inside itself");
        }
      }
    }
    for (Node n : nodes) {
      if (n.group() != null && !groupIds.containsKey(n.group())) {
        throw new IllegalArgumentException(
            "node '" + n.id() + "' is in a group '" + n.group() + "' that does not exist");
      }
    }
    for (Edge e : edges) {
      if (!nodeIds.contains(e.from()) || !nodeIds.contains(e.to())) {
        String missing = nodeIds.contains(e.from()) ? e.to() : e.from();
        throw new IllegalArgumentException(
            "an edge "
                + e.from()
                + " → "
                + e.to()
                + " refers to a node '"
                + missing
                + "' that does not exist");
      }
    }
  }

  public Optional<Node> node(String id) {
    return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
  }

  public Optional<Group> group(String id) {
    return groups.stream().filter(g -> g.id().equals(id)).findFirst();
  }

  /** The dotted module path of a group: {@code layer1.0}. */
  public String groupPath(String groupId) {
    Map<String, Group> byId = groupsById();
    List<String> parts = new ArrayList<>();
    for (String g = groupId; g != null; g = byId.get(g).parent()) {
      parts.add(0, byId.get(g).name());
    }
    return String.join(".", parts);
  }

  /** The dotted module path of a node: {@code layer1.0.conv1}; tensors append {@code .weight}. */
  public String path(Node node) {
    return node.group() == null ? node.name() : groupPath(node.group()) + "." + node.name();
  }

  /** Whether a node is inside a group, directly or in a nested group. */
  public boolean isInside(Node node, String groupId) {
    Map<String, Group> byId = groupsById();
    for (String g = node.group(); g != null; g = byId.get(g).parent()) {
      if (g.equals(groupId)) {
        return true;
      }
    }
    return false;
  }

  /** The Input node; a classifier has exactly one ({@link GraphAnalysis} reports otherwise). */
  public Optional<Node> inputNode() {
    return nodes.stream().filter(n -> n.type() == LayerType.INPUT).findFirst();
  }

  /**
   * The element type of the model's input, {@code "float32"} or {@code "int64"} (token ids); files
   * written before the Input node had a dtype, and models without an Input, are float32.
   */
  public String inputDtype() {
    return inputNode()
        .map(n -> LayerType.INPUT.args(n.params()).string("dtype"))
        .orElse(INPUT_DTYPE_DEFAULT);
  }

  /** The Input node's dtype when it states none. */
  public static final String INPUT_DTYPE_DEFAULT = "float32";

  /** A copy with one node replaced by another of the same id. */
  public ModelGraph withNode(Node replacement) {
    List<Node> list = new ArrayList<>(nodes);
    list.replaceAll(n -> n.id().equals(replacement.id()) ? replacement : n);
    return new ModelGraph(name, list, edges, groups);
  }

  /** A copy whose Input node has another sample shape (the CLI's {@code --input C,H,W}). */
  public ModelGraph withInputShape(List<Integer> shape) {
    Node input =
        inputNode().orElseThrow(() -> new IllegalArgumentException("the model has no Input node"));
    return withNode(input.withParams(input.params().with("shape", List.copyOf(shape))));
  }

  /**
   * A copy whose Embedding layers with num_embeddings 0 ("the vocabulary's size", as text templates
   * leave it) have {@code size} instead; layers with a size of their own keep it.
   */
  public ModelGraph bindVocabulary(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a vocabulary has at least one token, got " + size);
    }
    List<Node> list = new ArrayList<>(nodes);
    list.replaceAll(
        n ->
            n.type().findParam("num_embeddings").isPresent()
                    && n.type().args(n.params()).integer("num_embeddings")
                        == LayerRules.VOCABULARY_SIZE
                ? n.withParams(n.params().with("num_embeddings", size))
                : n);
    return new ModelGraph(name, list, edges, groups);
  }

  /** Whether some layer's num_embeddings waits for {@link #bindVocabulary}. */
  public boolean needsVocabulary() {
    return nodes.stream()
        .anyMatch(
            n ->
                n.type().findParam("num_embeddings").isPresent()
                    && n.type().args(n.params()).integer("num_embeddings")
                        == LayerRules.VOCABULARY_SIZE);
  }

  private Map<String, Group> groupsById() {
    Map<String, Group> byId = new LinkedHashMap<>();
    groups.forEach(g -> byId.put(g.id(), g));
    return byId;
  }
}
