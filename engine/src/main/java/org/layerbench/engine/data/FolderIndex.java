package org.layerbench.engine.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * Indexes the sample files of a dataset folder with their labels and splits, for any modality whose
 * samples are whole files (images, WAV files): the way torchvision's {@code ImageFolder} and Keras'
 * {@code index_directory} do (one folder per class, classes in sorted order, files in sorted walk
 * order), minus their surprises: hidden folders such as {@code .ipynb_checkpoints} are not classes,
 * and empty class folders are not classes either. Files are recognised by extension and never
 * opened, so indexing decodes nothing; each modality's reader finds a corrupt file later.
 */
public final class FolderIndex {

  /**
   * What one modality's sample files are called and how they are recognised.
   *
   * @param name the file kind in a message, as in "not an image file" ("image", "audio")
   * @param plural the samples in a message, as in "one folder of images per class"
   * @param extensions file name extensions that count (lower case, without the dot); matched
   *     case-insensitively
   */
  public record FileKind(String name, String plural, Set<String> extensions) {

    public FileKind {
      extensions = Set.copyOf(extensions);
      for (String e : extensions) {
        if (e.isEmpty() || e.startsWith(".") || !e.equals(e.toLowerCase(Locale.ROOT))) {
          throw new IllegalArgumentException(
              "extensions are lower case, without the dot; got '" + e + "'");
        }
      }
    }

    /** Whether {@code file}'s name has one of {@link #extensions()} (in any case). */
    public boolean accepts(Path file) {
      return extensions.contains(extension(file));
    }

    /** Why a file of another extension is left out: "not an image file (.txt)". */
    String notOne(String ext) {
      String a = "aeiou".indexOf(name.charAt(0)) >= 0 ? "an " : "a ";
      return "not " + a + name + " file" + (ext.isEmpty() ? "" : " (." + ext + ")");
    }
  }

  private final FileKind kind;

  /** An index of the files of {@code kind}. */
  public FolderIndex(FileKind kind) {
    this.kind = java.util.Objects.requireNonNull(kind, "kind");
  }

  /** The files this index counts as samples. */
  public FileKind kind() {
    return kind;
  }

  /**
   * Python's {@code sorted()} on strings compares code points; {@link String#compareTo} compares
   * UTF-16 units, which orders characters outside the BMP differently. Class indices must match
   * torchvision's, so compare code points.
   */
  static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  /**
   * Everything a look through a dataset folder finds before any file is opened.
   *
   * @param splits the samples, as {@link #scan} returns them
   * @param splitFolders true for DIR/train/… + DIR/val/… (or DIR/train alone), false for one tree
   *     DIR/&lt;class&gt;/… split by the val fraction
   * @param hidden hidden files and folders (names starting with a dot), left out; a hidden folder's
   *     contents are not listed
   * @param emptyFolders class folders with no sample files, which are therefore not classes
   */
  public record Listing(
      DatasetSplits splits, boolean splitFolders, List<Path> hidden, List<Path> emptyFolders) {

    public Listing {
      hidden = List.copyOf(hidden);
      emptyFolders = List.copyOf(emptyFolders);
    }
  }

  /**
   * DIR/train/&lt;class&gt;/… + DIR/val/&lt;class&gt;/… (+ optional DIR/test/…), or
   * DIR/&lt;class&gt;/… split by valFraction with a seeded shuffle per class (stratified,
   * deterministic for a seed). A DIR/train without DIR/val is split by valFraction too.
   *
   * <p>Files at any depth under a class folder belong to it; hidden files and folders are skipped;
   * the kind's extensions are matched case-insensitively; other files are listed in {@code
   * skipped}. Files are not opened: a corrupt one is found when it is decoded.
   *
   * @param valFraction share of each class that goes to val when there is no val folder, in [0, 1)
   * @throws IOException with a one-line message when DIR is missing, has fewer than 2 classes, a
   *     class folder or a folder inside one cannot be read (a link to a missing target, permission
   *     denied), or val/test has a class that train lacks
   */
  public DatasetSplits scan(Path dir, double valFraction, long seed) throws IOException {
    DatasetSplits splits = list(dir, valFraction, seed).splits();
    if (splits.classes().size() < 2) {
      throw new IOException(oneClass(dir, splits.classes()));
    }
    return splits;
  }

  /** Why a dataset of fewer than two classes cannot train a classifier. */
  String oneClass(Path dir, List<String> classes) {
    return "the dataset "
        + dir
        + " has 1 class ('"
        + classes.getFirst()
        + "'): a classifier needs at least 2 classes, one folder of "
        + kind.plural()
        + " each";
  }

  /**
   * As {@link #scan}, also returning what was left out without being a problem: hidden files and
   * folders, and class folders without sample files. A dataset of one class is listed, not refused,
   * so that a report can say what it holds.
   */
  public Listing list(Path dir, double valFraction, long seed) throws IOException {
    if (!(valFraction >= 0 && valFraction < 1)) {
      throw new IllegalArgumentException("valFraction must be in [0, 1), got " + valFraction);
    }
    if (!Files.exists(dir)) {
      throw new IOException("dataset folder not found: " + dir);
    }
    if (!Files.isDirectory(dir)) {
      throw new IOException("dataset is not a folder: " + dir);
    }
    Path root = dir.toAbsolutePath().normalize();
    Found found = new Found();
    Path trainDir = root.resolve("train");
    Path valDir = root.resolve("val");
    Path testDir = root.resolve("test");
    boolean splitLayout = Files.isDirectory(trainDir);

    Map<String, List<Path>> train = classFiles(splitLayout ? trainDir : root, found);
    if (train.isEmpty()) {
      throw new IOException(
          "no classes found in "
              + (splitLayout ? trainDir : root)
              + ": expected one folder of "
              + kind.plural()
              + " per class");
    }
    List<String> classes = List.copyOf(train.keySet());
    List<Sample> trainSamples = new ArrayList<>();
    List<Sample> valSamples = new ArrayList<>();
    List<Sample> testSamples = new ArrayList<>();

    if (splitLayout && Files.isDirectory(valDir)) {
      addAll(train, classes, trainSamples);
      addAll(
          checkedAgainst(classFiles(valDir, found), classes, "val", trainDir), classes, valSamples);
    } else {
      for (Map.Entry<String, List<Path>> e : train.entrySet()) {
        split(e.getKey(), e.getValue(), classes, valFraction, seed, trainSamples, valSamples);
      }
    }
    if (splitLayout && Files.isDirectory(testDir)) {
      addAll(
          checkedAgainst(classFiles(testDir, found), classes, "test", trainDir),
          classes,
          testSamples);
    }
    found.hidden.sort(Comparator.comparing(Path::toString, CODE_POINT_ORDER));
    found.emptyFolders.sort(Comparator.comparing(Path::toString, CODE_POINT_ORDER));
    return new Listing(
        new DatasetSplits(classes, trainSamples, valSamples, testSamples, found.skipped),
        splitLayout,
        found.hidden,
        found.emptyFolders);
  }

  /** What the walk leaves out, collected as it goes. */
  private static final class Found {
    final List<FileProblem> skipped = new ArrayList<>();
    final List<Path> hidden = new ArrayList<>();
    final List<Path> emptyFolders = new ArrayList<>();
  }

  private Map<String, List<Path>> checkedAgainst(
      Map<String, List<Path>> part, List<String> classes, String name, Path trainDir)
      throws IOException {
    for (String c : part.keySet()) {
      if (!classes.contains(c) && Files.isDirectory(trainDir.resolve(c))) {
        throw new IOException(
            name
                + "/"
                + c
                + " has "
                + kind.plural()
                + " but train/"
                + c
                + " has none: the model could never learn class '"
                + c
                + "'");
      }
      if (!classes.contains(c)) {
        throw new IOException(
            name
                + "/ has class '"
                + c
                + "' that train/ lacks (train/ has "
                + classes.size()
                + " classes)");
      }
    }
    return part;
  }

  private static void addAll(Map<String, List<Path>> files, List<String> classes, List<Sample> to) {
    for (Map.Entry<String, List<Path>> e : files.entrySet()) {
      int label = classes.indexOf(e.getKey());
      for (Path p : e.getValue()) {
        to.add(new Sample(p, label));
      }
    }
  }

  /**
   * Stratified split: each class gives round(n * valFraction) files to val, chosen by a
   * Fisher-Yates shuffle seeded by the seed and the class name (so adding a class does not
   * reshuffle the others), but always keeps at least one file for train. Both parts stay in file
   * order.
   */
  private static void split(
      String className,
      List<Path> files,
      List<String> classes,
      double valFraction,
      long seed,
      List<Sample> train,
      List<Sample> val) {
    int label = classes.indexOf(className);
    int n = files.size();
    int nVal = Math.min((int) Math.round(n * valFraction), n - 1);
    boolean[] toVal = new boolean[n];
    if (nVal > 0) {
      int[] order = new int[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      // java.util.Random's sequence is fixed by its specification, so a seed means the same
      // split on every JDK.
      Random random = new Random(seed * 0x9E3779B97F4A7C15L + className.hashCode());
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int i = 0; i < nVal; i++) {
        toVal[order[i]] = true;
      }
    }
    for (int i = 0; i < n; i++) {
      (toVal[i] ? val : train).add(new Sample(files.get(i), label));
    }
  }

  /**
   * The sample files of each non-empty, non-hidden class folder under {@code base}, keyed by class
   * name in code-point order. Files are in the order of Python's {@code sorted(os.walk(...))} with
   * sorted file names, as torchvision lists them.
   */
  private Map<String, List<Path>> classFiles(Path base, Found found) throws IOException {
    List<Path> entries;
    try (var stream = Files.list(base)) {
      entries = stream.sorted(Comparator.comparing(p -> name(p), CODE_POINT_ORDER)).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      IOException cause =
          e instanceof java.io.UncheckedIOException u ? u.getCause() : (IOException) e;
      throw new IOException("cannot read the folder " + base + ": " + reason(cause), cause);
    }
    Map<String, List<Path>> classes = new TreeMap<>(CODE_POINT_ORDER);
    for (Path entry : entries) {
      if (isHidden(entry)) {
        found.hidden.add(entry);
        continue;
      }
      if (Files.isDirectory(entry)) {
        List<Path> files = files(entry, found);
        if (!files.isEmpty()) {
          classes.put(name(entry), files);
        } else {
          found.emptyFolders.add(entry);
        }
      } else if (Files.isSymbolicLink(entry) && !Files.exists(entry)) {
        // Perhaps a class whose folder is on a drive not mounted: dropping it would train a model
        // with fewer classes without a word.
        throw new IOException("cannot read the class folder " + entry + ": " + unfollowable(entry));
      } else {
        found.skipped.add(new FileProblem(entry, "not inside a class folder"));
      }
    }
    return classes;
  }

  private List<Path> files(Path classDir, Found found) throws IOException {
    List<FileProblem> skipped = found.skipped;
    // Sorted by (folder, name) as torchvision's sorted(os.walk) + sorted(fnames) does.
    Map<String, List<Path>> byFolder = new TreeMap<>(CODE_POINT_ORDER);
    Files.walkFileTree(
        classDir,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS),
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            if (!d.equals(classDir) && isHidden(d)) {
              found.hidden.add(d);
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            if (attrs.isDirectory()) {
              return FileVisitResult.CONTINUE;
            }
            if (isHidden(f)) {
              found.hidden.add(f);
              return FileVisitResult.CONTINUE;
            }
            if (kind.accepts(f)) {
              byFolder
                  .computeIfAbsent(
                      classDir.relativize(f.getParent()).toString(), k -> new ArrayList<>())
                  .add(f);
            } else {
              skipped.add(new FileProblem(f, kind.notOne(extension(f))));
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) { // its files are listed once already
              skipped.add(new FileProblem(f, "folder link loops back on itself"));
              return FileVisitResult.CONTINUE;
            }
            if (!f.equals(classDir) && !Files.isDirectory(f)) { // one file: left out, reported
              skipped.add(new FileProblem(f, "cannot read (" + reason(e) + ")"));
              return FileVisitResult.CONTINUE;
            }
            // A folder that cannot be listed (permission denied, an I/O error) hides an unknown
            // number of samples: refused, rather than training without them.
            throw unreadableFolder(f, classDir, e);
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null) { // failed while listing it
              throw unreadableFolder(d, classDir, e);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    List<Path> files = new ArrayList<>();
    for (List<Path> inFolder : byFolder.values()) {
      inFolder.sort(Comparator.comparing(p -> name(p), CODE_POINT_ORDER));
      files.addAll(inFolder);
    }
    return files;
  }

  private static IOException unreadableFolder(Path folder, Path classDir, IOException e) {
    String what =
        folder.equals(classDir)
            ? "the class folder " + folder
            : "the folder " + folder + " (in class '" + name(classDir) + "')";
    return new IOException("cannot read " + what + ": " + reason(e), e);
  }

  /** Why a link cannot be followed: its target is missing, or it loops. */
  private static String unfollowable(Path link) {
    try {
      Files.readAttributes(link, BasicFileAttributes.class);
      return "it cannot be followed";
    } catch (NoSuchFileException e) {
      return "it is a link to a missing target";
    } catch (IOException e) {
      return "its link cannot be followed (" + reason(e) + ")";
    }
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "not found";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static String name(Path p) {
    return p.getFileName().toString();
  }

  private static boolean isHidden(Path p) {
    return name(p).startsWith(".");
  }

  private static String extension(Path p) {
    String n = name(p);
    int dot = n.lastIndexOf('.');
    return dot < 0 ? "" : n.substring(dot + 1).toLowerCase(Locale.ROOT);
  }
}
