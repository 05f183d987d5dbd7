package org.layerbench.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.layerbench.engine.data.text.FormatProposal;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextFormat;
import picocli.CommandLine.Option;

/**
 * The agreed options of a CSV/TSV dataset of labelled texts (issue 23), the one implementation for
 * every command that reads one ({@code train}, {@code lr-find}, {@code dataset stats}, {@code
 * evaluate}): how the file is read (what is not given comes from the format detector's proposal)
 * and its separate split files. {@link TextOptions} adds the tokenizer and vocabulary where a
 * command builds them.
 */
class TextFileOptions {
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
      description = "A separate test file in the same format.")
  Path testData;

  /** The dataset options' long names, to tell whether any was given. */
  static final List<String> FILE_NAMES =
      List.of(
          "--text-column",
          "--label-column",
          "--delimiter",
          "--header",
          "--quoting",
          "--encoding",
          "--val-data",
          "--test-data");

  /** A dataset path that names a CSV/TSV file of labelled texts rather than a folder. */
  static boolean isTextFile(Path data) {
    if (data == null || !Files.isRegularFile(data)) {
      return false;
    }
    String name = data.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt");
  }

  /** Whether a separate validation or test file is given. */
  boolean separateFiles() {
    return valData != null || testData != null;
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

  /**
   * The format: what is given, the rest from the detector's proposal for {@code file}.
   *
   * @throws UserException when the file cannot be read or an option is not understood
   */
  TextFormat format(Path file) {
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
}
