package org.layerbench.engine.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerbench.engine.io.AtomicFiles;

/**
 * The files of a run folder: metrics.csv (one row per epoch, rewritten atomically each epoch;
 * deterministic columns only, so two runs of one seed give identical files) and run.json.
 */
final class RunFiles {
  static final String METRICS_HEADER = "epoch,train_loss,val_loss,val_accuracy,lr";

  private final Path dir;
  private final List<String> rows = new ArrayList<>();

  RunFiles(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  Path checkpoint(String name) {
    return dir.resolve("checkpoints").resolve(name + ".lbmodel");
  }

  Path bundle() {
    return dir.resolve("model.lbmodel");
  }

  /**
   * Opens the folder for a run that holds its lock: what its last writer left behind mid-write is
   * removed first (it died: it no longer holds the lock), then, when overwriting, the other run's
   * run.json, metrics.csv, checkpoints and model.
   */
  void open(boolean overwrite) throws IOException {
    AtomicFiles.removeStale(dir);
    AtomicFiles.removeStale(dir.resolve("checkpoints"));
    if (overwrite) {
      for (Path p :
          List.of(
              dir.resolve("run.json"),
              dir.resolve("metrics.csv"),
              bundle(),
              checkpoint("last"),
              checkpoint("best"))) {
        java.nio.file.Files.deleteIfExists(p);
      }
    }
  }

  /** On resume: keeps the rows of epochs before the given one from the existing metrics.csv. */
  void keepEpochsBefore(int epoch) throws IOException {
    rows.clear();
    Path csv = dir.resolve("metrics.csv");
    if (!java.nio.file.Files.exists(csv)) {
      return;
    }
    for (String line : java.nio.file.Files.readAllLines(csv)) {
      if (line.isBlank() || line.startsWith("epoch")) {
        continue;
      }
      if (Integer.parseInt(line.substring(0, line.indexOf(','))) < epoch) {
        rows.add(line);
      }
    }
  }

  /**
   * Adds an epoch's row and gives metrics.csv's new content, for {@link #writeMetrics} on another
   * thread: writing a file atomically forces it to disk, which waited 50-100 ms at every epoch's
   * end behind the checkpoint being forced meanwhile.
   */
  String addRow(int epoch, double trainLoss, double valLoss, double valAccuracy, double lr) {
    rows.add(
        String.format(
            Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.8g", epoch, trainLoss, valLoss, valAccuracy, lr));
    StringBuilder sb = new StringBuilder(METRICS_HEADER).append('\n');
    rows.forEach(r -> sb.append(r).append('\n'));
    return sb.toString();
  }

  void writeMetrics(String csv) throws IOException {
    AtomicFiles.writeString(dir.resolve("metrics.csv"), csv);
  }

  void writeRunJson(RunManifest run) throws IOException {
    run.writeTo(dir);
  }
}
