package org.layerbench.app.gui.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.elk.alg.layered.options.LayeredMetaDataProvider;
import org.eclipse.elk.alg.layered.options.LayeredOptions;
import org.eclipse.elk.core.RecursiveGraphLayoutEngine;
import org.eclipse.elk.core.data.LayoutMetaDataService;
import org.eclipse.elk.core.math.ElkPadding;
import org.eclipse.elk.core.options.CoreOptions;
import org.eclipse.elk.core.options.Direction;
import org.eclipse.elk.core.options.HierarchyHandling;
import org.eclipse.elk.core.util.BasicProgressMonitor;
import org.eclipse.elk.graph.ElkNode;
import org.eclipse.elk.graph.util.ElkGraphUtil;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;

/**
 * Auto-layout with Eclipse ELK's layered algorithm, top to bottom. Groups become compound nodes
 * (ELK lays out across the hierarchy), so a ResNet block's layers stay together inside its box.
 * Pure computation, no JavaFX: it runs on a background thread when a model is opened.
 */
public final class ElkLayout {
  static {
    LayoutMetaDataService.getInstance()
        .registerLayoutMetaDataProviders(new LayeredMetaDataProvider());
  }

  /** The smallest gap between two node boxes that a laid-out graph keeps. */
  public static final double MIN_GAP = 24;

  private ElkLayout() {}

  /**
   * New top-left positions for every node: {@code id → {x, y}}. A collapsed group is laid out as
   * one card; its hidden layers keep their arrangement relative to it.
   */
  public static Map<String, double[]> layout(ModelGraph g) {
    ElkNode root = ElkGraphUtil.createGraph();
    configure(root);
    root.setProperty(CoreOptions.HIERARCHY_HANDLING, HierarchyHandling.INCLUDE_CHILDREN);
    Map<String, Group> byId = new HashMap<>();
    g.groups().forEach(gr -> byId.put(gr.id(), gr));
    Map<String, String> folded = GroupBoxes.folded(g);
    java.util.Set<String> hiddenGroups = new java.util.HashSet<>();
    for (Group gr : g.groups()) {
      for (String p = gr.parent(); p != null; p = byId.get(p).parent()) {
        if (byId.get(p).collapsed()) {
          hiddenGroups.add(gr.id());
        }
      }
    }
    Map<String, ElkNode> groups = new HashMap<>();
    Map<String, ElkNode> cards = new HashMap<>();
    for (Group gr : g.groups()) {
      if (hiddenGroups.contains(gr.id())) {
        continue;
      }
      if (gr.collapsed()) {
        ElkNode parent =
            gr.parent() == null ? root : groupNode(byId.get(gr.parent()), byId, groups, root);
        ElkNode card = ElkGraphUtil.createNode(parent);
        card.setDimensions(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
        card.setIdentifier(gr.id());
        cards.put(gr.id(), card);
      } else {
        groupNode(gr, byId, groups, root);
      }
    }
    Map<String, ElkNode> nodes = new LinkedHashMap<>();
    for (Node n : g.nodes()) {
      if (folded.containsKey(n.id())) {
        nodes.put(n.id(), cards.get(folded.get(n.id())));
        continue;
      }
      ElkNode parent = n.group() == null ? root : groups.get(n.group());
      ElkNode e = ElkGraphUtil.createNode(parent);
      e.setDimensions(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
      e.setIdentifier(n.id());
      nodes.put(n.id(), e);
    }
    // Sorted by target port so that a merge's inputs arrive left to right in port order.
    List<Edge> edges =
        g.edges().stream()
            .sorted(java.util.Comparator.comparing(Edge::to).thenComparingInt(Edge::port))
            .toList();
    java.util.Set<List<ElkNode>> wired = new java.util.HashSet<>();
    for (Edge e : edges) {
      ElkNode from = nodes.get(e.from());
      ElkNode to = nodes.get(e.to());
      if (from != to && wired.add(List.of(from, to))) {
        ElkGraphUtil.createSimpleEdge(from, to);
      }
    }
    new RecursiveGraphLayoutEngine().layout(root, new BasicProgressMonitor());
    // Hidden layers move with their card, keeping their offsets from the group's top-left.
    Map<String, double[]> corner = new HashMap<>();
    for (Node n : g.nodes()) {
      String gid = folded.get(n.id());
      if (gid != null) {
        corner.merge(
            gid,
            new double[] {n.x(), n.y()},
            (a, b) -> new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1])});
      }
    }
    Map<String, double[]> out = new LinkedHashMap<>();
    for (Node n : g.nodes()) {
      double[] p = absolute(nodes.get(n.id()), root);
      String gid = folded.get(n.id());
      if (gid != null) {
        double[] c = corner.get(gid);
        p = new double[] {p[0] + n.x() - c[0], p[1] + n.y() - c[1]};
      }
      out.put(n.id(), new double[] {Math.round(p[0]), Math.round(p[1])});
    }
    return out;
  }

  private static double[] absolute(ElkNode e, ElkNode root) {
    double x = e.getX();
    double y = e.getY();
    for (ElkNode p = e.getParent(); p != null && p != root; p = p.getParent()) {
      x += p.getX();
      y += p.getY();
    }
    return new double[] {x, y};
  }

  /**
   * Whether a graph's positions still need a layout: two node boxes overlap or sit closer than
   * {@link #MIN_GAP} (too close to see the wire between them), as the code-built templates' rough
   * columns do. A graph the editor laid out or a person arranged does not, so opening it keeps its
   * positions.
   */
  public static boolean needsLayout(ModelGraph g) {
    Map<String, String> folded = GroupBoxes.folded(g);
    List<Node> nodes = g.nodes().stream().filter(n -> !folded.containsKey(n.id())).toList();
    double m = MIN_GAP;
    for (int i = 0; i < nodes.size(); i++) {
      Node a = nodes.get(i);
      for (int j = i + 1; j < nodes.size(); j++) {
        Node b = nodes.get(j);
        if (Math.abs(a.x() - b.x()) < NodeGeometry.WIDTH + m
            && Math.abs(a.y() - b.y()) < NodeGeometry.HEIGHT + m) {
          return true;
        }
      }
    }
    return false;
  }

  private static ElkNode groupNode(
      Group gr, Map<String, Group> byId, Map<String, ElkNode> made, ElkNode root) {
    ElkNode existing = made.get(gr.id());
    if (existing != null) {
      return existing;
    }
    ElkNode parent =
        gr.parent() == null ? root : groupNode(byId.get(gr.parent()), byId, made, root);
    ElkNode e = ElkGraphUtil.createNode(parent);
    e.setIdentifier(gr.id());
    configure(e);
    double pad = NodeGeometry.GROUP_PAD;
    e.setProperty(
        CoreOptions.PADDING, new ElkPadding(pad + NodeGeometry.GROUP_TITLE, pad, pad, pad));
    made.put(gr.id(), e);
    return e;
  }

  private static void configure(ElkNode e) {
    e.setProperty(CoreOptions.ALGORITHM, LayeredOptions.ALGORITHM_ID);
    e.setProperty(CoreOptions.DIRECTION, Direction.DOWN);
    e.setProperty(LayeredOptions.SPACING_NODE_NODE_BETWEEN_LAYERS, 30.0);
    e.setProperty(LayeredOptions.SPACING_NODE_NODE, 28.0);
    e.setProperty(LayeredOptions.SPACING_EDGE_NODE_BETWEEN_LAYERS, 12.0);
    e.setProperty(CoreOptions.PADDING, new ElkPadding(0));
  }
}
