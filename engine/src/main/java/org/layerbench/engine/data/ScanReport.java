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
 * @param skipped files that are not images or not inside a class folder, and folders that cannot be
 *     read, left out without decoding
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

  /** A path relative to the dataset folder, as reports show it. */
  public String relative(Path file) {
    return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
  }
}
