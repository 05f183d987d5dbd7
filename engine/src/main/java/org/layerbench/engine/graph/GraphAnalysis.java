package org.layerbench.engine.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Static analysis of a {@link ModelGraph}: wiring checks, parameter checks, shape inference over
 * the whole graph with a free batch dimension, PyTorch tensor names, and cost. A pure function of
 * the graph, cheap enough to run after every edit (well under a millisecond per node).
 *
 * <p>Every error names the node by type and path, says what it expected and what it received, and
 * suggests a fix. A node whose input is unknown because of an error upstream gets no error of its
 * own, so each mistake is reported once.
 */
public final class GraphAnalysis {
  private final ModelGraph graph;
  private final Map<String, NodeReport> reports;
  private final Map<String, Shape> groupOutputs;
  private final List<Problem> problems;
  private final Node outputNode;
  private final List<String> order;

  private GraphAnalysis(
      ModelGraph graph,
      List<String> order,
      Map<String, NodeReport> reports,
      Map<String, Shape> groupOutputs,
      List<Problem> problems,
      Node outputNode) {
    this.graph = graph;
    this.order = List.copyOf(order);
    this.reports = Collections.unmodifiableMap(reports);
    this.groupOutputs = Collections.unmodifiableMap(groupOutputs);
    this.problems = List.copyOf(problems);
    this.outputNode = outputNode;
  }

  public static GraphAnalysis of(ModelGraph graph) {
    return new Analyzer(graph).run();
  }

  public ModelGraph graph() {
    return graph;
  }

  /**
   * Reports in an order where every node comes after its inputs (the order a forward pass evaluates
   * them); nodes on a cycle are left out.
   */
  public List<NodeReport> topologicalOrder() {
    return order.stream().map(reports::get).toList();
  }

  /** One report per node, in the graph's node order. */
  public List<NodeReport> nodes() {
    return graph.nodes().stream().map(n -> reports.get(n.id())).toList();
  }

  public NodeReport node(String id) {
    NodeReport r = reports.get(id);
    if (r == null) {
      throw new IllegalArgumentException("no node with id " + id);
    }
    return r;
  }

  /** The report of the node with a dotted path; the first one when stateless nodes share it. */
  public Optional<NodeReport> nodeAt(String path) {
    return nodes().stream().filter(r -> r.path().equals(path)).findFirst();
  }

  /** The output shape of a group: the shape leaving it, when exactly one node's output does. */
  public Optional<Shape> groupOutput(String groupId) {
    return Optional.ofNullable(groupOutputs.get(groupId));
  }

  /**
   * Output shapes by dotted module path, for nodes and groups, as forward hooks on PyTorch's
   * named_modules() would record them (for a shared path, the last node in topological order).
   */
  public Map<String, Shape> moduleOutputs() {
    Map<String, Shape> out = new LinkedHashMap<>();
    graph
        .groups()
        .forEach(
            g -> {
              Shape s = groupOutputs.get(g.id());
              if (s != null) {
                out.put(graph.groupPath(g.id()), s);
              }
            });
    reports
        .values()
        .forEach(
            r -> {
              if (r.output() != null) {
                out.put(r.path(), r.output());
              }
            });
    return out;
  }

  public List<Problem> problems() {
    return problems;
  }

  public boolean ok() {
    return problems.isEmpty();
  }

  /** The model's output shape, when the graph has a single output node whose shape is known. */
  public Optional<Shape> output() {
    return outputNode == null
        ? Optional.empty()
        : Optional.ofNullable(reports.get(outputNode.id()).output());
  }

  public Optional<Node> outputNode() {
    return Optional.ofNullable(outputNode);
  }

  /** All parameters and buffers with dotted names, in state_dict order (node order). */
  public List<TensorSpec> stateDict() {
    return nodes().stream().flatMap(r -> r.tensors().stream()).toList();
  }

  public long params() {
    return reports.values().stream().mapToLong(NodeReport::params).sum();
  }

  public long trainableParams() {
    return reports.values().stream().mapToLong(NodeReport::trainableParams).sum();
  }

  public long macs() {
    return reports.values().stream().mapToLong(NodeReport::macs).sum();
  }

  /**
   * The input's element type, {@code "float32"} or {@code "int64"}: see {@link
   * ModelGraph#inputDtype}.
   */
  public String inputDtype() {
    return graph.inputDtype();
  }

  /** Size of all parameters and buffers in float32, in bytes (the model file's weight size). */
  public long stateBytes() {
    return stateDict().stream().mapToLong(TensorSpec::numel).sum() * Float.BYTES;
  }

  /** The analysis pass; one instance per run. */
  private static final class Analyzer {
    private final ModelGraph graph;
    private final Map<String, Node> byId = new LinkedHashMap<>();
    private final Map<String, List<Edge>> incoming = new HashMap<>();
    private final Map<String, List<Edge>> outgoing = new HashMap<>();
    private final Map<String, String> paths = new HashMap<>();
    private final Map<String, List<String>> errors = new LinkedHashMap<>();
    private final List<Problem> graphProblems = new ArrayList<>();
    private final Map<String, java.util.Set<String>> enclosingGroups = new HashMap<>();

    Analyzer(ModelGraph graph) {
      this.graph = graph;
      Map<String, String> groupPaths = new HashMap<>();
      Map<String, Group> groups = new HashMap<>();
      graph.groups().forEach(g -> groups.put(g.id(), g));
      graph.groups().forEach(g -> groupPaths.put(g.id(), graph.groupPath(g.id())));
      for (Node n : graph.nodes()) {
        java.util.Set<String> enclosing = new java.util.HashSet<>();
        for (String g = n.group(); g != null; g = groups.get(g).parent()) {
          enclosing.add(g);
        }
        enclosingGroups.put(n.id(), enclosing);
        byId.put(n.id(), n);
        incoming.put(n.id(), new ArrayList<>());
        outgoing.put(n.id(), new ArrayList<>());
        errors.put(n.id(), new ArrayList<>());
        paths.put(
            n.id(), n.group() == null ? n.name() : groupPaths.get(n.group()) + "." + n.name());
      }
      for (Edge e : graph.edges()) {
        incoming.get(e.to()).add(e);
        outgoing.get(e.from()).add(e);
      }
    }

    GraphAnalysis run() {
      checkWiring();
      checkParams();
      checkNames();
      checkTokenIds();
      List<Node> order = topologicalOrder();
      Map<String, NodeReport> reports = new LinkedHashMap<>();
      Map<String, Shape> shapes = new HashMap<>();
      for (Node n : order) {
        reports.put(n.id(), infer(n, shapes));
      }
      for (Node n : graph.nodes()) {
        reports.computeIfAbsent(n.id(), id -> blocked(n));
      }
      Node out = findOutput();
      Map<String, Shape> groupOutputs = groupOutputs(shapes);
      List<Problem> problems = new ArrayList<>(graphProblems);
      // Re-read errors: inference may have added some after the reports' first pass.
      Map<String, NodeReport> finalReports = new LinkedHashMap<>();
      for (Node n : graph.nodes()) {
        NodeReport r = reports.get(n.id());
        List<String> errs = errors.get(n.id());
        if (!errs.equals(r.errors())) {
          r =
              new NodeReport(
                  r.node(),
                  r.path(),
                  r.inputs(),
                  r.output(),
                  r.tensors(),
                  r.params(),
                  r.trainableParams(),
                  r.macs(),
                  r.inferred(),
                  errs);
        }
        finalReports.put(n.id(), r);
        errs.forEach(msg -> problems.add(new Problem(n.id(), msg)));
      }
      return new GraphAnalysis(
          graph, order.stream().map(Node::id).toList(), finalReports, groupOutputs, problems, out);
    }

    private String label(Node n) {
      return n.type().typeName() + " '" + paths.get(n.id()) + "'";
    }

    private void error(Node n, String message) {
      errors.get(n.id()).add(message);
    }

    private void checkWiring() {
      checkInputNodes();
      for (Node n : graph.nodes()) {
        checkPorts(n);
      }
    }

    /** One Input node, no more, no less. */
    private void checkInputNodes() {
      List<Node> inputs = graph.nodes().stream().filter(n -> n.type() == LayerType.INPUT).toList();
      if (inputs.isEmpty()) {
        graphProblems.add(
            new Problem(
                null, "the model has no Input node — add one and wire it to the first layer"));
      }
      for (int i = 1; i < inputs.size(); i++) {
        error(
            inputs.get(i),
            label(inputs.get(i)) + " is a second Input node; a model has one — delete it");
      }
    }

    /** What arrives on a node's input ports: how many wires, on which ports. */
    private void checkPorts(Node n) {
      LayerType t = n.type();
      Map<Integer, List<Edge>> byPort = new TreeMap<>();
      incoming
          .get(n.id())
          .forEach(e -> byPort.computeIfAbsent(e.port(), p -> new ArrayList<>()).add(e));
      if (t.maxInputs() == 0) {
        if (!byPort.isEmpty()) {
          error(
              n, label(n) + " receives a wire, but an Input takes none — delete the wire into it");
        }
        return;
      }
      checkWiresPerPort(n, t, byPort);
      checkPortCount(n, t, byPort);
    }

    /** Each wire on a port the node has, one wire per port. */
    private void checkWiresPerPort(Node n, LayerType t, Map<Integer, List<Edge>> byPort) {
      for (var entry : byPort.entrySet()) {
        int port = entry.getKey();
        if (port >= t.maxInputs()) {
          error(
              n,
              label(n)
                  + " takes "
                  + t.maxInputs()
                  + " input but a wire arrives on port "
                  + port
                  + " — move it to port 0 or delete it");
        } else if (entry.getValue().size() > 1) {
          String from =
              entry.getValue().stream()
                  .map(e -> "'" + pathOf(e.from()) + "'")
                  .collect(Collectors.joining(" and "));
          error(
              n,
              label(n)
                  + " receives "
                  + from
                  + " on the same input port "
                  + port
                  + (t.maxInputs() > 1
                      ? " — give each wire its own port"
                      : " — add an Add or Concat node to merge them"));
        }
      }
    }

    /** Enough connected ports, with no gap before the last one used. */
    private void checkPortCount(Node n, LayerType t, Map<Integer, List<Edge>> byPort) {
      int connected = byPort.size();
      if (connected == 0) {
        error(n, label(n) + " has no input — wire an output into it (or delete it)");
      } else if (connected < t.minInputs()) {
        error(
            n,
            label(n)
                + " needs at least "
                + t.minInputs()
                + " inputs but receives "
                + connected
                + " — wire another branch into it");
      } else {
        for (int p = 0;
            p < Math.min(byPort.keySet().stream().mapToInt(i -> i).max().orElse(0), t.maxInputs());
            p++) {
          if (!byPort.containsKey(p)) {
            error(
                n,
                label(n)
                    + " has nothing on input port "
                    + p
                    + " — wire its inputs to ports 0…"
                    + (connected - 1));
          }
        }
      }
    }

    private void checkParams() {
      for (Node n : graph.nodes()) {
        for (String p : n.type().checkParams(n.params())) {
          error(n, label(n) + ": " + p);
        }
      }
    }

    /**
     * Token ids (an int64 Input) are indices, not values: only an Embedding may take them (it turns
     * them into float vectors); any other layer would compute with ids as if they were numbers.
     */
    private void checkTokenIds() {
      for (Node n : graph.nodes()) {
        if (n.type() != LayerType.INPUT
            || !n.type().checkParams(n.params()).isEmpty()
            || !"int64".equals(LayerType.INPUT.args(n.params()).string("dtype"))) {
          continue;
        }
        for (Edge e : outgoing.get(n.id())) {
          Node to = byId.get(e.to());
          if (to != null && to.type() != LayerType.EMBEDDING) {
            error(
                to,
                label(to)
                    + " receives int64 token ids from "
                    + label(n)
                    + " — only Embedding takes token ids; insert an Embedding after the Input");
          }
        }
      }
    }

    /** Two stateful nodes must not share a module path, or their weights would collide. */
    private void checkNames() {
      Map<String, Node> seen = new HashMap<>();
      for (Node n : graph.nodes()) {
        if (n.name().isBlank() || n.name().contains(".")) {
          error(
              n,
              n.type().typeName()
                  + " '"
                  + n.name()
                  + "' has a name that is empty or contains a dot — use a plain identifier such as conv1");
          continue;
        }
        if (!hasState(n)) {
          continue;
        }
        Node other = seen.putIfAbsent(paths.get(n.id()), n);
        if (other != null) {
          error(
              n,
              label(n)
                  + " has the same name as "
                  + label(other)
                  + " in the same group, so their weights would collide — rename one");
        }
      }
    }

    private static boolean hasState(Node n) {
      return switch (n.type()) {
        case LINEAR,
            CONV1D,
            CONV2D,
            BATCHNORM1D,
            BATCHNORM2D,
            LAYERNORM,
            EMBEDDING,
            RNN,
            LSTM,
            GRU ->
            true;
        default -> false;
      };
    }

    /** Kahn's algorithm; nodes left over lie on a cycle or behind one. */
    private List<Node> topologicalOrder() {
      Map<String, Integer> indegree = new HashMap<>();
      byId.keySet().forEach(id -> indegree.put(id, incoming.get(id).size()));
      Deque<String> ready = new ArrayDeque<>();
      byId.keySet().stream().filter(id -> indegree.get(id) == 0).forEach(ready::add);
      List<Node> order = new ArrayList<>();
      while (!ready.isEmpty()) {
        String id = ready.poll();
        order.add(byId.get(id));
        for (Edge e : outgoing.get(id)) {
          if (indegree.merge(e.to(), -1, Integer::sum) == 0) {
            ready.add(e.to());
          }
        }
      }
      if (order.size() < byId.size()) {
        reportCycle(indegree);
      }
      return order;
    }

    private void reportCycle(Map<String, Integer> indegree) {
      // Walk backwards from a leftover node along leftover predecessors until a node repeats.
      String start =
          indegree.entrySet().stream()
              .filter(e -> e.getValue() > 0)
              .findFirst()
              .orElseThrow()
              .getKey();
      List<String> walk = new ArrayList<>();
      Map<String, Integer> index = new HashMap<>();
      String cur = start;
      while (!index.containsKey(cur)) {
        index.put(cur, walk.size());
        walk.add(cur);
        cur =
            incoming.get(cur).stream()
                .map(Edge::from)
                .filter(f -> indegree.get(f) > 0)
                .findFirst()
                .orElseThrow();
      }
      List<String> cycle = new ArrayList<>(walk.subList(index.get(cur), walk.size()));
      Collections.reverse(cycle);
      String ring =
          cycle.stream().map(id -> "'" + pathOf(id) + "'").collect(Collectors.joining(" → "))
              + " → '"
              + pathOf(cycle.get(0))
              + "'";
      for (String id : cycle) {
        Node n = byId.get(id);
        error(
            n,
            label(n)
                + " is on a cycle "
                + ring
                + " — a model must flow one way; delete one of these wires");
      }
    }

    private String pathOf(String id) {
      return paths.get(id);
    }

    private NodeReport infer(Node n, Map<String, Shape> shapes) {
      String path = paths.get(n.id());
      List<Edge> in = new ArrayList<>(incoming.get(n.id()));
      in.sort((a, b) -> Integer.compare(a.port(), b.port()));
      List<Shape> inputs = new ArrayList<>();
      for (Edge e : in) {
        Shape s = shapes.get(e.from());
        if (s == null) {
          return blocked(n);
        }
        inputs.add(s);
      }
      if (!errors.get(n.id()).isEmpty()) {
        return blocked(n, inputs);
      }
      try {
        LayerOutcome o = n.type().apply(n.params(), inputs);
        shapes.put(n.id(), o.output());
        List<TensorSpec> tensors =
            o.tensors().stream().map(t -> t.renamed(path + "." + t.name())).toList();
        long params = tensors.stream().filter(t -> !t.buffer()).mapToLong(TensorSpec::numel).sum();
        return new NodeReport(
            n,
            path,
            inputs,
            o.output(),
            tensors,
            params,
            params,
            o.macs(),
            o.inferred(),
            List.of());
      } catch (ShapeException ex) {
        String message = label(n) + " " + ex.getMessage();
        if (in.size() > 1) {
          message +=
              " (inputs: "
                  + in.stream()
                      .map(e -> "'" + pathOf(e.from()) + "' gives " + shapes.get(e.from()))
                      .collect(Collectors.joining(", "))
                  + ")";
        }
        error(n, message);
        return blocked(n, inputs);
      } catch (IllegalArgumentException ex) {
        // A rule built an impossible shape (a zero or negative size): report it rather than crash.
        error(n, label(n) + " cannot be computed: " + ex.getMessage());
        return blocked(n, inputs);
      }
    }

    private NodeReport blocked(Node n) {
      return blocked(n, List.of());
    }

    private NodeReport blocked(Node n, List<Shape> inputs) {
      return new NodeReport(
          n, paths.get(n.id()), inputs, null, List.of(), 0, 0, 0, Map.of(), errors.get(n.id()));
    }

    private Node findOutput() {
      List<Node> loose =
          graph.nodes().stream().filter(n -> outgoing.get(n.id()).isEmpty()).toList();
      // An unwired Input is reported as "has no consumer" only through the other loose ends.
      List<Node> sinks =
          loose.stream().anyMatch(n -> n.type() != LayerType.INPUT)
              ? loose.stream().filter(n -> n.type() != LayerType.INPUT).toList()
              : loose;
      if (sinks.size() == 1) {
        return sinks.get(0);
      }
      if (sinks.size() > 1) {
        String names =
            sinks.stream().map(n -> "'" + pathOf(n.id()) + "'").collect(Collectors.joining(", "));
        for (Node n : sinks) {
          error(
              n,
              label(n)
                  + " is one of "
                  + sinks.size()
                  + " loose ends ("
                  + names
                  + "); a classifier has one output — wire the others onward or delete them");
        }
      } else if (!graph.nodes().isEmpty()) {
        graphProblems.add(
            new Problem(
                null, "the model has no output: every layer feeds another — one must be last"));
      }
      return null;
    }

    /** A group's output is the shape of its single exit: a node inside feeding one outside. */
    private Map<String, Shape> groupOutputs(Map<String, Shape> shapes) {
      Map<String, Shape> out = new HashMap<>();
      for (Group g : graph.groups()) {
        String exit = null;
        boolean ambiguous = false;
        for (Node n : graph.nodes()) {
          if (!enclosingGroups.get(n.id()).contains(g.id())) {
            continue;
          }
          boolean leaves =
              outgoing.get(n.id()).isEmpty()
                  || outgoing.get(n.id()).stream()
                      .anyMatch(e -> !enclosingGroups.get(e.to()).contains(g.id()));
          if (leaves) {
            ambiguous |= exit != null && !exit.equals(n.id());
            exit = n.id();
          }
        }
        if (exit != null && !ambiguous && shapes.get(exit) != null) {
          out.put(g.id(), shapes.get(exit));
        }
      }
      return out;
    }
  }
}
