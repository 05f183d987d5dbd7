package org.layerbench.engine.data.text;

import java.util.List;

/**
 * What decoding a file met: how many lines had invalid byte sequences (each read as U+FFFD) and the
 * first few of them, with their bytes.
 *
 * @param encoding the encoding the file was read with
 * @param problemLines the number of lines with at least one invalid sequence
 * @param first the first {@link #SHOWN} problems, in file order
 */
public record DecodingReport(TextEncoding encoding, int problemLines, List<DecodingProblem> first) {

  /** How many problems a report keeps. */
  public static final int SHOWN = 10;

  public DecodingReport {
    first = List.copyOf(first);
  }

  /** True when every byte was valid. */
  public boolean clean() {
    return problemLines == 0;
  }

  /** One line for people: "11 lines with bytes that are not valid utf-8-replace (first: ...)". */
  public String summary() {
    if (clean()) {
      return "read as " + encoding.cliName() + " with no decoding problems";
    }
    return "read as "
        + encoding.cliName()
        + ": "
        + problemLines
        + (problemLines == 1 ? " line has" : " lines have")
        + " bytes that are not valid, each read as U+FFFD (first: "
        + first.getFirst()
        + ")";
  }
}
