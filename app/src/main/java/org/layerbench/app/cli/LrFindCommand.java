package org.layerbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.data.InputLayouts;
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.LrFinder;
import org.layerbench.engine.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench lr-find --data DIR --model MODEL [options] [--csv FILE] [--json]}: the learning
 * rate range test; prints the steepest, valley and minimum/10 suggestions.
 */
@Command(
    name = "lr-find",
    mixinStandardHelpOptions = true,
    description =
        "Sweep the learning rate exponentially and suggest one (the model is left untouched).")
public final class LrFindCommand implements Callable<Integer> {
  /** Beyond these a sweep is a mistake (a typo), not a request: a sweep is ~100 batches. */
  static final int MAX_STEPS = 100_000;

  static final int MAX_BATCH = 65_536;

  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR|FILE",
      description = "An image folder, or a CSV/TSV file of labelled texts (.csv, .tsv, .txt).")
  Path data;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nText datasets (a CSV/TSV FILE):%n")
  TextOptions text = new TextOptions();

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = "A model file or a template name.")
  String model;

  @Option(
      names = "--start",
      defaultValue = "1e-7",
      description = "First learning rate (default ${DEFAULT-VALUE}).")
  double start;

  @Option(
      names = "--end",
      defaultValue = "10",
      description = "Last learning rate (default ${DEFAULT-VALUE}).")
  double end;

  @Option(
      names = "--steps",
      defaultValue = "100",
      description = "Batches in the sweep (default ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--batch",
      defaultValue = "" + TrainConfig.DEFAULT_BATCH_SIZE,
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--size",
      defaultValue = "" + TrainConfig.DEFAULT_IMAGE_SIZE,
      description = "Image size (default ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--optimizer",
      defaultValue = "" + TrainConfig.DEFAULT_OPTIMIZER,
      description = "Optimizer (default ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--seed",
      defaultValue = "" + TrainConfig.DEFAULT_SEED,
      description = "Seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "" + TrainConfig.DEFAULT_THREADS,
      description = "PyTorch threads; 0 = all cores.")
  int threads;

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description = "Write the curve (lr, loss, smoothed) here.")
  Path csv;

  @Option(
      names = "--weights",
      paramLabel = "W",
      description =
          "Sweep the model started from these weights (.safetensors, .pt or .lbmodel), matched by"
              + " name as train --weights does.")
  Path weights;

  @Option(
      names = "--freeze",
      paramLabel = "PREFIX",
      description =
          "Freeze the parameters under a module prefix (repeatable; 'all' = everything taken from"
              + " --weights), as train --freeze does for its first epoch.")
  java.util.List<String> freeze = new java.util.ArrayList<>();

  @Option(
      names = "--augment",
      paramLabel = "P.json",
      description =
          "Transform pipelines (layerbench.transforms JSON, as train --augment): the sweep trains on"
              + " the training pipeline's output, augmentation included. Default: Resize to --size"
              + " and ImageNet Normalize.")
  Path augment;

  @Option(
      names = "--json",
      description = "Print one JSON document with the curves and suggestions.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Ranges.positive(spec, "--start", start);
    Ranges.positive(spec, "--end", end);
    if (!(end > start)) {
      throw Ranges.refuse(spec, "--end (%s) must be greater than --start (%s)", end, start);
    }
    Ranges.between(spec, "--steps", steps, 2, MAX_STEPS);
    Ranges.between(spec, "--batch", batch, 1, MAX_BATCH);
    Ranges.between(spec, "--size", size, 1, Ranges.MAX_IMAGE_SIDE);
    Ranges.batchFits(spec, batch, size);
    Ranges.atLeast(spec, "--threads", threads, 0);
    TrainConfig config;
    try {
      config =
          new TrainConfig(
                  1,
                  batch,
                  TrainConfig.DEFAULT_LR,
                  optimizer,
                  TrainConfig.DEFAULT_WEIGHT_DECAY,
                  "constant",
                  size,
                  TrainConfig.DEFAULT_VAL_SPLIT,
                  seed,
                  TrainConfig.DEFAULT_DEVICE,
                  threads,
                  TrainConfig.DEFAULT_WORKERS)
              .withGroups(
                  new org.layerbench.engine.train.ParameterGroups(
                      freeze, false, false, java.util.Map.of(), 0));
      if (!(start > 0) || !(end > start) || steps < 2) {
        throw new IllegalArgumentException(
            "--start and --end need 0 < start < end, and --steps at least 2");
      }
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    if (TextOptions.isTextFile(data)) {
      return textSweep(config);
    }
    int classes;
    try {
      classes = ImageFolder.scan(data, TrainConfig.DEFAULT_VAL_SPLIT, seed).classes().size();
    } catch (java.io.IOException e) {
      throw Failures.reading(data, e);
    }
    var graph = ModelSource.load(model, classes, InputLayouts.imageRun(size).dims());
    var transforms = AugmentCommand.readOption(augment);
    if (csv != null) {
      Failures.checkWritable(csv);
    }
    LrFinder.Result r;
    try (EngineThread engine = new EngineThread()) {
      r =
          engine
              .submit(
                  () ->
                      LrFinder.sweep(
                          data,
                          graph,
                          config,
                          weights,
                          transforms,
                          start,
                          end,
                          steps,
                          LrFinder.Monitor.NONE))
              .get();
    } catch (ExecutionException e) {
      throw Failures.fromEngine(e);
    }
    return report(r);
  }

  /** The sweep on a CSV/TSV file of labelled texts (the format line goes to stderr with --json). */
  private int textSweep(TrainConfig config) throws Exception {
    for (String imageOnly : java.util.List.of("--size", "--augment")) {
      if (spec.commandLine().getParseResult().hasMatchedOption(imageOnly)) {
        throw new UserException(
            imageOnly + " applies to images; " + data.getFileName() + " holds texts — drop it");
      }
    }
    PrintWriter say = json ? spec.commandLine().getErr() : spec.commandLine().getOut();
    var files = text.files(data, say);
    var settings = text.settings();
    int classes;
    try {
      classes = files.read(TrainConfig.DEFAULT_VAL_SPLIT, seed).classes().size();
    } catch (org.layerbench.engine.data.text.TextFileException | IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    var graph = ModelSource.load(model, classes, java.util.List.of(settings.maxLength()));
    if (csv != null) {
      Failures.checkWritable(csv);
    }
    LrFinder.Result r;
    try (EngineThread engine = new EngineThread()) {
      r =
          engine
              .submit(
                  () ->
                      LrFinder.sweepText(
                          files,
                          settings,
                          graph,
                          config,
                          weights,
                          start,
                          end,
                          steps,
                          LrFinder.Monitor.NONE))
              .get();
    } catch (ExecutionException e) {
      throw Failures.fromEngine(e);
    }
    return report(r);
  }

  /** Writes --csv and prints the suggestions (or the JSON document). */
  private int report(LrFinder.Result r) throws java.io.IOException {
    if (csv != null) {
      StringBuilder sb = new StringBuilder("lr,loss,smoothed\n");
      for (int i = 0; i < r.lrs().size(); i++) {
        sb.append(
            String.format(
                Locale.ROOT,
                "%.8g,%.6f,%.6f%n",
                r.lrs().get(i),
                r.losses().get(i),
                r.smoothed().get(i)));
      }
      Failures.writeString(csv, sb.toString());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("steepest", r.steepest());
      doc.put("valley", r.valley());
      doc.put("minimumTenth", r.minimumTenth());
      doc.put("trustworthy", r.trustworthy());
      doc.put("warning", r.warning());
      doc.put("lrs", r.lrs());
      doc.put("losses", r.losses());
      doc.put("smoothed", r.smoothed());
      out.println(
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc));
    } else {
      out.printf(
          Locale.ROOT,
          "swept %d learning rates from %.1e to %.1e%n",
          r.lrs().size(),
          r.lrs().getFirst(),
          r.lrs().getLast());
      out.printf(Locale.ROOT, "steepest descent  %.2e%n", r.steepest());
      out.printf(Locale.ROOT, "valley            %.2e%n", r.valley());
      out.printf(Locale.ROOT, "minimum / 10      %.2e%n", r.minimumTenth());
      if (r.warning() != null) {
        out.println("warning: " + r.warning());
      }
      if (csv != null) {
        out.println("curve written to " + csv);
      }
    }
    return 0;
  }
}
