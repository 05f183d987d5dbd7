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
 * {@code layerbench predict --model X.lbmodel [--model Y.lbmodel …] IMAGE… [--top K] [--json]}:
 * several models form an ensemble whose probabilities are averaged.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = "Classify images with a trained model (or an ensemble of several).")
public final class PredictCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "X.lbmodel",
      description = "A bundle; repeat for an ensemble.")
  List<Path> models;

  @Parameters(arity = "1..*", paramLabel = "IMAGE")
  List<Path> images;

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
    List<Predictor.Prediction> results = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    try (EngineThread engine = new EngineThread()) {
      engine
          .submit(
              () -> {
                try (Predictor p = new Predictor(models)) {
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
        d.put("image", p.file());
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
        out.println(p.file());
        p.top()
            .forEach(
                r ->
                    out.printf(Locale.ROOT, "  %-20s %6.2f%%%n", r.label(), 100 * r.probability()));
      }
    }
    failures.forEach(f -> spec.commandLine().getErr().println("layerbench: " + f));
    return failures.isEmpty() ? 0 : 1;
  }
}
