package org.layerbench.engine.data.text;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a text run's samples come from: one CSV/TSV file split by a seeded stratified split, or
 * separate training, validation (and test) files, all read in one {@link TextFormat}. What a run
 * records in run.json and reads again on resume, so the same files give the same splits.
 *
 * @param train the training file, or the one file that is split
 * @param val the validation file, or null to split {@code train}
 * @param test the test file, or null for none
 */
public record TextFiles(Path train, Path val, Path test, TextFormat format) {

  public TextFiles {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(format, "format");
    if (val == null && test != null) {
      throw new IllegalArgumentException(
          "a test file needs a validation file too (or leave both out to split the one file)");
    }
    train = train.toAbsolutePath();
    val = val == null ? null : val.toAbsolutePath();
    test = test == null ? null : test.toAbsolutePath();
  }

  /** One file, split by {@code valSplit} when read. */
  public static TextFiles split(Path file, TextFormat format) {
    return new TextFiles(file, null, null, format);
  }

  /** Whether {@link #read} splits one file (rather than reading separate split files). */
  public boolean splitsOneFile() {
    return val == null;
  }

  /**
   * Reads the dataset: separate files as they are, or the one file with {@code valSplit} of each
   * class to validation, seeded by {@code seed} (the same seed, the same split).
   *
   * @throws TextFileException when a file cannot be read or has no usable row
   * @throws IllegalArgumentException when the split leaves nothing to train on
   */
  public TextDataset read(double valSplit, long seed) throws TextFileException {
    return val == null
        ? TextDataset.split(train, format, valSplit, 0, seed)
        : TextDataset.files(train, val, test, format);
  }
}
