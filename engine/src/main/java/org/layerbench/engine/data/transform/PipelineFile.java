package org.layerbench.engine.data.transform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerbench.engine.io.AtomicFiles;

/**
 * The train and validation pipelines of a dataset, versioned JSON:
 *
 * <pre>{@code
 * {"format": "layerbench.transforms", "version": 1,
 *  "train": [{"type": "RandomResizedCrop", "size": 64}, {"type": "RandomHorizontalFlip"},
 *            {"type": "RandomApply", "p": 0.3, "transforms": [{"type": "ToHSV"}]},
 *            {"type": "ToTensor"}, {"type": "Normalize", "mean": [...], "std": [...]}],
 *  "val":   [{"type": "Resize", "size": 72}, {"type": "CenterCrop", "size": 64}, ...]}
 * }</pre>
 *
 * Parameters are torchvision's keyword arguments; a step may carry {@code "enabled": false}.
 *
 * @param val the validation (and inference) pipeline; it must be deterministic
 */
public record PipelineFile(Pipeline train, Pipeline val) {

  public static final String FORMAT = "layerbench.transforms";
  public static final int VERSION = 1;

  /** A pipeline is a few hundred bytes; anything past this is not a transforms file. */
  public static final long MAX_FILE_BYTES = 16L << 20;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public PipelineFile {
    java.util.Objects.requireNonNull(train, "train");
    java.util.Objects.requireNonNull(val, "val");
    if (val.random()) {
      throw new IllegalArgumentException(
          "the validation pipeline must not be random (it scores every epoch the same way);"
              + " move random transforms to train");
    }
  }

  /** Resize to size×size, ToTensor, ImageNet Normalize, for both. */
  public static PipelineFile standard(int size) {
    return new PipelineFile(Pipeline.standard(size), Pipeline.standard(size));
  }

  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("version", VERSION);
    m.put("train", train.toJson());
    m.put("val", val.toJson());
    try {
      return MAPPER.writeValueAsString(m) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Parses and checks a pipeline file: both pipelines are compiled, so every error comes now.
   *
   * @throws IllegalArgumentException with a one-line reason naming the pipeline and step
   */
  public static PipelineFile parse(String json) {
    return parse(json, true);
  }

  /**
   * Parses a pipeline file; with {@code compile} false only the structure is checked (known step
   * types, lists, a non-random val pipeline), so a project saved while a pipeline was being edited
   * into shape (say Normalize still before ToTensor) opens again and shows the error on the step.
   */
  public static PipelineFile parse(String json, boolean compile) {
    Object root;
    try {
      root = MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not valid JSON: " + e.getOriginalMessage() + locate(e), e);
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("expected a JSON object with \"train\" and \"val\"");
    }
    if (!FORMAT.equals(m.get("format"))) {
      throw new IllegalArgumentException(
          "not a transforms file (\"format\" must be \"" + FORMAT + "\")");
    }
    if (!(m.get("version") instanceof Integer v) || v != VERSION) {
      throw new IllegalArgumentException(
          "unsupported transforms version "
              + m.get("version")
              + " (this LayerBench reads version "
              + VERSION
              + ")");
    }
    for (Object key : m.keySet()) {
      if (!List.of("format", "version", "train", "val").contains(key)) {
        throw new IllegalArgumentException("unknown key \"" + key + "\" (expected train, val)");
      }
    }
    Pipeline train = list(m, "train");
    Pipeline val = list(m, "val");
    if (compile) {
      compile(train, "train");
      compile(val, "val");
    }
    return new PipelineFile(train, val);
  }

  private static void compile(Pipeline p, String name) {
    try {
      p.compile();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + " " + e.getMessage(), e);
    }
  }

  private static Pipeline list(Map<?, ?> m, String key) {
    Object v = m.get(key);
    if (v == null) {
      throw new IllegalArgumentException("\"" + key + "\" is missing (a list of steps)");
    }
    if (!(v instanceof List<?> l)) {
      throw new IllegalArgumentException("\"" + key + "\" must be a list of steps");
    }
    return Pipeline.fromJson(l, key);
  }

  private static String locate(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** Reads a pipeline file; errors say which file and why. */
  public static PipelineFile read(Path file) throws IOException {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new IOException(
            file.getFileName()
                + ": "
                + Files.size(file)
                + " bytes is too large for a transforms file (at most "
                + MAX_FILE_BYTES
                + ")");
      }
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IOException("transforms file not found: " + file, e);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IOException(file.getFileName() + ": not a text file (it is not UTF-8)", e);
    }
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException(file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  /** Writes atomically (a crash leaves the old file or the new one, never half of one). */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(file, toJson());
  }
}
