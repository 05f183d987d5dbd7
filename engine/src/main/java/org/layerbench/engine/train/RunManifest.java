package org.layerbench.engine.train;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.io.AtomicFiles;

/**
 * A run folder's {@code run.json} (format {@code layerbench.run}, version 1), written by {@link
 * TrainingRun} and read by resume and {@link RunFolder}: the one place that knows its fields, their
 * order and which of them a run writes when. Every field but the format and version may be absent
 * (null); what the run trained on comes first, then its status, then the journal of a run under way
 * ({@code classes} to {@code updated}: DESIGN §10), then what only a finished run says.
 *
 * @param data the dataset folder, absolute
 * @param model the model's name
 * @param config the {@link TrainConfig} as written (kept as JSON: readers of old or hand-edited
 *     files take what they need from it, {@link #trainConfig} checks it whole)
 * @param weights the starting-weights file, absolute
 * @param weightsLoaded what of the starting weights loaded
 * @param transforms the train and validation pipelines (a pipeline file's JSON)
 * @param progressiveResizing epoch → image size, ordered
 * @param text a text run's files, format and text settings ({@link TextRunJson}); null for images,
 *     whose run.json is unchanged
 * @param status running, stopped, finished, early-stopped or failed
 * @param reason why the run failed
 * @param classes the dataset's classes; present from the journal on
 * @param epochs the last whole epoch (a resume after a kill starts after it)
 * @param bestValAccuracy the best validation accuracy so far; written (null when there is none)
 *     whenever the journal is
 * @param updated when the journal was last written (an ISO instant)
 * @param finished when the run ended (an ISO instant)
 */
public record RunManifest(
    Path data,
    String model,
    JsonNode config,
    Path weights,
    String weightsLoaded,
    JsonNode transforms,
    Map<Integer, Integer> progressiveResizing,
    JsonNode text,
    String status,
    String reason,
    List<String> classes,
    Integer trainSamples,
    Integer valSamples,
    Integer epochs,
    Double bestValAccuracy,
    String device,
    String updated,
    Integer skippedFiles,
    String allocator,
    String mkl,
    String finished,
    Double testAccuracy,
    Double testLoss) {

  public static final String FORMAT = "layerbench.run";
  public static final int VERSION = 1;

  private static final ObjectMapper WRITER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  // NaN is written as a bare token by Jackson (a test loss of an empty batch, a hand edit)
  private static final ObjectMapper READER =
      JsonMapper.builder().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS).build();

  private static final Set<String> FIELDS =
      Set.of(
          "format",
          "version",
          "data",
          "model",
          "config",
          "weights",
          "weightsLoaded",
          "transforms",
          "progressiveResizing",
          "text",
          "status",
          "reason",
          "classes",
          "trainSamples",
          "valSamples",
          "epochs",
          "bestValAccuracy",
          "device",
          "updated",
          "skippedFiles",
          "allocator",
          "mkl",
          "finished",
          "testAccuracy",
          "testLoss");

  public RunManifest {
    progressiveResizing =
        progressiveResizing == null
            ? null
            : java.util.Collections.unmodifiableMap(new TreeMap<>(progressiveResizing));
    classes = classes == null ? null : List.copyOf(classes);
  }

  /** What a run says before it has a status: what it trains on and with. */
  static RunManifest of(
      Path data,
      String model,
      TrainConfig config,
      Path weights,
      String weightsLoaded,
      String transformsJson,
      Map<Integer, Integer> progressiveResizing,
      JsonNode text) {
    JsonNode transforms;
    try {
      transforms = transformsJson == null ? null : READER.readTree(transformsJson);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a pipeline file's own JSON
    }
    return new RunManifest(
        data.toAbsolutePath(),
        model,
        WRITER.valueToTree(config),
        weights == null ? null : weights.toAbsolutePath(),
        weights == null ? null : weightsLoaded,
        transforms,
        progressiveResizing == null || progressiveResizing.isEmpty() ? null : progressiveResizing,
        text,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** This manifest as a failed run's: status failed and the reason, no journal. */
  RunManifest failed(String why) {
    return new RunManifest(
        data,
        model,
        config,
        weights,
        weightsLoaded,
        transforms,
        progressiveResizing,
        text,
        "failed",
        why,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The journal of a run under way (status running), as of now. */
  RunManifest journal(
      List<String> newClasses,
      int newTrainSamples,
      int newValSamples,
      int wholeEpochs,
      Double best,
      String newDevice,
      java.time.Instant now) {
    return new RunManifest(
        data,
        model,
        config,
        weights,
        weightsLoaded,
        transforms,
        progressiveResizing,
        text,
        "running",
        null,
        newClasses,
        newTrainSamples,
        newValSamples,
        wholeEpochs,
        best,
        newDevice,
        now.toString(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * This journal as the run's end: its status, skipped files, the CPU's allocator and MKL (null on
   * a GPU), when it finished and the test split's results (null without one).
   */
  RunManifest ended(
      String newStatus,
      int skipped,
      String newAllocator,
      String newMkl,
      java.time.Instant at,
      Double newTestAccuracy,
      Double newTestLoss) {
    return new RunManifest(
        data,
        model,
        config,
        weights,
        weightsLoaded,
        transforms,
        progressiveResizing,
        text,
        newStatus,
        reason,
        classes,
        trainSamples,
        valSamples,
        epochs,
        bestValAccuracy,
        device,
        updated,
        skipped,
        newAllocator,
        newMkl,
        at.toString(),
        newTestAccuracy,
        newTestLoss);
  }

  /** The configuration, checked as a run needs it. */
  public TrainConfig trainConfig() throws IOException {
    if (config == null || !config.isObject()) {
      throw new IOException("run.json has no training configuration (\"config\")");
    }
    try {
      return READER.treeToValue(config, TrainConfig.class);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new IOException("run.json's config cannot be used: " + oneLine(e), e);
    }
  }

  /**
   * A text run's files and the format it read them in, as run.json records them; null for an image
   * run. What reads a text run's data again (evaluate, export) starts here rather than re-detecting
   * the file, so it reads the run's rows; {@link #textDataset} splits them as the run did.
   *
   * @throws IOException with one line when the {@code text} key is incomplete or wrong
   */
  public TextFiles textFiles() throws IOException {
    return text == null || text.isNull() ? null : TextRunJson.parse(text).files();
  }

  /**
   * The text run's dataset with the run's splits: its files in its format, one file split by the
   * run's validation fraction and seed. Null for an image run.
   *
   * @throws IOException when the {@code text} key is wrong
   * @throws TextFileException when a file cannot be read
   */
  public TextDataset textDataset() throws IOException, TextFileException {
    TextFiles files = textFiles();
    return files == null ? null : files.read(valSplit(), seed());
  }

  /** The configuration's validation fraction, 0.2 when it has none. */
  public double valSplit() {
    return config == null ? 0.2 : config.path("valSplit").asDouble(0.2);
  }

  /** The configuration's seed, 1 when it has none. */
  public long seed() {
    return config == null ? 1 : config.path("seed").asLong(1);
  }

  /** The fields in run.json's order; absent ones are left out. */
  Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("version", VERSION);
    put(m, "data", data == null ? null : data.toString());
    put(m, "model", model);
    put(m, "config", config);
    put(m, "weights", weights == null ? null : weights.toString());
    put(m, "weightsLoaded", weightsLoaded);
    put(m, "transforms", transforms);
    if (progressiveResizing != null) {
      Map<String, Integer> sizes = new LinkedHashMap<>();
      progressiveResizing.forEach((k, v) -> sizes.put(Integer.toString(k), v));
      m.put("progressiveResizing", sizes);
    }
    put(m, "text", text);
    put(m, "status", status);
    put(m, "reason", reason);
    put(m, "classes", classes);
    put(m, "trainSamples", trainSamples);
    put(m, "valSamples", valSamples);
    put(m, "epochs", epochs);
    if (classes != null || bestValAccuracy != null) {
      m.put("bestValAccuracy", bestValAccuracy); // null: no validation yet
    }
    put(m, "device", device);
    put(m, "updated", updated);
    put(m, "skippedFiles", skippedFiles);
    put(m, "allocator", allocator);
    put(m, "mkl", mkl);
    put(m, "finished", finished);
    put(m, "testAccuracy", testAccuracy);
    put(m, "testLoss", testLoss);
    return m;
  }

  private static void put(Map<String, Object> m, String key, Object value) {
    if (value != null) {
      m.put(key, value);
    }
  }

  /** run.json's text: indented JSON and a final newline. */
  String toJson() {
    try {
      return WRITER.writeValueAsString(toMap()) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // maps of strings, numbers and JSON trees
    }
  }

  /** Writes run.json into the folder, atomically. */
  void writeTo(Path dir) throws IOException {
    AtomicFiles.writeString(dir.resolve("run.json"), toJson());
  }

  /**
   * Reads a run folder's run.json.
   *
   * @throws IOException with one line saying what is wrong: missing, not JSON, another format or a
   *     newer version, a field this version does not know, a field of the wrong kind
   */
  public static RunManifest read(Path file) throws IOException {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IOException(file + " does not exist", e);
    }
    try {
      return parse(text);
    } catch (IOException e) {
      throw new IOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses run.json's text (see {@link #read}); the messages do not name the file. */
  public static RunManifest parse(String text) throws IOException {
    JsonNode json;
    try {
      json = READER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IOException("not valid JSON: " + oneLine(e), e);
    }
    if (json == null || !json.isObject()) {
      throw new IOException("not a JSON object");
    }
    if (json.has("format") && !FORMAT.equals(json.get("format").asText())) {
      throw new IOException(
          "not a LayerBench run (format " + json.get("format") + ", expected \"" + FORMAT + "\")");
    }
    if (json.has("version")) {
      if (!json.get("version").canConvertToInt()) {
        throw new IOException("its version " + json.get("version") + " is not a number");
      }
      int version = json.get("version").asInt();
      if (version > VERSION) {
        throw new IOException(
            "version "
                + version
                + " was written by a newer LayerBench; this one reads version "
                + VERSION
                + " — update LayerBench");
      }
    }
    for (var it = json.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!FIELDS.contains(name)) {
        throw new IOException(
            "unknown field \""
                + name
                + "\" (written by a newer LayerBench, or edited by hand?) — remove it or update"
                + " LayerBench");
      }
    }
    return new RunManifest(
        path(json, "data"),
        text(json, "model"),
        object(json, "config"),
        path(json, "weights"),
        text(json, "weightsLoaded"),
        object(json, "transforms"),
        sizes(json),
        object(json, "text"),
        text(json, "status"),
        text(json, "reason"),
        strings(json, "classes"),
        integer(json, "trainSamples"),
        integer(json, "valSamples"),
        integer(json, "epochs"),
        number(json, "bestValAccuracy"),
        text(json, "device"),
        text(json, "updated"),
        integer(json, "skippedFiles"),
        text(json, "allocator"),
        text(json, "mkl"),
        text(json, "finished"),
        number(json, "testAccuracy"),
        number(json, "testLoss"));
  }

  private static JsonNode present(JsonNode json, String key) {
    JsonNode v = json.get(key);
    return v == null || v.isNull() ? null : v;
  }

  private static IOException wrongKind(String key, String expected, JsonNode value) {
    return new IOException("\"" + key + "\" should be " + expected + ", not " + value);
  }

  private static String text(JsonNode json, String key) throws IOException {
    JsonNode v = present(json, key);
    if (v == null) {
      return null;
    }
    if (!v.isValueNode()) {
      throw wrongKind(key, "text", v);
    }
    return v.asText();
  }

  private static Path path(JsonNode json, String key) throws IOException {
    String s = text(json, key);
    try {
      return s == null ? null : Path.of(s);
    } catch (java.nio.file.InvalidPathException e) {
      throw new IOException("\"" + key + "\" is not a path: " + e.getMessage(), e);
    }
  }

  private static JsonNode object(JsonNode json, String key) throws IOException {
    JsonNode v = present(json, key);
    if (v != null && !v.isObject()) {
      throw wrongKind(key, "an object", v);
    }
    return v;
  }

  private static Integer integer(JsonNode json, String key) throws IOException {
    JsonNode v = present(json, key);
    if (v == null) {
      return null;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw wrongKind(key, "a whole number", v);
    }
    return v.asInt();
  }

  private static Double number(JsonNode json, String key) throws IOException {
    JsonNode v = present(json, key);
    if (v == null) {
      return null;
    }
    if (!v.isNumber()) {
      throw wrongKind(key, "a number", v);
    }
    return v.asDouble();
  }

  private static List<String> strings(JsonNode json, String key) throws IOException {
    JsonNode v = present(json, key);
    if (v == null) {
      return null;
    }
    if (!v.isArray()) {
      throw wrongKind(key, "a list", v);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : v) {
      out.add(e.asText());
    }
    return out;
  }

  private static Map<Integer, Integer> sizes(JsonNode json) throws IOException {
    JsonNode v = object(json, "progressiveResizing");
    if (v == null) {
      return null;
    }
    Map<Integer, Integer> m = new TreeMap<>();
    for (var it = v.fields(); it.hasNext(); ) {
      var e = it.next();
      try {
        if (!e.getValue().canConvertToInt()) {
          throw new NumberFormatException();
        }
        m.put(Integer.parseInt(e.getKey()), e.getValue().asInt());
      } catch (NumberFormatException ex) {
        throw new IOException(
            "\"progressiveResizing\" maps epochs to sizes, not \""
                + e.getKey()
                + "\" to "
                + e.getValue(),
            ex);
      }
    }
    return m;
  }

  private static String oneLine(Exception e) {
    String m =
        e instanceof JsonProcessingException j
            ? j.getOriginalMessage()
            : String.valueOf(e.getMessage());
    if (e instanceof JsonProcessingException j && j.getLocation() != null) {
      m += " (line " + j.getLocation().getLineNr() + ")";
    }
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
