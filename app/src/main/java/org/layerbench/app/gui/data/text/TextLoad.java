package org.layerbench.app.gui.data.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.data.text.DelimitedReader;
import org.layerbench.engine.data.text.FormatProposal;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextDecoder;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextTable;

/**
 * A text dataset file read for the Data workspace: the format detection proposed (with its
 * reasons), the format used (the project's, else the proposal), the dataset, and the file's columns
 * with their first values for choosing the text and label columns.
 *
 * @param proposal what detection proposes for the file
 * @param format the format the dataset was read in
 * @param dataset the dataset
 * @param columns one entry per column of the first record: its header name or index and the first
 *     value ("text — @switchfoot http://…")
 */
public record TextLoad(
    FormatProposal proposal, TextFormat format, TextDataset dataset, List<Column> columns) {

  /**
   * A column to choose.
   *
   * @param key what the format stores: the header name, or the 0-based index
   * @param first the first record's value in it
   */
  public record Column(String key, String first) {
    /** "5 · is upset that he can't update…" for a list. */
    public String label() {
      String v = first.length() > 48 ? first.substring(0, 47) + "…" : first;
      return key + "  ·  " + v.replace('\n', ' ').replace('\t', ' ');
    }
  }

  /**
   * Reads {@code file} in {@code format} (null: the proposed one), split by {@code valSplit} with
   * {@code seed}, or with separate {@code val} (and {@code test}) files when given.
   */
  public static TextLoad read(
      Path file, TextFormat format, Path val, Path test, double valSplit, long seed)
      throws TextFileException {
    FormatProposal proposal = TextFormat.detect(file);
    TextFormat used = format == null ? proposal.format() : format;
    TextDataset dataset =
        val != null
            ? TextDataset.files(file, val, test, used)
            : TextDataset.split(file, used, valSplit, 0, seed);
    TextTable head =
        DelimitedReader.parse(
            TextDecoder.read(file, used.encoding()), used, file.getFileName().toString(), 1);
    List<Column> columns = new ArrayList<>();
    List<String> first = head.records().isEmpty() ? List.of() : head.records().get(0).fields();
    int n = Math.max(first.size(), head.header().size());
    for (int i = 0; i < n; i++) {
      String key = i < head.header().size() ? head.header().get(i) : Integer.toString(i);
      columns.add(new Column(key, i < first.size() ? first.get(i) : ""));
    }
    return new TextLoad(proposal, used, dataset, List.copyOf(columns));
  }
}
