package org.layerbench.engine.data.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ↔ id, as torchtext 0.14's {@code build_vocab_from_iterator(texts, min_freq,
 * specials=["<unk>", "<pad>"], special_first=True, max_tokens)} builds it, with {@code
 * set_default_index(vocab["<unk>"])}: {@code <unk>} is 0, {@code <pad>} is 1, then the tokens by
 * descending count, ties in Python's string order (code points). Immutable and thread-safe; its
 * JSON form is {@link #tokens()}.
 */
public final class Vocabulary {

  public static final String UNK = "<unk>";
  public static final String PAD = "<pad>";
  public static final int UNK_ID = 0;
  public static final int PAD_ID = 1;

  /**
   * The most tokens a vocabulary may hold: as many as fastText's largest published vectors
   * (crawl-300d-2M), far more than a classifier's; a bundle claiming more is damaged, not a model.
   */
  public static final int MAX_SIZE = 2_000_000;

  private final List<String> tokens;
  private final Map<String, Integer> ids;

  private Vocabulary(List<String> tokens, Map<String, Integer> ids) {
    this.tokens = tokens;
    this.ids = ids;
  }

  /**
   * Counts the tokens of {@code texts} (the training split's; the caller decides) and keeps them as
   * torchtext does: sorted by (-count, token), cut to {@code maxTokens - 2} <em>before</em> the
   * specials are taken out of the list (so a text's own {@code <unk>} among the most frequent
   * tokens uses a place), then those counted fewer than {@code minFreq} times are dropped.
   *
   * @param maxTokens the most tokens including the two specials (more than 2), or null for all
   */
  public static Vocabulary build(
      Iterable<? extends List<String>> texts, int minFreq, Integer maxTokens) {
    if (minFreq < 1) {
      throw new IllegalArgumentException(
          "the minimum frequency must be at least 1, got " + minFreq);
    }
    if (maxTokens != null && maxTokens <= 2) {
      throw new IllegalArgumentException(
          "the vocabulary's maximum size counts <unk> and <pad>, so it must be more than 2, got "
              + maxTokens);
    }
    Map<String, long[]> counts = new HashMap<>();
    for (List<String> text : texts) {
      for (String token : text) {
        counts.computeIfAbsent(token, t -> new long[1])[0]++;
      }
    }
    List<Map.Entry<String, long[]>> sorted = new ArrayList<>(counts.entrySet());
    sorted.sort(
        (a, b) -> {
          int byCount = Long.compare(b.getValue()[0], a.getValue()[0]);
          return byCount != 0
              ? byCount
              : PythonText.CODE_POINT_ORDER.compare(a.getKey(), b.getKey());
        });
    if (maxTokens != null && sorted.size() > maxTokens - 2) {
      sorted = sorted.subList(0, maxTokens - 2);
    }
    List<String> tokens = new ArrayList<>(List.of(UNK, PAD));
    for (Map.Entry<String, long[]> e : sorted) {
      if (!e.getKey().equals(UNK) && !e.getKey().equals(PAD) && e.getValue()[0] >= minFreq) {
        tokens.add(e.getKey());
      }
    }
    return of(tokens);
  }

  /**
   * The vocabulary whose tokens in id order are {@code tokens} (its JSON form, from a bundle).
   *
   * @throws IllegalArgumentException with one line saying what is wrong: not starting with {@code
   *     <unk>}, {@code <pad>}; a duplicate or missing token; more than {@link #MAX_SIZE}
   */
  public static Vocabulary of(List<String> tokens) {
    if (tokens.size() > MAX_SIZE) {
      throw new IllegalArgumentException(
          "a vocabulary of " + tokens.size() + " tokens is more than the " + MAX_SIZE + " allowed");
    }
    if (tokens.size() < 2 || !UNK.equals(tokens.get(0)) || !PAD.equals(tokens.get(1))) {
      throw new IllegalArgumentException(
          "a vocabulary must start with \"" + UNK + "\" (id 0) and \"" + PAD + "\" (id 1)");
    }
    Map<String, Integer> ids = HashMap.newHashMap(tokens.size());
    List<String> copy = new ArrayList<>(tokens.size());
    for (int i = 0; i < tokens.size(); i++) {
      String t = tokens.get(i);
      if (t == null) {
        throw new IllegalArgumentException("the vocabulary's token " + i + " is missing");
      }
      Integer before = ids.putIfAbsent(t, i);
      if (before != null) {
        throw new IllegalArgumentException(
            "the vocabulary holds \"" + t + "\" twice (ids " + before + " and " + i + ")");
      }
      copy.add(t);
    }
    return new Vocabulary(Collections.unmodifiableList(copy), ids);
  }

  /** The token's id, or {@link #UNK_ID} for a token the vocabulary does not hold. */
  public int index(String token) {
    return ids.getOrDefault(token, UNK_ID);
  }

  /** The token with id {@code id}. */
  public String token(int id) {
    return tokens.get(id);
  }

  /** How many tokens, the specials included (an embedding's {@code num_embeddings}). */
  public int size() {
    return tokens.size();
  }

  /** The ids of {@code tokens}. */
  public long[] encode(List<String> tokens) {
    long[] out = new long[tokens.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = index(tokens.get(i));
    }
    return out;
  }

  /** The tokens in id order (torchtext's {@code get_itos()}), the form bundles store. */
  public List<String> tokens() {
    return tokens;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vocabulary v && v.tokens.equals(tokens);
  }

  @Override
  public int hashCode() {
    return tokens.hashCode();
  }

  @Override
  public String toString() {
    return "Vocabulary(" + tokens.size() + " tokens)";
  }
}
