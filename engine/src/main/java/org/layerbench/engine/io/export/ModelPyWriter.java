package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.io.export.ModuleTree.Item;
import org.layerbench.engine.io.export.PyTorchExpr.Arg;
import org.layerbench.engine.io.export.PyTorchExpr.Call;
import org.layerbench.engine.io.export.PyTorchExpr.Leaf;

/**
 * Writes model.py's classes for one graph: the model's class, declaring its submodules in {@code
 * __init__} under the graph's names; a group whose members form a chain as an {@code
 * nn.Sequential}, any other group as an instance of a class made for its wiring, one class per
 * distinct wiring (named after the group's kind, {@code BasicBlock}, {@code BasicBlock2} ...). One
 * writer writes one file: it remembers the classes it has emitted.
 */
final class ModelPyWriter {
  private final GraphAnalysis analysis;
  private final ModelGraph graph;
  private final ModuleTree tree;
  private final CodeTags tags;
  private final ForwardCode forwardCode;

  /** Group classes emitted so far, by signature; their source in emission order. */
  private final Map<String, String> classBySignature = new LinkedHashMap<>();

  private final Map<String, Integer> kindCount = new HashMap<>();
  private final Map<String, List<String>> firstParamsOfKind = new HashMap<>();
  private final List<String> classSources = new ArrayList<>();
  private boolean usesOrderedDict;
  private String rootName;

  /** For each emitted group class (by signature): the members of the group it was written for. */
  private final Map<String, List<Item>> firstMembers = new HashMap<>();

  ModelPyWriter(GraphAnalysis analysis, CodeTags tags) {
    this.analysis = analysis;
    this.graph = analysis.graph();
    this.tree = new ModuleTree(analysis);
    this.tags = tags;
    this.forwardCode = new ForwardCode(analysis, tree, tags);
  }

  /** The text of model.py (tagged when {@code tags} are on). */
  String generate(String header) throws ExportException {
    Node input =
        graph.inputNode().orElseThrow(() -> new ExportException("the model has no Input node"));
    if (input.group() != null) {
      throw new ExportException(
          "the Input node '" + input.name() + "' is inside a group; move it to the top level");
    }
    String rootClass = PyTorchCode.className(graph.name());
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
    if (forwardCode.takesLengths()) {
      sb.append(PACK);
    }
    if (forwardCode.unpacks()) {
      sb.append(UNPACK);
    }
    List<String> parts = new ArrayList<>(classSources);
    parts.add(root);
    sb.append(String.join("\n\n\n", parts)).append("\n\n\n");
    sb.append("def build_model():\n");
    sb.append(
        "    \"\"\"The model with freshly initialised weights; load state_dict.pt into it.\"\"\"\n");
    sb.append("    return ").append(rootClass).append("()\n");
    return sb.toString();
  }

  /**
   * model.py's helpers for a model whose recurrent layers honour sequence lengths: a padded batch
   * packed as LayerBench runs it, and the padded steps of an output sequence back as zeros.
   */
  private static final String PACK =
      """
      def pack(x, lengths):
          \"""x's real steps only (lengths: each sequence's length; None: every step is real).\"""
          if lengths is None:
              return x
          return nn.utils.rnn.pack_padded_sequence(
              x, lengths.cpu().long(), batch_first=True, enforce_sorted=False
          )


      """;

  private static final String UNPACK =
      """
      def unpack(y, total_length):
          \"""A packed output padded back to total_length steps, with zeros after each end.\"""
          if isinstance(y, nn.utils.rnn.PackedSequence):
              return nn.utils.rnn.pad_packed_sequence(
                  y, batch_first=True, total_length=total_length
              )[0]
          return y


      """;

  private String rootClass(String className) throws ExportException {
    List<Item> items = tree.items(null);
    List<String> init = new ArrayList<>();
    Set<String> declared = new HashSet<>();
    for (Item item : items) {
      String name = item.name();
      checkName(item, name);
      if (!ModuleTree.declares(item) || !declared.add(name)) {
        continue;
      }
      PyTorchExpr e = construct(item);
      init.add(PyTorchExpr.assignment(name, e, 8));
    }
    Node input = graph.inputNode().orElseThrow();
    List<String> forward =
        forwardCode.body(
            items,
            Set.copyOf(tree.allNodes()),
            List.of(input.id()),
            Map.of(input.id(), "x"),
            false);
    StringBuilder sb = new StringBuilder();
    sb.append("class ").append(className).append("(nn.Module):\n");
    sb.append("    def __init__(self):\n        super().__init__()\n");
    init.forEach(sb::append);
    sb.append(
        forwardCode.takesLengths()
            ? "\n    def forward(self, x, lengths=None):\n"
            : "\n    def forward(self, x):\n");
    forward.forEach(l -> sb.append("        ").append(l).append('\n'));
    return sb.toString().stripTrailing();
  }

  private void checkName(Item item, String name) throws ExportException {
    if (PythonNames.MODULE_ATTRIBUTES.contains(name) && ModuleTree.declares(item)) {
      throw new ExportException(
          tree.what(item)
              + " is named '"
              + name
              + "', which every PyTorch module already has as an attribute — rename it");
    }
  }

  /** The constructor expression of a declared item. */
  private PyTorchExpr construct(Item item) throws ExportException {
    if (item.node() != null) {
      return module(analysis.node(item.node().id()));
    }
    Group g = item.group();
    List<Item> children = tree.items(g.id());
    if (isChain(g, children)) {
      return sequential(children);
    }
    return groupClass(g, children);
  }

  /** Whether a group's members run one after another, each reading only the previous one. */
  private boolean isChain(Group g, List<Item> children) {
    Set<String> inside = tree.nodesOf(new Item(null, g));
    List<String> in = tree.externalInputs(inside);
    if (in.size() != 1 || tree.externalOutputs(inside).size() != 1) {
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
      Set<String> cNodes = tree.nodesOf(c);
      List<String> cIn = tree.externalInputs(cNodes);
      List<String> cOut = tree.externalOutputs(cNodes);
      if (!cIn.equals(List.of(previous)) || cOut.size() != 1) {
        return false;
      }
      String out = cOut.getFirst();
      Set<String> next = i + 1 < children.size() ? tree.nodesOf(children.get(i + 1)) : null;
      for (String reader : tree.readersOf(out)) {
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

  private PyTorchExpr sequential(List<Item> children) throws ExportException {
    boolean positional = true;
    for (int i = 0; i < children.size(); i++) {
      positional &= children.get(i).name().equals(Integer.toString(i));
    }
    List<Arg> args = new ArrayList<>();
    for (Item c : children) {
      PyTorchExpr e = c.node() != null ? chainModule(analysis.node(c.node().id())) : construct(c);
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
  private PyTorchExpr groupClass(Group g, List<Item> children) throws ExportException {
    List<String> params = new ArrayList<>();
    List<Item> declared = new ArrayList<>();
    List<PyTorchExpr> values = new ArrayList<>();
    boolean identifiers = true;
    for (Item c : children) {
      checkName(c, c.name());
      if (!ModuleTree.declares(c) || params.contains(c.name())) {
        continue;
      }
      params.add(c.name());
      declared.add(c);
      values.add(construct(c));
      identifiers &= PythonNames.isIdentifier(c.name());
    }
    String src = classBody(g, children, declared, params, identifiers);
    String cls = classFor(g, children, params, src);
    return instance(cls, params, values, identifiers);
  }

  /** A group class's __init__ (taking the declared members) and forward. */
  private String classBody(
      Group g, List<Item> children, List<Item> declared, List<String> params, boolean identifiers)
      throws ExportException {
    Set<String> inside = tree.nodesOf(new Item(null, g));
    List<String> in = tree.externalInputs(inside);
    Map<String, String> vars = new LinkedHashMap<>();
    List<String> paramNames = new ArrayList<>();
    for (int i = 0; i < in.size(); i++) {
      String v = in.size() == 1 ? "x" : "x" + (i + 1);
      vars.put(in.get(i), v);
      paramNames.add(v);
    }
    List<String> body = forwardCode.body(children, inside, in, vars, true);
    StringBuilder src = new StringBuilder();
    src.append("    def __init__(self, ")
        .append(identifiers ? String.join(", ", params) : "modules")
        .append("):\n        super().__init__()\n");
    if (identifiers) {
      for (int i = 0; i < params.size(); i++) {
        Item c = declared.get(i);
        String p = params.get(i);
        src.append("        ")
            .append(tags.mark(c.id(), tree.nodesOf(c), "self." + p + " = " + p))
            .append('\n');
      }
    } else {
      src.append("        for name, module in modules.items():\n");
      src.append("            self.add_module(name, module)\n");
    }
    src.append("\n    def forward(self, ").append(String.join(", ", paramNames)).append("):\n");
    body.forEach(l -> src.append("        ").append(l).append('\n'));
    return src.toString();
  }

  /** The class for a group's code: one written before for the same wiring, or a new one. */
  private String classFor(Group g, List<Item> children, List<String> params, String src) {
    // Tags differ between two groups of the same wiring: compare the code without them.
    String signature = g.kind() + "\n" + CodeTags.unmark(src);
    String cls = classBySignature.get(signature);
    if (cls != null && tags.on()) {
      // The class was written for an earlier group: its lines stand for this group's layers too.
      List<Item> earlier = firstMembers.get(signature);
      for (int i = 0; i < Math.min(earlier.size(), children.size()); i++) {
        tags.standFor(earlier.get(i).id(), tree.nodesOf(children.get(i)));
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
              + src.stripTrailing());
    }
    return cls;
  }

  /** The group's instance: its class called with the members, by keyword or as an OrderedDict. */
  private PyTorchExpr instance(
      String cls, List<String> params, List<PyTorchExpr> values, boolean identifiers) {
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
    String base = PyTorchCode.className(kind);
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
    String name =
        extra.isEmpty() ? base + n : base + "With" + PyTorchCode.className(String.join("_", extra));
    while (classBySignature.containsValue(name)) {
      name = name + "_";
    }
    return name;
  }

  /** A node's module as declared in a class's __init__. */
  private PyTorchExpr module(NodeReport r) {
    return new Leaf(
        PyTorchModules.constructor(r, false), tags.mark(r.node().id(), Set.of(r.node().id()), ""));
  }

  /** A node's module inside an nn.Sequential, where functional steps need a module too. */
  private PyTorchExpr chainModule(NodeReport r) {
    return new Leaf(
        PyTorchModules.constructor(r, true), tags.mark(r.node().id(), Set.of(r.node().id()), ""));
  }
}
