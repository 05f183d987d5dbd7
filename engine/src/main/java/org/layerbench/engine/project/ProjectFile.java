package org.layerbench.engine.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.io.AtomicFiles;

/**
 * Reads and writes {@code *.lbproj}: {@code {"format": "layerbench.project", "version": 2, "name",
 * "dataset", "model": {...layerbench.model...}, "training": {...}, "runs": [...], "transforms",
 * "text"}} ({@code text}: a CSV/TSV dataset's format, files and settings, see {@link
 * ProjectTextJson}; optional in version 2). Writes are atomic; a newer version or another format is
 * refused with one line. Version 2 stores the typed {@link TrainingSettings}; version 1 files (the
 * training settings under the names of whichever editor wrote them) are migrated on reading by
 * {@link TrainingSettingsJson}.
 */
public final class ProjectFile {
  public static final String FORMAT = "layerbench.project";
  public static final int VERSION = 2;
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ProjectFile() {}

  public static Project read(Path file) throws IOException, ModelFormatException {
    JsonNode root;
    try {
      if (Files.size(file) > ModelJson.MAX_FILE_BYTES) {
        throw new ModelFormatException(
            file
                + ": "
                + Files.size(file)
                + " bytes is too large for a project file (at most "
                + ModelJson.MAX_FILE_BYTES
                + ")");
      }
      root = MAPPER.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      throw new ModelFormatException(file + ": no such file");
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new ModelFormatException(file + ": not a text file (it is not UTF-8)");
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new ModelFormatException(
          file
              + ": not valid JSON"
              + (loc == null
                  ? ""
                  : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()));
    }
    if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText(null))) {
      throw new ModelFormatException(
          file + ": not a LayerBench project (no \"format\": \"" + FORMAT + "\")");
    }
    int version = root.path("version").asInt(-1);
    if (version > VERSION) {
      throw new ModelFormatException(
          file
              + ": the project is format version "
              + version
              + ", newer than this LayerBench reads ("
              + VERSION
              + ") — update LayerBench to open it");
    }
    if (version < 1) {
      throw new ModelFormatException(file + ": the project has no valid \"version\"");
    }
    if (!root.path("model").isObject()) {
      throw new ModelFormatException(file + ": the project has no \"model\"");
    }
    try {
      TrainingSettings training;
      try {
        training = TrainingSettingsJson.read(root.get("training"), version);
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(file + ": training: " + e.getMessage(), e);
      }
      List<String> runs = new ArrayList<>();
      root.path("runs").forEach(r -> runs.add(r.asText()));
      org.layerbench.engine.data.transform.PipelineFile transforms = null;
      if (root.hasNonNull("transforms")) {
        try {
          transforms =
              org.layerbench.engine.data.transform.PipelineFile.parse(
                  root.get("transforms").toString(), false);
        } catch (IllegalArgumentException e) {
          throw new ModelFormatException(file + ": transforms: " + e.getMessage(), e);
        }
      }
      ProjectTextData text;
      try {
        text = ProjectTextJson.read(root.get("text"));
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(file + ": text: " + e.getMessage(), e);
      }
      return new Project(
          root.path("name").asText(file.getFileName().toString().replaceFirst("\\.lbproj$", "")),
          file,
          root.hasNonNull("dataset") ? root.get("dataset").asText() : null,
          ModelJson.fromTree(root.get("model")),
          training,
          runs,
          transforms,
          text);
    } catch (ModelFormatException e) {
      if (e.getMessage().startsWith(file + ": transforms: ")
          || e.getMessage().startsWith(file + ": text: ")
          || e.getMessage().startsWith(file + ": training: ")) {
        throw e;
      }
      throw new ModelFormatException(file + ": model: " + e.getMessage(), e);
    }
  }

  public static void write(Project project, Path file) throws IOException {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("version", VERSION);
    root.put("name", project.name());
    if (project.dataset() != null) {
      root.put("dataset", project.dataset());
    }
    root.set("model", ModelJson.toTree(project.model()));
    root.set("training", TrainingSettingsJson.write(project.training()));
    root.set("runs", MAPPER.valueToTree(project.runs()));
    if (project.transforms() != null) {
      root.set("transforms", MAPPER.readTree(project.transforms().toJson()));
    }
    if (project.text() != null) {
      root.set("text", ProjectTextJson.write(project.text()));
    }
    AtomicFiles.writeString(file, MAPPER.writeValueAsString(root) + "\n");
  }
}
