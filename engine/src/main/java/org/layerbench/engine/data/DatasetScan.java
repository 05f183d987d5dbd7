package org.layerbench.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.layerbench.engine.data.image.DecodedImage;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.RgbImage;

/**
 * Looks at every file of an image-folder dataset: its classes and their counts per split, image
 * sizes and colour modes, each file that cannot be used and why, duplicates, and the training
 * split's per-channel mean and std — what a person wants to know before training on it.
 *
 * <p>Every image file is decoded once, with the decoder training uses, so a file reported as usable
 * trains and one reported as unusable is exactly one the training loader skips. Files are read,
 * never written. The scan runs on the calling thread (call it from a background thread in a GUI)
 * with a few helper threads for decoding; it holds one decoded image per helper at a time, so
 * memory does not grow with the dataset.
 */
public final class DatasetScan {

  private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
  private static final String[] SPLITS = {"train", "val", "test"};

  private DatasetScan() {}

  /**
   * Scans {@code dir} (laid out as {@link ImageFolder#scan} expects). The monitor hears the stages
   * "decoding" (every image file) and "duplicates" (files that share a size with another, hashed).
   *
   * @throws IOException with a one-line message when the folder is missing or has no classes
   * @throws CancellationException when the monitor cancels; no report is returned then
   */
  public static ScanReport scan(Path dir, ScanOptions options, ProgressMonitor monitor)
      throws IOException {
    checkCancelled(monitor, "before listing the files");
    FolderIndex.Listing listing =
        ImageFolder.index().list(dir, options.valFraction(), options.seed());
    return scan(dir, listing, options, monitor).report();
  }

  /**
   * The images training uses, by the one definition {@code layerbench train} and {@code layerbench
   * dataset stats} share: the image files of the dataset that decode with the training decoder (too
   * small and duplicate files included). Every file is decoded once, as {@link #scan} does (without
   * the statistics), so a truncated or corrupt file is left out and named before training rather
   * than skipped in the middle of an epoch.
   *
   * <p>The last result is kept (softly) with a digest of the listing (every file's path, size and
   * modification time): asked again for an unchanged folder, as the CLI and then the training run
   * ask, it does not decode everything a second time.
   *
   * @throws IOException with a one-line message when the folder is missing, has no classes or a
   *     class folder that cannot be read (see {@link ImageFolder#scan})
   */
  public static Usable usable(Path dir, double valFraction, long seed, ProgressMonitor monitor)
      throws IOException {
    ScanOptions options = ScanOptions.defaults().withSplit(valFraction, seed).withStatistics(false);
    checkCancelled(monitor, "before listing the files");
    FolderIndex.Listing listing = ImageFolder.index().list(dir, valFraction, seed);
    String key = key(dir, valFraction, seed, listing);
    synchronized (DatasetScan.class) {
      Usable last = lastUsable.get();
      if (key.equals(lastKey) && last != null) {
        return last;
      }
    }
    Usable usable = scan(dir, listing, options, monitor);
    synchronized (DatasetScan.class) {
      lastKey = key;
      lastUsable = new java.lang.ref.SoftReference<>(usable);
    }
    return usable;
  }

  /**
   * A dataset's report and the samples training uses.
   *
   * @param report what {@link #scan} reports (without statistics)
   * @param splits the usable samples of each split, in dataset order; {@link
   *     DatasetSplits#skipped()} holds every file left out ({@link ScanReport#leftOut()})
   */
  public record Usable(ScanReport report, DatasetSplits splits) {

    /**
     * The splits, or an IOException with the first of {@link ScanReport#errors()} (one class, a
     * class without a usable training image) as its one-line message.
     */
    public DatasetSplits trainable() throws IOException {
      List<String> errors = report.errors();
      if (!errors.isEmpty()) {
        throw new IOException(errors.getFirst());
      }
      return splits;
    }
  }

  private static String lastKey;
  private static java.lang.ref.SoftReference<Usable> lastUsable =
      new java.lang.ref.SoftReference<>(null);

  /**
   * The listing's identity: its options, every file's path, size, modification time and inode, and
   * what it left out (so a new empty class folder is warned about).
   */
  private static String key(Path dir, double valFraction, long seed, FolderIndex.Listing listing)
      throws IOException {
    DatasetSplits splits = listing.splits();
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    StringBuilder b = new StringBuilder();
    for (List<Sample> split : List.of(splits.train(), splits.val(), splits.test())) {
      for (Sample sample : split) {
        b.setLength(0);
        b.append(sample.file()).append('\0').append(sample.label()).append('\0');
        try {
          var attrs =
              Files.readAttributes(
                  sample.file(), java.nio.file.attribute.BasicFileAttributes.class);
          b.append(attrs.size()).append('\0').append(attrs.lastModifiedTime().toMillis());
          b.append('\0').append(attrs.fileKey());
        } catch (IOException e) {
          b.append("unreadable");
        }
        digest.update(b.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      digest.update((byte) '|');
    }
    for (Object left : List.of(splits.skipped(), listing.emptyFolders(), listing.hidden())) {
      digest.update(left.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return dir.toAbsolutePath().normalize()
        + "\0"
        + valFraction
        + "\0"
        + seed
        + "\0"
        + java.util.HexFormat.of().formatHex(digest.digest());
  }

  private static Usable scan(
      Path dir, FolderIndex.Listing listing, ScanOptions options, ProgressMonitor monitor)
      throws IOException {
    DatasetSplits splits = listing.splits();
    List<Entry> entries = new ArrayList<>();
    List<List<Sample>> bySplit = List.of(splits.train(), splits.val(), splits.test());
    for (int s = 0; s < SPLITS.length; s++) {
      for (Sample sample : bySplit.get(s)) {
        entries.add(new Entry(sample, s));
      }
    }
    Result[] results = decodeAll(entries, options, monitor);
    Map<Integer, Integer> duplicateOf = duplicates(entries, results, monitor);

    Path root = dir.toAbsolutePath().normalize();
    List<String> classes = splits.classes();
    int[][] counts = new int[classes.size()][3];
    Map<Long, Integer> sizes = new HashMap<>();
    Map<String, Integer> modes = new HashMap<>();
    List<ScanProblem> problems = new ArrayList<>();
    ChannelStatistics stats = new ChannelStatistics();
    int usable = 0;
    List<List<Sample>> usableBySplit =
        List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    List<FileProblem> leftOut = new ArrayList<>(splits.skipped());
    for (int i = 0; i < entries.size(); i++) {
      Entry e = entries.get(i);
      Result r = results[i];
      String split = SPLITS[e.split];
      String className = classes.get(e.sample.label());
      Path file = e.sample.file();
      if (r.kind != null) {
        problems.add(new ScanProblem(file, split, className, r.kind, r.reason, null));
        leftOut.add(new FileProblem(file, r.reason));
        continue;
      }
      usable++;
      usableBySplit.get(e.split).add(e.sample);
      counts[e.sample.label()][e.split]++;
      sizes.merge((long) r.width << 32 | r.height, 1, Integer::sum);
      modes.merge(r.mode, 1, Integer::sum);
      if (r.sums != null) {
        stats.add(r.sums, (long) r.width * r.height);
      }
      if (Math.min(r.width, r.height) < options.minSide()) {
        problems.add(
            new ScanProblem(
                file,
                split,
                className,
                ProblemKind.TOO_SMALL,
                String.format(
                    Locale.ROOT,
                    "too small: %d×%d pixels, under %d on a side",
                    r.width,
                    r.height,
                    options.minSide()),
                null));
      }
      Integer original = duplicateOf.get(i);
      if (original != null) {
        Entry o = entries.get(original);
        problems.add(
            new ScanProblem(
                file,
                split,
                className,
                ProblemKind.DUPLICATE,
                "same content as "
                    + relative(root, o.sample.file())
                    + (o.split != e.split ? " (in " + SPLITS[o.split] + ")" : ""),
                o.sample.file()));
      }
    }

    List<ScanReport.ClassCount> classCounts = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      classCounts.add(
          new ScanReport.ClassCount(classes.get(c), counts[c][0], counts[c][1], counts[c][2]));
    }
    List<ScanReport.SizeCount> sizeCounts =
        sizes.entrySet().stream()
            .map(
                s ->
                    new ScanReport.SizeCount(
                        (int) (s.getKey() >>> 32), (int) (long) s.getKey(), s.getValue()))
            .sorted(
                Comparator.comparingInt(ScanReport.SizeCount::count)
                    .reversed()
                    .thenComparingInt(ScanReport.SizeCount::width)
                    .thenComparingInt(ScanReport.SizeCount::height))
            .toList();
    List<ScanReport.ModeCount> modeCounts =
        modes.entrySet().stream()
            .map(m -> new ScanReport.ModeCount(m.getKey(), m.getValue()))
            .sorted(
                Comparator.comparingInt(ScanReport.ModeCount::count)
                    .reversed()
                    .thenComparing(ScanReport.ModeCount::mode))
            .toList();
    List<FileProblem> skipped = new ArrayList<>(splits.skipped());
    skipped.sort(Comparator.comparing(p -> p.file().toString(), FolderIndex.CODE_POINT_ORDER));
    ScanReport report =
        new ScanReport(
            root,
            listing.splitFolders(),
            options.valFraction(),
            options.seed(),
            classes,
            classCounts,
            entries.size(),
            usable,
            sizeCounts,
            modeCounts,
            problems,
            skipped,
            listing.hidden(),
            listing.emptyFolders(),
            options.statistics() && stats.images() > 0 ? stats.result() : null);
    return new Usable(
        report,
        new DatasetSplits(
            classes, usableBySplit.get(0), usableBySplit.get(1), usableBySplit.get(2), leftOut));
  }

  /** One image file and its split (an index into SPLITS). */
  private record Entry(Sample sample, int split) {}

  /**
   * What decoding one file gave: its size, mode and, for a training image when statistics are asked
   * for, its channel sums; or a problem kind and reason. {@code outOfMemory} marks a file to try
   * again alone.
   */
  private record Result(
      int width,
      int height,
      String mode,
      long bytes,
      long[] sums,
      ProblemKind kind,
      String reason,
      boolean outOfMemory) {

    static Result failed(ProblemKind kind, String reason) {
      return new Result(0, 0, null, 0, null, kind, reason, false);
    }
  }

  private static Result decode(Entry entry, ScanOptions options) {
    Path file = entry.sample.file();
    try {
      DecodedImage d = ImageDecoder.read(file, options.maxPixels());
      RgbImage image = d.image();
      long[] sums = options.statistics() && entry.split == 0 ? ChannelStatistics.sums(image) : null;
      return new Result(
          image.width(), image.height(), d.mode(), Files.size(file), sums, null, null, false);
    } catch (ImageDecodeException e) {
      return Result.failed(e.kind(), e.reason());
    } catch (IOException e) {
      return Result.failed(ProblemKind.UNREADABLE, "cannot read (" + e.getMessage() + ")");
    } catch (OutOfMemoryError e) {
      // Several large images decoding at once; the file gets a second try alone.
      return new Result(0, 0, null, 0, null, null, null, true);
    } catch (RuntimeException e) { // a decoder bug costs one file, not the scan
      return Result.failed(ProblemKind.UNSUPPORTED, "cannot decode (" + e + ")");
    }
  }

  /**
   * Decodes every file on a small pool, at most a few files ahead of the one whose result is taken
   * next, so results come back (and progress is reported) in dataset order on this thread.
   */
  private static Result[] decodeAll(
      List<Entry> entries, ScanOptions options, ProgressMonitor monitor) throws IOException {
    int n = entries.size();
    Result[] results = new Result[n];
    int threads =
        options.threads() > 0
            ? options.threads()
            : Math.min(4, Runtime.getRuntime().availableProcessors());
    int window = threads * 4;
    WorkerThreads workers = new WorkerThreads("layerbench-scan-", THREAD_NUMBER);
    ExecutorService pool = Executors.newFixedThreadPool(threads, workers);
    try {
      Deque<Future<Result>> inFlight = new ArrayDeque<>();
      int next = 0;
      for (int i = 0; i < n; i++) {
        while (next < n && next < i + window) {
          Entry e = entries.get(next++);
          inFlight.add(pool.submit(() -> decode(e, options)));
        }
        checkCancelled(monitor, "after " + i + " of " + n + " files");
        results[i] = take(inFlight.poll());
        monitor.progress("decoding", i + 1, n);
      }
    } finally {
      pool.shutdownNow();
      // a cancelled scan leaves no thread behind: in the window another scan follows it
      workers.join(java.time.Duration.ofMinutes(1));
    }
    for (int i = 0; i < n; i++) {
      if (results[i].outOfMemory) {
        checkCancelled(monitor, "while decoding large images");
        Result again = decode(entries.get(i), options);
        results[i] =
            again.outOfMemory
                ? Result.failed(
                    ProblemKind.TOO_LARGE,
                    "too large to decode in the memory this program may use (raise -Xmx)")
                : again;
      }
    }
    return results;
  }

  private static Result take(Future<Result> future) throws IOException {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted");
    } catch (ExecutionException e) {
      throw new IOException("scan failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Files with the same bytes: only files that share their size with another usable image are read
   * again and hashed (SHA-256, streamed). Returns, for each later copy, the index of the first file
   * with its content.
   */
  private static Map<Integer, Integer> duplicates(
      List<Entry> entries, Result[] results, ProgressMonitor monitor) throws IOException {
    Map<Long, List<Integer>> bySize = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      if (results[i].kind == null) {
        bySize.computeIfAbsent(results[i].bytes, k -> new ArrayList<>()).add(i);
      }
    }
    List<Integer> candidates = new ArrayList<>();
    bySize.values().stream().filter(g -> g.size() > 1).forEach(candidates::addAll);
    candidates.sort(null); // dataset order, so the first copy is the original
    Map<String, Integer> firstByHash = new HashMap<>();
    Map<Integer, Integer> duplicateOf = new HashMap<>();
    int done = 0;
    for (int i : candidates) {
      checkCancelled(monitor, "while looking for duplicates");
      String hash = sha256(entries.get(i).sample.file());
      if (hash != null) {
        Integer first = firstByHash.putIfAbsent(results[i].bytes + ":" + hash, i);
        if (first != null) {
          duplicateOf.put(i, first);
        }
      }
      monitor.progress("duplicates", ++done, candidates.size());
    }
    return duplicateOf;
  }

  /** The file's SHA-256 in hex, or null when it cannot be read now (it decoded a moment ago). */
  private static String sha256(Path file) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      return null;
    }
    return java.util.HexFormat.of().formatHex(digest.digest());
  }

  private static void checkCancelled(ProgressMonitor monitor, String when) {
    if (monitor.isCancelled()) {
      throw new CancellationException("dataset scan cancelled " + when);
    }
  }

  private static String relative(Path root, Path file) {
    return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
  }
}
