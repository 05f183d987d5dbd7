package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.Params;

/**
 * The editor's graph edits as pure functions from one immutable {@link ModelGraph} to the next. The
 * view-model wraps each in an undoable command; nothing here knows JavaFX, so every edit is tested
 * on plain data.
 */
public final class GraphEdits {
  /** Vertical distance between a node and one inserted after it. */
  public static final double ROW = NodeGeometry.HEIGHT + 44;

  private GraphEdits() {}

  /** A graph and the id of the node an edit created. */
  public record Added(ModelGraph graph, String id) {}

  /** Adds an unwired node of a type with default parameters, at top level. */
  public static Added addNode(ModelGraph g, LayerType type, double x, double y) {
    String name = freeName(g, prefix(type), null);
    String id = freeId(g, name);
    Params params = Params.EMPTY;
    List<Node> nodes = new ArrayList<>(g.nodes());
    nodes.add(new Node(id, name, type, params, null, x, y));
    return new Added(new ModelGraph(g.name(), nodes, g.edges(), g.groups()), id);
  }

  /**
   * Adds a node below {@code anchorId} and splices it into the anchor's outgoing wires (anchor →
   * new → what the anchor fed), moving everything below the anchor down one row to make room.
   */
  public static Added insertAfter(ModelGraph g, String anchorId, LayerType type) {
    Node anchor = g.node(anchorId).orElseThrow();
    List<Node> shifted = new ArrayList<>();
    for (Node n : g.nodes()) {
      shifted.add(n.y() > anchor.y() + 1 ? n.withPosition(n.x(), n.y() + ROW) : n);
    }
    ModelGraph moved = new ModelGraph(g.name(), shifted, g.edges(), g.groups());
    String name = freeName(moved, prefix(type), anchor.group());
    String id = freeId(moved, anchor.group() == null ? name : groupPrefix(anchor.group()) + name);
    List<Node> nodes = new ArrayList<>(moved.nodes());
    nodes.add(
        nodes.indexOf(moved.node(anchorId).orElseThrow()) + 1,
        new Node(id, name, type, Params.EMPTY, anchor.group(), anchor.x(), anchor.y() + ROW));
    List<Edge> edges = new ArrayList<>();
    if (type.maxInputs() > 0) {
      for (Edge e : g.edges()) {
        edges.add(e.from().equals(anchorId) ? new Edge(id, e.to(), e.port()) : e);
      }
      edges.add(new Edge(anchorId, id, 0));
    } else {
      edges.addAll(g.edges());
    }
    return new Added(new ModelGraph(g.name(), nodes, edges, g.groups()), id);
  }

  /**
   * Wires {@code from}'s output into {@code to}'s input {@code port}. A wire already on that port
   * is replaced, as a plug replaces the one in its socket; a duplicate of an existing wire changes
   * nothing. Wiring that makes the model wrong (a cycle, a shape mismatch) is allowed here and
   * reported by the analysis, so a person can see what is wrong and fix it.
   */
  public static ModelGraph connect(ModelGraph g, String from, String to, int port) {
    if (from.equals(to)) {
      throw new IllegalArgumentException("a layer cannot feed itself");
    }
    g.node(from).orElseThrow(() -> new IllegalArgumentException("no node " + from));
    g.node(to).orElseThrow(() -> new IllegalArgumentException("no node " + to));
    List<Edge> edges = new ArrayList<>();
    for (Edge e : g.edges()) {
      if (e.to().equals(to) && e.port() == port) {
        continue;
      }
      edges.add(e);
    }
    edges.add(new Edge(from, to, port));
    return new ModelGraph(g.name(), g.nodes(), edges, g.groups());
  }

  /** The port a new wire into {@code to} should use: the first free one of a merge node, else 0. */
  public static int freePort(ModelGraph g, String to) {
    Node n = g.node(to).orElseThrow();
    if (n.type().maxInputs() <= 1) {
      return 0;
    }
    Set<Integer> used = new HashSet<>();
    g.edges().stream().filter(e -> e.to().equals(to)).forEach(e -> used.add(e.port()));
    int p = 0;
    while (used.contains(p)) {
      p++;
    }
    return p;
  }

  public static ModelGraph disconnect(ModelGraph g, Edge edge) {
    List<Edge> edges = new ArrayList<>(g.edges());
    edges.remove(edge);
    return new ModelGraph(g.name(), g.nodes(), edges, g.groups());
  }

  /** Removes nodes, their wires, and groups left empty by the removal. */
  public static ModelGraph removeNodes(ModelGraph g, Set<String> ids) {
    List<Node> nodes = g.nodes().stream().filter(n -> !ids.contains(n.id())).toList();
    List<Edge> edges =
        g.edges().stream().filter(e -> !ids.contains(e.from()) && !ids.contains(e.to())).toList();
    return new ModelGraph(g.name(), nodes, edges, nonEmptyGroups(g.groups(), nodes));
  }

  /** Folds or unfolds a group on the canvas. */
  public static ModelGraph setCollapsed(ModelGraph g, String groupId, boolean collapsed) {
    List<Group> groups =
        g.groups().stream()
            .map(
                gr ->
                    gr.id().equals(groupId)
                        ? new Group(gr.id(), gr.name(), gr.kind(), gr.parent(), collapsed)
                        : gr)
            .toList();
    return new ModelGraph(g.name(), g.nodes(), g.edges(), groups);
  }

  /** Moves nodes to new top-left positions. */
  public static ModelGraph move(ModelGraph g, Map<String, double[]> positions) {
    List<Node> nodes =
        g.nodes().stream()
            .map(
                n -> {
                  double[] p = positions.get(n.id());
                  return p == null ? n : n.withPosition(p[0], p[1]);
                })
            .toList();
    return new ModelGraph(g.name(), nodes, g.edges(), g.groups());
  }

  /** Sets a parameter; {@code null} removes it, so the schema's default applies again. */
  public static ModelGraph setParam(ModelGraph g, String id, String param, Object value) {
    Node n = g.node(id).orElseThrow();
    Params p = value == null ? n.params().without(param) : n.params().with(param, value);
    return g.withNode(n.withParams(p));
  }

  public static ModelGraph rename(ModelGraph g, String id, String name) {
    Node n = g.node(id).orElseThrow();
    return g.withNode(new Node(n.id(), name, n.type(), n.params(), n.group(), n.x(), n.y()));
  }

  /**
   * The selected nodes and the wires between them as a graph of their own, at top level: what Copy
   * puts on the clipboard.
   */
  public static ModelGraph fragment(ModelGraph g, Set<String> ids) {
    List<Node> nodes =
        g.nodes().stream()
            .filter(n -> ids.contains(n.id()))
            .map(n -> new Node(n.id(), n.name(), n.type(), n.params(), null, n.x(), n.y()))
            .toList();
    List<Edge> edges =
        g.edges().stream().filter(e -> ids.contains(e.from()) && ids.contains(e.to())).toList();
    return new ModelGraph("clipboard", nodes, edges, List.of());
  }

  /** Pasted nodes and the graph with them, offset by (dx, dy), with fresh ids and names. */
  public record Pasted(ModelGraph graph, Set<String> ids) {}

  public static Pasted paste(ModelGraph g, ModelGraph fragment, double dx, double dy) {
    List<Node> nodes = new ArrayList<>(g.nodes());
    List<Edge> edges = new ArrayList<>(g.edges());
    Map<String, String> newIds = new HashMap<>();
    ModelGraph current = g;
    for (Node n : fragment.nodes()) {
      String name = freeName(current, stripNumber(n.name()), null);
      String id = freeId(current, name);
      newIds.put(n.id(), id);
      nodes.add(new Node(id, name, n.type(), n.params(), null, n.x() + dx, n.y() + dy));
      current = new ModelGraph(g.name(), nodes, g.edges(), g.groups());
    }
    for (Edge e : fragment.edges()) {
      edges.add(new Edge(newIds.get(e.from()), newIds.get(e.to()), e.port()));
    }
    return new Pasted(
        new ModelGraph(g.name(), nodes, edges, g.groups()), new LinkedHashSet<>(newIds.values()));
  }

  /** The module-name prefix a new node of a type gets: conv, fc, bn, relu, pool, ... */
  static String prefix(LayerType type) {
    return switch (type) {
      case INPUT -> "input";
      case LINEAR -> "fc";
      case CONV1D, CONV2D -> "conv";
      case MAXPOOL1D, MAXPOOL2D, AVGPOOL1D, AVGPOOL2D -> "pool";
      case ADAPTIVE_AVGPOOL2D, GLOBAL_AVGPOOL -> "avgpool";
      case BATCHNORM1D, BATCHNORM2D -> "bn";
      case LAYERNORM -> "ln";
      case LEAKY_RELU -> "lrelu";
      case LOG_SOFTMAX -> "logsoftmax";
      case EMBEDDING -> "embed";
      case CONCAT -> "cat";
      default -> type.typeName().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** prefix1, prefix2, ...: the first name no node in that group uses. */
  static String freeName(ModelGraph g, String prefix, String group) {
    Set<String> used = new HashSet<>();
    g.nodes().stream()
        .filter(n -> java.util.Objects.equals(n.group(), group))
        .forEach(n -> used.add(n.name()));
    if (prefix.equals("input") && !used.contains("input")) {
      return "input";
    }
    for (int i = 1; ; i++) {
      if (!used.contains(prefix + i)) {
        return prefix + i;
      }
    }
  }

  private static String freeId(ModelGraph g, String base) {
    Set<String> used = new HashSet<>();
    g.nodes().forEach(n -> used.add(n.id()));
    g.groups().forEach(gr -> used.add(gr.id()));
    if (!used.contains(base)) {
      return base;
    }
    for (int i = 2; ; i++) {
      if (!used.contains(base + "~" + i)) {
        return base + "~" + i;
      }
    }
  }

  private static String groupPrefix(String groupId) {
    String id = groupId.endsWith("/") ? groupId.substring(0, groupId.length() - 1) : groupId;
    return id + ".";
  }

  private static String stripNumber(String name) {
    String s = name.replaceFirst("[0-9]+$", "");
    return s.isEmpty() ? "layer" : s;
  }

  private static List<Group> nonEmptyGroups(List<Group> groups, List<Node> nodes) {
    Set<String> live = new HashSet<>();
    Map<String, Group> byId = new HashMap<>();
    groups.forEach(gr -> byId.put(gr.id(), gr));
    for (Node n : nodes) {
      for (String gid = n.group(); gid != null; gid = byId.get(gid).parent()) {
        live.add(gid);
      }
    }
    return groups.stream().filter(gr -> live.contains(gr.id())).toList();
  }
}
