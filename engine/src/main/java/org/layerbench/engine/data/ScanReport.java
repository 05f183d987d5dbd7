package org.layerbench.engine.data;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link DatasetScan} found in a dataset folder: plain immutable data for the CLI and the
 * workbench's data view.
 *
 * @param root the dataset folder (absolute)
 * @param splitFolders true for train/ + val/ (+ test/) folders, false for one tree of class folders
 *     split by {@code valFraction} and {@code seed}
 * @param valFraction the validation share used when {@code splitFolders} is false
 * @param seed the seed of that split
 * @param classes class names in torchvision's order (a label is an index into this list)
 * @param counts per class, the usable images (decoded; too small and duplicates included) per split
 * @param imageFiles files with an image extension in class folders, usable or not
 * @param images of those, the files that decode (what training uses)
 * @param sizes image sizes (after EXIF orientation) of the usable images, most common first
 * @param modes colour modes as Pillow names them ("RGB", "L", "P", …), most common first
 * @param problems every problem, in dataset order (train, val, test; class; file)
 * @param skipped files that are not images or not inside a class folder (or whose attributes cannot
 *     be read), left out without decoding; a folder that cannot be read is an error of the scan
 *     instead
 * @param hidden hidden files and folders (a name starting with a dot), left out
 * @param emptyFolders class folders without images, which are therefore not classes
 * @param trainStats mean and std of the usable training images ({@link ChannelStats#DEFINITION});
 *     null when not asked for or no training image decodes
 */
public record ScanReport(
    Path root,
    boolean splitFolders,
    double valFraction,
    long seed,
    List<String> classes,
    List<ClassCount> counts,
    int imageFiles,
    int images,
    List<SizeCount> sizes,
    List<ModeCount> modes,
    List<ScanProblem> problems,
    List<FileProblem> skipped,
    List<Path> hidden,
    List<Path> emptyFolders,
    ChannelStats trainStats) {

  /** Usable images of one class in each split. */
  public record ClassCount(String name, int train, int val, int test) {
    public int total() {
      return train + val + test;
    }
  }

  /** How many usable images have this size. */
  public record SizeCount(int width, int height, int count) {}

  /** How many usable images have this colour mode. */
  public record ModeCount(String mode, int count) {}

  public ScanReport {
    classes = List.copyOf(classes);
    counts = List.copyOf(counts);
    sizes = List.copyOf(sizes);
    modes = List.copyOf(modes);
    problems = List.copyOf(problems);
    skipped = List.copyOf(skipped);
    hidden = List.copyOf(hidden);
    emptyFolders = List.copyOf(emptyFolders);
  }

  /** The problems of one kind. */
  public List<ScanProblem> problems(ProblemKind kind) {
    return problems.stream().filter(p -> p.kind() == kind).toList();
  }

  /** Image files training cannot use (unreadable, truncated, …): imageFiles − images. */
  public int unusable() {
    return imageFiles - images;
  }

  /** Usable images in a split ("train", "val" or "test"), all classes together. */
  public int usable(String split) {
    return switch (split) {
      case "train" -> counts.stream().mapToInt(ClassCount::train).sum();
      case "val" -> counts.stream().mapToInt(ClassCount::val).sum();
      case "test" -> counts.stream().mapToInt(ClassCount::test).sum();
      default -> throw new IllegalArgumentException("no split '" + split + "' (train, val, test)");
    };
  }

  /**
   * Every file of the dataset that training leaves out, with why: the image files that cannot be
   * used ({@link #unusable()}), then the other files ({@link #skipped()}: not an image, not inside
   * a class folder); hidden files are not counted. Each group in path order.
   */
  public List<FileProblem> leftOut() {
    java.util.Comparator<FileProblem> byPath =
        java.util.Comparator.comparing(p -> relative(p.file()), FolderIndex.CODE_POINT_ORDER);
    List<FileProblem> out = new java.util.ArrayList<>();
    problems.stream()
        .filter(p -> p.kind().excludedFromTraining())
        .map(p -> new FileProblem(p.file(), p.reason()))
        .sorted(byPath)
        .forEach(out::add);
    skipped.stream().sorted(byPath).forEach(out::add);
    return out;
  }

  /**
   * What makes training refuse this dataset, one sentence each: fewer than two classes, a class
   * with no usable training image (its model output could never be learnt).
   */
  public List<String> errors() {
    List<String> errors = new java.util.ArrayList<>();
    if (classes.size() < 2) {
      errors.add(ImageFolder.oneClass(root, classes));
    }
    for (ClassCount c : counts) {
      if (c.train() == 0) {
        errors.add(
            "class '"
                + c.name()
                + "' has no usable training images ("
                + (splitFolders ? "train/" : "")
                + c.name()
                + ": every image file is left out)");
      }
    }
    return errors;
  }

  /**
   * What training goes on with but a user should know: each class folder without images (so not a
   * class: the model has one output fewer), each class without validation (or test) images when
   * others have some.
   */
  public List<String> warnings() {
    List<String> warnings = new java.util.ArrayList<>();
    for (Path folder : emptyFolders) {
      if (classes.contains(folder.getFileName().toString())) {
        continue; // val/cat or test/cat: said below, per class
      }
      warnings.add(
          relative(folder)
              + "/ has no images, so it is not a class (the model learns "
              + classes.size()
              + (classes.size() == 1 ? " class)" : " classes)"));
    }
    for (ClassCount c : counts) {
      if (usable("val") > 0 && c.val() == 0 && c.train() > 0) {
        warnings.add(
            "class '" + c.name() + "' has no validation images: its accuracy is not measured");
      }
      if (usable("test") > 0 && c.test() == 0 && c.train() > 0) {
        warnings.add("class '" + c.name() + "' has no test images");
      }
    }
    return warnings;
  }

  /**
   * The lines {@code layerbench train} prints before it trains and {@code layerbench dataset stats}
   * prints at its top, so both state the same numbers: usable images per split, the files left out
   * with the first {@code reasons} of them, the warnings and the errors.
   */
  public List<String> summary(int reasons) {
    List<String> lines = new java.util.ArrayList<>();
    int test = usable("test");
    lines.add(
        String.format(
            java.util.Locale.ROOT,
            "usable images: %,d train, %,d val%s; %d %s",
            usable("train"),
            usable("val"),
            test > 0 ? String.format(java.util.Locale.ROOT, ", %,d test", test) : "",
            classes.size(),
            classes.size() == 1 ? "class" : "classes"));
    List<FileProblem> leftOut = leftOut();
    if (!leftOut.isEmpty()) {
      lines.add(
          String.format(
              java.util.Locale.ROOT,
              "left out: %,d %s (%,d image %s that cannot be used, %,d other %s)%s",
              leftOut.size(),
              leftOut.size() == 1 ? "file" : "files",
              unusable(),
              unusable() == 1 ? "file" : "files",
              skipped.size(),
              skipped.size() == 1 ? "file" : "files",
              reasons > 0 ? ":" : ""));
      int shown = Math.min(reasons, leftOut.size());
      for (FileProblem p : leftOut.subList(0, shown)) {
        lines.add("  " + relative(p.file()) + ": " + p.reason());
      }
      if (shown > 0 && shown < leftOut.size()) {
        lines.add(
            String.format(
                java.util.Locale.ROOT,
                "  … and %,d more (layerbench dataset stats %s lists them all)",
                leftOut.size() - shown,
                root));
      }
    }
    warnings().forEach(w -> lines.add("warning: " + w));
    errors().forEach(e -> lines.add("cannot train: " + e));
    return lines;
  }

  /** A path relative to the dataset folder, as reports show it. */
  public String relative(Path file) {
    return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
  }
}
