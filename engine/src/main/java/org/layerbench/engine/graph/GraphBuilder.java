package org.layerbench.engine.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a {@link ModelGraph} in code, as an {@code nn.Module}'s constructor registers submodules:
 * nodes are added in registration order inside the current group, and each {@code add} wires the
 * given inputs. Ids are the dotted paths (made unique for shared stateless names), and positions
 * form a simple top-down column per branch until the editor lays the graph out.
 */
public final class GraphBuilder {
  private static final double ROW = 90;
  private static final double COLUMN = 260;

  private final String name;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Edge> edges = new ArrayList<>();
  private final List<Group> groups = new ArrayList<>();
  private final Deque<String> groupStack = new ArrayDeque<>();
  private final Map<String, Integer> usedIds = new HashMap<>();
  private double column;
  private int row;

  public GraphBuilder(String name) {
    this.name = name;
  }

  /** Adds the Input node and returns its id. */
  public String input(List<Integer> shape) {
    return add("input", LayerType.INPUT, Params.of("shape", List.copyOf(shape)));
  }

  /** Adds a node wired to the given inputs (in port order) and returns its id. */
  public String add(String nodeName, LayerType type, Params params, String... inputs) {
    String group = groupStack.peek();
    String path = group == null ? nodeName : pathOf(group) + "." + nodeName;
    String id = uniqueId(path);
    nodes.add(new Node(id, nodeName, type, params, group, column * COLUMN, row++ * ROW));
    for (int i = 0; i < inputs.length; i++) {
      edges.add(new Edge(inputs[i], id, i));
    }
    return id;
  }

  /** Opens a group (a submodule) named inside the current one; close it with {@link #end()}. */
  public void begin(String groupName, String kind) {
    String parent = groupStack.peek();
    String id = uniqueId((parent == null ? "" : pathOf(parent) + ".") + groupName + "/");
    groups.add(new Group(id, groupName, kind, parent, false));
    groupStack.push(id);
  }

  public void end() {
    groupStack.pop();
  }

  /**
   * Moves following nodes into a side column (a shortcut branch); {@code 0} returns to the main.
   */
  public void column(double c) {
    column = c;
  }

  /** Sets the row of the next node, to line a branch up with its sibling. */
  public void row(int r) {
    row = r;
  }

  public int row() {
    return row;
  }

  public ModelGraph build() {
    return new ModelGraph(name, nodes, edges, groups);
  }

  private String pathOf(String groupId) {
    String id = groupId.endsWith("/") ? groupId.substring(0, groupId.length() - 1) : groupId;
    int tilde = id.indexOf('~');
    return tilde < 0 ? id : id.substring(0, tilde);
  }

  private String uniqueId(String base) {
    int n = usedIds.merge(base, 1, Integer::sum);
    if (n == 1) {
      return base;
    }
    return base.endsWith("/")
        ? base.substring(0, base.length() - 1) + "~" + n + "/"
        : base + "~" + n;
  }
}
