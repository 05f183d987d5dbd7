package org.layerbench.engine.data.text;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Parses decoded text into records with Apache Commons CSV: the format's delimiter, quoting on (RFC
 * 4180: '"' encloses a field, doubled inside it, which may then span lines) or off ('"' is an
 * ordinary character), and a header or not. Records end only at \n or \r\n: U+0085, U+2028 and the
 * like stay inside a field, and so does a lone \r (which Commons CSV alone would take for a line
 * end). Each record keeps the 1-based line it starts on. Blank lines are kept as records with one
 * empty field, so a dataset lists them instead of dropping them.
 */
public final class DelimitedReader {

  private DelimitedReader() {}

  /** Reads {@code file} in {@code format}. */
  public static TextTable read(Path file, TextFormat format) throws TextFileException {
    DecodedText decoded = TextDecoder.read(file, format.encoding());
    return parse(decoded, format, file.getFileName().toString(), Integer.MAX_VALUE);
  }

  /**
   * Parses {@code decoded} (a file called {@code name}, for messages), at most {@code maxRecords}
   * records after the header.
   *
   * @throws TextFileException when a quoted field is not closed or is followed by other characters
   */
  public static TextTable parse(DecodedText decoded, TextFormat format, String name, int maxRecords)
      throws TextFileException {
    String text = decoded.text();
    char loneCr = 0;
    if (hasLoneCr(text)) {
      loneCr = unusedPrivateChar(text);
      text = replaceLoneCr(text, loneCr);
    }
    int[] lineStarts = lineStarts(text);
    CSVFormat csv =
        CSVFormat.DEFAULT
            .builder()
            .setDelimiter(format.delimiter())
            .setQuote(format.quoting() ? Character.valueOf('"') : null)
            .setEscape(null)
            .setCommentMarker(null)
            .setIgnoreEmptyLines(false)
            .setIgnoreSurroundingSpaces(false)
            .setTrim(false)
            .get();
    List<String> header = List.of();
    List<TextRecord> records = new ArrayList<>();
    CSVParser parser = null;
    try {
      parser = CSVParser.parse(text, csv);
      for (CSVRecord r : parser) {
        List<String> fields = r.toList();
        if (loneCr != 0) {
          fields = restoreLoneCr(fields, loneCr);
        }
        if (format.header() && r.getRecordNumber() == 1) {
          header = fields;
          continue;
        }
        if (records.size() >= maxRecords) {
          break;
        }
        records.add(new TextRecord(lineOf(lineStarts, r.getCharacterPosition()), fields));
      }
    } catch (UncheckedIOException | IllegalStateException e) {
      long line = parser == null ? 1 : parser.getCurrentLineNumber();
      throw new TextFileException(
          name
              + ": line "
              + Math.max(1, line)
              + ": a quoted field is not closed where it should be"
              + (format.quoting()
                  ? "; if '\"' is an ordinary character in this file, read it without quoting"
                  : "")
              + " ("
              + rootMessage(e)
              + ")");
    } catch (IOException e) {
      throw new TextFileException(name + ": cannot be parsed (" + e.getMessage() + ")");
    }
    return new TextTable(header, records, decoded.report());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  private static int[] lineStarts(String text) {
    int[] starts = new int[64];
    int n = 0;
    starts[n++] = 0;
    for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
      if (n == starts.length) {
        starts = Arrays.copyOf(starts, n * 2);
      }
      starts[n++] = i + 1;
    }
    return Arrays.copyOf(starts, n);
  }

  private static int lineOf(int[] lineStarts, long position) {
    int i = Arrays.binarySearch(lineStarts, (int) position);
    return i >= 0 ? i + 1 : -i - 1;
  }

  private static boolean hasLoneCr(String text) {
    for (int i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
      if (i + 1 >= text.length() || text.charAt(i + 1) != '\n') {
        return true;
      }
    }
    return false;
  }

  /** A private-use character the text does not contain, to stand for a lone \r while parsing. */
  private static char unusedPrivateChar(String text) {
    for (char c = '\uE000'; c <= '\uF8FF'; c++) {
      if (text.indexOf(c) < 0) {
        return c;
      }
    }
    throw new IllegalStateException("the text uses every private-use character");
  }

  private static String replaceLoneCr(String text, char stand) {
    StringBuilder s = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean lone = c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n');
      s.append(lone ? stand : c);
    }
    return s.toString();
  }

  private static List<String> restoreLoneCr(List<String> fields, char stand) {
    List<String> out = new ArrayList<>(fields.size());
    for (String f : fields) {
      out.add(f.replace(stand, '\r'));
    }
    return out;
  }
}
