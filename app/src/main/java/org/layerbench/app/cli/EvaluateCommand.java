package org.layerbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.Evaluation;
import org.layerbench.engine.train.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code layerbench evaluate --model X.lbmodel --data DIR [--split val|test|train] [--json]}. */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description =
        "Accuracy, per-class precision/recall/F1 and the confusion matrix of a trained model.")
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "X.lbmodel")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR")
  Path data;

  @Option(
      names = "--split",
      defaultValue = "val",
      description = "val, test or train (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Ranges.oneOf(spec, "--split", split, "val", "test", "train");
    Evaluation e;
    try (EngineThread engine = new EngineThread()) {
      e = engine.submit(() -> Evaluator.evaluate(model, data, split)).get();
    } catch (ExecutionException ex) {
      throw Failures.fromEngine(ex);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("split", split);
      doc.put("samples", e.samples().size());
      doc.put("accuracy", e.accuracy());
      doc.put("loss", e.loss());
      doc.put("classes", e.classes());
      doc.put("precision", e.precision());
      doc.put("recall", e.recall());
      doc.put("f1", e.f1());
      doc.put("confusion", e.confusion());
      doc.put(
          "worst",
          e.worstFirst().stream()
              .limit(20)
              .map(
                  s ->
                      Map.of(
                          "file",
                          s.file(),
                          "label",
                          e.classes().get(s.label()),
                          "predicted",
                          e.classes().get(s.predicted()),
                          "loss",
                          s.loss()))
              .toList());
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
      return 0;
    }
    out.printf(
        Locale.ROOT,
        "%s split: %d images, accuracy %.3f, loss %.4f%n%n",
        split,
        e.samples().size(),
        e.accuracy(),
        e.loss());
    int w = Math.max(8, e.classes().stream().mapToInt(String::length).max().orElse(8));
    out.printf(Locale.ROOT, "%-" + w + "s  precision  recall     f1%n", "class");
    for (int c = 0; c < e.classes().size(); c++) {
      out.printf(
          Locale.ROOT,
          "%-" + w + "s  %9.3f  %6.3f  %5.3f%n",
          e.classes().get(c),
          e.precision()[c],
          e.recall()[c],
          e.f1()[c]);
    }
    out.printf("%nconfusion (rows: true, columns: predicted)%n");
    out.printf("%-" + w + "s", "");
    List<String> cls = e.classes();
    cls.forEach(c -> out.printf(" %" + Math.max(5, c.length()) + "s", c));
    out.println();
    for (int r = 0; r < cls.size(); r++) {
      out.printf("%-" + w + "s", cls.get(r));
      for (int c = 0; c < cls.size(); c++) {
        out.printf(" %" + Math.max(5, cls.get(c).length()) + "d", e.confusion()[r][c]);
      }
      out.println();
    }
    return 0;
  }
}
