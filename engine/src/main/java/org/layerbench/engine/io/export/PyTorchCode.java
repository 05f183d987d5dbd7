package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.layerbench.engine.graph.Args;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.Problem;

/**
 * The {@code model.py} of a model graph: the {@code nn.Module} a person would have written for it.
 * Submodules are declared in {@code __init__} under the graph's own names, so {@code state_dict()}
 * has exactly the graph's tensor names; a group whose members form a chain becomes an {@code
 * nn.Sequential} (as torchvision writes {@code features} and {@code layer1}), any other group a
 * class named after its kind ({@code BasicBlock}) whose {@code forward} follows the graph's wiring
 * (Add → {@code +}, Concat → {@code torch.cat}, Flatten → {@code torch.flatten(x, 1)}). Group
 * classes take their submodules as constructor arguments, so one class serves every block of the
 * same wiring whatever its channel counts.
 *
 * <p>What each layer computes is what {@code nn/Network.java} computes, in eval mode, so the
 * exported module gives LayerBench's logits (checked by the export's verification).
 */
public final class PyTorchCode {
  private static final int LINE = 100;
  private static final int COMMENT_LINE = 80;
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private static final Set<String> KEYWORDS =
      Set.of(
          "False",
          "None",
          "True",
          "and",
          "as",
          "assert",
          "async",
          "await",
          "break",
          "class",
          "continue",
          "def",
          "del",
          "elif",
          "else",
          "except",
          "finally",
          "for",
          "from",
          "global",
          "if",
          "import",
          "in",
          "is",
          "lambda",
          "nonlocal",
          "not",
          "or",
          "pass",
          "raise",
          "return",
          "try",
          "while",
          "with",
          "yield",
          "self",
          "torch",
          "nn");

  /** Attributes every nn.Module has: a submodule of that name cannot be registered. */
  private static final Set<String> MODULE_ATTRIBUTES =
      Set.of(
          "forward",
          "training",
          "train",
          "eval",
          "to",
          "cuda",
          "cpu",
          "type",
          "float",
          "double",
          "half",
          "bfloat16",
          "apply",
          "parameters",
          "named_parameters",
          "buffers",
          "named_buffers",
          "children",
          "named_children",
          "modules",
          "named_modules",
          "state_dict",
          "load_state_dict",
          "zero_grad",
          "register_buffer",
          "register_parameter",
          "add_module",
          "register_module",
          "get_submodule",
          "get_parameter",
          "get_buffer",
          "requires_grad_",
          "share_memory",
          "extra_repr",
          "dump_patches",
          "call_super_init",
          "xpu",
          "ipu",
          "to_empty",
          "get_extra_state",
          "set_extra_state");

  private final GraphAnalysis analysis;
  private final ModelGraph graph;
  private final Map<String, List<String>> inputsOf = new HashMap<>();
  private final Map<String, List<String>> readersOf = new HashMap<>();
  private final Map<String, Integer> topoIndex = new HashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final String outputId;

  /** Group classes emitted so far, by signature; their source in emission order. */
  private final Map<String, String> classBySignature = new LinkedHashMap<>();

  private final Map<String, Integer> kindCount = new HashMap<>();
  private final Map<String, List<String>> firstParamsOfKind = new HashMap<>();
  private final List<String> classSources = new ArrayList<>();
  private boolean usesOrderedDict;
  private String rootName;

  /**
   * Whether lines are tagged with the nodes they come from (for {@link #listing}). Tags are marker
   * characters wrapped around a key; they never count towards a line's length, and group classes
   * are compared without them, so the text once they are stripped is exactly the untagged one.
   */
  private final boolean track;

  /** Tag key (a node or group id) → the nodes whose lines carry that tag. */
  private final Map<String, Set<String>> keyNodes = new HashMap<>();

  /** For each emitted group class (by signature): the members of the group it was written for. */
  private final Map<String, List<Item>> firstMembers = new HashMap<>();

  private static final char MARK_OPEN = '\u0001';
  private static final char MARK_CLOSE = '\u0002';

  private PyTorchCode(GraphAnalysis analysis, boolean track) {
    this.analysis = analysis;
    this.track = track;
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

  /**
   * The source of {@code model.py}.
   *
   * @param header the module docstring's text (what the model is, how to load it), or null
   * @throws ExportException when the graph has errors, or a name cannot be a PyTorch attribute
   */
  public static String modelPy(GraphAnalysis analysis, String header) throws ExportException {
    if (!analysis.ok()) {
      throw new ExportException(
          "the model has errors: " + analysis.problems().getFirst().message());
    }
    return new PyTorchCode(analysis, false).generate(header);
  }

  /**
   * What the Code tab shows: the text of {@code model.py} and, per node id, the (0-based) lines
   * that declare or call it, in {@code __init__} and {@code forward} of every class it appears in.
   *
   * @param text the code; for a valid graph exactly {@link #modelPy}'s text
   * @param lines node id → sorted line numbers (a node inside a group also maps to the lines that
   *     call the group)
   * @param error the sentence of the first error, or null when the graph is valid
   * @param errorLine the first line of the comment holding {@code error}, or -1
   */
  public record Listing(
      String text, Map<String, List<Integer>> lines, String error, int errorLine) {
    public Listing {
      lines = Map.copyOf(lines);
    }
  }

  /**
   * The listing of a graph, never failing: a valid graph gives {@link #modelPy}'s text; a graph
   * with errors gives the code of the layers computed before its first error (in evaluation order)
   * with the error's sentence as a comment where that layer's call would be.
   */
  public static Listing listing(GraphAnalysis analysis, String header) {
    if (analysis.ok()) {
      try {
        return new PyTorchCode(analysis, true).tracked(header, null, null);
      } catch (ExportException | RuntimeException e) {
        return errorOnly(header, e.getMessage());
      }
    }
    Map<String, Integer> index = new HashMap<>();
    List<NodeReport> order = analysis.topologicalOrder();
    for (int i = 0; i < order.size(); i++) {
      index.put(order.get(i).node().id(), i);
    }
    Problem first = null;
    for (Problem p : analysis.problems()) {
      if (p.nodeId() == null || !index.containsKey(p.nodeId())) {
        first = p;
        break;
      }
      if (first == null || index.get(p.nodeId()) < index.get(first.nodeId())) {
        first = p;
      }
    }
    if (first.nodeId() == null || !index.containsKey(first.nodeId())) {
      return errorOnly(header, first.message());
    }
    ModelGraph g = analysis.graph();
    // What runs before the failing layer; if that leaves loose ends, only what it reads.
    Set<String> before = new HashSet<>();
    for (NodeReport r : order.subList(0, index.get(first.nodeId()))) {
      before.add(r.node().id());
    }
    for (Set<String> keep : List.of(before, ancestors(g, first.nodeId()))) {
      GraphAnalysis part = GraphAnalysis.of(subgraph(g, keep));
      if (part.ok() && part.graph().inputNode().isPresent()) {
        try {
          return new PyTorchCode(part, true).tracked(header, first.message(), first.nodeId());
        } catch (ExportException | RuntimeException e) {
          // fall through: the next, smaller part, then the error alone
        }
      }
    }
    return errorOnly(header, first.message());
  }

  private static Set<String> ancestors(ModelGraph g, String id) {
    Set<String> seen = new HashSet<>();
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(id));
    while (!todo.isEmpty()) {
      String to = todo.pop();
      for (Edge e : g.edges()) {
        if (e.to().equals(to) && seen.add(e.from())) {
          todo.push(e.from());
        }
      }
    }
    seen.remove(id);
    return seen;
  }

  private static ModelGraph subgraph(ModelGraph g, Set<String> keep) {
    List<Node> nodes = g.nodes().stream().filter(n -> keep.contains(n.id())).toList();
    List<Edge> edges =
        g.edges().stream().filter(e -> keep.contains(e.from()) && keep.contains(e.to())).toList();
    return new ModelGraph(g.name(), nodes, edges, g.groups());
  }

  private static Listing errorOnly(String header, String error) {
    StringBuilder sb = new StringBuilder();
    if (header != null) {
      sb.append("\"\"\"").append(header.strip()).append("\n\"\"\"\n");
    }
    sb.append("import torch\nfrom torch import nn\n\n");
    int line = (int) sb.chars().filter(c -> c == '\n').count();
    errorComment("The model cannot be written yet: " + error, "").forEach(l -> sb.append(l));
    return new Listing(sb.toString(), Map.of(), error, line);
  }

  /**
   * A comment holding a sentence, wrapped to 80 columns (narrower than the generated code's 100, so
   * the sentence fits the Code tab at the window's usual width).
   */
  private static List<String> errorComment(String sentence, String indent) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent + "# Error: ");
    String continuation = indent + "#   ";
    for (String word : sentence.strip().split("\\s+")) {
      if (line.length() + word.length() + 1 > COMMENT_LINE
          && line.length() > continuation.length()) {
        out.add(line.toString().stripTrailing() + "\n");
        line = new StringBuilder(continuation);
      }
      line.append(word).append(' ');
    }
    out.add(line.toString().stripTrailing() + "\n");
    return out;
  }

  /** Generates with tags, strips them into the line map, and puts the error comment in place. */
  private Listing tracked(String header, String error, String errorNode) throws ExportException {
    String[] raw = generate(header).split("\n", -1);
    List<String> lines = new ArrayList<>();
    Map<String, java.util.TreeSet<Integer>> byNode = new HashMap<>();
    for (String l : raw) {
      StringBuilder clean = new StringBuilder();
      int i = 0;
      while (i < l.length()) {
        char c = l.charAt(i);
        if (c == MARK_OPEN) {
          int end = l.indexOf(MARK_CLOSE, i);
          String key = l.substring(i + 1, end);
          for (String n : keyNodes.getOrDefault(key, Set.of())) {
            byNode.computeIfAbsent(n, k -> new java.util.TreeSet<>()).add(lines.size());
          }
          i = end + 1;
        } else {
          clean.append(c);
          i++;
        }
      }
      lines.add(clean.toString());
    }
    int errorLine = -1;
    if (error != null) {
      // The root class's forward ends with its return, just before build_model.
      int end = lines.indexOf("def build_model():");
      while (end > 0 && !lines.get(end).startsWith("        return ")) {
        end--;
      }
      int at = end;
      List<String> comment =
          errorComment(error, "        ").stream().map(String::stripTrailing).toList();
      errorLine = at;
      lines.addAll(at, comment);
      int shift = comment.size();
      for (var set : byNode.values()) {
        List<Integer> moved = set.stream().map(n -> n >= at ? n + shift : n).toList();
        set.clear();
        set.addAll(moved);
      }
      java.util.TreeSet<Integer> own =
          byNode.computeIfAbsent(errorNode, k -> new java.util.TreeSet<>());
      for (int k = 0; k < shift; k++) {
        own.add(at + k);
      }
    }
    Map<String, List<Integer>> result = new HashMap<>();
    byNode.forEach((k, v) -> result.put(k, List.copyOf(v)));
    return new Listing(String.join("\n", lines), result, error, errorLine);
  }

  /** Tags text with a key standing for {@code nodes}; without tracking, the text unchanged. */
  private String mark(String key, Set<String> nodes, String text) {
    if (!track) {
      return text;
    }
    keyNodes.computeIfAbsent(key, k -> new HashSet<>()).addAll(nodes);
    return MARK_OPEN + key + MARK_CLOSE + text;
  }

  private static String unmark(String s) {
    if (s.indexOf(MARK_OPEN) < 0) {
      return s;
    }
    return s.replaceAll("\u0001[^\u0002]*\u0002", "");
  }

  /** The Python class name of the model: its name in CamelCase ({@code resnet18} → Resnet18). */
  public static String className(String modelName) {
    StringBuilder sb = new StringBuilder();
    for (String part : modelName.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    String name = sb.isEmpty() ? "Model" : sb.toString();
    return Character.isDigit(name.charAt(0)) ? "Model" + name : name;
  }

  // ---- the module tree ----

  /** A member of a container: one node, or one group (with everything inside it). */
  private record Item(Node node, Group group) {
    String name() {
      return node != null ? node.name() : group.name();
    }

    String id() {
      return node != null ? node.id() : group.id();
    }
  }

  private String generate(String header) throws ExportException {
    Node input =
        graph.inputNode().orElseThrow(() -> new ExportException("the model has no Input node"));
    if (input.group() != null) {
      throw new ExportException(
          "the Input node '" + input.name() + "' is inside a group; move it to the top level");
    }
    String rootClass = className(graph.name());
    rootName = rootClass;
    String root = rootClass(rootClass);
    StringBuilder sb = new StringBuilder();
    if (header != null) {
      sb.append("\"\"\"").append(header.strip()).append("\n\"\"\"\n");
    }
    if (usesOrderedDict) {
      sb.append("from collections import OrderedDict\n\n");
    }
    sb.append("import torch\nfrom torch import nn\n\n\n");
    List<String> parts = new ArrayList<>(classSources);
    parts.add(root);
    sb.append(String.join("\n\n\n", parts)).append("\n\n\n");
    sb.append("def build_model():\n");
    sb.append(
        "    \"\"\"The model with freshly initialised weights; load state_dict.pt into it.\"\"\"\n");
    sb.append("    return ").append(rootClass).append("()\n");
    return sb.toString();
  }

  /** The members of a container (null: the top level), in registration (state_dict) order. */
  private List<Item> items(String container) {
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
  private Item childOf(Node n, String container) {
    if (java.util.Objects.equals(n.group(), container)) {
      return new Item(n, null);
    }
    for (String g = n.group(); g != null; g = groups.get(g).parent()) {
      if (java.util.Objects.equals(groups.get(g).parent(), container)) {
        return new Item(null, groups.get(g));
      }
    }
    return null;
  }

  private Set<String> nodesOf(Item item) {
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
  private List<String> externalInputs(Set<String> inside) {
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
  private List<String> externalOutputs(Set<String> inside) {
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

  // ---- classes and Sequentials ----

  private String rootClass(String className) throws ExportException {
    List<Item> items = items(null);
    List<String> init = new ArrayList<>();
    Set<String> declared = new HashSet<>();
    for (Item item : items) {
      String name = item.name();
      checkName(item, name);
      if (!declares(item) || !declared.add(name)) {
        continue;
      }
      Expr e = construct(item);
      init.add(assignment(name, e, 8));
    }
    Node input = graph.inputNode().orElseThrow();
    List<String> forward =
        forwardBody(
            items, Set.copyOf(allNodes()), List.of(input.id()), Map.of(input.id(), "x"), false);
    StringBuilder sb = new StringBuilder();
    sb.append("class ").append(className).append("(nn.Module):\n");
    sb.append("    def __init__(self):\n        super().__init__()\n");
    init.forEach(sb::append);
    sb.append("\n    def forward(self, x):\n");
    forward.forEach(l -> sb.append("        ").append(l).append('\n'));
    return sb.toString().stripTrailing();
  }

  private List<String> allNodes() {
    return graph.nodes().stream().map(Node::id).toList();
  }

  /** Whether an item is declared as a submodule (functional nodes are not). */
  private static boolean declares(Item item) {
    return item.group() != null || !PyTorchModules.functional(item.node().type());
  }

  private void checkName(Item item, String name) throws ExportException {
    if (MODULE_ATTRIBUTES.contains(name) && declares(item)) {
      throw new ExportException(
          what(item)
              + " is named '"
              + name
              + "', which every PyTorch module already has as an attribute — rename it");
    }
  }

  private String what(Item item) {
    if (item.node() != null) {
      return item.node().type().typeName() + " '" + graph.path(item.node()) + "'";
    }
    return "group '" + graph.groupPath(item.group().id()) + "'";
  }

  /** The constructor expression of a declared item. */
  private Expr construct(Item item) throws ExportException {
    if (item.node() != null) {
      return module(analysis.node(item.node().id()));
    }
    Group g = item.group();
    List<Item> children = items(g.id());
    if (isChain(g, children)) {
      return sequential(children);
    }
    return groupClass(g, children);
  }

  /** Whether a group's members run one after another, each reading only the previous one. */
  private boolean isChain(Group g, List<Item> children) {
    Set<String> inside = nodesOf(new Item(null, g));
    List<String> in = externalInputs(inside);
    if (in.size() != 1 || externalOutputs(inside).size() != 1) {
      return false;
    }
    Set<String> names = new HashSet<>();
    String previous = in.getFirst();
    for (int i = 0; i < children.size(); i++) {
      Item c = children.get(i);
      if (!names.add(c.name())) {
        return false;
      }
      if (c.node() != null && !chainable(analysis.node(c.node().id()))) {
        return false;
      }
      Set<String> cNodes = nodesOf(c);
      List<String> cIn = externalInputs(cNodes);
      List<String> cOut = externalOutputs(cNodes);
      if (!cIn.equals(List.of(previous)) || cOut.size() != 1) {
        return false;
      }
      String out = cOut.getFirst();
      Set<String> next = i + 1 < children.size() ? nodesOf(children.get(i + 1)) : null;
      for (String reader : readersOf.getOrDefault(out, List.of())) {
        if (cNodes.contains(reader)) {
          continue;
        }
        boolean ok = next != null ? next.contains(reader) : !inside.contains(reader);
        if (!ok) {
          return false;
        }
      }
      previous = out;
    }
    return true;
  }

  /** Whether a node has a module that can stand in an nn.Sequential. */
  private static boolean chainable(NodeReport r) {
    return switch (r.node().type()) {
      case INPUT, ADD, CONCAT, RNN, LSTM, GRU -> false;
      case RESHAPE -> r.inputs().size() == 1 && r.inputs().getFirst().rank() == 1;
      default -> true;
    };
  }

  private Expr sequential(List<Item> children) throws ExportException {
    boolean positional = true;
    for (int i = 0; i < children.size(); i++) {
      positional &= children.get(i).name().equals(Integer.toString(i));
    }
    List<Arg> args = new ArrayList<>();
    for (Item c : children) {
      Expr e = c.node() != null ? chainModule(analysis.node(c.node().id())) : construct(c);
      if (positional) {
        args.add(new Arg(null, e));
      } else {
        args.add(
            new Arg(
                null,
                new Call(
                    "(" + PyTorchModules.str(c.name()) + ",", List.of(new Arg(null, e)), ")")));
      }
    }
    if (positional) {
      return new Call("nn.Sequential(", args, ")");
    }
    usesOrderedDict = true;
    return new Call(
        "nn.Sequential(", List.of(new Arg(null, new Call("OrderedDict([", args, "])"))), ")");
  }

  /** A group that is not a chain: an instance of a class made for its wiring. */
  private Expr groupClass(Group g, List<Item> children) throws ExportException {
    List<String> params = new ArrayList<>();
    List<Item> declared = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    boolean identifiers = true;
    for (Item c : children) {
      checkName(c, c.name());
      if (!declares(c) || params.contains(c.name())) {
        continue;
      }
      params.add(c.name());
      declared.add(c);
      values.add(construct(c));
      identifiers &= isIdentifier(c.name());
    }
    Set<String> inside = nodesOf(new Item(null, g));
    List<String> in = externalInputs(inside);
    Map<String, String> vars = new LinkedHashMap<>();
    List<String> paramNames = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      String v = in.size() == 1 ? "x" : "x" + (i + 1);
      vars.put(in.get(i), v);
      paramNames.add(v);
    }
    List<String> body = forwardBody(children, inside, in, vars, true);
    StringBuilder src = new StringBuilder();
    src.append("    def __init__(self, ")
        .append(identifiers ? String.join(", ", params) : "modules")
        .append("):\n        super().__init__()\n");
    if (identifiers) {
      for (int i = 0; i < params.size(); i++) {
        Item c = declared.get(i);
        String p = params.get(i);
        src.append("        ")
            .append(mark(c.id(), nodesOf(c), "self." + p + " = " + p))
            .append('\n');
      }
    } else {
      src.append("        for name, module in modules.items():\n");
      src.append("            self.add_module(name, module)\n");
    }
    src.append("\n    def forward(self, ").append(String.join(", ", paramNames)).append("):\n");
    body.forEach(l -> src.append("        ").append(l).append('\n'));
    // Tags differ between two groups of the same wiring: compare the code without them.
    String signature = g.kind() + "\n" + unmark(src.toString());
    String cls = classBySignature.get(signature);
    if (cls != null && track) {
      // The class was written for an earlier group: its lines stand for this group's layers too.
      List<Item> earlier = firstMembers.get(signature);
      for (int i = 0; i < Math.min(earlier.size(), children.size()); i++) {
        keyNodes
            .computeIfAbsent(earlier.get(i).id(), k -> new HashSet<>())
            .addAll(nodesOf(children.get(i)));
      }
    }
    if (cls == null) {
      cls = newClassName(g.kind(), params);
      classBySignature.put(signature, cls);
      firstMembers.put(signature, children);
      classSources.add(
          "class "
              + cls
              + "(nn.Module):\n"
              + "    \"\"\""
              + g.kind()
              + " as drawn in LayerBench (first used as "
              + graph.groupPath(g.id())
              + ").\"\"\"\n\n"
              + src.toString().stripTrailing());
    }
    List<Arg> args = new ArrayList<>();
    if (identifiers) {
      for (int i = 0; i < params.size(); i++) {
        args.add(new Arg(params.get(i), values.get(i)));
      }
      return new Call(cls + "(", args, ")");
    }
    usesOrderedDict = true;
    for (int i = 0; i < params.size(); i++) {
      args.add(
          new Arg(
              null,
              new Call(
                  "(" + PyTorchModules.str(params.get(i)) + ",",
                  List.of(new Arg(null, values.get(i))),
                  ")")));
    }
    return new Call(cls + "(", List.of(new Arg(null, new Call("OrderedDict([", args, "])"))), ")");
  }

  private String newClassName(String kind, List<String> params) {
    String base = className(kind);
    if (base.equals(rootName)) {
      base = base + "Block"; // the model's own class has the name (an "inception" net's Inception)
    }
    int n = kindCount.merge(base, 1, Integer::sum);
    if (n == 1) {
      firstParamsOfKind.put(base, params);
      return base;
    }
    List<String> extra = new ArrayList<>(params);
    extra.removeAll(firstParamsOfKind.get(base));
    String name = extra.isEmpty() ? base + n : base + "With" + className(String.join("_", extra));
    while (classBySignature.containsValue(name)) {
      name = name + "_";
    }
    return name;
  }

  // ---- forward ----

  /**
   * The statements of a forward over a container's members.
   *
   * @param inside every node inside the container (for the root: all)
   * @param inputs the nodes outside whose outputs arrive as parameters (for the root: Input)
   * @param vars the parameter names of those inputs
   */
  private List<String> forwardBody(
      List<Item> items,
      Set<String> inside,
      List<String> inputs,
      Map<String, String> vars,
      boolean isGroup)
      throws ExportException {
    List<Item> order = itemOrder(items);
    Map<String, String> value = new HashMap<>(vars);
    Set<String> used = new HashSet<>(vars.values());
    // variables that carry the main line along (x, out): a layer may overwrite them
    Set<String> chain = new HashSet<>(vars.values());
    List<String> outputs = isGroup ? externalOutputs(inside) : List.of(outputId);
    // the last item (index in order) that reads each value
    Map<String, Integer> lastRead = new HashMap<>();
    Map<String, Integer> readCount = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      for (String from : externalInputs(nodesOf(order.get(i)))) {
        lastRead.put(from, i);
        readCount.merge(from, 1, Integer::sum);
      }
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      Item item = order.get(i);
      Set<String> nodes = nodesOf(item);
      List<String> in = externalInputs(nodes);
      List<String> args = new ArrayList<>();
      for (String from : in) {
        String v = value.get(from);
        if (v == null) {
          throw new ExportException(
              what(item) + " reads a value computed after it; the group cannot be one call");
        }
        args.add(v);
      }
      List<String> outs = item.node() != null ? List.of(item.node().id()) : externalOutputs(nodes);
      // Chain as people write it: x = self.conv1(x) while x is not needed any more.
      // A group's result gets the group's name (branch1 = self.branch1(x)).
      String reuse = null;
      boolean named =
          item.group() != null
              && !fresh(item, Set.of()).equals("out")
              && !in.isEmpty()
              && readCount.getOrDefault(in.getFirst(), 0) > 1;
      if (outs.size() == 1 && !in.isEmpty() && !named) {
        String first = in.getFirst();
        if (lastRead.get(first) == i
            && !outputs.contains(first)
            && chain.contains(value.get(first))) {
          reuse = value.get(first);
        }
      }
      List<String> outVars = new ArrayList<>();
      for (String o : outs) {
        String v = reuse != null ? reuse : fresh(item, used);
        if (reuse == null && !named) {
          chain.add(v);
        }
        reuse = null;
        used.add(v);
        outVars.add(v);
        value.put(o, v);
      }
      if (item.node() != null) {
        for (String s : statements(analysis.node(item.node().id()), args, outVars.getFirst())) {
          lines.add(mark(item.id(), nodes, s));
        }
      } else {
        lines.add(
            mark(
                item.id(),
                nodes,
                String.join(", ", outVars)
                    + " = "
                    + self(item.name())
                    + "("
                    + String.join(", ", args)
                    + ")"));
      }
    }
    List<String> result = new ArrayList<>();
    for (String o : outputs) {
      result.add(value.get(o));
    }
    lines.add("return " + String.join(", ", result));
    return lines;
  }

  /** Members in an order where each comes after what it reads; declaration order otherwise. */
  private List<Item> itemOrder(List<Item> items) throws ExportException {
    List<Item> left = new ArrayList<>(items);
    List<Item> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    graph.inputNode().ifPresent(n -> done.add(n.id()));
    Set<String> all = new HashSet<>();
    items.forEach(it -> all.addAll(nodesOf(it)));
    while (!left.isEmpty()) {
      Item next = null;
      for (Item it : left) {
        Set<String> nodes = nodesOf(it);
        boolean ready =
            externalInputs(nodes).stream().allMatch(f -> done.contains(f) || !all.contains(f));
        if (ready) {
          next = it;
          break;
        }
      }
      if (next == null) {
        throw new ExportException(
            what(left.getFirst())
                + " needs a value computed after it outside the group, so it cannot be one"
                + " module call — regroup these layers");
      }
      left.remove(next);
      order.add(next);
      done.addAll(nodesOf(next));
    }
    return order;
  }

  private static String fresh(Item item, Set<String> used) {
    String base =
        item.group() != null && isIdentifier(item.name()) && !KEYWORDS.contains(item.name())
            ? item.name()
            : "out";
    String v = base;
    for (int n = 2; used.contains(v); n++) {
      v = base + n;
    }
    return v;
  }

  private static String self(String name) {
    return isIdentifier(name) && !KEYWORDS.contains(name)
        ? "self." + name
        : "getattr(self, " + PyTorchModules.str(name) + ")";
  }

  /** The statements computing one node from its inputs' variables into {@code out}. */
  private List<String> statements(NodeReport r, List<String> in, String out) {
    Args a = r.node().type().args(r.node().params());
    String x = in.isEmpty() ? "x" : in.getFirst();
    String call = self(r.node().name());
    return switch (r.node().type()) {
      case INPUT -> List.of();
      case ADD -> List.of(out + " = " + String.join(" + ", in));
      case CONCAT ->
          List.of(
              out + " = torch.cat([" + String.join(", ", in) + "], dim=" + a.integer("dim") + ")");
      case FLATTEN -> {
        int s = a.integer("start_dim");
        int e = a.integer("end_dim");
        yield List.of(out + " = torch.flatten(" + x + ", " + s + (e == -1 ? "" : ", " + e) + ")");
      }
      case RESHAPE -> {
        List<String> dims = new ArrayList<>(List.of(x + ".size(0)"));
        a.intList("shape").forEach(d -> dims.add(Integer.toString(d)));
        yield List.of(out + " = " + x + ".reshape(" + String.join(", ", dims) + ")");
      }
      case GLOBAL_AVGPOOL -> {
        int rank = r.inputs().getFirst().rank() + 1;
        List<String> dims = new ArrayList<>();
        for (int d = 2; d < rank; d++) {
          dims.add(Integer.toString(d));
        }
        String dim = dims.size() == 1 ? dims.getFirst() : "(" + String.join(", ", dims) + ")";
        yield List.of(out + " = " + x + ".mean(dim=" + dim + ")  # global average pooling");
      }
      case RNN, LSTM, GRU -> {
        if (a.string("output").equals("sequence")) {
          yield List.of(out + ", _ = " + call + "(" + x + ")");
        }
        String h = r.node().type() == LayerType.LSTM ? "_, (h_n, _)" : "_, h_n";
        String last = a.bool("bidirectional") ? "torch.cat([h_n[-2], h_n[-1]], dim=1)" : "h_n[-1]";
        yield List.of(
            h + " = " + call + "(" + x + ")",
            out + " = " + last + "  # the last layer's final hidden state");
      }
      default -> List.of(out + " = " + call + "(" + x + ")");
    };
  }

  // ---- modules ----

  /** A node's module as declared in a class's __init__. */
  private Expr module(NodeReport r) {
    return new Leaf(
        PyTorchModules.constructor(r, false), mark(r.node().id(), Set.of(r.node().id()), ""));
  }

  /** A node's module inside an nn.Sequential, where functional steps need a module too. */
  private Expr chainModule(NodeReport r) {
    return new Leaf(
        PyTorchModules.constructor(r, true), mark(r.node().id(), Set.of(r.node().id()), ""));
  }

  private static boolean isIdentifier(String s) {
    return IDENTIFIER.matcher(s).matches();
  }

  // ---- layout of nested constructor calls ----

  private interface Expr {
    /** The text on one line: what line lengths are measured on. */
    String inline();

    /** The same with the tags (see {@link #track}) in place. */
    String marked();
  }

  /** A module's constructor; {@code tag} is its tracking tag, empty when not tracking. */
  private record Leaf(String text, String tag) implements Expr {
    @Override
    public String inline() {
      return text;
    }

    @Override
    public String marked() {
      return tag + text;
    }
  }

  private record Arg(String keyword, Expr value) {
    String inline() {
      return (keyword == null ? "" : keyword + "=") + value.inline();
    }

    String marked() {
      return (keyword == null ? "" : keyword + "=") + value.marked();
    }
  }

  /** {@code open} + arguments + {@code close}, broken over lines when too long. */
  private record Call(String open, List<Arg> args, String close) implements Expr {
    @Override
    public String inline() {
      List<String> parts = args.stream().map(Arg::inline).toList();
      String sep = open.endsWith(",") ? " " : "";
      return open + sep + String.join(", ", parts) + close;
    }

    @Override
    public String marked() {
      List<String> parts = args.stream().map(Arg::marked).toList();
      String sep = open.endsWith(",") ? " " : "";
      return open + sep + String.join(", ", parts) + close;
    }
  }

  private static String assignment(String name, Expr e, int indent) {
    String target = isIdentifier(name) && !KEYWORDS.contains(name) ? "self." + name + " = " : null;
    StringBuilder sb = new StringBuilder(" ".repeat(indent));
    if (target != null) {
      sb.append(target);
      render(sb, e, indent, indent + target.length());
    } else {
      String open = "self.add_module(" + PyTorchModules.str(name) + ", ";
      sb.append(open);
      render(sb, e, indent, indent + open.length());
      sb.append(")");
    }
    return sb.append('\n').toString();
  }

  private static void render(StringBuilder sb, Expr e, int indent, int column) {
    String inline = e.inline();
    if (!(e instanceof Call c) || column + inline.length() <= LINE) {
      sb.append(e.marked());
      return;
    }
    sb.append(c.open());
    for (Arg a : c.args()) {
      sb.append('\n').append(" ".repeat(indent + 4));
      String kw = a.keyword() == null ? "" : a.keyword() + "=";
      sb.append(kw);
      render(sb, a.value(), indent + 4, indent + 4 + kw.length());
      sb.append(',');
    }
    sb.append('\n').append(" ".repeat(indent)).append(c.close());
  }
}
