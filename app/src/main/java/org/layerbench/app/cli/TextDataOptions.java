package org.layerbench.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.layerbench.engine.data.text.FormatProposal;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFormat;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The agreed options of a CSV/TSV dataset (issue 23): how to read the file and how to split it.
 * Options not given come from the format detector's proposal; {@link #describe} is the one line
 * that says which format was used.
 */
final class TextDataOptions {

  @Option(
      names = "--text-column",
      paramLabel = "COL",
      description = "Text files: the text's column, a 0-based index or a header name.")
  String textColumn;

  @Option(
      names = "--label-column",
      paramLabel = "COL",
      description = "Text files: the label's column, a 0-based index or a header name.")
  String labelColumn;

  @Option(
      names = "--delimiter",
      paramLabel = "D",
      description = "Text files: the field separator, ',', tab, ';' or '|'.")
  String delimiter;

  @Option(
      names = "--header",
      negatable = true,
      description = "Text files: whether the first record names the columns.")
  Boolean header;

  @Option(
      names = "--quoting",
      negatable = true,
      description = "Text files: whether '\"' encloses fields.")
  Boolean quoting;

  @Option(
      names = "--encoding",
      paramLabel = "E",
      description = "Text files: utf-8, utf-8-replace, windows-1252 or latin-1.")
  String encoding;

  @Option(
      names = "--val-data",
      paramLabel = "FILE",
      description = "Text files: a separate validation file in the same format.")
  Path valData;

  @Option(
      names = "--test-data",
      paramLabel = "FILE",
      description = "Text files: a separate test file in the same format.")
  Path testData;

  @Option(
      names = "--val-split",
      paramLabel = "F",
      description = "Text files: the fraction of each class split off for validation (seeded).")
  Double valSplit;

  /** Whether {@code data} is a file of texts (where the image commands expect a folder). */
  static boolean isTextFile(Path data) {
    return Files.isRegularFile(data);
  }

  /** Whether any option says how to split the file (else it is used whole). */
  boolean splits() {
    return valData != null || testData != null || valSplit != null;
  }

  /**
   * The format: the options given, the detector's proposal for the rest.
   *
   * @throws UserException when the file cannot be read or an option is not understood
   */
  TextFormat format(CommandSpec spec, Path file) {
    TextFormat proposed = null;
    if (textColumn == null
        || labelColumn == null
        || delimiter == null
        || header == null
        || quoting == null
        || encoding == null) {
      try {
        FormatProposal p = TextFormat.detect(file);
        proposed = p.format();
      } catch (TextFileException e) {
        throw new UserException(e.getMessage());
      }
    }
    char d;
    TextEncoding enc;
    try {
      d = delimiter == null ? proposed.delimiter() : TextFormat.delimiterNamed(delimiter);
      enc = encoding == null ? proposed.encoding() : TextEncoding.fromName(encoding);
    } catch (IllegalArgumentException e) {
      throw Ranges.refuse(spec, "%s", e.getMessage());
    }
    try {
      return new TextFormat(
          d,
          header == null ? proposed.header() : header,
          quoting == null ? proposed.quoting() : quoting,
          textColumn == null ? proposed.textColumn() : textColumn,
          labelColumn == null ? proposed.labelColumn() : labelColumn,
          enc);
    } catch (IllegalArgumentException e) {
      throw Ranges.refuse(spec, "%s", e.getMessage());
    }
  }

  /**
   * Reads the dataset: {@code file} with {@code --val-data}/{@code --test-data}, or split by {@code
   * --val-split} and {@code seed}, or whole (all rows in its training part).
   */
  TextDataset read(CommandSpec spec, Path file, TextFormat format, long seed) {
    if (valSplit != null && (valData != null || testData != null)) {
      throw Ranges.refuse(spec, "--val-split splits one file; it does not go with --val-data");
    }
    if (valSplit != null) {
      Ranges.fraction(spec, "--val-split", valSplit);
    }
    try {
      if (valData != null || testData != null) {
        return TextDataset.files(file, valData, testData, format);
      }
      return TextDataset.split(file, format, valSplit == null ? 0 : valSplit, 0, seed);
    } catch (TextFileException e) {
      throw new UserException(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw Ranges.refuse(spec, "%s", e.getMessage());
    }
  }

  /** The format in one line, and which parts the detector chose. */
  static String describe(Path file, TextFormat f, TextDataOptions given) {
    StringBuilder s = new StringBuilder("format of ").append(file.getFileName()).append(": ");
    s.append("delimiter ").append(f.delimiterName());
    s.append(f.header() ? ", header" : ", no header");
    s.append(f.quoting() ? ", quoting" : ", no quoting");
    s.append(", text column ").append(f.textColumn());
    s.append(", label column ").append(f.labelColumn());
    s.append(", encoding ").append(f.encoding().cliName());
    boolean all =
        given.textColumn != null
            && given.labelColumn != null
            && given.delimiter != null
            && given.header != null
            && given.quoting != null
            && given.encoding != null;
    boolean none =
        given.textColumn == null
            && given.labelColumn == null
            && given.delimiter == null
            && given.header == null
            && given.quoting == null
            && given.encoding == null;
    s.append(all ? " (as given)" : none ? " (detected)" : " (given, the rest detected)");
    return s.toString();
  }
}
