package org.layerbench.engine.data.text;

import java.util.List;

/**
 * A delimited file read into records.
 *
 * @param header the column names (empty when the format has no header)
 * @param records the data records in file order (a record's index here is its row)
 * @param decoding what decoding met
 */
public record TextTable(List<String> header, List<TextRecord> records, DecodingReport decoding) {

  public TextTable {
    header = List.copyOf(header);
    records = List.copyOf(records);
  }
}
