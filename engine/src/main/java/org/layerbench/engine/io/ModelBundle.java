package org.layerbench.engine.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.Callable;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.Preprocessing;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;

/**
 * The model bundle {@code *.lbmodel} (DESIGN §5): a zip of {@code bundle.json} (format and
 * version), {@code model.json}, {@code weights.safetensors}, {@code labels.json}, {@code
 * preprocessing.json}, {@code metrics.json} and, for resume, {@code optimizer.safetensors} and
 * {@code trainer.json}.
 *
 * <p>Writing is atomic. Reading only parses JSON and safetensors, never executes anything, and
 * refuses zips that could exhaust memory (too many entries, an entry over {@link
 * #MAX_ENTRY_BYTES}); every refusal is a one-line {@link ModelFormatException} naming the file and
 * the problem. A newer bundle version is refused; an older one is migrated here.
 *
 * <p>Versions: 1 stored an image preprocessing without saying so; 2 names the modality in {@code
 * preprocessing.json} ({@code "modality": "image"}), so text and audio models can store theirs.
 */
public final class ModelBundle {
  public static final String FORMAT = "layerbench.bundle";
  public static final int VERSION = 2;

  public static final String MANIFEST = "bundle.json";
  public static final String MODEL = "model.json";
  public static final String WEIGHTS = "weights.safetensors";
  public static final String LABELS = "labels.json";
  public static final String PREPROCESSING = "preprocessing.json";
  public static final String METRICS = "metrics.json";
  public static final String OPTIMIZER = "optimizer.safetensors";
  public static final String TRAINER = "trainer.json";

  /** Zip-bomb guards: a bundle has at most 8 entries of its own; extra ones are ignored. */
  public static final int MAX_ENTRIES = 64;

  public static final long MAX_ENTRY_BYTES = 4L << 30;
  // JSON entries are read into one String; none of ours comes near this.
  private static final long MAX_JSON_BYTES = 256L << 20;

  // What safetensors.torch and transformers write; transformers refuses a file without it.
  private static final Map<String, String> PYTORCH = Map.of("format", "pt");

  private static final List<String> REQUIRED =
      List.of(MODEL, WEIGHTS, LABELS, PREPROCESSING, METRICS);

  // Python's json writes a diverged loss as a bare NaN; do the same so it reads back as a number.
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private ModelBundle() {}

  // ---- writing ----

  public static void write(Path file, BundleContents contents) throws IOException {
    stage(file, contents).commit();
  }

  /**
   * Writes the bundle under a temporary name; {@link AtomicFiles.Staged#commit} makes it durable
   * and puts it in place (see {@link AtomicFiles#stage}).
   */
  public static AtomicFiles.Staged stage(Path file, BundleContents contents) throws IOException {
    return stage(
        file,
        contents,
        () -> new Summary(contents.metrics(), contents.trainerState()),
        !contents.trainerState().isEmpty());
  }

  /** A checkpoint's small entries, known only once its epoch has been validated. */
  public record Summary(Map<String, Object> metrics, Map<String, Object> trainerState) {}

  /**
   * Stages a checkpoint whose metrics and trainer state come later, as {@link #stage(Path,
   * BundleContents)} does otherwise: the tensors are written first, then {@code summary} is called
   * (it may wait) for metrics.json and trainer.json. So the checkpoint thread can write an epoch's
   * tensors while the engine thread validates it. The contents' own metrics and trainer state are
   * not used.
   *
   * @throws IOException also when {@code summary} fails; no file is left then
   */
  public static AtomicFiles.Staged stageCheckpoint(
      Path file, BundleContents contents, Callable<Summary> summary) throws IOException {
    return stage(file, contents, summary, true);
  }

  private static AtomicFiles.Staged stage(
      Path file, BundleContents contents, Callable<Summary> summary, boolean trainer)
      throws IOException {
    // Encode first so that bad input fails before the temporary file exists.
    Safetensors.Encoded weights = Safetensors.encode(contents.weights(), PYTORCH);
    Safetensors.Encoded optimizer =
        contents.optimizerState().isEmpty()
            ? null
            : Safetensors.encode(contents.optimizerState(), PYTORCH);

    List<String> entries = new ArrayList<>(REQUIRED);
    if (optimizer != null) {
      entries.add(OPTIMIZER);
    }
    if (trainer) {
      entries.add(TRAINER);
    }
    ObjectNode manifest = MAPPER.createObjectNode();
    manifest.put("format", FORMAT);
    manifest.put("version", VERSION);
    manifest.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    ArrayNode list = manifest.putArray("entries");
    entries.forEach(list::add);

    return AtomicFiles.stage(
        file,
        out -> {
          try (ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
            putJson(zip, MANIFEST, manifest);
            putText(zip, MODEL, ModelJson.toJson(contents.model()));
            putStored(zip, WEIGHTS, weights);
            putJson(zip, LABELS, MAPPER.valueToTree(contents.labels()));
            putJson(zip, PREPROCESSING, preprocessingJson(contents.preprocessing()));
            if (optimizer != null) {
              putStored(zip, OPTIMIZER, optimizer);
            }
            Summary late = summary(summary);
            putJson(zip, METRICS, MAPPER.valueToTree(late.metrics()));
            if (trainer) {
              putJson(zip, TRAINER, MAPPER.valueToTree(late.trainerState()));
            }
          }
        });
  }

  private static Summary summary(Callable<Summary> summary) throws IOException {
    try {
      return summary.call();
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      Throwable cause = e instanceof java.util.concurrent.ExecutionException ? e.getCause() : e;
      throw new IOException(
          "the checkpoint was abandoned: "
              + (cause.getMessage() == null ? cause.toString() : cause.getMessage()),
          cause);
    }
  }

  private static void putJson(ZipOutputStream zip, String name, JsonNode json) throws IOException {
    putText(zip, name, MAPPER.writeValueAsString(json) + "\n");
  }

  private static void putText(ZipOutputStream zip, String name, String text) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(text.getBytes(StandardCharsets.UTF_8));
    zip.closeEntry();
  }

  /**
   * Tensors are stored uncompressed: float data barely deflates, and a stored entry costs one CRC
   * pass instead of a compression pass. A stored entry needs its size and CRC up front.
   */
  private static void putStored(ZipOutputStream zip, String name, Safetensors.Encoded encoded)
      throws IOException {
    CRC32 crc = new CRC32();
    try (var sink = new CheckedOutputStream(OutputStream.nullOutputStream(), crc)) {
      encoded.writeTo(sink);
    }
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(encoded.size());
    entry.setCompressedSize(encoded.size());
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    encoded.writeTo(zip);
    zip.closeEntry();
  }

  private static ObjectNode preprocessingJson(Preprocessing preprocessing) {
    ObjectNode o = MAPPER.createObjectNode();
    o.put("modality", preprocessing.modality());
    switch (preprocessing) {
      case ImagePreprocessing p -> imageJson(p, o);
      case TextPreprocessing p -> TextPreprocessingJson.write(p, o);
    }
    return o;
  }

  private static void imageJson(ImagePreprocessing p, ObjectNode o) {
    o.put("channels", p.channels());
    o.put("height", p.height());
    o.put("width", p.width());
    if (p.cropHeight() == null) {
      o.putNull("crop");
    } else {
      o.putArray("crop").add(p.cropHeight()).add(p.cropWidth());
    }
    ArrayNode mean = o.putArray("mean");
    Arrays.stream(p.mean()).forEach(mean::add);
    ArrayNode std = o.putArray("std");
    Arrays.stream(p.std()).forEach(std::add);
    if (p.transforms() != null) {
      o.set("transforms", MAPPER.valueToTree(p.transforms()));
    }
  }

  // ---- reading ----

  public static BundleContents read(Path file) throws IOException, ModelFormatException {
    try (ZipFile zip = open(file)) {
      return read(new Reader(zip));
    } catch (ModelFormatException e) {
      throw new ModelFormatException(file + ": " + e.getMessage(), e);
    }
  }

  private static ZipFile open(Path file) throws IOException, ModelFormatException {
    if (Files.isDirectory(file)) {
      throw new ModelFormatException("is a folder, not a model bundle");
    }
    try {
      return new ZipFile(file.toFile(), StandardCharsets.UTF_8);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new ModelFormatException("no such file");
    } catch (ZipException | EOFException e) {
      throw new ModelFormatException("not a LayerBench model bundle (it is not a zip file)");
    } catch (IllegalArgumentException e) {
      // ZipFile's reaction to an entry name that is not UTF-8
      throw new ModelFormatException(
          "not a LayerBench model bundle (a damaged zip: " + e.getMessage() + ")");
    }
  }

  private static BundleContents read(Reader r) throws IOException, ModelFormatException {
    if (!r.has(MANIFEST)) {
      throw new ModelFormatException("not a LayerBench model bundle (it has no " + MANIFEST + ")");
    }
    JsonNode manifest = r.json(MANIFEST);
    checkManifest(manifest);
    List<String> listed = new ArrayList<>();
    manifest.path("entries").forEach(e -> listed.add(e.asText()));
    for (String name : REQUIRED) {
      r.require(name);
    }
    for (String name : listed) {
      r.require(name);
    }

    ModelGraph model;
    try {
      model = ModelJson.parse(r.text(MODEL));
    } catch (ModelFormatException e) {
      throw new ModelFormatException("entry " + MODEL + ": " + e.getMessage(), e);
    }
    SequencedMap<String, TensorData> weights = r.tensors(WEIGHTS);
    List<String> labels = labels(r.json(LABELS));
    Preprocessing preprocessing =
        preprocessing(r.json(PREPROCESSING), manifest.get("version").intValue());
    Map<String, Object> metrics = r.object(METRICS);
    SequencedMap<String, TensorData> optimizer =
        r.has(OPTIMIZER) ? r.tensors(OPTIMIZER) : new LinkedHashMap<>();
    Map<String, Object> trainer = r.has(TRAINER) ? r.object(TRAINER) : Map.of();
    return new BundleContents(model, weights, labels, preprocessing, metrics, optimizer, trainer);
  }

  private static void checkManifest(JsonNode manifest) throws ModelFormatException {
    if (!manifest.isObject() || !FORMAT.equals(manifest.path("format").asText(null))) {
      throw new ModelFormatException(
          "not a LayerBench model bundle (" + MANIFEST + " has no \"format\": \"" + FORMAT + "\")");
    }
    JsonNode v = manifest.get("version");
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
      throw new ModelFormatException(MANIFEST + " has no valid \"version\"");
    }
    if (v.intValue() > VERSION) {
      throw new ModelFormatException(
          "the bundle is format version "
              + v.intValue()
              + ", newer than this LayerBench reads ("
              + VERSION
              + ") — update LayerBench to open it");
    }
    JsonNode entries = manifest.path("entries");
    if (!entries.isMissingNode() && !entries.isArray()) {
      throw new ModelFormatException(MANIFEST + " has \"entries\" that is not a list");
    }
    for (JsonNode e : entries) {
      if (!e.isTextual()) {
        throw new ModelFormatException(MANIFEST + " lists an entry that is not a name: " + e);
      }
    }
  }

  private static List<String> labels(JsonNode json) throws ModelFormatException {
    if (!json.isArray()) {
      throw new ModelFormatException("entry " + LABELS + " must be a JSON list of strings");
    }
    List<String> labels = new ArrayList<>();
    for (JsonNode l : json) {
      if (!l.isTextual()) {
        throw new ModelFormatException(
            "entry " + LABELS + " must be a JSON list of strings, but holds " + l);
      }
      labels.add(l.textValue());
    }
    return labels;
  }

  /** The stored preprocessing; a version 1 bundle's has no modality and is an image one. */
  private static Preprocessing preprocessing(JsonNode json, int version)
      throws ModelFormatException {
    String what = "entry " + PREPROCESSING;
    if (!json.isObject()) {
      throw new ModelFormatException(what + " must be a JSON object");
    }
    String modality = version == 1 ? "image" : json.path("modality").asText("");
    return switch (modality) {
      case "image" -> image(json, what);
      case "text" -> TextPreprocessingJson.read(json, what);
      case "" -> throw new ModelFormatException(what + " does not say its \"modality\"");
      default ->
          throw new ModelFormatException(
              what
                  + " is for \""
                  + modality
                  + "\" input, which this LayerBench cannot read — update LayerBench to open it");
    };
  }

  private static ImagePreprocessing image(JsonNode json, String what) throws ModelFormatException {
    int channels = positiveInt(json, "channels", what);
    int height = positiveInt(json, "height", what);
    int width = positiveInt(json, "width", what);
    Integer cropHeight = null;
    Integer cropWidth = null;
    JsonNode crop = json.path("crop");
    if (!crop.isMissingNode() && !crop.isNull()) {
      if (!crop.isArray()
          || crop.size() != 2
          || !crop.get(0).canConvertToInt()
          || !crop.get(0).isIntegralNumber()
          || !crop.get(1).canConvertToInt()
          || !crop.get(1).isIntegralNumber()) {
        throw new ModelFormatException(
            what + " has a \"crop\" that is not [height, width] or null");
      }
      cropHeight = crop.get(0).intValue();
      cropWidth = crop.get(1).intValue();
    }
    java.util.List<java.util.Map<String, Object>> transforms = null;
    JsonNode t = json.path("transforms");
    if (!t.isMissingNode() && !t.isNull()) {
      if (!t.isArray()) {
        throw new ModelFormatException(what + " has \"transforms\" that is not a list of steps");
      }
      transforms =
          MAPPER.convertValue(
              t,
              new com.fasterxml.jackson.core.type.TypeReference<
                  java.util.List<java.util.Map<String, Object>>>() {});
    }
    try {
      return new ImagePreprocessing(
          channels,
          height,
          width,
          cropHeight,
          cropWidth,
          numbers(json, "mean", what),
          numbers(json, "std", what),
          transforms);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(what + ": " + e.getMessage());
    }
  }

  private static int positiveInt(JsonNode json, String field, String what)
      throws ModelFormatException {
    JsonNode v = json.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 1) {
      throw new ModelFormatException(what + " needs \"" + field + "\": a positive whole number");
    }
    return v.intValue();
  }

  private static double[] numbers(JsonNode json, String field, String what)
      throws ModelFormatException {
    JsonNode v = json.get(field);
    if (v == null || !v.isArray()) {
      throw new ModelFormatException(what + " needs \"" + field + "\": a list of numbers");
    }
    double[] values = new double[v.size()];
    for (int i = 0; i < values.length; i++) {
      if (!v.get(i).isNumber()) {
        throw new ModelFormatException(what + " needs \"" + field + "\": a list of numbers");
      }
      values[i] = v.get(i).doubleValue();
    }
    return values;
  }

  /** Reads entries by name with the size guards; all problems become one-line messages. */
  private static final class Reader {
    private final ZipFile zip;
    private final Map<String, ZipEntry> entries = new HashMap<>();

    Reader(ZipFile zip) throws ModelFormatException {
      this.zip = zip;
      if (zip.size() > MAX_ENTRIES) {
        throw new ModelFormatException(
            "the zip has "
                + zip.size()
                + " entries, more than a model bundle ever has ("
                + MAX_ENTRIES
                + "); refusing it");
      }
      for (var e : zip.stream().toList()) {
        // Two entries of one name would let a reader and a checker see different content.
        if (entries.put(e.getName(), e) != null) {
          throw new ModelFormatException("the zip has two entries named " + e.getName());
        }
      }
    }

    boolean has(String name) {
      return entries.containsKey(name);
    }

    void require(String name) throws ModelFormatException {
      if (!has(name)) {
        throw new ModelFormatException("missing entry " + name);
      }
    }

    private ZipEntry entry(String name, long cap) throws ModelFormatException {
      require(name);
      ZipEntry e = entries.get(name);
      if (e.getSize() > cap) {
        throw new ModelFormatException(
            "entry " + name + " is " + e.getSize() + " bytes, over the limit of " + cap);
      }
      if (e.getSize() < 0) {
        throw new ModelFormatException("entry " + name + " does not declare its size");
      }
      return e;
    }

    String text(String name) throws IOException, ModelFormatException {
      ZipEntry e = entry(name, MAX_JSON_BYTES);
      int size = (int) e.getSize();
      byte[] bytes;
      try (CheckedInputStream in = open(e)) {
        bytes = in.readNBytes(size);
        if (bytes.length < size) {
          throw new ModelFormatException("entry " + name + " is shorter than it declares");
        }
        checkEnd(in, e);
      } catch (ZipException | EOFException ex) {
        throw corrupt(name, ex);
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }

    JsonNode json(String name) throws IOException, ModelFormatException {
      String text = text(name);
      JsonNode node;
      try {
        node = MAPPER.readTree(text);
      } catch (JsonProcessingException ex) {
        var loc = ex.getLocation();
        throw new ModelFormatException(
            "malformed JSON in entry "
                + name
                + (loc == null
                    ? ""
                    : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr())
                + ": "
                + ex.getOriginalMessage().lines().findFirst().orElse(""));
      }
      if (node == null || node.isMissingNode()) {
        throw new ModelFormatException("malformed JSON in entry " + name + ": it is empty");
      }
      return node;
    }

    Map<String, Object> object(String name) throws IOException, ModelFormatException {
      JsonNode node = json(name);
      if (!node.isObject()) {
        throw new ModelFormatException("entry " + name + " must be a JSON object");
      }
      return MAPPER.convertValue(node, new TypeReference<LinkedHashMap<String, Object>>() {});
    }

    SequencedMap<String, TensorData> tensors(String name) throws IOException, ModelFormatException {
      ZipEntry e = entry(name, MAX_ENTRY_BYTES);
      try (CheckedInputStream in = open(e)) {
        // Safetensors.read stops at the declared size, so the cap holds whatever the zip says.
        var tensors = Safetensors.read(in, e.getSize()).tensors();
        checkEnd(in, e);
        return tensors;
      } catch (SafetensorsFormatException ex) {
        throw new ModelFormatException("entry " + name + ": " + ex.getMessage(), ex);
      } catch (ZipException | EOFException ex) {
        throw corrupt(name, ex);
      }
    }

    private CheckedInputStream open(ZipEntry e) throws IOException {
      return new CheckedInputStream(
          new BufferedInputStream(zip.getInputStream(e), 1 << 16), new CRC32());
    }

    /** ZipFile checks no CRC of its own; a flipped bit in the weights must not pass silently. */
    private static void checkEnd(CheckedInputStream in, ZipEntry e)
        throws IOException, ModelFormatException {
      if (in.read() != -1) {
        throw new ModelFormatException("entry " + e.getName() + " is longer than it declares");
      }
      if (e.getCrc() != -1 && in.getChecksum().getValue() != e.getCrc()) {
        throw new ModelFormatException(
            "entry " + e.getName() + " is corrupt (its checksum does not match)");
      }
    }

    private static ModelFormatException corrupt(String name, IOException ex) {
      return new ModelFormatException(
          "entry "
              + name
              + " is corrupt: "
              + String.valueOf(ex.getMessage()).lines().findFirst().orElse(""));
    }
  }
}
