package org.layerbench.app.gui;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.layerbench.engine.train.TrainConfig;

/**
 * A model the Evaluate and Predict workspaces can use: a run of the project (its folder's run.json
 * read) or a model file opened by hand. Plain data, read off the FX thread by {@link RunCatalog}.
 *
 * @param name the run folder's name, or the model file's name
 * @param dir the run folder, or null for a model file
 * @param bundle the model to load (model.lbmodel, else the best or last checkpoint), or null when
 *     the run has none yet
 * @param status finished, stopped, early-stopped, failed, training (no run.json yet), missing (no
 *     folder), or file
 * @param bestAccuracy the best validation accuracy in [0, 1], or null when unknown
 * @param epochs epochs done (0 when unknown)
 * @param dataDir the dataset the run trained on, or null (a model file, or a folder that is gone)
 * @param valSplit the run's validation fraction for a folder without val/
 * @param seed the run's seed (it splits such a folder)
 * @param reason why a failed run failed, or why the entry is unusable; null otherwise
 * @param text a text run's files and format as its run.json records them (split by {@code valSplit}
 *     and {@code seed}), or null for an image run or a model file
 */
public record RunEntry(
    String name,
    Path dir,
    Path bundle,
    String status,
    Double bestAccuracy,
    int epochs,
    Path dataDir,
    double valSplit,
    long seed,
    String reason,
    org.layerbench.engine.data.text.TextFiles text) {

  /** An entry without text files: an image run, or a run whose folder says nothing of its data. */
  public RunEntry(
      String name,
      Path dir,
      Path bundle,
      String status,
      Double bestAccuracy,
      int epochs,
      Path dataDir,
      double valSplit,
      long seed,
      String reason) {
    this(name, dir, bundle, status, bestAccuracy, epochs, dataDir, valSplit, seed, reason, null);
  }

  /** A model file opened by hand: evaluated on the project's dataset. */
  public static RunEntry modelFile(Path file) {
    return new RunEntry(
        file.getFileName().toString(),
        null,
        file,
        "file",
        null,
        0,
        null,
        TrainConfig.DEFAULT_VAL_SPLIT,
        TrainConfig.DEFAULT_SEED,
        null);
  }

  /** Whether there is a model to load. */
  public boolean usable() {
    return bundle != null;
  }

  /** "93.3 %" or "—". */
  public String accuracyText() {
    return bestAccuracy == null ? "—" : String.format(Locale.ROOT, "%.1f %%", 100 * bestAccuracy);
  }

  /** One line for pickers: "run-3 · finished · best 93.3 %". */
  public String display() {
    if (dir == null) {
      return name + " · model file";
    }
    StringBuilder sb = new StringBuilder(name).append(" · ").append(status);
    if (bestAccuracy != null) {
      sb.append(" · best ").append(accuracyText());
    }
    return sb.toString();
  }

  /** A short line for a closed picker: "run-3 · 93.3 %". */
  public String shortDisplay() {
    return dir == null ? name : bestAccuracy == null ? name : name + " · " + accuracyText();
  }

  /** A tooltip: the folder or file, epochs, the model loaded, and why it is unusable. */
  public String details() {
    List<String> lines = new java.util.ArrayList<>();
    lines.add(dir != null ? "Run folder: " + dir : "Model file: " + bundle);
    if (dir != null && epochs > 0) {
      lines.add("Epochs: " + epochs + ", best validation accuracy " + accuracyText());
    }
    if (dir != null && bundle != null) {
      lines.add("Model: " + dir.relativize(bundle));
    }
    if (dataDir != null) {
      lines.add("Trained on: " + dataDir);
    }
    if (reason != null) {
      lines.add(reason);
    }
    return String.join("\n", lines);
  }
}
