package org.layerbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layerbench.app.Format;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.Problem;
import org.layerbench.engine.graph.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench inspect MODEL.json [--input C,H,W] [--json]}: per-node output shape, parameters
 * and MACs, and every error; exits 1 when the graph has errors.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Show each layer's output shape, parameters and MACs, and the graph's errors.")
public final class InspectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL.json",
      description = "A model file (layerbench.model JSON).")
  Path model;

  @Option(
      names = "--input",
      paramLabel = "C,H,W",
      converter = ShapeConverter.class,
      description = "Analyse at this input shape instead of the model's own.")
  ShapeConverter.SampleShape input;

  @Option(names = "--json", description = "Print one JSON document instead of a table.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    ModelGraph graph;
    try {
      graph = ModelJson.read(model);
    } catch (ModelFormatException e) {
      throw new UserException(e.getMessage());
    } catch (IOException e) {
      throw Failures.reading(model, e);
    }
    if (input != null) {
      if (graph.inputNode().isEmpty()) {
        throw new UserException(
            model + ": the model has no Input node, so --input has nothing to set");
      }
      graph = graph.withInputShape(input.dims());
    }
    GraphAnalysis a = GraphAnalysis.of(graph);
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(a));
    } else {
      printTable(a, out);
    }
    return a.ok() ? 0 : 1;
  }

  static String toJson(GraphAnalysis a) throws IOException {
    ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = m.createObjectNode();
    root.put("model", a.graph().name());
    root.put("params", a.params());
    root.put("trainableParams", a.trainableParams());
    root.put("macs", a.macs());
    root.put("stateBytes", a.stateBytes());
    putShape(root, "outputShape", a.output().orElse(null));
    ArrayNode nodes = root.putArray("nodes");
    for (NodeReport r : a.nodes()) {
      ObjectNode n = nodes.addObject();
      n.put("id", r.node().id());
      n.put("name", r.path());
      n.put("type", r.node().type().typeName());
      putShape(n, "outputShape", r.output());
      n.put("params", r.params());
      n.put("macs", r.macs());
      if (!r.inferred().isEmpty()) {
        n.set("inferred", m.valueToTree(r.inferred()));
      }
    }
    ArrayNode errors = root.putArray("errors");
    for (Problem p : a.problems()) {
      ObjectNode e = errors.addObject();
      if (p.nodeId() == null) {
        e.putNull("node");
      } else {
        e.put("node", p.nodeId());
      }
      e.put("message", p.message());
    }
    return m.writeValueAsString(root);
  }

  private static void putShape(ObjectNode o, String field, Shape s) {
    if (s == null) {
      o.putNull(field);
    } else {
      ArrayNode arr = o.putArray(field);
      s.dims().forEach(arr::add);
    }
  }

  private static void printTable(GraphAnalysis a, PrintWriter out) {
    List<NodeReport> rows = a.nodes();
    int nameWidth = Math.max(4, rows.stream().mapToInt(r -> r.path().length()).max().orElse(4));
    int typeWidth =
        Math.max(
            4, rows.stream().mapToInt(r -> r.node().type().typeName().length()).max().orElse(4));
    int shapeWidth = Math.max(12, rows.stream().mapToInt(r -> shape(r).length()).max().orElse(12));
    String fmt = "%-" + nameWidth + "s  %-" + typeWidth + "s  %-" + shapeWidth + "s  %12s  %10s%n";
    out.printf(fmt, "name", "type", "output", "params", "MACs");
    for (NodeReport r : rows) {
      out.printf(
          fmt,
          r.path(),
          r.node().type().typeName(),
          shape(r),
          r.params() == 0 ? "–" : Format.count(r.params()),
          r.macs() == 0 ? "–" : Format.si(r.macs()));
    }
    out.println();
    out.printf(
        "%s: %s params (%s trainable), %sMACs per sample, %s of weights; output %s%n",
        a.graph().name(),
        Format.count(a.params()),
        Format.count(a.trainableParams()),
        Format.si(a.macs()) + (a.macs() >= 1000 ? "" : " "),
        Format.megabytes(a.stateBytes()),
        a.output().map(Shape::toString).orElse("unknown"));
    if (!a.ok()) {
      out.printf("%n%d error(s):%n", a.problems().size());
      a.problems().forEach(p -> out.println("  " + p.message()));
    }
  }

  private static String shape(NodeReport r) {
    return r.output() == null ? (r.errors().isEmpty() ? "?" : "error") : r.output().toString();
  }
}
