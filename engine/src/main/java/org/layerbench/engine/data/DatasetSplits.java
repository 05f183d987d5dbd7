package org.layerbench.engine.data;

import java.util.List;

/**
 * An image-folder dataset split into train/val/test, with class names in torchvision ImageFolder
 * order (sorted folder names).
 *
 * @param classes class names; a sample's label is an index into this list
 * @param train training samples, by class, then in file order
 * @param val validation samples, same order
 * @param test test samples (empty when the dataset has no test folder)
 * @param skipped files found but left out (not an image file, not in a class folder); in the splits
 *     of {@link DatasetScan#usable}, also every image file that cannot be used, with why
 */
public record DatasetSplits(
    List<String> classes,
    List<Sample> train,
    List<Sample> val,
    List<Sample> test,
    List<FileProblem> skipped) {

  public DatasetSplits {
    classes = List.copyOf(classes);
    train = List.copyOf(train);
    val = List.copyOf(val);
    test = List.copyOf(test);
    skipped = List.copyOf(skipped);
  }
}
