package org.layerbench.app.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;
import picocli.CommandLine.Option;

/**
 * The options of a CSV/TSV dataset of labelled texts for the commands that build a vocabulary
 * ({@code train}, {@code lr-find}, {@code dataset stats}): the dataset options of {@link
 * TextFileOptions} and how texts become token ids ({@link TextSettings}, whose defaults these are).
 */
final class TextOptions extends TextFileOptions {
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
      Stream.concat(
              FILE_NAMES.stream(),
              Stream.of("--tokenizer", "--min-freq", "--max-tokens", "--max-length", "--padding"))
          .toList();

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
