package org.layerbench.engine.data.text;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;
import org.layerbench.engine.data.BatchData;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.data.SampleReader;
import org.layerbench.engine.data.UnreadableSampleException;

/**
 * A {@link TokenReader} that keeps each sample's real ids once its text is tokenized, so epochs
 * after the first neither tokenize nor look tokens up: the same ids, written and padded the same
 * way. Valid because tokenizing is deterministic; ids are stored as ints (a vocabulary has at most
 * {@link Vocabulary#MAX_SIZE} tokens).
 */
final class CachedTokenReader implements SampleReader {

  private final TokenReader tokens;
  private final AtomicReferenceArray<int[]> ids;

  CachedTokenReader(TokenReader tokens, int samples) {
    this.tokens = tokens;
    this.ids = new AtomicReferenceArray<>(samples);
  }

  @Override
  public SampleLayout layout() {
    return tokens.layout();
  }

  @Override
  public void read(int index, Sample sample, RandomGenerator random, BatchData out, int slot)
      throws UnreadableSampleException {
    int[] real = ids.get(index);
    if (real == null) {
      real = tokens.ids(sample);
      ids.set(index, real);
    }
    long[] longs = out.longs();
    int offset = out.offset(slot);
    for (int i = 0; i < real.length; i++) {
      longs[offset + i] = real[i];
    }
    Arrays.fill(longs, offset + real.length, offset + layout().dims().get(0), Vocabulary.PAD_ID);
    out.length(slot, real.length);
  }

  @Override
  public long cacheBytes(int samples) {
    return tokens.cacheBytes(samples);
  }

  @Override
  public SampleReader cached(int samples) {
    return samples == ids.length() ? this : tokens.cached(samples);
  }
}
