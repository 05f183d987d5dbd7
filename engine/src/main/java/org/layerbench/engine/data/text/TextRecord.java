package org.layerbench.engine.data.text;

import java.util.List;

/**
 * One record of a delimited file.
 *
 * @param line the 1-based line where it starts
 * @param fields its fields, decoded and unquoted
 */
public record TextRecord(int line, List<String> fields) {

  public TextRecord {
    fields = List.copyOf(fields);
  }
}
