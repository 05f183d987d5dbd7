package org.layerbench.engine.data.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Proposes a {@link TextFormat} for a CSV/TSV file of labelled texts from its content:
 *
 * <ul>
 *   <li>encoding: strict UTF-8 when every byte is valid; else UTF-8 replacing bad sequences when
 *       the file also has valid multi-byte UTF-8 characters (a UTF-8 file with a few broken bytes,
 *       as Sentiment140); else Windows-1252 (a single-byte file);
 *   <li>delimiter and quoting: of , tab ; | with quoting on and off, the parse of the first records
 *       whose field count is the same on most records (at least two fields); quoting on only when
 *       '"' opens fields, never when it only appears inside them;
 *   <li>header: the first record's fields are short non-numeric names none of which occurs again in
 *       its column;
 *   <li>text column: the longest on average (then the most distinct); label column: the fewest
 *       distinct values, at least two (then the shortest).
 * </ul>
 */
public final class FormatDetector {

  /** Records used to choose the delimiter and quoting. */
  private static final int SAMPLE = 1000;

  private FormatDetector() {}

  /** The proposal for {@code file}. */
  public static FormatProposal detect(Path file) throws TextFileException {
    String name = file.getFileName().toString();
    byte[] bytes = TextDecoder.readBytes(file);
    List<String> reasons = new ArrayList<>();

    DecodedText decoded = TextDecoder.decode(bytes, TextEncoding.UTF8_REPLACE, name);
    TextEncoding encoding;
    DecodingReport report = decoded.report();
    if (report.clean()) {
      encoding = TextEncoding.UTF8_STRICT;
      decoded = new DecodedText(decoded.text(), new DecodingReport(encoding, 0, List.of()));
      reasons.add("encoding utf-8: every byte is valid UTF-8");
    } else if (hasMultiByteCharacter(decoded.text())) {
      encoding = TextEncoding.UTF8_REPLACE;
      reasons.add(
          "encoding utf-8-replace: "
              + report.problemLines()
              + (report.problemLines() == 1 ? " line has" : " lines have")
              + " bytes that are not valid UTF-8 (first: "
              + report.first().getFirst()
              + "), the rest is UTF-8; each bad sequence is read as U+FFFD");
    } else {
      encoding = TextEncoding.WINDOWS_1252;
      decoded = TextDecoder.decode(bytes, encoding, name);
      reasons.add(
          "encoding windows-1252: "
              + report.problemLines()
              + " lines have bytes that are not valid UTF-8 and none has a multi-byte UTF-8"
              + " character: a single-byte file");
    }

    Candidate best = null;
    for (char d : TextFormat.DELIMITERS) {
      for (boolean quoting : new boolean[] {true, false}) {
        Candidate c = candidate(decoded, d, quoting, encoding, name);
        if (c != null && (best == null || c.better(best))) {
          best = c;
        }
      }
    }
    if (best == null) {
      throw new TextFileException(
          name + ": no delimiter (, tab ; |) splits its lines into the same number of columns");
    }
    char delimiter = best.delimiter;
    boolean quoting = chooseQuoting(decoded, delimiter, encoding, name, best, reasons);
    reasons.addFirst(
        "delimiter "
            + TextFormat.delimiterName(delimiter)
            + ": "
            + percent(best.consistency)
            + " of the first records have "
            + best.fields
            + " fields");

    TextFormat plain = new TextFormat(delimiter, false, quoting, "0", "1", encoding);
    TextTable table = DelimitedReader.parse(decoded, plain, name, Integer.MAX_VALUE);
    List<TextRecord> records = table.records();
    boolean header = looksLikeHeader(records, reasons);
    List<String> names = header ? records.getFirst().fields() : List.of();
    List<TextRecord> data = header ? records.subList(1, records.size()) : records;

    List<ColumnStats> columns = columnStats(data, best.fields);
    ColumnStats text = null;
    for (ColumnStats c : columns) {
      if (text == null
          || c.averageLength() > text.averageLength()
          || (c.averageLength() == text.averageLength() && c.distinct > text.distinct)) {
        text = c;
      }
    }
    ColumnStats label = null;
    for (ColumnStats c : columns) {
      if (c == text || c.distinct < 2) {
        continue;
      }
      if (label == null
          || c.distinct < label.distinct
          || (c.distinct == label.distinct && c.averageLength() < label.averageLength())) {
        label = c;
      }
    }
    if (text == null || label == null) {
      throw new TextFileException(
          name + ": no column has at least two distinct values to serve as the label");
    }
    reasons.add(
        String.format(
            "text column %d: the longest values (%.0f characters on average, %d distinct)",
            text.index, text.averageLength(), text.distinct));
    reasons.add(
        String.format(
            "label column %d: %d distinct values, %.1f characters on average",
            label.index, label.distinct, label.averageLength()));
    TextFormat format =
        new TextFormat(
            delimiter,
            header,
            quoting,
            columnName(text.index, names),
            columnName(label.index, names),
            encoding);
    return new FormatProposal(format, reasons, decoded.report(), data.size());
  }

  private static String columnName(int index, List<String> names) {
    if (index < names.size() && names.indexOf(names.get(index)) == index) {
      return names.get(index);
    }
    return Integer.toString(index);
  }

  private static boolean chooseQuoting(
      DecodedText decoded,
      char delimiter,
      TextEncoding encoding,
      String name,
      Candidate best,
      List<String> reasons) {
    Candidate on = candidate(decoded, delimiter, true, encoding, name);
    Candidate off = candidate(decoded, delimiter, false, encoding, name);
    String sample = decoded.text();
    if (on == null) {
      reasons.add("quoting off: read with quoting, a quoted field is not closed properly");
      return false;
    }
    if (!sample.contains("\"")) {
      boolean quote = delimiter == ',';
      reasons.add(
          "quoting "
              + (quote ? "on" : "off")
              + ": the file has no '\"'; "
              + (quote ? "CSV's usual rule" : "tab- and other-separated files rarely quote"));
      return quote;
    }
    if (opensField(sample, delimiter) && (off == null || on.consistency >= off.consistency)) {
      reasons.add("quoting on: '\"' encloses fields");
      return true;
    }
    reasons.add("quoting off: '\"' appears inside fields but never encloses one");
    return false;
  }

  /** True when some line of the first records has '"' at its start or right after a delimiter. */
  private static boolean opensField(String text, char delimiter) {
    int lines = 0;
    int start = 0;
    while (start < text.length() && lines < SAMPLE) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      if (start < end && text.charAt(start) == '"') {
        return true;
      }
      int q = text.indexOf(delimiter + "\"", start);
      if (q >= 0 && q < end) {
        return true;
      }
      start = end + 1;
      lines++;
    }
    return false;
  }

  private static boolean hasMultiByteCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c > 0x7F && c != '\uFFFD') {
        return true;
      }
    }
    return false;
  }

  private static Candidate candidate(
      DecodedText decoded, char d, boolean quoting, TextEncoding encoding, String name) {
    TextTable table;
    try {
      table =
          DelimitedReader.parse(
              decoded, new TextFormat(d, false, quoting, "0", "1", encoding), name, SAMPLE);
    } catch (TextFileException e) {
      return null;
    }
    Map<Integer, Integer> counts = new HashMap<>();
    int nonBlank = 0;
    for (TextRecord r : table.records()) {
      if (r.fields().size() == 1 && r.fields().getFirst().isEmpty()) {
        continue;
      }
      nonBlank++;
      counts.merge(r.fields().size(), 1, Integer::sum);
    }
    int mode = 0;
    int modeCount = 0;
    for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
      if (e.getValue() > modeCount || (e.getValue() == modeCount && e.getKey() > mode)) {
        mode = e.getKey();
        modeCount = e.getValue();
      }
    }
    if (mode < 2 || nonBlank == 0) {
      return null;
    }
    return new Candidate(d, quoting, mode, (double) modeCount / nonBlank);
  }

  private static boolean looksLikeHeader(List<TextRecord> records, List<String> reasons) {
    if (records.size() < 2) {
      reasons.add("no header: the file has fewer than two records");
      return false;
    }
    List<String> first = records.getFirst().fields();
    for (String f : first) {
      String v = f.trim();
      if (v.isEmpty() || v.length() > 40 || isNumber(v)) {
        reasons.add(
            "no header: the first record has "
                + (v.isEmpty() ? "an empty field" : v.length() > 40 ? "a long field" : "a number")
                + ", so it is data");
        return false;
      }
    }
    int limit = Math.min(records.size(), SAMPLE + 1);
    for (int c = 0; c < first.size(); c++) {
      for (int r = 1; r < limit; r++) {
        List<String> fields = records.get(r).fields();
        if (c < fields.size() && fields.get(c).equals(first.get(c))) {
          reasons.add("no header: '" + first.get(c) + "' of the first record occurs again below");
          return false;
        }
      }
    }
    reasons.add("header: the first record " + first + " has short names that do not occur below");
    return true;
  }

  static boolean isNumber(String s) {
    try {
      Double.parseDouble(s.trim());
      return !s.isBlank();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static List<ColumnStats> columnStats(List<TextRecord> data, int columns) {
    List<ColumnStats> stats = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      stats.add(new ColumnStats(c));
    }
    for (TextRecord r : data) {
      for (int c = 0; c < columns && c < r.fields().size(); c++) {
        stats.get(c).add(r.fields().get(c));
      }
    }
    return stats;
  }

  private static String percent(double share) {
    return Math.round(share * 100) + " %";
  }

  private record Candidate(char delimiter, boolean quoting, int fields, double consistency) {
    boolean better(Candidate other) {
      if (consistency != other.consistency) {
        return consistency > other.consistency;
      }
      return fields > other.fields;
    }
  }

  /** Lengths and distinct values of one column (distinct counted up to a cap). */
  private static final class ColumnStats {
    private static final int DISTINCT_CAP = 100_000;
    final int index;
    final Set<String> values = new HashSet<>();
    int distinct;
    long length;
    int count;

    ColumnStats(int index) {
      this.index = index;
    }

    void add(String value) {
      count++;
      length += value.length();
      if (values.size() < DISTINCT_CAP && values.add(value.trim())) {
        distinct = values.size();
      }
    }

    double averageLength() {
      return count == 0 ? 0 : (double) length / count;
    }
  }
}
