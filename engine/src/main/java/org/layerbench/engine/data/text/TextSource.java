package org.layerbench.engine.data.text;

import org.layerbench.engine.data.Sample;

/**
 * Where the text of a text sample comes from: a row of a CSV/TSV file read once (a text dataset) or
 * a string a person typed (prediction). The token reader asks it for the text and never reads files
 * itself, so reading (encodings, columns, quoting) and tokenizing stay apart.
 */
public interface TextSource {

  /**
   * The text of {@code sample} (a {@link Sample#row() row} of its file).
   *
   * @throws IllegalArgumentException when this source does not hold that sample
   */
  String text(Sample sample);
}
