package org.layerbench.app.gui.data.text;

import java.util.List;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Vocabulary;

/**
 * One text as the model receives it: its tokens, their ids in the vocabulary (unknown tokens become
 * {@code <unk>}, id 0), cut to the maximum length.
 *
 * @param tokens the tokens kept (at most the maximum length)
 * @param ids their ids
 * @param dropped how many tokens the maximum length cut off
 */
public record TokenPreview(List<String> tokens, long[] ids, int dropped) {

  /** What {@code settings} and {@code vocabulary} make of {@code text}. */
  public static TokenPreview of(String text, TextSettings settings, Vocabulary vocabulary) {
    List<String> all = settings.tokenizer().tokenize(text);
    List<String> kept = all.subList(0, Math.min(all.size(), settings.maxLength()));
    return new TokenPreview(List.copyOf(kept), vocabulary.encode(kept), all.size() - kept.size());
  }

  /** True when token {@code i} is not in the vocabulary. */
  public boolean unknown(int i) {
    return ids[i] == Vocabulary.UNK_ID;
  }

  /** How many kept tokens are unknown. */
  public int unknownCount() {
    int n = 0;
    for (long id : ids) {
      if (id == Vocabulary.UNK_ID) {
        n++;
      }
    }
    return n;
  }
}
