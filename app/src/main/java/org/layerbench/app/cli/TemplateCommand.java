package org.layerbench.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.layerbench.app.Format;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Heads;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.graph.Templates;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench template NAME [--classes N] [--input C,H,W] [--vocab N] [-o model.json]}; a
 * text template's vocabulary size is bound by {@code --vocab}, or left for a text dataset to set.
 */
@Command(
    name = "template",
    mixinStandardHelpOptions = true,
    description = "Write a ready-made model (JSON) to a file, or to standard output.")
public final class TemplateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "NAME",
      completionCandidates = TemplateNames.class,
      description = "One of: ${COMPLETION-CANDIDATES}")
  String name;

  @Option(
      names = "--classes",
      paramLabel = "N",
      description = "Number of classes (the last layer's outputs).")
  Integer classes;

  @Option(
      names = "--input",
      paramLabel = "C,H,W",
      converter = ShapeConverter.class,
      description = "Input shape of one sample (default: the template's own).")
  ShapeConverter.SampleShape input;

  @Option(
      names = "--head",
      paramLabel = "SIZES",
      split = ",",
      description =
          "Replace the head with Linear(SIZE) → ReLU → Dropout per size and a final Linear(classes),"
              + " as model.fc = nn.Sequential(…), e.g. --head 500.")
  List<Integer> head;

  @Option(
      names = "--head-dropout",
      defaultValue = "0.5",
      description = "Dropout after each hidden head layer (default ${DEFAULT-VALUE}).")
  double headDropout;

  @Option(
      names = "--vocab",
      paramLabel = "N",
      description =
          "Vocabulary size of a text template (its Embedding's num_embeddings); without it the"
              + " model takes the size of the text dataset it is trained on.")
  Integer vocab;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write here instead of standard output.")
  Path output;

  @Override
  public Integer call() {
    Templates.Template t =
        Templates.find(name)
            .orElseThrow(
                () ->
                    new UserException(
                        "unknown template '"
                            + name
                            + "' (known: "
                            + String.join(", ", Templates.names())
                            + ")"));
    if (classes != null) {
      Ranges.atLeast(spec, "--classes", classes, 1);
    }
    if (head != null) {
      head.forEach(size -> Ranges.atLeast(spec, "--head", size, 1));
      Ranges.fraction(spec, "--head-dropout", headDropout);
    }
    ModelGraph g =
        t.create(
            classes == null ? t.defaultClasses() : classes,
            input == null ? t.defaultInput() : input.dims());
    if (head != null) {
      g = withHead(g, classes == null ? t.defaultClasses() : classes);
    }
    if (vocab != null) {
      Ranges.atLeast(spec, "--vocab", vocab, 1);
      if (!g.needsVocabulary()) {
        throw new UserException(
            "--vocab sets a text template's vocabulary size, and "
                + t.name()
                + " has no Embedding that takes it");
      }
      g = g.bindVocabulary(vocab);
    }
    String json = ModelJson.toJson(g);
    PrintWriter out = spec.commandLine().getOut();
    if (output == null) {
      out.print(json);
      return 0;
    }
    Failures.writeString(output, json);
    GraphAnalysis a = GraphAnalysis.of(g);
    out.printf(
        "wrote %s to %s: %s params, input %s, %d problem(s)%n",
        g.name(),
        output,
        Format.count(a.params()),
        a.graph().inputNode().map(n -> String.valueOf(n.params().get("shape"))).orElse("?"),
        a.problems().size());
    return a.ok() ? 0 : 1;
  }

  private ModelGraph withHead(ModelGraph g, int classCount) {
    String headName =
        GraphAnalysis.of(g)
            .outputNode()
            .map(g::path)
            .orElseThrow(() -> new UserException("the template has no single output layer"));
    try {
      return Heads.replace(g, headName, head, headDropout, classCount);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** Completion candidates and help text: the template names. */
  static final class TemplateNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Templates.names().iterator();
    }
  }
}
