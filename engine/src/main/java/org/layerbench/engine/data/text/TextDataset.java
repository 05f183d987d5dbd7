package org.layerbench.engine.data.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.FileProblem;
import org.layerbench.engine.data.Sample;

/**
 * A dataset of labelled texts read from CSV/TSV files: one file split by a seeded stratified split,
 * or separate train, validation (and test) files read in the same {@link TextFormat}. Labels become
 * classes in {@link LabelOrder} order; each sample is a {@link Sample#row() row} of its file, whose
 * text {@link #text(Sample)} gives. Records that are no sample (missing columns, empty text or
 * label, a validation or test label the training file lacks) are listed in {@link #problems()} with
 * their line and why. The texts are held in memory as Strings.
 */
public final class TextDataset implements TextSource {

  private final TextFormat format;
  private final List<String> classes;
  private final DatasetSplits splits;
  private final List<RowProblem> problems;
  private final Map<Path, DecodingReport> decoding;
  private final Map<Path, String[]> texts;
  private final Map<Path, int[]> lines;

  private TextDataset(
      TextFormat format,
      List<String> classes,
      DatasetSplits splits,
      List<RowProblem> problems,
      Map<Path, DecodingReport> decoding,
      Map<Path, String[]> texts,
      Map<Path, int[]> lines) {
    this.format = format;
    this.classes = List.copyOf(classes);
    this.splits = splits;
    this.problems = List.copyOf(problems);
    this.decoding = Collections.unmodifiableMap(decoding);
    this.texts = texts;
    this.lines = lines;
  }

  /**
   * Reads {@code file} and splits its rows: {@code valFraction} of each class to validation, {@code
   * testFraction} to test (0 for none), the rest to training; the same seed gives the same split.
   *
   * @throws TextFileException when the file cannot be read or has no usable row
   * @throws IllegalArgumentException when the fractions leave nothing to train on
   */
  public static TextDataset split(
      Path file, TextFormat format, double valFraction, double testFraction, long seed)
      throws TextFileException {
    ReadFile read = ReadFile.read(file, format, null);
    List<String> classes = LabelOrder.classes(read.labelSet());
    Map<String, Integer> index = indexOf(classes);
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes.size(); c++) {
      byClass.add(new ArrayList<>());
    }
    for (int row = 0; row < read.labels.length; row++) {
      if (read.labels[row] != null) {
        byClass.get(index.get(read.labels[row])).add(row);
      }
    }
    StratifiedSplit.Rows rows = StratifiedSplit.split(byClass, valFraction, testFraction, seed);
    Map<Path, DecodingReport> decoding = new LinkedHashMap<>();
    decoding.put(file, read.decoding);
    Map<Path, String[]> texts = new HashMap<>();
    texts.put(file, read.texts);
    Map<Path, int[]> lines = new HashMap<>();
    lines.put(file, read.lines);
    DatasetSplits splits =
        new DatasetSplits(
            classes,
            samples(file, rows.train(), read, index),
            samples(file, rows.val(), read, index),
            samples(file, rows.test(), read, index),
            skipped(read.problems));
    return new TextDataset(format, classes, splits, read.problems, decoding, texts, lines);
  }

  /**
   * Reads separate files in one format: {@code train}, {@code val} and, when not null, {@code
   * test}. Classes come from the training file; a validation or test row with another label is a
   * problem row.
   *
   * @throws TextFileException when a file cannot be read or the training file has no usable row
   */
  public static TextDataset files(Path train, Path val, Path test, TextFormat format)
      throws TextFileException {
    ReadFile trainRead = ReadFile.read(train, format, null);
    List<String> classes = LabelOrder.classes(trainRead.labelSet());
    Map<String, Integer> index = indexOf(classes);
    Map<Path, DecodingReport> decoding = new LinkedHashMap<>();
    Map<Path, String[]> texts = new HashMap<>();
    Map<Path, int[]> lines = new HashMap<>();
    List<RowProblem> problems = new ArrayList<>();
    List<List<Sample>> sets = new ArrayList<>();
    for (Path file : new Path[] {train, val, test}) {
      if (file == null) {
        sets.add(List.of());
        continue;
      }
      if (texts.containsKey(file)) {
        throw new TextFileException(file.getFileName() + ": given for two splits");
      }
      ReadFile read = file == train ? trainRead : ReadFile.read(file, format, index.keySet());
      decoding.put(file, read.decoding);
      texts.put(file, read.texts);
      lines.put(file, read.lines);
      problems.addAll(read.problems);
      List<Integer> rows = new ArrayList<>();
      for (int row = 0; row < read.labels.length; row++) {
        if (read.labels[row] != null) {
          rows.add(row);
        }
      }
      sets.add(samples(file, rows, read, index));
    }
    DatasetSplits splits =
        new DatasetSplits(classes, sets.get(0), sets.get(1), sets.get(2), skipped(problems));
    return new TextDataset(format, classes, splits, problems, decoding, texts, lines);
  }

  /** The format the files were read in. */
  public TextFormat format() {
    return format;
  }

  /** The class names, sorted; a sample's label indexes this list. */
  public List<String> classes() {
    return classes;
  }

  /** Label → class index, for display ("0" → 0, "4" → 1). */
  public Map<String, Integer> labelMapping() {
    return Collections.unmodifiableMap(new LinkedHashMap<>(indexOf(classes)));
  }

  /** The samples of each split; {@code skipped} repeats {@link #problems()} one line each. */
  public DatasetSplits splits() {
    return splits;
  }

  /** Every record that is no sample, in file order per file. */
  public List<RowProblem> problems() {
    return problems;
  }

  /** Each file's decoding report, training file first. */
  public Map<Path, DecodingReport> decoding() {
    return decoding;
  }

  @Override
  public String text(Sample sample) {
    String[] rows = texts.get(sample.file());
    if (rows == null
        || sample.row() < 0
        || sample.row() >= rows.length
        || rows[sample.row()] == null) {
      throw new IllegalArgumentException("this dataset holds no text for " + sample);
    }
    return rows[sample.row()];
  }

  /**
   * The 1-based line of its file where {@code sample}'s record starts (what a person finds in an
   * editor; a quoted record may span lines, and a header is line 1).
   *
   * @throws IllegalArgumentException when this dataset does not hold that sample
   */
  public int line(Sample sample) {
    text(sample);
    return lines.get(sample.file())[sample.row()];
  }

  private static Map<String, Integer> indexOf(List<String> classes) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    return index;
  }

  private static List<Sample> samples(
      Path file, List<Integer> rows, ReadFile read, Map<String, Integer> index) {
    List<Sample> samples = new ArrayList<>(rows.size());
    for (int row : rows) {
      samples.add(new Sample(file, index.get(read.labels[row]), row));
    }
    return samples;
  }

  private static List<FileProblem> skipped(List<RowProblem> problems) {
    List<FileProblem> out = new ArrayList<>(problems.size());
    for (RowProblem p : problems) {
      out.add(new FileProblem(p.file(), "line " + p.line() + ": " + p.reason()));
    }
    return out;
  }

  /** One file's rows: text and label per row (null for a problem row), and its problems. */
  private record ReadFile(
      String[] texts,
      String[] labels,
      int[] lines,
      List<RowProblem> problems,
      DecodingReport decoding) {

    Set<String> labelSet() {
      Set<String> set = new LinkedHashSet<>();
      for (String l : labels) {
        if (l != null) {
          set.add(l);
        }
      }
      return set;
    }

    /** Reads {@code file}; with {@code known} not null, a label outside it is a problem. */
    static ReadFile read(Path file, TextFormat format, Set<String> known) throws TextFileException {
      TextTable table = DelimitedReader.read(file, format);
      String name = file.getFileName().toString();
      int textColumn = columnIndex(format.textColumn(), table, "text", name);
      int labelColumn = columnIndex(format.labelColumn(), table, "label", name);
      int needed = Math.max(textColumn, labelColumn) + 1;
      List<TextRecord> records = table.records();
      String[] texts = new String[records.size()];
      String[] labels = new String[records.size()];
      int[] lines = new int[records.size()];
      List<RowProblem> problems = new ArrayList<>();
      for (int row = 0; row < records.size(); row++) {
        TextRecord r = records.get(row);
        lines[row] = r.line();
        List<String> fields = r.fields();
        String why = null;
        if (fields.size() == 1 && fields.getFirst().isEmpty()) {
          why = "blank line";
        } else if (fields.size() < needed) {
          why =
              "missing columns: "
                  + fields.size()
                  + (fields.size() == 1 ? " field" : " fields")
                  + ", the text is in column "
                  + textColumn
                  + " and the label in column "
                  + labelColumn;
        } else if (fields.get(textColumn).isBlank()) {
          why = "empty text";
        } else if (fields.get(labelColumn).isBlank()) {
          why = "empty label";
        } else if (known != null && !known.contains(fields.get(labelColumn).trim())) {
          why =
              "label '"
                  + fields.get(labelColumn).trim()
                  + "' is not among the training file's labels";
        }
        if (why != null) {
          problems.add(new RowProblem(file, r.line(), row, why));
          continue;
        }
        texts[row] = fields.get(textColumn);
        labels[row] = fields.get(labelColumn).trim();
      }
      if (problems.size() == records.size()) {
        throw new TextFileException(
            name
                + ": no usable row in "
                + records.size()
                + (records.size() == 1 ? " record" : " records")
                + (problems.isEmpty() ? "" : " (first: " + problems.getFirst() + ")"));
      }
      return new ReadFile(texts, labels, lines, problems, table.decoding());
    }

    private static int columnIndex(String column, TextTable table, String what, String name)
        throws TextFileException {
      try {
        return TextFormat.columnIndex(column, table.header(), what);
      } catch (TextFileException e) {
        throw new TextFileException(name + ": " + e.getMessage());
      }
    }
  }
}
