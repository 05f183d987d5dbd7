package org.layerbench.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run folder says about its run, read back from the files {@link RunFiles} writes: the
 * epochs of metrics.csv, the summary of run.json (written when the run starts, status {@code
 * running}, and updated at each checkpoint: DESIGN §10), and the model file to load. Reading never
 * throws; a file that cannot be read leaves its fields empty and says why in {@code metricsProblem}
 * or {@code runJsonProblem}.
 *
 * @param hasRunJson whether run.json exists (a run that started; older versions wrote it at the
 *     end)
 * @param status run.json's status (running, stopped, finished, early-stopped, failed), or null; a
 *     run whose status is running but that no process writes ({@link #writer}) was interrupted
 * @param reason run.json's failure reason, or null
 * @param bestValAccuracy run.json's best validation accuracy, or null
 * @param epochs run.json's number of epochs done, or null
 * @param finished when run.json was written, or null
 * @param data the dataset folder the run trained on, or null
 * @param valSplit the run's validation fraction (0.2 when unknown)
 * @param seed the run's seed (1 when unknown)
 * @param rows the rows of metrics.csv, in order
 */
public record RunFolder(
    Path dir,
    boolean hasRunJson,
    String runJsonProblem,
    String status,
    String reason,
    Double bestValAccuracy,
    Integer epochs,
    Instant finished,
    Path data,
    double valSplit,
    long seed,
    List<Epoch> rows,
    String metricsProblem) {

  /** One row of metrics.csv (NaN where a value is missing). */
  public record Epoch(int epoch, double trainLoss, double valLoss, double valAccuracy, double lr) {}

  public RunFolder {
    rows = List.copyOf(rows);
  }

  /** Reads a run folder (which must exist). */
  public static RunFolder read(Path dir) {
    List<Epoch> rows = List.of();
    String metricsProblem = null;
    Path csv = dir.resolve("metrics.csv");
    if (Files.isRegularFile(csv)) {
      try {
        rows = parseMetrics(Files.readAllLines(csv));
      } catch (IOException | RuntimeException e) {
        metricsProblem = message(e);
      }
    }
    Path runJson = dir.resolve("run.json");
    if (!Files.isRegularFile(runJson)) {
      return new RunFolder(
          dir, false, null, null, null, null, null, null, null, 0.2, 1, rows, metricsProblem);
    }
    RunManifest run;
    try {
      run = RunManifest.read(runJson);
    } catch (IOException e) {
      return new RunFolder(
          dir, true, message(e), null, null, null, null, null, null, 0.2, 1, rows, metricsProblem);
    }
    Instant finished = null;
    if (run.finished() != null) {
      try {
        finished = Instant.parse(run.finished());
      } catch (RuntimeException e) {
        // a hand-edited date: the run is still described, without it
      }
    }
    return new RunFolder(
        dir,
        true,
        null,
        run.status(),
        run.reason(),
        run.bestValAccuracy(),
        run.epochs(),
        finished,
        run.data(),
        run.valSplit(),
        run.seed(),
        rows,
        metricsProblem);
  }

  /**
   * The live process writing this folder (it holds {@link RunLock}), or empty: a status of running
   * without a writer means the run was killed, and can be resumed from its last checkpoint.
   */
  public java.util.OptionalLong writer() {
    return RunLock.holder(dir);
  }

  /** The highest validation accuracy of the rows, or NaN. */
  public double bestRowAccuracy() {
    double best = Double.NaN;
    for (Epoch e : rows) {
      if (!Double.isNaN(e.valAccuracy()) && !(e.valAccuracy() <= best)) {
        best = e.valAccuracy();
      }
    }
    return best;
  }

  /** model.lbmodel, else the best checkpoint, else the last one (a run still training); or null. */
  public Path bundle() {
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

  /** metrics.csv's rows, columns found by the header {@link RunFiles#METRICS_HEADER} names. */
  static List<Epoch> parseMetrics(List<String> lines) {
    List<Epoch> out = new ArrayList<>();
    if (lines.isEmpty()) {
      return out;
    }
    List<String> header = List.of(lines.getFirst().strip().split(","));
    int[] col = {
      header.indexOf("epoch"),
      header.indexOf("train_loss"),
      header.indexOf("val_loss"),
      header.indexOf("val_accuracy"),
      header.indexOf("lr")
    };
    if (col[0] < 0) {
      throw new IllegalArgumentException("metrics.csv has no epoch column");
    }
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split(",");
      out.add(
          new Epoch(
              Integer.parseInt(f[col[0]].strip()),
              number(f, col[1]),
              number(f, col[2]),
              number(f, col[3]),
              number(f, col[4])));
    }
    return out;
  }

  private static double number(String[] f, int i) {
    if (i < 0 || i >= f.length) {
      return Double.NaN;
    }
    String s = f[i].strip().toLowerCase(Locale.ROOT);
    return s.isEmpty() || s.equals("nan") ? Double.NaN : Double.parseDouble(s);
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
