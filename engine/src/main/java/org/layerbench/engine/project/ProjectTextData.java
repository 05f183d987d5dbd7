package org.layerbench.engine.project;

import java.nio.file.Path;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;

/**
 * What a project whose dataset is a CSV/TSV file of labelled texts stores beside the file's path:
 * how to read it, optional separate validation and test files, and how its texts become token ids.
 *
 * @param format the reading format, or null to use what {@link TextFormat#detect} proposes
 * @param valData a validation file (same format), relative to the project file's folder, or null to
 *     split the dataset file by the training settings' validation split
 * @param testData a test file (same format), or null
 * @param settings the tokenizer and vocabulary settings (never null; defaults when not given)
 */
public record ProjectTextData(
    TextFormat format, String valData, String testData, TextSettings settings) {

  public ProjectTextData {
    settings = settings == null ? TextSettings.defaults() : settings;
    if (valData == null && testData != null) {
      throw new IllegalArgumentException("a test file needs a validation file beside it");
    }
  }

  /** Detected format, split validation, default settings. */
  public static ProjectTextData defaults() {
    return new ProjectTextData(null, null, null, TextSettings.defaults());
  }

  public ProjectTextData withFormat(TextFormat f) {
    return new ProjectTextData(f, valData, testData, settings);
  }

  public ProjectTextData withSettings(TextSettings s) {
    return new ProjectTextData(format, valData, testData, s);
  }

  /** Separate validation (and test) files; both null to split the dataset file again. */
  public ProjectTextData withFiles(String val, String test) {
    return new ProjectTextData(format, val, test, settings);
  }

  /**
   * True when {@code path} names a file the Data workspace reads as labelled texts: a regular file
   * ending in .csv, .tsv or .txt (a folder is an image or audio dataset).
   */
  public static boolean isTextFile(Path path) {
    return path != null
        && java.nio.file.Files.isRegularFile(path)
        && hasTextExtension(path.getFileName().toString());
  }

  /** True when {@code name} ends in .csv, .tsv or .txt (any case). */
  public static boolean hasTextExtension(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.endsWith(".csv") || n.endsWith(".tsv") || n.endsWith(".txt");
  }
}
