package org.layerbench.engine.data;

import java.util.List;
import java.util.Objects;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextSource;
import org.layerbench.engine.data.text.TokenReader;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.data.text.Vocabulary;

/**
 * The text part of {@link Preprocessing}: the tokenizer, the vocabulary built from the training
 * split, the maximum length a text is cut or padded to, and whether batches stay padded to it
 * ({@link Padding#FIXED}) or are cut to their longest text ({@link Padding#DYNAMIC}). A sample is
 * {@code [maxLength]} int64 token ids with its length.
 *
 * <p>A text model reads texts, not files, so {@link #reader()} (the sealed interface's, which has
 * no texts to give) returns a reader that stops at its first sample with a {@link
 * ReaderSetupException} saying so; {@link #reader(TextSource)} is the one that reads.
 */
public record TextPreprocessing(
    Tokenizer tokenizer, Vocabulary vocabulary, int maxLength, Padding padding)
    implements Preprocessing {

  /** The text a reader without a {@link TextSource} gives: none. */
  private static final TextSource NO_TEXTS =
      sample -> {
        throw new ReaderSetupException(
            "this is a text model: it reads the texts of a text dataset or typed text, not "
                + (sample.file() == null ? "files" : sample.file().getFileName()));
      };

  public TextPreprocessing {
    Objects.requireNonNull(tokenizer, "tokenizer");
    Objects.requireNonNull(vocabulary, "vocabulary");
    Objects.requireNonNull(padding, "padding");
    if (maxLength < 1) {
      throw new IllegalArgumentException("the maximum length must be at least 1, got " + maxLength);
    }
  }

  /** A text's ids, cut and padded to {@code maxLength}, and how many of them are real (≥ 1). */
  public record Encoded(long[] ids, int length) {}

  @Override
  public String modality() {
    return "text";
  }

  @Override
  public SampleLayout layout() {
    return new SampleLayout(List.of(maxLength), DType.INT64, true);
  }

  /** A reader that fails at its first sample: a text model needs {@link #reader(TextSource)}. */
  @Override
  public SampleReader reader() {
    return reader(NO_TEXTS);
  }

  /** The reader of the texts {@code texts} holds. */
  public TokenReader reader(TextSource texts) {
    return new TokenReader(texts, tokenizer, vocabulary, maxLength);
  }

  /** {@code text} as the model receives it (prediction of typed text). */
  public Encoded encode(String text) {
    long[] ids = new long[maxLength];
    int length = reader(NO_TEXTS).encode(text, ids, 0);
    return new Encoded(ids, length);
  }
}
