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
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.Evaluation;
import org.layerbench.engine.train.Evaluator;
import org.layerbench.engine.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench evaluate --model X.lbmodel --data DIR|FILE.csv [--split val|test|train|all]
 * [dataset options] [--json]}: an image model on a folder, a text model on a CSV/TSV file.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Accuracy, per-class precision/recall/F1 and the confusion matrix of a trained model.",
      "An image model is evaluated on a folder, a text model on a CSV/TSV file (.csv .tsv .txt):"
          + " all its rows, or a split of it with --val-split (and --seed) or --val-data/--test-data;"
          + " the format options not given are detected, and the format used is printed in one"
          + " line. For texts the worst misclassified are listed (all of them with --json)."
    })
public final class EvaluateCommand implements Callable<Integer> {
  /** How many misclassified texts the human output lists. */
  static final int WORST_SHOWN = 10;

  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "X.lbmodel")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR|FILE")
  Path data;

  @Option(
      names = "--split",
      description =
          "val, test or train (default val); for a text file also all, its default unless"
              + " --val-split, --val-data or --test-data splits it.")
  String split;

  @Option(
      names = "--seed",
      defaultValue = "" + TrainConfig.DEFAULT_SEED,
      description = "Text files with --val-split: the split's seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--val-split",
      paramLabel = "F",
      description = "Text files: the fraction of each class split off for validation (seeded).")
  Double valSplit;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nText datasets (a CSV/TSV FILE):%n")
  TextFileOptions text = new TextFileOptions();

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (TextFileOptions.isTextFile(data)) {
      return texts();
    }
    if (splits()) {
      throw Ranges.refuse(
          spec, "--val-split, --val-data and --test-data are for a file of texts, not a folder");
    }
    String s = split == null ? "val" : split;
    Ranges.oneOf(spec, "--split", s, "val", "test", "train");
    Evaluation e;
    try (EngineThread engine = new EngineThread()) {
      e = engine.submit(() -> Evaluator.evaluate(model, data, s)).get();
    } catch (ExecutionException ex) {
      throw Failures.fromEngine(ex);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> doc = metrics(e, s);
      doc.put(
          "worst",
          e.worstFirst().stream()
              .limit(20)
              .map(
                  r ->
                      Map.of(
                          "file",
                          r.file(),
                          "label",
                          e.classes().get(r.label()),
                          "predicted",
                          e.classes().get(r.predicted()),
                          "loss",
                          r.loss()))
              .toList());
      print(doc);
      return 0;
    }
    out.printf(
        Locale.ROOT,
        "%s split: %d images, accuracy %.3f, loss %.4f%n%n",
        s,
        e.samples().size(),
        e.accuracy(),
        e.loss());
    printMetrics(out, e);
    return 0;
  }

  /** Whether any option says how to split a file of texts (else it is used whole). */
  private boolean splits() {
    return text.separateFiles() || valSplit != null;
  }

  /**
   * Reads the texts: {@code --data} with {@code --val-data}/{@code --test-data}, or split by {@code
   * --val-split} and {@code --seed}, or whole (all rows in its training part).
   */
  private TextDataset read(TextFormat format) {
    if (valSplit != null && text.separateFiles()) {
      throw Ranges.refuse(spec, "--val-split splits one file; it does not go with --val-data");
    }
    if (valSplit != null) {
      Ranges.fraction(spec, "--val-split", valSplit);
    }
    try {
      if (text.separateFiles()) {
        return TextDataset.files(data, text.valData, text.testData, format);
      }
      return TextDataset.split(data, format, valSplit == null ? 0 : valSplit, 0, seed);
    } catch (TextFileException e) {
      throw new UserException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Ranges.refuse(spec, "%s", e.getMessage());
    }
  }

  private int texts() throws Exception {
    String s =
        split == null
            ? (splits() ? (text.testData != null && text.valData == null ? "test" : "val") : "all")
            : split;
    Ranges.oneOf(spec, "--split", s, "val", "test", "train", "all");
    TextFormat format = text.format(data);
    TextDataset dataset = read(format);
    String formatLine = "format: " + TextFileOptions.describe(format);
    Evaluation e;
    try (EngineThread engine = new EngineThread()) {
      e = engine.submit(() -> Evaluator.evaluateText(model, dataset, s, null)).get();
    } catch (ExecutionException ex) {
      throw Failures.fromEngine(ex);
    }
    List<Evaluation.SampleResult> wrong = e.misclassifiedWorstFirst();
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> doc = metrics(e, s);
      doc.put("format", formatLine);
      doc.put("problemRows", dataset.problems().size());
      doc.put(
          "misclassified",
          wrong.stream()
              .map(
                  r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("file", r.file());
                    m.put("line", r.line());
                    m.put("text", r.text());
                    m.put("label", e.classes().get(r.label()));
                    m.put("predicted", e.classes().get(r.predicted()));
                    m.put("probability", r.trueProbability());
                    m.put("loss", r.loss());
                    return m;
                  })
              .toList());
      print(doc);
      return 0;
    }
    out.println(formatLine);
    if (!dataset.problems().isEmpty()) {
      out.printf(
          Locale.ROOT,
          "%d rows skipped (first: %s)%n",
          dataset.problems().size(),
          dataset.problems().getFirst());
    }
    out.printf(
        Locale.ROOT,
        "%s: %d texts, accuracy %.3f, loss %.4f%n%n",
        s.equals("all") ? "all rows" : s + " split",
        e.samples().size(),
        e.accuracy(),
        e.loss());
    printMetrics(out, e);
    out.printf(
        Locale.ROOT,
        "%n%d misclassified%s%n",
        wrong.size(),
        wrong.isEmpty()
            ? ""
            : ", the worst "
                + Math.min(WORST_SHOWN, wrong.size())
                + " (lowest probability of the true class first):");
    for (Evaluation.SampleResult r : wrong.subList(0, Math.min(WORST_SHOWN, wrong.size()))) {
      out.printf(
          Locale.ROOT,
          "  line %-6d true %-8s predicted %-8s p(true) %.3f  %s%n",
          r.line(),
          e.classes().get(r.label()),
          e.classes().get(r.predicted()),
          r.trueProbability(),
          oneLine(r.text(), 70));
    }
    return 0;
  }

  /** {@code text} on one line (line breaks as spaces), cut to {@code max} characters with "…". */
  static String oneLine(String text, int max) {
    String s = text.replaceAll("\\R", " ").strip();
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  private static Map<String, Object> metrics(Evaluation e, String split) {
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
    return doc;
  }

  private void print(Map<String, Object> doc) throws Exception {
    spec.commandLine()
        .getOut()
        .println(
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
  }

  private static void printMetrics(PrintWriter out, Evaluation e) {
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
  }
}
