package org.layerbench.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.train.RunFolder;
import org.layerbench.engine.train.RunManifest;
import org.layerbench.engine.train.TrainConfig;

/**
 * Reads the project's run folders (run.json, metrics.csv, the model and checkpoints, see {@code
 * TrainingRun}) into {@link RunEntry}s. Disk work: call it off the FX thread.
 */
public final class RunCatalog {

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
          name,
          dir,
          null,
          "missing",
          null,
          0,
          null,
          TrainConfig.DEFAULT_VAL_SPLIT,
          TrainConfig.DEFAULT_SEED,
          "The run folder is missing: " + dir);
    }
    RunFolder f = RunFolder.read(dir);
    Path bundle = f.bundle();
    String status = "training";
    String reason = null;
    if (f.runJsonProblem() != null) {
      status = "unreadable";
      reason = "run.json could not be read: " + f.runJsonProblem();
    } else if (f.hasRunJson()) {
      status = f.status() == null ? "unknown" : f.status();
      if (status.equals("running")) {
        // run.json is a journal from the run's start (DESIGN §10): going on, or killed mid-run
        status = f.writer().isPresent() ? "training" : "interrupted";
      }
      if (f.reason() != null) {
        reason = "Failed: " + f.reason();
      }
    }
    Double best = f.bestValAccuracy();
    if (best == null && !Double.isNaN(f.bestRowAccuracy())) {
      best = f.bestRowAccuracy();
    }
    int epochs = f.epochs() != null && f.epochs() > 0 ? f.epochs() : f.rows().size();
    // A dataset moved since the run: the project's dataset is used.
    Path data = f.data() != null && Files.isDirectory(f.data()) ? f.data() : null;
    if (bundle == null && reason == null) {
      reason = "This run has no saved model yet.";
    }
    org.layerbench.engine.data.text.TextFiles text = null;
    if (f.hasRunJson() && f.runJsonProblem() == null) {
      try {
        text = RunManifest.read(dir.resolve("run.json")).textFiles();
      } catch (IOException e) {
        reason =
            reason == null
                ? "run.json's text dataset could not be read: " + e.getMessage()
                : reason;
      }
    }
    return new RunEntry(
        name, dir, bundle, status, best, epochs, data, f.valSplit(), f.seed(), reason, text);
  }
}
