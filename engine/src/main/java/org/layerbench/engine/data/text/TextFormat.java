package org.layerbench.engine.data.text;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * How to read a CSV/TSV file of labelled texts. A column is a 0-based index ("5") or, in a file
 * with a header, a header name ("review").
 *
 * @param delimiter the field separator: ',', '\t', ';' or '|'
 * @param header true when the first record names the columns (and is no sample)
 * @param quoting true when '"' encloses fields (RFC 4180, doubled inside); false when '"' is an
 *     ordinary character, as in the UCI sentence files
 * @param textColumn the column that holds the text
 * @param labelColumn the column that holds the label
 * @param encoding how the bytes become characters
 */
public record TextFormat(
    char delimiter,
    boolean header,
    boolean quoting,
    String textColumn,
    String labelColumn,
    TextEncoding encoding) {

  /** The delimiters a format may have, in the order detection tries them. */
  public static final List<Character> DELIMITERS = List.of(',', '\t', ';', '|');

  public TextFormat {
    if (!DELIMITERS.contains(delimiter)) {
      throw new IllegalArgumentException(
          "delimiter must be ',', 'tab', ';' or '|', not '" + delimiter + "'");
    }
    if (textColumn == null || textColumn.isBlank()) {
      throw new IllegalArgumentException("the text column is not set");
    }
    if (labelColumn == null || labelColumn.isBlank()) {
      throw new IllegalArgumentException("the label column is not set");
    }
    if (encoding == null) {
      throw new IllegalArgumentException("the encoding is not set");
    }
    textColumn = textColumn.trim();
    labelColumn = labelColumn.trim();
  }

  /** Proposes a format for {@code file} from its content, with the reasons (see FormatDetector). */
  public static FormatProposal detect(Path file) throws TextFileException {
    return FormatDetector.detect(file);
  }

  /** The delimiter as the CLI writes it: ",", "tab", ";" or "|". */
  public String delimiterName() {
    return delimiterName(delimiter);
  }

  /** {@code d} as the CLI writes it. */
  public static String delimiterName(char d) {
    return d == '\t' ? "tab" : String.valueOf(d);
  }

  /**
   * The delimiter the CLI calls {@code name} (",", "tab", ";", "|"; also a real tab).
   *
   * @throws IllegalArgumentException for anything else
   */
  public static char delimiterNamed(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("tab") || n.equals("\t") || n.equals("\\t")) {
      return '\t';
    }
    if (n.length() == 1 && DELIMITERS.contains(n.charAt(0))) {
      return n.charAt(0);
    }
    throw new IllegalArgumentException(
        "unknown delimiter '" + name + "'; use ',', 'tab', ';' or '|'");
  }

  /**
   * The 0-based index of {@code column} ("5" or a header name) among {@code headerNames} (empty
   * when the file has no header).
   *
   * @throws TextFileException when a name is not in the header or the file has none
   */
  public static int columnIndex(String column, List<String> headerNames, String what)
      throws TextFileException {
    int byName = headerNames.indexOf(column);
    if (byName >= 0) {
      return byName;
    }
    if (column.chars().allMatch(Character::isDigit)) {
      try {
        return Integer.parseInt(column);
      } catch (NumberFormatException e) {
        // falls through to the message below
      }
    }
    if (headerNames.isEmpty()) {
      throw new TextFileException(
          "the "
              + what
              + " column '"
              + column
              + "' is a name, but the file is read without a header; give a 0-based index");
    }
    throw new TextFileException(
        "the " + what + " column '" + column + "' is not in the header " + headerNames);
  }
}
