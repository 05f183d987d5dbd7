package org.layerbench.app.gui.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.FileProblem;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.ScanReport;

/**
 * A dataset folder as listed before any image is opened ({@link ImageFolder#list}, the split
 * training makes): its layout, classes, every image with its class and split, and the image files
 * per class and split. The scan that decodes every file ({@link ScanReport}) comes later and adds
 * the problems.
 *
 * @param root the dataset folder (absolute)
 * @param layout how the folder is organised, which decides whether the split ratio applies
 * @param valSplit the validation share used when the layout splits by ratio
 * @param classes class names in torchvision's order
 * @param images train, then val, then test images, each by class in file order
 * @param counts image files per class and split
 * @param skipped files left out without opening them (not images, outside class folders)
 * @param emptyFolders class folders without images
 */
public record DatasetIndex(
    Path root,
    Layout layout,
    double valSplit,
    List<String> classes,
    List<DataImage> images,
    List<ScanReport.ClassCount> counts,
    List<FileProblem> skipped,
    List<Path> emptyFolders) {

  /** How a dataset folder is laid out. */
  public enum Layout {
    /** train/ and val/ folders (and maybe test/): the split is the folders'. */
    SPLIT_FOLDERS("train/ and val/ folders", false),
    /** A train/ folder only: validation images are taken from it by the split ratio. */
    TRAIN_ONLY("a train/ folder without val/: validation taken from it by ratio", true),
    /** One folder per class: validation images are taken from each class by the split ratio. */
    CLASS_FOLDERS("one folder per class, split into train and validation by ratio", true);

    private final String description;
    private final boolean usesRatio;

    Layout(String description, boolean usesRatio) {
      this.description = description;
      this.usesRatio = usesRatio;
    }

    public String description() {
      return description;
    }

    /** Whether the project's validation split ratio decides the split. */
    public boolean usesRatio() {
      return usesRatio;
    }
  }

  public DatasetIndex {
    classes = List.copyOf(classes);
    images = List.copyOf(images);
    counts = List.copyOf(counts);
    skipped = List.copyOf(skipped);
    emptyFolders = List.copyOf(emptyFolders);
  }

  /** Lists {@code dir} as training will split it (nothing is decoded). */
  public static DatasetIndex list(Path dir, double valSplit, long seed) throws IOException {
    ImageFolder.Listing listing = ImageFolder.list(dir, valSplit, seed);
    Path root = dir.toAbsolutePath().normalize();
    Layout layout =
        !listing.splitFolders()
            ? Layout.CLASS_FOLDERS
            : Files.isDirectory(root.resolve("val")) ? Layout.SPLIT_FOLDERS : Layout.TRAIN_ONLY;
    DatasetSplits s = listing.splits();
    List<String> classes = s.classes();
    int[][] counts = new int[classes.size()][3];
    List<DataImage> images = new ArrayList<>();
    String[] names = {"train", "val", "test"};
    List<List<Sample>> bySplit = List.of(s.train(), s.val(), s.test());
    for (int k = 0; k < 3; k++) {
      for (Sample sample : bySplit.get(k)) {
        images.add(
            new DataImage(sample.file(), sample.label(), classes.get(sample.label()), names[k]));
        counts[sample.label()][k]++;
      }
    }
    List<ScanReport.ClassCount> classCounts = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      classCounts.add(
          new ScanReport.ClassCount(classes.get(c), counts[c][0], counts[c][1], counts[c][2]));
    }
    return new DatasetIndex(
        root, layout, valSplit, classes, images, classCounts, s.skipped(), listing.emptyFolders());
  }

  /** Whether any image is in the test split. */
  public boolean hasTest() {
    return counts.stream().anyMatch(c -> c.test() > 0);
  }

  /** The training images' files, in dataset order (what mean/std are computed on). */
  public List<Path> trainFiles() {
    return images.stream().filter(i -> i.split().equals("train")).map(DataImage::file).toList();
  }

  /** A path relative to the dataset folder, as lists show it. */
  public String relative(Path file) {
    return file.startsWith(root) ? root.relativize(file).toString() : file.toString();
  }
}
