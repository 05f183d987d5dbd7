package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.SampleReader;

/** Cached token ids give the batches tokenizing every epoch gives, byte for byte. */
class CachedTokenReaderTest {

  private static List<long[]> epochs(BatchLoader loader) {
    List<long[]> out = new ArrayList<>();
    for (int epoch = 1; epoch <= 2; epoch++) {
      var it = loader.epoch(epoch);
      while (it.hasNext()) {
        Batch b = it.next();
        out.add(b.longs().clone());
        long[] lengths = new long[b.size()];
        for (int i = 0; i < b.size(); i++) {
          lengths[i] = b.lengths()[i];
        }
        out.add(lengths);
        loader.recycle(b);
      }
    }
    return out;
  }

  @Test
  void cachedBatchesEqualFreshlyTokenizedOnes() throws Exception {
    TextDataset yelp =
        TextDataset.split(
            SharedTextData.file(SharedTextData.YELP),
            new TextFormat('\t', false, false, "0", "1", TextEncoding.UTF8_STRICT),
            0.2,
            0,
            1);
    var train = yelp.splits().train();
    List<List<String>> tokens = new ArrayList<>();
    train.forEach(s -> tokens.add(Tokenizer.BASIC_ENGLISH.tokenize(yelp.text(s))));
    TokenReader reader =
        new TokenReader(yelp, Tokenizer.BASIC_ENGLISH, Vocabulary.build(tokens, 2, null), 12);
    SampleReader cached = reader.cached(train.size());
    assertThat(reader.cacheBytes(train.size())).isEqualTo(train.size() * (16L + 4 * 12));
    assertThat(cached.cached(train.size())).isSameAs(cached);
    try (BatchLoader fresh = new BatchLoader(train, reader, 32, true, 4, 2, 2);
        BatchLoader kept = new BatchLoader(train, reader, 32, true, 4, 2, 2).withCache(true)) {
      List<long[]> a = epochs(fresh);
      List<long[]> b = epochs(kept);
      assertThat(b).hasSameSizeAs(a);
      for (int i = 0; i < a.size(); i++) {
        assertThat(b.get(i)).as("array %d", i).containsExactly(a.get(i));
      }
    }
  }
}
