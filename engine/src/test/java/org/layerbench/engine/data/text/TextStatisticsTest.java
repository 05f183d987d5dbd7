package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TextStatisticsTest {

  @Test
  void lengthsAreNumpyMedianNearestRankP95AndTheShareAboveMaxLength() {
    int[] lengths = new int[20];
    for (int i = 0; i < 20; i++) {
      lengths[i] = 20 - i; // 20..1, unsorted
    }
    TextStatistics.Lengths l = TextStatistics.lengths(lengths, 15);
    assertThat(l.count()).isEqualTo(20);
    assertThat(l.mean()).isCloseTo(10.5, within(1e-12));
    assertThat(l.median()).isEqualTo(10.5); // (10 + 11) / 2 as numpy.median
    assertThat(l.p95()).isEqualTo(19); // rank ceil(0.95 * 20) = 19
    assertThat(l.max()).isEqualTo(20);
    assertThat(l.truncatedShare()).isEqualTo(0.25); // 16..20 are longer than 15
    assertThat(TextStatistics.lengths(new int[] {3, 1, 2}, 64).median()).isEqualTo(2);
  }

  @Test
  void yelpVocabularyOovAndTopTokensFollowTheSettings() throws Exception {
    TextDataset yelp =
        TextDataset.split(
            SharedTextData.file(SharedTextData.YELP),
            new TextFormat('\t', false, false, "0", "1", TextEncoding.UTF8_STRICT),
            0.2,
            0,
            1);
    TextStatistics all = TextStatistics.of(yelp, TextSettings.defaults());
    TextStatistics limited =
        TextStatistics.of(
            yelp, new TextSettings(Tokenizer.BASIC_ENGLISH, 1, 100, 64, Padding.DYNAMIC));
    assertThat(limited.vocabularySize()).isEqualTo(100);
    assertThat(all.vocabularySize()).isGreaterThan(100);
    assertThat(limited.oovRate()).isGreaterThan(all.oovRate());
    assertThat(all.topTokens()).hasSize(TextStatistics.TOP);
    assertThat(all.topTokens().get(0).count())
        .isGreaterThanOrEqualTo(all.topTokens().get(1).count());
    assertThat(all.lengths().count()).isEqualTo(yelp.splits().train().size());
  }
}
