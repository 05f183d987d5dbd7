package org.layerbench.engine.data;

import java.nio.file.Path;

/**
 * One labelled sample of a dataset: a whole file (an image, a WAV file) or one row of a file (a
 * line of a CSV of texts).
 *
 * @param file the file
 * @param label the index of its class in {@link DatasetSplits#classes()}
 * @param row the sample's row in {@code file} (0 is the first record), or -1 for the whole file
 */
public record Sample(Path file, int label, int row) {

  /** The whole file {@code file}. */
  public Sample(Path file, int label) {
    this(file, label, -1);
  }
}
