package org.layerbench.engine.data.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.layerbench.engine.data.Sample;

/**
 * What a text dataset looks like under some {@link TextSettings}, for {@code dataset stats} and the
 * Data workspace: the token lengths of the training texts (mean, median, 95th percentile, max and
 * the share cut at the maximum length), the vocabulary's size (built from the training split as a
 * run builds it), the share of validation tokens that are out of vocabulary, and the most frequent
 * training tokens.
 *
 * @param lengths token counts of the training texts
 * @param vocabularySize the size of the vocabulary these settings build, specials included
 * @param oovRate the share of validation tokens mapped to {@code <unk>} (NaN without validation)
 * @param topTokens the most frequent training tokens, most frequent first (ties by token)
 */
public record TextStatistics(
    Lengths lengths, int vocabularySize, double oovRate, List<TokenCount> topTokens) {

  /** How many tokens of the training split are listed. */
  public static final int TOP = 20;

  /**
   * Token lengths. The median is the middle value (the mean of the two middle ones for an even
   * count, as numpy's median); the 95th percentile is the nearest rank, ceil(0.95·n).
   */
  public record Lengths(
      int count, double mean, double median, int p95, int max, double truncatedShare) {}

  /** A token and how often it occurs in the training split. */
  public record TokenCount(String token, long count) {}

  /** The statistics of {@code dataset}'s training (and validation) split under {@code settings}. */
  public static TextStatistics of(TextDataset dataset, TextSettings settings) {
    List<List<String>> train = tokens(dataset, dataset.splits().train(), settings.tokenizer());
    Vocabulary vocabulary = settings.vocabulary(train);
    Map<String, Long> counts = new HashMap<>();
    int[] lengths = new int[train.size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = train.get(i).size();
      for (String t : train.get(i)) {
        counts.merge(t, 1L, Long::sum);
      }
    }
    long tokens = 0;
    long unknown = 0;
    for (List<String> text : tokens(dataset, dataset.splits().val(), settings.tokenizer())) {
      for (String t : text) {
        tokens++;
        if (vocabulary.index(t) == Vocabulary.UNK_ID) {
          unknown++;
        }
      }
    }
    List<TokenCount> top =
        counts.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue()
                    .reversed()
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP)
            .map(e -> new TokenCount(e.getKey(), e.getValue()))
            .toList();
    return new TextStatistics(
        lengths(lengths, settings.maxLength()),
        vocabulary.size(),
        tokens == 0 ? Double.NaN : (double) unknown / tokens,
        top);
  }

  static Lengths lengths(int[] values, int maxLength) {
    int n = values.length;
    if (n == 0) {
      return new Lengths(0, Double.NaN, Double.NaN, 0, 0, Double.NaN);
    }
    int[] sorted = values.clone();
    Arrays.sort(sorted);
    long sum = 0;
    int truncated = 0;
    for (int v : sorted) {
      sum += v;
      if (v > maxLength) {
        truncated++;
      }
    }
    double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + (double) sorted[n / 2]) / 2;
    int p95 = sorted[Math.max(0, (int) Math.ceil(0.95 * n) - 1)];
    return new Lengths(n, (double) sum / n, median, p95, sorted[n - 1], (double) truncated / n);
  }

  private static List<List<String>> tokens(
      TextDataset dataset, List<Sample> samples, Tokenizer tokenizer) {
    List<List<String>> out = new ArrayList<>(samples.size());
    for (Sample s : samples) {
      out.add(tokenizer.tokenize(dataset.text(s)));
    }
    return out;
  }
}
