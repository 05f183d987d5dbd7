package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerbench.engine.graph.Args;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.io.export.ModuleTree.Item;
import org.layerbench.engine.nn.Network;

/**
 * The {@code forward} of model.py's classes: members called in an order where each comes after what
 * it reads, variables named as people write them ({@code x = self.conv1(x)} while x is not needed
 * any more, a group's result under the group's name), and the functional layers written out (Add →
 * {@code +}, Concat → {@code torch.cat}, Flatten → {@code torch.flatten(x, 1)}).
 */
final class ForwardCode {
  private final GraphAnalysis analysis;
  private final ModuleTree tree;
  private final CodeTags tags;

  /** The recurrent nodes that take the batch's sequence lengths ({@link Network#lengthNodes}). */
  private final Set<String> lengthNodes;

  ForwardCode(GraphAnalysis analysis, ModuleTree tree, CodeTags tags) {
    this.analysis = analysis;
    this.tree = tree;
    this.tags = tags;
    this.lengthNodes = Network.lengthNodes(analysis);
  }

  /** Whether the root's forward takes {@code lengths} (some recurrent layer honours them). */
  boolean takesLengths() {
    return !lengthNodes.isEmpty();
  }

  /** Whether some layer given the lengths returns its output sequence (padded back by unpack). */
  boolean unpacks() {
    return lengthNodes.stream()
        .map(analysis::node)
        .anyMatch(r -> r.node().type().args(r.node().params()).string("output").equals("sequence"));
  }

  /**
   * The statements of a forward over a container's members.
   *
   * @param inside every node inside the container (for the root: all)
   * @param inputs the nodes outside whose outputs arrive as parameters (for the root: Input)
   * @param vars the parameter names of those inputs
   */
  List<String> body(
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
    List<String> outputs = isGroup ? tree.externalOutputs(inside) : List.of(tree.outputId());
    // the last item (index in order) that reads each value
    Map<String, Integer> lastRead = new HashMap<>();
    Map<String, Integer> readCount = new HashMap<>();
    for (int i = 0; i < order.size(); i++) {
      for (String from : tree.externalInputs(tree.nodesOf(order.get(i)))) {
        lastRead.put(from, i);
        readCount.merge(from, 1, Integer::sum);
      }
    }
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < order.size(); i++) {
      Item item = order.get(i);
      Set<String> nodes = tree.nodesOf(item);
      if (isGroup && item.node() != null && lengthNodes.contains(item.node().id())) {
        throw new ExportException(
            tree.what(item)
                + " takes the sequence lengths but lies inside a group; move it to the top level");
      }
      List<String> in = tree.externalInputs(nodes);
      List<String> args = arguments(item, in, value);
      List<String> outs =
          item.node() != null ? List.of(item.node().id()) : tree.externalOutputs(nodes);
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
      lines.addAll(call(item, nodes, args, outVars));
    }
    List<String> result = new ArrayList<>();
    for (String o : outputs) {
      result.add(value.get(o));
    }
    lines.add("return " + String.join(", ", result));
    return lines;
  }

  /** The variables holding what an item reads, in port order. */
  private List<String> arguments(Item item, List<String> in, Map<String, String> value)
      throws ExportException {
    List<String> args = new ArrayList<>();
    for (String from : in) {
      String v = value.get(from);
      if (v == null) {
        throw new ExportException(
            tree.what(item) + " reads a value computed after it; the group cannot be one call");
      }
      args.add(v);
    }
    return args;
  }

  /** The (tagged) lines computing an item: a node's statements, or the call of a group. */
  private List<String> call(Item item, Set<String> nodes, List<String> args, List<String> outVars) {
    List<String> lines = new ArrayList<>();
    if (item.node() != null) {
      for (String s : statements(analysis.node(item.node().id()), args, outVars.getFirst())) {
        lines.add(tags.mark(item.id(), nodes, s));
      }
    } else {
      lines.add(
          tags.mark(
              item.id(),
              nodes,
              String.join(", ", outVars)
                  + " = "
                  + PythonNames.self(item.name())
                  + "("
                  + String.join(", ", args)
                  + ")"));
    }
    return lines;
  }

  /** Members in an order where each comes after what it reads; declaration order otherwise. */
  private List<Item> itemOrder(List<Item> items) throws ExportException {
    List<Item> left = new ArrayList<>(items);
    List<Item> order = new ArrayList<>();
    Set<String> done = new HashSet<>();
    tree.graph().inputNode().ifPresent(n -> done.add(n.id()));
    Set<String> all = new HashSet<>();
    items.forEach(it -> all.addAll(tree.nodesOf(it)));
    while (!left.isEmpty()) {
      Item next = null;
      for (Item it : left) {
        Set<String> nodes = tree.nodesOf(it);
        boolean ready =
            tree.externalInputs(nodes).stream().allMatch(f -> done.contains(f) || !all.contains(f));
        if (ready) {
          next = it;
          break;
        }
      }
      if (next == null) {
        throw new ExportException(
            tree.what(left.getFirst())
                + " needs a value computed after it outside the group, so it cannot be one"
                + " module call — regroup these layers");
      }
      left.remove(next);
      order.add(next);
      done.addAll(tree.nodesOf(next));
    }
    return order;
  }

  private static String fresh(Item item, Set<String> used) {
    String base = item.group() != null && PythonNames.plain(item.name()) ? item.name() : "out";
    String v = base;
    for (int n = 2; used.contains(v); n++) {
      v = base + n;
    }
    return v;
  }

  /** The statements computing one node from its inputs' variables into {@code out}. */
  private List<String> statements(NodeReport r, List<String> in, String out) {
    Args a = r.node().type().args(r.node().params());
    String x = in.isEmpty() ? "x" : in.getFirst();
    String call = PythonNames.self(r.node().name());
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
        boolean packed = lengthNodes.contains(r.node().id());
        String seq = packed ? "pack(" + x + ", lengths)" : x;
        if (a.string("output").equals("sequence")) {
          yield List.of(
              packed
                  ? out + " = unpack(" + call + "(" + seq + ")[0], " + x + ".size(1))"
                  : out + ", _ = " + call + "(" + x + ")");
        }
        String h = r.node().type() == LayerType.LSTM ? "_, (h_n, _)" : "_, h_n";
        String last = a.bool("bidirectional") ? "torch.cat([h_n[-2], h_n[-1]], dim=1)" : "h_n[-1]";
        yield List.of(
            h + " = " + call + "(" + seq + ")",
            out
                + " = "
                + last
                + (packed
                    ? "  # the last layer's hidden state at each end"
                    : "  # the last layer's final hidden state"));
      }
      default -> List.of(out + " = " + call + "(" + x + ")");
    };
  }
}
