package org.layerbench.app.gui.data.text;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Vocabulary;

/**
 * What the Data workspace shows of a text dataset under given text settings, computed in one pass
 * off the FX thread: the rows with their token counts, the class balance per split, the token
 * lengths, the vocabulary the settings build from the training split (and its size for other {@code
 * min_freq} values), the out-of-vocabulary rate on validation and the most frequent tokens.
 *
 * @param rows every sample, training first, then validation and test
 * @param balance per split ("train", "val", "test"), samples per class in class order
 * @param lengths the token count of every row (same order as rows)
 * @param truncated the share of texts longer than the maximum length
 * @param vocabulary the vocabulary the settings build from the training texts
 * @param sizeByMinFreq the vocabulary's size for min_freq 1..5 (with the settings' max_tokens)
 * @param oovRate the share of validation tokens not in the vocabulary (NaN without validation)
 * @param topTokens the most frequent training tokens with their counts, most frequent first
 */
public record TextStats(
    TextSettings settings,
    List<TextRow> rows,
    Map<String, int[]> balance,
    int[] lengths,
    double truncated,
    Vocabulary vocabulary,
    List<Integer> sizeByMinFreq,
    double oovRate,
    List<Map.Entry<String, Integer>> topTokens) {

  /** How many frequent tokens are kept. */
  public static final int TOP = 30;

  static final List<String> SPLITS = List.of("train", "val", "test");

  /**
   * Computes the statistics of {@code data} under {@code settings}.
   *
   * @throws CancellationException when {@code cancelled} turns true between steps
   */
  public static TextStats compute(
      TextDataset data, TextSettings settings, BooleanSupplier cancelled) {
    List<String> classes = data.classes();
    List<TextRow> rows = new ArrayList<>();
    List<List<String>> trainTokens = new ArrayList<>();
    List<List<String>> valTokens = new ArrayList<>();
    Map<String, int[]> balance = new LinkedHashMap<>();
    List<Integer> lengths = new ArrayList<>();
    int longer = 0;
    for (String split : SPLITS) {
      List<Sample> samples = samples(data, split);
      int[] counts = new int[classes.size()];
      for (int i = 0; i < samples.size(); i++) {
        if (i % 2048 == 0 && cancelled.getAsBoolean()) {
          throw new CancellationException();
        }
        Sample s = samples.get(i);
        String text = data.text(s);
        List<String> tokens = settings.tokenizer().tokenize(text);
        counts[s.label()]++;
        rows.add(new TextRow(split, text, classes.get(s.label()), tokens.size()));
        lengths.add(tokens.size());
        if (tokens.size() > settings.maxLength()) {
          longer++;
        }
        if (split.equals("train")) {
          trainTokens.add(tokens);
        } else if (split.equals("val")) {
          valTokens.add(tokens);
        }
      }
      if (!samples.isEmpty() || split.equals("train")) {
        balance.put(split, counts);
      }
    }
    Vocabulary vocabulary = settings.vocabulary(trainTokens);
    List<Integer> sizes = new ArrayList<>();
    for (int m = 1; m <= 5; m++) {
      if (cancelled.getAsBoolean()) {
        throw new CancellationException();
      }
      sizes.add(
          m == settings.minFreq()
              ? vocabulary.size()
              : Vocabulary.build(trainTokens, m, settings.maxTokens()).size());
    }
    long valTotal = 0;
    long unknown = 0;
    for (List<String> tokens : valTokens) {
      for (String t : tokens) {
        valTotal++;
        if (vocabulary.index(t) == Vocabulary.UNK_ID) {
          unknown++;
        }
      }
    }
    return new TextStats(
        settings,
        List.copyOf(rows),
        balance,
        lengths.stream().mapToInt(Integer::intValue).toArray(),
        rows.isEmpty() ? 0 : longer / (double) rows.size(),
        vocabulary,
        List.copyOf(sizes),
        valTotal == 0 ? Double.NaN : unknown / (double) valTotal,
        top(trainTokens));
  }

  private static List<Sample> samples(TextDataset data, String split) {
    return switch (split) {
      case "train" -> data.splits().train();
      case "val" -> data.splits().val();
      default -> data.splits().test();
    };
  }

  /** The {@link #TOP} most frequent tokens, ties in code-point order as the vocabulary sorts. */
  private static List<Map.Entry<String, Integer>> top(List<List<String>> texts) {
    Map<String, Integer> counts = new HashMap<>();
    for (List<String> t : texts) {
      for (String token : t) {
        counts.merge(token, 1, Integer::sum);
      }
    }
    return counts.entrySet().stream()
        .sorted(
            (a, b) -> {
              int c = Integer.compare(b.getValue(), a.getValue());
              return c != 0 ? c : a.getKey().compareTo(b.getKey());
            })
        .limit(TOP)
        .map(e -> Map.entry(e.getKey(), e.getValue()))
        .toList();
  }

  /**
   * The token lengths in {@code bins} equal bins from 0 to the longest text (at least the maximum
   * length, so its marker is inside): counts per bin and the bin width.
   */
  public Histogram histogram(int bins) {
    int longest = settings.maxLength();
    for (int l : lengths) {
      longest = Math.max(longest, l);
    }
    int width = Math.max(1, (int) Math.ceil((longest + 1) / (double) bins));
    int[] counts = new int[(longest / width) + 1];
    for (int l : lengths) {
      counts[l / width]++;
    }
    return new Histogram(counts, width);
  }

  /**
   * Token-length counts: bin {@code i} holds lengths {@code [i*width, (i+1)*width)}.
   *
   * @param counts texts per bin
   * @param width the lengths per bin
   */
  public record Histogram(int[] counts, int width) {
    public int total() {
      int n = 0;
      for (int c : counts) {
        n += c;
      }
      return n;
    }
  }
}
