package org.layerbench.engine.io.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.train.RunManifest;
import org.layerbench.engine.train.TrainConfig;

/**
 * What a training run used, read from its folder's {@code run.json} through {@link RunManifest}
 * ({@code config} is the TrainConfig record as Jackson writes it, {@code transforms} the pipeline
 * file when the run had one, {@code data} the dataset), with TrainConfig's defaults for whatever is
 * absent. The Lightning script's constants come from here.
 *
 * @param trainSteps the run's train pipeline in JSON form, or null when it had no transforms file
 *     (then LayerBench used Resize to imageSize and ImageNet Normalize for both)
 * @param valSteps the run's validation pipeline, or null likewise
 * @param progressiveResizing epoch → image size when the run resized progressively, else empty
 * @param weights the weights file the run started from, or null
 * @param fromRunJson whether a run.json was read (false: every value is a default)
 */
public record RunSettings(
    int epochs,
    int batchSize,
    double lr,
    String optimizer,
    double weightDecay,
    String schedule,
    int imageSize,
    double valSplit,
    long seed,
    String device,
    int workers,
    double clipNorm,
    int patience,
    String monitor,
    List<String> freeze,
    boolean trainBatchNorm,
    boolean frozenBatchNormEval,
    Map<String, Double> lrMultipliers,
    int unfreezeAt,
    String data,
    String modelName,
    List<Map<String, Object>> trainSteps,
    List<Map<String, Object>> valSteps,
    Map<String, Integer> progressiveResizing,
    String weights,
    boolean fromRunJson) {

  /** LayerBench's optimizer names (Optimizer.named). */
  public static final List<String> OPTIMIZERS =
      List.of("adam", "adamw", "sgd", "sgd-nesterov", "nesterov", "rmsprop");

  /** LayerBench's schedules (Schedule). */
  public static final List<String> SCHEDULES = List.of("constant", "step", "cosine", "onecycle");

  public RunSettings {
    optimizer = optimizer.toLowerCase(Locale.ROOT);
    schedule = schedule.toLowerCase(Locale.ROOT);
    freeze = List.copyOf(freeze);
    lrMultipliers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(lrMultipliers));
    trainSteps = trainSteps == null ? null : List.copyOf(trainSteps);
    valSteps = valSteps == null ? null : List.copyOf(valSteps);
    progressiveResizing =
        java.util.Collections.unmodifiableMap(new LinkedHashMap<>(progressiveResizing));
    if (!OPTIMIZERS.contains(optimizer)) {
      throw new IllegalArgumentException(
          "unknown optimizer '" + optimizer + "' (known: adam, adamw, sgd, sgd-nesterov, rmsprop)");
    }
    if (!SCHEDULES.contains(schedule)) {
      throw new IllegalArgumentException(
          "unknown schedule '" + schedule + "' (known: constant, step, cosine, onecycle)");
    }
    if (epochs < 1 || batchSize < 1 || imageSize < 1) {
      throw new IllegalArgumentException(
          "epochs, batch size and image size must be at least 1, got "
              + epochs
              + ", "
              + batchSize
              + " and "
              + imageSize);
    }
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("the learning rate must be a positive number, got " + lr);
    }
    if (!(valSplit >= 0 && valSplit < 1)) {
      throw new IllegalArgumentException("the validation split must be in [0, 1), got " + valSplit);
    }
    if (!(weightDecay >= 0) || !(clipNorm >= 0) || patience < 0 || unfreezeAt < 0 || workers < 0) {
      throw new IllegalArgumentException(
          "weight decay, clip norm, patience, unfreezeAt and workers must not be negative");
    }
    if (!monitor.equals("val_loss") && !monitor.equals("val_accuracy")) {
      throw new IllegalArgumentException(
          "early stopping watches val_loss or val_accuracy, not '" + monitor + "'");
    }
    for (double m : lrMultipliers.values()) {
      if (!(m >= 0) || Double.isInfinite(m)) {
        throw new IllegalArgumentException("learning-rate multipliers must be ≥ 0, got " + m);
      }
    }
    if ((trainSteps == null) != (valSteps == null)) {
      throw new IllegalArgumentException("give both pipelines or neither");
    }
  }

  /** TrainConfig.defaults(), no transforms, nothing frozen: what a run without run.json means. */
  public static RunSettings defaults() {
    TrainConfig d = TrainConfig.defaults();
    return new RunSettings(
        d.epochs(),
        d.batchSize(),
        d.lr(),
        d.optimizer(),
        d.weightDecay(),
        d.schedule(),
        d.imageSize(),
        d.valSplit(),
        d.seed(),
        d.device(),
        d.workers(),
        d.clipNorm(),
        d.patience(),
        d.monitor(),
        List.of(),
        false,
        false,
        Map.of(),
        0,
        null,
        null,
        null,
        null,
        Map.of(),
        null,
        false);
  }

  /**
   * The settings of a run folder: its run.json, or {@link #defaults()} when it has none.
   *
   * @throws ExportException with one line when run.json cannot be read or is malformed
   */
  public static RunSettings read(Path runDir) throws ExportException {
    Path file = runDir.resolve("run.json");
    if (!Files.isRegularFile(file)) {
      return defaults();
    }
    try {
      return parse(Files.readString(file));
    } catch (IOException e) {
      throw new ExportException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses run.json's text through {@link RunManifest}, which knows its format, version and fields;
   * the configuration is read leniently (TrainConfig's defaults for what it lacks), as a run.json
   * edited by hand or written by an older LayerBench may.
   *
   * @throws ExportException with one line naming what is wrong
   */
  public static RunSettings parse(String json) throws ExportException {
    RunManifest manifest;
    try {
      manifest = RunManifest.parse(json);
    } catch (IOException e) {
      String m = String.valueOf(e.getMessage());
      throw new ExportException(
          "run.json" + (m.startsWith("not ") ? " is " : ": ") + m.lines().findFirst().orElse(""),
          e);
    }
    RunSettings d = defaults();
    JsonNode c = manifest.config() == null ? MissingNode.getInstance() : manifest.config();
    JsonNode g = c.path("groups");
    try {
      List<Map<String, Object>> train = null;
      List<Map<String, Object>> val = null;
      if (manifest.transforms() != null) {
        PipelineFile pf = PipelineFile.parse(manifest.transforms().toString());
        train = pf.train().toJson();
        val = pf.val().toJson();
      }
      Map<String, Integer> sizes = new LinkedHashMap<>();
      if (manifest.progressiveResizing() != null) {
        manifest.progressiveResizing().forEach((k, v) -> sizes.put(Integer.toString(k), v));
      }
      List<String> freeze = new ArrayList<>();
      g.path("freeze").forEach(n -> freeze.add(text(n, "groups.freeze")));
      Map<String, Double> multipliers = new LinkedHashMap<>();
      g.path("lrMultipliers")
          .properties()
          .forEach(e -> multipliers.put(e.getKey(), number(e.getValue(), "lrMultipliers")));
      return new RunSettings(
          c.has("epochs") ? whole(c.get("epochs"), "epochs") : d.epochs,
          c.has("batchSize") ? whole(c.get("batchSize"), "batchSize") : d.batchSize,
          c.has("lr") ? number(c.get("lr"), "lr") : d.lr,
          c.has("optimizer") ? text(c.get("optimizer"), "optimizer") : d.optimizer,
          c.has("weightDecay") ? number(c.get("weightDecay"), "weightDecay") : d.weightDecay,
          c.has("schedule") ? text(c.get("schedule"), "schedule") : d.schedule,
          c.has("imageSize") ? whole(c.get("imageSize"), "imageSize") : d.imageSize,
          c.has("valSplit") ? number(c.get("valSplit"), "valSplit") : d.valSplit,
          c.has("seed") ? whole64(c.get("seed"), "seed") : d.seed,
          c.has("device") ? text(c.get("device"), "device") : d.device,
          c.has("workers") ? whole(c.get("workers"), "workers") : d.workers,
          c.has("clipNorm") ? number(c.get("clipNorm"), "clipNorm") : d.clipNorm,
          c.has("patience") ? whole(c.get("patience"), "patience") : d.patience,
          c.hasNonNull("monitor") ? text(c.get("monitor"), "monitor") : d.monitor,
          freeze,
          g.path("trainBatchNorm").asBoolean(false),
          g.path("frozenBatchNormEval").asBoolean(false),
          multipliers,
          g.has("unfreezeAt") ? whole(g.get("unfreezeAt"), "unfreezeAt") : 0,
          manifest.data() == null ? null : manifest.data().toString(),
          manifest.model(),
          train,
          val,
          sizes,
          manifest.weights() == null ? null : manifest.weights().toString(),
          true);
    } catch (IllegalArgumentException e) {
      throw new ExportException("run.json: " + e.getMessage(), e);
    }
  }

  private static int whole(JsonNode n, String name) {
    if (!n.canConvertToInt() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(name + " must be a whole number, got " + n);
    }
    return n.intValue();
  }

  private static long whole64(JsonNode n, String name) {
    if (!n.canConvertToLong() || !n.isIntegralNumber()) {
      throw new IllegalArgumentException(name + " must be a whole number, got " + n);
    }
    return n.longValue();
  }

  private static double number(JsonNode n, String name) {
    if (!n.isNumber()) {
      throw new IllegalArgumentException(name + " must be a number, got " + n);
    }
    return n.doubleValue();
  }

  private static String text(JsonNode n, String name) {
    if (!n.isTextual()) {
      throw new IllegalArgumentException(name + " must be a string, got " + n);
    }
    return n.textValue();
  }

  /** Whether the run had its own transforms file. */
  public boolean hasTransforms() {
    return trainSteps != null;
  }
}
