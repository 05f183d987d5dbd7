package org.layerbench.engine.data.text;

import java.util.Objects;

/**
 * How the texts of a text dataset become token ids, each setting once with its one default: the
 * tokenizer, the vocabulary's {@code min_freq} and {@code max_tokens} (torchtext's
 * build_vocab_from_iterator, over the training split only), the length texts are cut to, and the
 * padding of batches. The CLI's options, run.json and the project file all read and write this
 * record.
 *
 * @param maxTokens the vocabulary's largest size counting {@code <unk>} and {@code <pad>}, or null
 *     for no limit
 */
public record TextSettings(
    Tokenizer tokenizer, int minFreq, Integer maxTokens, int maxLength, Padding padding) {

  public static final Tokenizer DEFAULT_TOKENIZER = Tokenizer.BASIC_ENGLISH;
  public static final int DEFAULT_MIN_FREQ = 1;
  public static final int DEFAULT_MAX_LENGTH = 64;
  public static final Padding DEFAULT_PADDING = Padding.DYNAMIC;

  /** The longest text length this program accepts. */
  public static final int MAX_LENGTH_LIMIT = 100_000;

  public TextSettings {
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(padding, "padding");
    if (minFreq < 1) {
      throw new IllegalArgumentException(
          "the minimum frequency must be at least 1, got " + minFreq);
    }
    if (maxTokens != null && maxTokens <= 2) {
      throw new IllegalArgumentException(
          "the vocabulary's maximum size counts <unk> and <pad>, so it must be more than 2, got "
              + maxTokens);
    }
    if (maxLength < 1 || maxLength > MAX_LENGTH_LIMIT) {
      throw new IllegalArgumentException(
          "the maximum length must be between 1 and " + MAX_LENGTH_LIMIT + ", got " + maxLength);
    }
  }

  /** basic_english, min_freq 1, no size limit, 64 tokens, dynamic padding. */
  public static TextSettings defaults() {
    return new TextSettings(
        DEFAULT_TOKENIZER, DEFAULT_MIN_FREQ, null, DEFAULT_MAX_LENGTH, DEFAULT_PADDING);
  }

  /** The vocabulary these settings build from the tokenized training texts. */
  public Vocabulary vocabulary(Iterable<? extends java.util.List<String>> trainingTokens) {
    return Vocabulary.build(trainingTokens, minFreq, maxTokens);
  }
}
