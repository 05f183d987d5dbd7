package org.layerbench.engine.io.export;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.Problem;
import org.layerbench.engine.io.export.PyTorchCode.Listing;

/**
 * The Code tab's {@link Listing}: model.py generated with tags, the tags turned into each node's
 * line numbers; for a graph with errors, the code of what runs before the first error and the
 * error's sentence as a comment where that layer's call would be.
 */
final class PyTorchListing {
  private static final int COMMENT_LINE = 80;

  private PyTorchListing() {}

  static Listing of(GraphAnalysis analysis, String header) {
    if (analysis.ok()) {
      try {
        return tracked(analysis, header, null, null);
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
          return tracked(part, header, first.message(), first.nodeId());
        } catch (ExportException | RuntimeException e) {
          // fall through: the next, smaller part, then the error alone
        }
      }
    }
    return errorOnly(header, first.message());
  }

  private static Set<String> ancestors(ModelGraph g, String id) {
    Set<String> seen = new HashSet<>();
    ArrayDeque<String> todo = new ArrayDeque<>(List.of(id));
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
  private static Listing tracked(
      GraphAnalysis analysis, String header, String error, String errorNode)
      throws ExportException {
    CodeTags tags = new CodeTags(true);
    CodeTags.Stripped stripped = tags.strip(new ModelPyWriter(analysis, tags).generate(header));
    List<String> lines = new ArrayList<>(stripped.lines());
    Map<String, TreeSet<Integer>> byNode = stripped.byNode();
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
      TreeSet<Integer> own = byNode.computeIfAbsent(errorNode, k -> new TreeSet<>());
      for (int k = 0; k < shift; k++) {
        own.add(at + k);
      }
    }
    Map<String, List<Integer>> result = new HashMap<>();
    byNode.forEach((k, v) -> result.put(k, List.copyOf(v)));
    return new Listing(String.join("\n", lines), result, error, errorLine);
  }
}
