package org.layerbench.app.gui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.layerbench.engine.io.AtomicFiles;

/**
 * A run's readable name ("smallcnn · 12:54 · 8 epochs"), which a person can change, kept beside the
 * engine's files in the run folder's {@value #FILE} (versioned; the engine never reads it). A run
 * without one is called by its folder's name.
 */
public final class RunName {
  /** The sidecar's file name in a run folder. */
  public static final String FILE = "name.json";

  static final String FORMAT = "layerbench.run-name";
  static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);

  private RunName() {}

  /**
   * The name a new run gets: its model and when it started. Short enough to show whole in the run
   * list and the Train header at 1280 px (with the epochs as well it was cut to "model · 12:54 · 8
   * e…"); the run list shows the epochs beside it, the tooltip the folder.
   */
  public static String initial(String model, LocalDateTime started) {
    return model + " · " + TIME.format(started);
  }

  /**
   * The name stored in {@code dir}, or null when there is none or it cannot be read (the folder's
   * name then names the run). Reads the disk: off the FX thread.
   */
  public static String read(Path dir) {
    Path f = dir.resolve(FILE);
    if (!Files.isRegularFile(f)) {
      return null;
    }
    try {
      JsonNode n = JSON.readTree(f.toFile());
      if (!FORMAT.equals(n.path("format").asText())
          || n.path("version").asInt(0) > VERSION
          || !n.path("name").isTextual()) {
        return null; // not ours, or from a newer version: the folder's name is still right
      }
      String name = n.path("name").asText().strip();
      return name.isEmpty() ? null : name;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Stores {@code name} in {@code dir} (atomically); a blank name removes it. */
  public static void write(Path dir, String name) throws IOException {
    Path f = dir.resolve(FILE);
    if (name == null || name.isBlank()) {
      Files.deleteIfExists(f);
      return;
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("format", FORMAT);
    m.put("version", VERSION);
    m.put("name", name.strip());
    AtomicFiles.writeString(f, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m) + "\n");
  }
}
