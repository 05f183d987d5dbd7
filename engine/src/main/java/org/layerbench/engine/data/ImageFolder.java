package org.layerbench.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * An image-folder dataset: a {@link FolderIndex} of the image extensions, listed the way
 * torchvision's {@code ImageFolder} lists it (see {@link FolderIndex} for the layouts, the order
 * and the split).
 */
public final class ImageFolder {

  /** File name extensions (lower case, without the dot) that count as images. */
  public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif");

  /** Image files, as the dataset scan, training and the window count them. */
  public static final FolderIndex.FileKind IMAGES =
      new FolderIndex.FileKind("image", "images", IMAGE_EXTENSIONS);

  private static final FolderIndex INDEX = new FolderIndex(IMAGES);

  private ImageFolder() {}

  /** The index of image files that every image dataset is listed with. */
  public static FolderIndex index() {
    return INDEX;
  }

  /**
   * {@link FolderIndex.Listing} under its former name, for the callers that have not switched yet
   * (the window's data workspace); new code uses {@link FolderIndex#list}.
   *
   * @param splits the samples, as {@link #scan} returns them
   * @param splitFolders true for DIR/train/… + DIR/val/… (or DIR/train alone), false for one tree
   * @param hidden hidden files and folders, left out
   * @param emptyFolders class folders with no image files, which are therefore not classes
   */
  public record Listing(
      DatasetSplits splits, boolean splitFolders, List<Path> hidden, List<Path> emptyFolders) {

    public Listing {
      hidden = List.copyOf(hidden);
      emptyFolders = List.copyOf(emptyFolders);
    }

    static Listing of(FolderIndex.Listing l) {
      return new Listing(l.splits(), l.splitFolders(), l.hidden(), l.emptyFolders());
    }
  }

  /** {@link FolderIndex#scan} of the image files of {@code dir}. */
  public static DatasetSplits scan(Path dir, double valFraction, long seed) throws IOException {
    return INDEX.scan(dir, valFraction, seed);
  }

  /** {@link FolderIndex#list} of the image files of {@code dir}. */
  public static Listing list(Path dir, double valFraction, long seed) throws IOException {
    return Listing.of(INDEX.list(dir, valFraction, seed));
  }

  /** Why an image dataset of fewer than two classes cannot train a classifier. */
  static String oneClass(Path dir, List<String> classes) {
    return INDEX.oneClass(dir, classes);
  }
}
