package org.layerbench.engine.data.text;

import java.util.List;

/**
 * A format detection proposes for a file, with one human reason per choice, for a person to accept
 * or override.
 *
 * @param format the proposed format
 * @param reasons why each part was chosen (delimiter, quoting, header, encoding, text, label)
 * @param decoding what decoding the whole file with the proposed encoding met
 * @param rows the number of data records read with the proposed format
 */
public record FormatProposal(
    TextFormat format, List<String> reasons, DecodingReport decoding, int rows) {

  public FormatProposal {
    reasons = List.copyOf(reasons);
  }
}
