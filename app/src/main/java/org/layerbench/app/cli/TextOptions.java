package org.layerbench.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerbench.engine.data.text.FormatProposal;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;
import picocli.CommandLine.Option;

/**
 * The options of a CSV/TSV dataset of labelled texts, shared by {@code train}, {@code lr-find} and
 * {@code dataset stats}: how the file is read (what is not given comes from the format detector's
 * proposal) and how texts become token ids ({@link TextSettings}, whose defaults these are).
 */
final class TextOptions {
  @Option(
      names = "--text-column",
      paramLabel = "COL",
      description = "The text's column: a header name or a 0-based index (default: proposed).")
  String textColumn;

  @Option(
      names = "--label-column",
      paramLabel = "COL",
      description = "The label's column: a header name or a 0-based index (default: proposed).")
  String labelColumn;

  @Option(
      names = "--delimiter",
      paramLabel = "D",
      description = "',', tab, ';' or '|' (default: proposed).")
  String delimiter;

  @Option(
      names = "--header",
      negatable = true,
      description = "Whether the first record names the columns (default: proposed).")
  Boolean header;

  @Option(
      names = "--quoting",
      negatable = true,
      description = "Whether \" quotes fields (default: proposed).")
  Boolean quoting;

  @Option(
      names = "--encoding",
      paramLabel = "E",
      description = "utf-8, utf-8-replace, windows-1252 or latin-1 (default: proposed).")
  String encoding;

  @Option(
      names = "--val-data",
      paramLabel = "FILE",
      description = "A validation file in the same format (instead of --val-split).")
  Path valData;

  @Option(
      names = "--test-data",
      paramLabel = "FILE",
      description = "A test file in the same format (needs --val-data).")
  Path testData;

  @Option(
      names = "--tokenizer",
      paramLabel = "NAME",
      defaultValue = "basic_english",
      description = "basic_english or whitespace (default ${DEFAULT-VALUE}).")
  String tokenizer = TextSettings.DEFAULT_TOKENIZER.id();

  @Option(
      names = "--min-freq",
      paramLabel = "N",
      defaultValue = "" + TextSettings.DEFAULT_MIN_FREQ,
      description =
          "A token's least count in the training split to be in the vocabulary (default ${DEFAULT-VALUE}).")
  int minFreq = TextSettings.DEFAULT_MIN_FREQ;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      description = "The vocabulary's largest size, <unk> and <pad> included (default: no limit).")
  Integer maxTokens;

  @Option(
      names = "--max-length",
      paramLabel = "N",
      defaultValue = "" + TextSettings.DEFAULT_MAX_LENGTH,
      description = "Texts are cut to this many tokens (default ${DEFAULT-VALUE}).")
  int maxLength = TextSettings.DEFAULT_MAX_LENGTH;

  @Option(
      names = "--padding",
      paramLabel = "MODE",
      defaultValue = "dynamic",
      description =
          "dynamic (each batch to its longest text) or fixed (to --max-length) (default ${DEFAULT-VALUE}).")
  String padding = TextSettings.DEFAULT_PADDING.id();

  /** The text options' long names, to tell whether any was given. */
  static final List<String> NAMES =
      List.of(
          "--text-column",
          "--label-column",
          "--delimiter",
          "--header",
          "--quoting",
          "--encoding",
          "--val-data",
          "--test-data",
          "--tokenizer",
          "--min-freq",
          "--max-tokens",
          "--max-length",
          "--padding");

  /** A dataset path that names a CSV/TSV file of labelled texts rather than a folder. */
  static boolean isTextFile(Path data) {
    if (data == null || !Files.isRegularFile(data)) {
      return false;
    }
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt");
  }

  /** The text settings these options give. */
  TextSettings settings() {
    try {
      return new TextSettings(
          Tokenizer.fromId(tokenizer), minFreq, maxTokens, maxLength, Padding.fromId(padding));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  /**
   * The files and format: what is given, the rest from the detector's proposal for {@code file};
   * prints the format used in one line.
   */
  TextFiles files(Path file, PrintWriter out) {
    TextFormat format = format(file);
    out.println("format: " + describe(format));
    out.flush();
    try {
      return new TextFiles(file, valData, testData, format);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  private TextFormat format(Path file) {
    FormatProposal proposal;
    try {
      proposal = TextFormat.detect(file);
    } catch (TextFileException e) {
      throw new UserException(e.getMessage());
    }
    TextFormat p = proposal.format();
    try {
      return new TextFormat(
          delimiter == null ? p.delimiter() : TextFormat.delimiterNamed(delimiter),
          header == null ? p.header() : header,
          quoting == null ? p.quoting() : quoting,
          textColumn == null ? p.textColumn() : textColumn,
          labelColumn == null ? p.labelColumn() : labelColumn,
          encoding == null ? p.encoding() : TextEncoding.fromName(encoding));
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
  }

  /** A format in one line, as the options would give it. */
  static String describe(TextFormat f) {
    return String.format(
        Locale.ROOT,
        "--delimiter %s --%s --%s --text-column %s --label-column %s --encoding %s",
        f.delimiter() == '\t' ? "tab" : "'" + f.delimiter() + "'",
        f.header() ? "header" : "no-header",
        f.quoting() ? "quoting" : "no-quoting",
        f.textColumn(),
        f.labelColumn(),
        f.encoding().cliName());
  }

  /**
   * The dataset's classes with their labels, its decoding and its bad rows, one line each (what
   * train prints before training).
   */
  static List<String> summary(TextDataset dataset) {
    List<String> lines = new ArrayList<>();
    StringBuilder mapping = new StringBuilder();
    for (Map.Entry<String, Integer> e : dataset.labelMapping().entrySet()) {
      mapping
          .append(mapping.isEmpty() ? "" : ", ")
          .append(e.getKey())
          .append(" → ")
          .append(e.getValue());
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "classes: %s (%,d train, %,d val%s)",
            mapping,
            dataset.splits().train().size(),
            dataset.splits().val().size(),
            dataset.splits().test().isEmpty()
                ? ""
                : String.format(Locale.ROOT, ", %,d test", dataset.splits().test().size())));
    dataset
        .decoding()
        .forEach(
            (file, report) ->
                lines.add("decoding " + file.getFileName() + ": " + report.summary()));
    if (!dataset.problems().isEmpty()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "bad rows: %,d left out (first: %s)",
              dataset.problems().size(),
              dataset.problems().getFirst()));
    }
    return lines;
  }
}
