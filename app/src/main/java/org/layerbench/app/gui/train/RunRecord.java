package org.layerbench.app.gui.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.app.gui.RunName;
import org.layerbench.engine.train.RunFolder;

/**
 * What a run folder says about its run: status, epochs, best validation accuracy and the per-epoch
 * curves of metrics.csv. Read off the FX thread ({@link #read}); never throws — a folder that
 * cannot be read becomes a record saying why.
 *
 * @param entry the run as listed in the project ({@code runs/20250101-120000}, or an absolute path)
 * @param dir the run folder
 * @param status finished, stopped, early-stopped, failed (from run.json); running (run.json says so
 *     and a live process holds the folder); interrupted (run.json says running but no process holds
 *     the folder: it was killed, or its window closed, and Continue goes on from its last
 *     checkpoint); incomplete (no run.json: a run of an older version still going, or killed);
 *     missing (no folder); running or paused for the run this window is training
 * @param reason why it failed, or why it could not be read (null otherwise)
 * @param bestValAccuracy the best validation accuracy in [0, 1], or NaN when there is none
 * @param epochs epochs completed
 * @param finished when run.json was written, or null
 * @param curves one row per epoch from metrics.csv
 * @param resumable whether the run can be continued: it has run.json and a last checkpoint
 * @param title the run's readable name ({@link RunName}), or null: the folder's name names it
 */
public record RunRecord(
    String entry,
    Path dir,
    String status,
    String reason,
    double bestValAccuracy,
    int epochs,
    Instant finished,
    List<EpochMetrics> curves,
    boolean resumable,
    String title) {

  /** One row of metrics.csv. */
  public record EpochMetrics(
      int epoch, double trainLoss, double valLoss, double valAccuracy, double lr) {}

  public RunRecord {
    curves = List.copyOf(curves);
  }

  /** The folder's name. */
  public String name() {
    return dir.getFileName() == null ? entry : dir.getFileName().toString();
  }

  /** What the run is called: its readable name, else its folder's name. */
  public String title() {
    return title != null ? title : name();
  }

  /** The same record with another status (the live run's running/paused). */
  public RunRecord withStatus(String newStatus) {
    return new RunRecord(
        entry, dir, newStatus, reason, bestValAccuracy, epochs, finished, curves, resumable, title);
  }

  /**
   * Whether Continue applies: the run stopped, or failed after a checkpoint, and can go on from its
   * last checkpoint to the epochs it was set up with.
   */
  public boolean continuable() {
    return resumable
        && (status.equals("stopped") || status.equals("failed") || status.equals("interrupted"));
  }

  /** Reads run.json and metrics.csv of a run folder. */
  public static RunRecord read(String entry, Path dir) {
    if (!Files.isDirectory(dir)) {
      return new RunRecord(
          entry,
          dir,
          "missing",
          "the folder " + dir + " is gone",
          Double.NaN,
          0,
          null,
          List.of(),
          false,
          null);
    }
    RunFolder f = RunFolder.read(dir);
    String title = RunName.read(dir);
    List<EpochMetrics> curves = new ArrayList<>();
    for (RunFolder.Epoch e : f.rows()) {
      curves.add(new EpochMetrics(e.epoch(), e.trainLoss(), e.valLoss(), e.valAccuracy(), e.lr()));
    }
    String problem =
        f.metricsProblem() == null ? null : "metrics.csv could not be read: " + f.metricsProblem();
    double best = f.bestRowAccuracy();
    int epochs = curves.isEmpty() ? 0 : curves.get(curves.size() - 1).epoch();
    if (!f.hasRunJson()) {
      return new RunRecord(
          entry, dir, "incomplete", problem, best, epochs, null, curves, false, title);
    }
    if (f.runJsonProblem() != null) {
      return new RunRecord(
          entry,
          dir,
          "unreadable",
          "run.json could not be read: " + f.runJsonProblem(),
          best,
          epochs,
          null,
          curves,
          false,
          title);
    }
    String status = f.status() == null ? "incomplete" : f.status();
    if (status.equals("running") && f.writer().isEmpty()) {
      status = "interrupted"; // the journal of a run whose process died (DESIGN §10)
    }
    return new RunRecord(
        entry,
        dir,
        status,
        f.reason() != null ? f.reason() : problem,
        f.bestValAccuracy() != null ? f.bestValAccuracy() : best,
        f.epochs() != null ? f.epochs() : epochs,
        f.finished(),
        curves,
        Files.isRegularFile(dir.resolve("checkpoints").resolve("last.lbmodel")),
        title);
  }
}
