package org.layerbench.app.gui.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run folder says about its run: status, epochs, best validation accuracy and the per-epoch
 * curves of metrics.csv. Read off the FX thread ({@link #read}); never throws — a folder that
 * cannot be read becomes a record saying why.
 *
 * @param entry the run as listed in the project ({@code runs/20250101-120000}, or an absolute path)
 * @param dir the run folder
 * @param status finished, stopped, early-stopped, failed (from run.json); incomplete (no run.json:
 *     the run is going on or the program ended during it); missing (no folder); running or paused
 *     for the run this window is training
 * @param reason why it failed, or why it could not be read (null otherwise)
 * @param bestValAccuracy the best validation accuracy in [0, 1], or NaN when there is none
 * @param epochs epochs completed
 * @param finished when run.json was written, or null
 * @param curves one row per epoch from metrics.csv
 */
public record RunRecord(
    String entry,
    Path dir,
    String status,
    String reason,
    double bestValAccuracy,
    int epochs,
    Instant finished,
    List<EpochMetrics> curves) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One row of metrics.csv. */
  public record EpochMetrics(
      int epoch, double trainLoss, double valLoss, double valAccuracy, double lr) {}

  public RunRecord {
    curves = List.copyOf(curves);
  }

  /** The folder's name, which names the run. */
  public String name() {
    return dir.getFileName() == null ? entry : dir.getFileName().toString();
  }

  /** The same record with another status (the live run's running/paused). */
  public RunRecord withStatus(String newStatus) {
    return new RunRecord(entry, dir, newStatus, reason, bestValAccuracy, epochs, finished, curves);
  }

  /** Reads run.json and metrics.csv of a run folder. */
  public static RunRecord read(String entry, Path dir) {
    if (!Files.isDirectory(dir)) {
      return new RunRecord(
          entry, dir, "missing", "the folder " + dir + " is gone", Double.NaN, 0, null, List.of());
    }
    List<EpochMetrics> curves = new ArrayList<>();
    String problem = null;
    Path csv = dir.resolve("metrics.csv");
    if (Files.isRegularFile(csv)) {
      try {
        curves = parseCsv(Files.readAllLines(csv));
      } catch (IOException | RuntimeException e) {
        problem = "metrics.csv could not be read: " + message(e);
      }
    }
    double best = Double.NaN;
    for (EpochMetrics m : curves) {
      if (!Double.isNaN(m.valAccuracy()) && !(m.valAccuracy() <= best)) {
        best = m.valAccuracy();
      }
    }
    int epochs = curves.isEmpty() ? 0 : curves.get(curves.size() - 1).epoch();
    Path runJson = dir.resolve("run.json");
    if (!Files.isRegularFile(runJson)) {
      return new RunRecord(entry, dir, "incomplete", problem, best, epochs, null, curves);
    }
    try {
      JsonNode json = JSON.readTree(runJson.toFile());
      String status = json.path("status").asText("incomplete");
      String reason = json.hasNonNull("reason") ? json.get("reason").asText() : problem;
      if (json.hasNonNull("bestValAccuracy")) {
        best = json.get("bestValAccuracy").asDouble();
      }
      if (json.has("epochs") && json.get("epochs").isNumber()) {
        epochs = json.get("epochs").asInt();
      }
      Instant finished = null;
      if (json.hasNonNull("finished")) {
        try {
          finished = Instant.parse(json.get("finished").asText());
        } catch (RuntimeException e) {
          // a hand-edited date: the run is still listed, without it
        }
      }
      return new RunRecord(entry, dir, status, reason, best, epochs, finished, curves);
    } catch (IOException | RuntimeException e) {
      return new RunRecord(
          entry,
          dir,
          "unreadable",
          "run.json could not be read: " + message(e),
          best,
          epochs,
          null,
          curves);
    }
  }

  static List<EpochMetrics> parseCsv(List<String> lines) {
    List<EpochMetrics> out = new ArrayList<>();
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("epoch")) {
        continue;
      }
      String[] f = line.split(",");
      out.add(
          new EpochMetrics(
              Integer.parseInt(f[0].strip()),
              number(f, 1),
              number(f, 2),
              number(f, 3),
              number(f, 4)));
    }
    return out;
  }

  private static double number(String[] f, int i) {
    if (i >= f.length) {
      return Double.NaN;
    }
    String s = f[i].strip().toLowerCase(Locale.ROOT);
    return s.isEmpty() || s.equals("nan") ? Double.NaN : Double.parseDouble(s);
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
