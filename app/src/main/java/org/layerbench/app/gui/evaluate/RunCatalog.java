package org.layerbench.app.gui.evaluate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.project.Project;

/**
 * Reads the project's run folders (run.json, metrics.csv, the model and checkpoints, see {@code
 * TrainingRun}) into {@link RunEntry}s. Disk work: call it off the FX thread.
 */
public final class RunCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RunCatalog() {}

  /** The project's runs, in the project's order (oldest first). */
  public static List<RunEntry> read(Project project) {
    List<RunEntry> out = new ArrayList<>();
    for (String run : project.runs()) {
      Path dir = project.runDir(run);
      out.add(read(dir.getFileName() == null ? run : dir.getFileName().toString(), dir));
    }
    return out;
  }

  /** One run folder; never throws — an unreadable run is an entry that says why. */
  public static RunEntry read(String name, Path dir) {
    if (!Files.isDirectory(dir)) {
      return new RunEntry(
          name, dir, null, "missing", null, 0, null, 0.2, 1, "The run folder is missing: " + dir);
    }
    Path bundle = bundleOf(dir);
    Double best = null;
    int epochs = 0;
    Path data = null;
    double valSplit = 0.2;
    long seed = 1;
    String status = "training";
    String reason = null;
    Path runJson = dir.resolve("run.json");
    if (Files.isRegularFile(runJson)) {
      try {
        JsonNode json = JSON.readTree(runJson.toFile());
        status = json.path("status").asText("unknown");
        if (json.hasNonNull("bestValAccuracy")) {
          best = json.get("bestValAccuracy").asDouble();
        }
        epochs = json.path("epochs").asInt(0);
        if (json.hasNonNull("data")) {
          Path d = Path.of(json.get("data").asText());
          data = Files.isDirectory(d) ? d : null; // moved since: the project's dataset is used
        }
        JsonNode config = json.path("config");
        valSplit = config.path("valSplit").asDouble(0.2);
        seed = config.path("seed").asLong(1);
        if (json.hasNonNull("reason")) {
          reason = "Failed: " + json.get("reason").asText();
        }
      } catch (IOException | RuntimeException e) {
        status = "unreadable";
        reason = "run.json could not be read: " + e.getMessage();
      }
    }
    if (best == null || epochs == 0) {
      double[] m = metrics(dir.resolve("metrics.csv"));
      if (best == null && !Double.isNaN(m[0])) {
        best = m[0];
      }
      if (epochs == 0) {
        epochs = (int) m[1];
      }
    }
    if (bundle == null && reason == null) {
      reason = "This run has no saved model yet.";
    }
    return new RunEntry(name, dir, bundle, status, best, epochs, data, valSplit, seed, reason);
  }

  /** model.lbmodel, else the best checkpoint, else the last one (a run still training). */
  static Path bundleOf(Path dir) {
    for (Path p :
        List.of(
            dir.resolve("model.lbmodel"),
            dir.resolve("checkpoints").resolve("best.lbmodel"),
            dir.resolve("checkpoints").resolve("last.lbmodel"))) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** The best val_accuracy (NaN if none) and the number of epoch rows of a metrics.csv. */
  static double[] metrics(Path csv) {
    double best = Double.NaN;
    int rows = 0;
    if (!Files.isRegularFile(csv)) {
      return new double[] {best, rows};
    }
    try {
      List<String> lines = Files.readAllLines(csv);
      if (lines.isEmpty()) {
        return new double[] {best, rows};
      }
      int col = List.of(lines.getFirst().split(",")).indexOf("val_accuracy");
      for (String line : lines.subList(1, lines.size())) {
        if (line.isBlank()) {
          continue;
        }
        rows++;
        String[] cells = line.split(",");
        if (col >= 0 && col < cells.length) {
          double v = Double.parseDouble(cells[col]);
          if (!Double.isNaN(v) && (Double.isNaN(best) || v > best)) {
            best = v;
          }
        }
      }
    } catch (IOException | NumberFormatException e) {
      // a half-read metrics file only costs the accuracy column; the run is still listed
    }
    return new double[] {best, rows};
  }
}
