package org.layerbench.engine.data.text;

import java.nio.file.Path;

/**
 * A record of a text file that is no sample, and why ("missing columns", "empty text", "label 'x'
 * is not among the training file's labels"). Listed, never dropped silently.
 *
 * @param file the file
 * @param line the 1-based line the record starts on
 * @param row the record's 0-based index among the file's data records
 * @param reason a short human reason
 */
public record RowProblem(Path file, int line, int row, String reason) {

  @Override
  public String toString() {
    return file.getFileName() + ": line " + line + ": " + reason;
  }
}
