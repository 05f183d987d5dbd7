package org.layerbench.engine.data.text;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.layerbench.engine.data.BatchData;
import org.layerbench.engine.data.DType;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.data.SampleReader;
import org.layerbench.engine.data.UnreadableSampleException;

/**
 * The text modality's {@link SampleReader}: a sample's text from a {@link TextSource}, tokenized,
 * encoded with the vocabulary (unknown tokens to {@code <unk>}), cut to its first {@code maxLength}
 * ids (the book's {@code [:max_length]}) and padded with {@code <pad>} (id 1) to {@code maxLength}
 * int64 values, with the number of real ids as the sample's length.
 *
 * <p>A text without tokens ("", " ") would be an empty sequence in torchtext, which {@code
 * pack_padded_sequence} refuses ("Length of all samples has to be greater than 0"). It becomes one
 * {@code <unk>} of length 1 instead: the model sees "a word it does not know", the sample stays in
 * its split, and a prediction for it still answers. Stateless apart from its final fields, so it is
 * thread-safe as the loader needs.
 */
public final class TokenReader implements SampleReader {

  private final TextSource source;
  private final Tokenizer tokenizer;
  private final Vocabulary vocabulary;
  private final SampleLayout layout;

  public TokenReader(TextSource source, Tokenizer tokenizer, Vocabulary vocabulary, int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("the maximum length must be at least 1, got " + maxLength);
    }
    this.source = Objects.requireNonNull(source, "source");
    this.tokenizer = Objects.requireNonNull(tokenizer, "tokenizer");
    this.vocabulary = Objects.requireNonNull(vocabulary, "vocabulary");
    this.layout = new SampleLayout(List.of(maxLength), DType.INT64, true);
  }

  @Override
  public SampleLayout layout() {
    return layout;
  }

  @Override
  public void read(int index, Sample sample, RandomGenerator random, BatchData out, int slot)
      throws UnreadableSampleException {
    out.length(slot, encode(text(sample), out.longs(), out.offset(slot)));
  }

  /**
   * At most this many bytes for {@code samples} cached samples: each keeps its real ids as ints
   * ({@link CachedTokenReader}).
   */
  @Override
  public long cacheBytes(int samples) {
    return (long) samples * (16 + (long) Integer.BYTES * layout.dims().get(0));
  }

  /**
   * This reader keeping each sample's ids once tokenized: epochs after the first skip the regex.
   */
  @Override
  public SampleReader cached(int samples) {
    return new CachedTokenReader(this, samples);
  }

  /** The real ids of {@code sample}'s text (cut to the maximum length, at least one). */
  int[] ids(Sample sample) throws UnreadableSampleException {
    long[] ids = new long[layout.dims().get(0)];
    int n = encode(text(sample), ids, 0);
    int[] real = new int[n];
    for (int i = 0; i < n; i++) {
      real[i] = (int) ids[i];
    }
    return real;
  }

  private String text(Sample sample) throws UnreadableSampleException {
    String text;
    try {
      text = source.text(sample);
    } catch (IllegalArgumentException e) {
      throw new UnreadableSampleException(e.getMessage());
    }
    if (text == null) {
      throw new UnreadableSampleException("row " + (sample.row() + 1) + " has no text");
    }
    return text;
  }

  /**
   * Writes the ids of {@code text}, cut and padded to the maximum length, into {@code ids} from
   * {@code offset}, and returns how many are real (at least 1).
   */
  public int encode(String text, long[] ids, int offset) {
    int max = layout.dims().get(0);
    List<String> tokens = tokenizer.tokenize(text);
    int n = Math.min(tokens.size(), max);
    for (int i = 0; i < n; i++) {
      ids[offset + i] = vocabulary.index(tokens.get(i));
    }
    if (n == 0) {
      ids[offset] = Vocabulary.UNK_ID;
      n = 1;
    }
    Arrays.fill(ids, offset + n, offset + max, Vocabulary.PAD_ID);
    return n;
  }
}
