package org.layerbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.layerbench.app.FileErrors;
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.Predictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench predict --model X.lbmodel [--model Y.lbmodel …] IMAGE… [--top K] [--json]}, or
 * for a text model {@code --text "…"} (repeatable) and {@code --texts FILE} (one text per line):
 * several models form an ensemble whose probabilities are averaged.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Classify images, or texts with a text model, with a trained model (or an ensemble of"
          + " several).",
      "A text model takes --text \"…\" (repeat it) and --texts FILE (UTF-8, one text per line,"
          + " blank lines skipped) instead of image files."
    })
public final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "X.lbmodel",
      description = "A bundle; repeat for an ensemble.")
  List<Path> models;

  @Parameters(arity = "0..*", paramLabel = "IMAGE")
  List<Path> images = new ArrayList<>();

  @Option(
      names = "--text",
      paramLabel = "TEXT",
      description = "A text to classify with a text model; repeat for several.")
  List<String> texts = new ArrayList<>();

  @Option(
      names = "--texts",
      paramLabel = "FILE",
      description = "A UTF-8 file of texts to classify, one per line.")
  Path textsFile;

  @Option(
      names = "--top",
      defaultValue = "3",
      description = "How many classes to show (default ${DEFAULT-VALUE}).")
  int top;

  @Option(names = "--json", description = "Print one JSON document (with each model's raw logits).")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Ranges.atLeast(spec, "--top", top, 1);
    List<String> inputs = new ArrayList<>(texts);
    if (textsFile != null) {
      inputs.addAll(readTexts(textsFile));
    }
    boolean typed = texts.size() + (textsFile == null ? 0 : 1) > 0;
    if (!typed && images.isEmpty()) {
      throw Ranges.refuse(spec, "give image files, or --text/--texts for a text model");
    }
    if (typed && !images.isEmpty()) {
      throw Ranges.refuse(spec, "give image files or texts (--text, --texts), not both");
    }
    List<Predictor.Prediction> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (EngineThread engine = new EngineThread()) {
      engine
          .submit(
              () -> {
                try (Predictor p = new Predictor(models)) {
                  refuseOtherInput(p, typed);
                  for (String t : inputs) {
                    results.add(p.predictText(t, top));
                  }
                  for (Path image : images) {
                    try {
                      results.add(p.predict(image, top));
                    } catch (java.io.IOException e) {
                      failures.add(FileErrors.reading(image, e));
                    }
                  }
                }
                return null;
              })
          .get();
    } catch (ExecutionException e) {
      throw Failures.fromEngine(e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> docs = new ArrayList<>();
      for (Predictor.Prediction p : results) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put(typed ? "text" : "image", p.file());
        d.put(
            "top",
            p.top().stream()
                .map(r -> Map.of("label", r.label(), "probability", r.probability()))
                .toList());
        d.put("logits", p.logits());
        docs.add(d);
      }
      Map<String, Object> root = new LinkedHashMap<>();
      root.put("predictions", docs);
      root.put("errors", failures);
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root));
    } else {
      for (Predictor.Prediction p : results) {
        out.println(typed ? EvaluateCommand.oneLine(p.file(), 100) : p.file());
        p.top()
            .forEach(
                r ->
                    out.printf(Locale.ROOT, "  %-20s %6.2f%%%n", r.label(), 100 * r.probability()));
      }
    }
    failures.forEach(f -> spec.commandLine().getErr().println("layerbench: " + f));
    return failures.isEmpty() ? 0 : 1;
  }

  /** One clear line when the input does not fit the model: texts to an image model or back. */
  private void refuseOtherInput(Predictor p, boolean typed) {
    String first = models.getFirst().toString();
    if (typed && !"text".equals(p.modality())) {
      throw new UserException(
          first + " is an image model: give it image files, not --text or --texts");
    }
    if (!typed && "text".equals(p.modality())) {
      throw new UserException(
          first + " is a text model: give it --text \"…\" or --texts FILE, not image files");
    }
  }

  /** The non-blank lines of a UTF-8 file. */
  private static List<String> readTexts(Path file) {
    try {
      List<String> lines =
          java.nio.file.Files.readAllLines(file, java.nio.charset.StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank())
              .toList();
      if (lines.isEmpty()) {
        throw new UserException(file + ": no text in it (one text per line)");
      }
      return lines;
    } catch (java.nio.charset.MalformedInputException e) {
      throw new UserException(file + ": not UTF-8 text; save it as UTF-8");
    } catch (java.io.IOException e) {
      throw Failures.reading(file, e);
    }
  }
}
