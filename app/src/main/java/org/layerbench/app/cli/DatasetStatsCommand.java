package org.layerbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.layerbench.engine.data.ChannelStats;
import org.layerbench.engine.data.DatasetScan;
import org.layerbench.engine.data.FileProblem;
import org.layerbench.engine.data.ProgressMonitor;
import org.layerbench.engine.data.ScanOptions;
import org.layerbench.engine.data.ScanProblem;
import org.layerbench.engine.data.ScanReport;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench dataset stats DIR [--json]}: classes, counts per split, sizes and colour modes,
 * every file training cannot use and why, duplicates, and the training split's mean/std.
 */
@Command(
    name = "stats",
    mixinStandardHelpOptions = true,
    description = {
      "Scan a dataset folder: classes and images per split, image sizes and colour modes, every"
          + " file that cannot be used and why (unreadable, zero bytes, not an image, truncated,"
          + " unsupported, too large), warnings (too small, duplicates), skipped and hidden files,"
          + " and the per-channel mean and std of the training split. Files are only read.",
      "",
      "Mean and std. " + ChannelStats.DEFINITION,
      "",
      ChannelStats.IMAGENET_EXPLANATION,
      ""
    })
public final class DatasetStatsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "DIR|FILE",
      description =
          "DIR/train/<class>/… + DIR/val/<class>/… (+ DIR/test/…), or DIR/<class>/… split by"
              + " --val-split as train splits it; or a CSV/TSV file of labelled texts (.csv, .tsv,"
              + " .txt): classes, decoding, bad rows, token lengths, vocabulary and OOV rate.")
  Path dir;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nText datasets (a CSV/TSV FILE):%n")
  TextOptions text = new TextOptions();

  @Option(names = "--json", description = "Print one JSON document.")
  boolean json;

  @Option(
      names = "--val-split",
      defaultValue = "" + TrainConfig.DEFAULT_VAL_SPLIT,
      description = "Validation fraction when DIR has no val/ folder (default ${DEFAULT-VALUE}).")
  double valSplit;

  @Option(
      names = "--seed",
      defaultValue = "" + TrainConfig.DEFAULT_SEED,
      description = "Seed of that split, as train's --seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--min-size",
      defaultValue = "" + ScanOptions.DEFAULT_MIN_SIDE,
      paramLabel = "PIXELS",
      description =
          "Warn about images smaller than this on a side (default ${DEFAULT-VALUE}); they still"
              + " train.")
  int minSize;

  @Option(
      names = "--max-pixels",
      defaultValue = "" + ImageDecoder.DEFAULT_MAX_PIXELS,
      paramLabel = "N",
      description =
          "Refuse images that declare more pixels, from their header, as decompression bombs"
              + " (default ${DEFAULT-VALUE}, PIL's limit).")
  long maxPixels;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "Decoding threads; 0 = one per core, at most 4 (default ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws IOException {
    Ranges.fraction(spec, "--val-split", valSplit);
    Ranges.atLeast(spec, "--min-size", minSize, 0);
    Ranges.atLeast(spec, "--max-pixels", maxPixels, 1);
    Ranges.atLeast(spec, "--threads", threads, 0);
    if (TextOptions.isTextFile(dir)) {
      TextDatasetStats.print(spec, text, dir, valSplit, seed, json);
      return 0;
    }
    ScanOptions options;
    try {
      options = new ScanOptions(valSplit, seed, minSize, maxPixels, true, threads);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    ScanReport report;
    try {
      report = DatasetScan.scan(dir, options, new TerminalProgress(spec.commandLine().getErr()));
    } catch (IOException e) {
      throw Failures.reading(dir, e);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(toJson(report)));
    } else {
      print(out, report);
    }
    return 0;
  }

  static Map<String, Object> toJson(ScanReport r) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("dataset", r.root().toString());
    doc.put("layout", r.splitFolders() ? "split folders" : "one tree");
    if (!r.splitFolders()) {
      doc.put("valSplit", r.valFraction());
      doc.put("seed", r.seed());
    }
    doc.put("classes", r.classes());
    Map<String, Object> counts = new LinkedHashMap<>();
    for (ScanReport.ClassCount c : r.counts()) {
      counts.put(c.name(), ordered("train", c.train(), "val", c.val(), "test", c.test()));
    }
    doc.put("counts", counts);
    doc.put("imageFiles", r.imageFiles());
    doc.put("images", r.images());
    doc.put("unusable", r.unusable());
    // what `layerbench train` prints before training, from the same definition
    doc.put(
        "usable",
        ordered("train", r.usable("train"), "val", r.usable("val"), "test", r.usable("test")));
    doc.put("leftOut", r.leftOut().size());
    doc.put("warnings", r.warnings());
    doc.put("errors", r.errors());
    doc.put(
        "sizes",
        r.sizes().stream()
            .map(s -> ordered("width", s.width(), "height", s.height(), "count", s.count()))
            .toList());
    Map<String, Integer> modes = new LinkedHashMap<>();
    r.modes().forEach(m -> modes.put(m.mode(), m.count()));
    doc.put("modes", modes);
    List<Map<String, Object>> problems = new ArrayList<>();
    for (ScanProblem p : r.problems()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("file", r.relative(p.file()));
      m.put("split", p.split());
      m.put("class", p.className());
      m.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
      m.put("reason", p.reason());
      m.put("excludedFromTraining", p.kind().excludedFromTraining());
      if (p.duplicateOf() != null) {
        m.put("duplicateOf", r.relative(p.duplicateOf()));
      }
      problems.add(m);
    }
    doc.put("problems", problems);
    doc.put(
        "skipped",
        r.skipped().stream()
            .map(s -> ordered("file", r.relative(s.file()), "reason", s.reason()))
            .toList());
    doc.put("hidden", r.hidden().stream().map(r::relative).toList());
    doc.put("emptyFolders", r.emptyFolders().stream().map(r::relative).toList());
    ChannelStats s = r.trainStats();
    Map<String, Object> stats = new LinkedHashMap<>();
    stats.put("mean", s == null ? null : s.mean());
    stats.put("std", s == null ? null : s.std());
    stats.put("images", s == null ? 0 : s.images());
    stats.put("pixels", s == null ? 0 : s.pixels());
    stats.put("definition", ChannelStats.DEFINITION);
    doc.put("trainStats", stats);
    ChannelStats imagenet = ChannelStats.imagenet();
    doc.put(
        "imagenet",
        ordered(
            "mean",
            imagenet.mean(),
            "std",
            imagenet.std(),
            "explanation",
            ChannelStats.IMAGENET_EXPLANATION));
    return doc;
  }

  private static void print(PrintWriter out, ScanReport r) {
    out.println("dataset " + r.root());
    out.println(
        r.splitFolders()
            ? "layout: train/ and val/ folders"
            : String.format(
                Locale.ROOT,
                "layout: one folder per class, split by --val-split %s (seed %d)",
                r.valFraction(),
                r.seed()));
    out.printf(
        Locale.ROOT,
        "%d classes, %,d usable images of %,d image files%n",
        r.classes().size(),
        r.images(),
        r.imageFiles());
    // The lines train prints before it trains (it names the first few files; all are below).
    r.summary(0).forEach(out::println);
    out.println();

    int w = Math.max(5, r.classes().stream().mapToInt(String::length).max().orElse(5));
    out.printf(Locale.ROOT, "%-" + w + "s  %6s  %6s  %6s%n", "class", "train", "val", "test");
    int[] totals = new int[3];
    for (ScanReport.ClassCount c : r.counts()) {
      out.printf(
          Locale.ROOT, "%-" + w + "s  %6d  %6d  %6d%n", c.name(), c.train(), c.val(), c.test());
      totals[0] += c.train();
      totals[1] += c.val();
      totals[2] += c.test();
    }
    out.printf(
        Locale.ROOT, "%-" + w + "s  %6d  %6d  %6d%n%n", "total", totals[0], totals[1], totals[2]);

    if (!r.sizes().isEmpty()) {
      String sizes =
          r.sizes().stream()
              .limit(8)
              .map(s -> s.width() + "×" + s.height() + " (" + s.count() + ")")
              .collect(Collectors.joining(", "));
      int more = r.sizes().size() - 8;
      out.println("sizes: " + sizes + (more > 0 ? ", and " + more + " more sizes" : ""));
      out.println(
          "modes: "
              + r.modes().stream()
                  .map(m -> m.mode() + " (" + m.count() + ")")
                  .collect(Collectors.joining(", ")));
    }

    // By path, so a class's problems stand together whatever split they fell in.
    Comparator<ScanProblem> byPath = Comparator.comparing(p -> r.relative(p.file()));
    List<ScanProblem> excluded =
        r.problems().stream().filter(p -> p.kind().excludedFromTraining()).sorted(byPath).toList();
    List<ScanProblem> warnings =
        r.problems().stream().filter(p -> !p.kind().excludedFromTraining()).sorted(byPath).toList();
    if (!excluded.isEmpty()) {
      out.printf("%n%d %s that training leaves out:%n", excluded.size(), files(excluded.size()));
      excluded.forEach(p -> out.println("  " + r.relative(p.file()) + ": " + p.reason()));
    }
    if (!warnings.isEmpty()) {
      out.printf(
          "%n%d %s (still used):%n",
          warnings.size(), warnings.size() == 1 ? "warning" : "warnings");
      warnings.forEach(p -> out.println("  " + r.relative(p.file()) + ": " + p.reason()));
    }
    if (!r.skipped().isEmpty()) {
      out.printf("%n%d skipped %s:%n", r.skipped().size(), files(r.skipped().size()));
      for (FileProblem s : r.skipped()) {
        out.println("  " + r.relative(s.file()) + ": " + s.reason());
      }
    }
    if (!r.hidden().isEmpty()) {
      out.printf(
          "%n%d hidden %s left out: %s%n",
          r.hidden().size(),
          r.hidden().size() == 1 ? "entry" : "entries",
          r.hidden().stream().map(r::relative).collect(Collectors.joining(", ")));
    }
    if (!r.emptyFolders().isEmpty()) {
      out.printf(
          "%nfolders without images (not classes): %s%n",
          r.emptyFolders().stream().map(r::relative).collect(Collectors.joining(", ")));
    }

    out.println();
    ChannelStats s = r.trainStats();
    if (s == null) {
      out.println("mean/std: no training image could be decoded");
    } else {
      out.printf(
          Locale.ROOT,
          "training split: mean %.4f %.4f %.4f  std %.4f %.4f %.4f  (R G B; %,d images, %,d pixels)%n",
          s.mean()[0],
          s.mean()[1],
          s.mean()[2],
          s.std()[0],
          s.std()[1],
          s.std()[2],
          s.images(),
          s.pixels());
    }
    ChannelStats imagenet = ChannelStats.imagenet();
    out.printf(
        Locale.ROOT,
        "ImageNet:       mean %.3f  %.3f  %.3f   std %.3f  %.3f  %.3f  (the default)%n",
        imagenet.mean()[0],
        imagenet.mean()[1],
        imagenet.mean()[2],
        imagenet.std()[0],
        imagenet.std()[1],
        imagenet.std()[2]);
    out.println("(layerbench dataset stats --help says how these are computed and which to use)");
  }

  /** A JSON object whose keys keep the order given: key, value, key, value, … */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return m;
  }

  private static String files(int n) {
    return n == 1 ? "file" : "files";
  }

  /** A progress line on a terminal's stderr, redrawn at most five times a second. */
  private static final class TerminalProgress implements ProgressMonitor {
    private final PrintWriter err;
    // Since JDK 22 System.console() is not null when redirected; isTerminal() tells.
    private final boolean terminal = System.console() != null && System.console().isTerminal();
    private long last;

    TerminalProgress(PrintWriter err) {
      this.err = err;
    }

    @Override
    public void progress(String stage, long done, long total) {
      if (!terminal) {
        return;
      }
      long now = System.nanoTime();
      if (done == total || now - last > 200_000_000L) {
        last = now;
        err.printf(Locale.ROOT, "\r%s %,d/%,d files ", stage, done, total);
        if (done == total) {
          err.print("\r" + " ".repeat(40) + "\r");
        }
        err.flush();
      }
    }
  }
}
