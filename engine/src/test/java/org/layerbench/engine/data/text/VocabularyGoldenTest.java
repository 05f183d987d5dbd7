package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary against torchtext 0.14's build_vocab_from_iterator (golden/text_tokenizers.json).
 */
class VocabularyGoldenTest {

  private static final JsonNode G = TextGolden.JSON;

  @Test
  void buildsTorchtextsVocabulariesForEachSetting() {
    int checked = 0;
    for (JsonNode v : G.get("vocabularies")) {
      List<List<String>> texts = TextGolden.tokenLists(G.get(v.get("tokenizer").textValue()));
      Vocabulary built = build(texts, v);
      assertThat(built.tokens())
          .as(
              "%s min_freq=%s max_tokens=%s",
              v.get("tokenizer"), v.get("min_freq"), v.get("max_tokens"))
          .containsExactlyElementsOf(TextGolden.strings(v.get("tokens")));
      checked++;
    }
    assertThat(checked).isEqualTo(12);
  }

  /**
   * A text's own {@code <unk>} is counted and cut with the others before torchtext takes the
   * specials out (so it uses a place under max_tokens); ties go by code point (U+FF5E before
   * U+1F600, which UTF-16 order reverses); a precomposed é and e + U+0301 stay two tokens.
   */
  @Test
  void edgeCasesAreTorchtexts() {
    for (JsonNode v : G.get("edge_vocabularies")) {
      Vocabulary built = build(TextGolden.tokenLists(v.get("texts")), v);
      assertThat(built.tokens())
          .as(
              "%s min_freq=%s max_tokens=%s",
              v.get("texts"), v.get("min_freq"), v.get("max_tokens"))
          .containsExactlyElementsOf(TextGolden.strings(v.get("tokens")));
    }
    assertThat(Vocabulary.build(List.of(List.of("\uff5e", "\ud83d\ude00")), 1, null).tokens())
        .containsExactly("<unk>", "<pad>", "\uff5e", "\ud83d\ude00");
  }

  private static Vocabulary build(List<List<String>> texts, JsonNode v) {
    JsonNode max = v.get("max_tokens");
    return Vocabulary.build(
        texts, v.get("min_freq").intValue(), max.isNull() ? null : max.intValue());
  }

  @Test
  void indexTokenEncodeAndTheDefaultUnk() {
    Vocabulary v =
        Vocabulary.build(List.of(List.of("b", "a", "b"), List.of("c", "b", "a")), 1, null);
    assertThat(v.tokens()).containsExactly("<unk>", "<pad>", "b", "a", "c");
    assertThat(v.size()).isEqualTo(5);
    assertThat(v.index("<unk>")).isEqualTo(Vocabulary.UNK_ID).isZero();
    assertThat(v.index("<pad>")).isEqualTo(Vocabulary.PAD_ID).isOne();
    assertThat(v.index("a")).isEqualTo(3);
    assertThat(v.index("never seen")).isZero();
    assertThat(v.token(2)).isEqualTo("b");
    assertThat(v.encode(List.of("c", "zzz", "b", "<pad>"))).containsExactly(4, 0, 2, 1);
    assertThat(Vocabulary.of(v.tokens())).isEqualTo(v);
    assertThatThrownBy(() -> v.tokens().add("d")).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void onlySpecialsWhenNothingIsFrequentEnough() {
    assertThat(Vocabulary.build(List.of(List.of("a", "b")), 2, null).tokens())
        .containsExactly("<unk>", "<pad>");
    assertThat(Vocabulary.build(List.of(), 1, null).size()).isEqualTo(2);
  }

  @Test
  void refusesBadSettings() {
    assertThatThrownBy(() -> Vocabulary.build(List.of(), 0, null))
        .hasMessage("the minimum frequency must be at least 1, got 0");
    assertThatThrownBy(() -> Vocabulary.build(List.of(), 1, 2))
        .hasMessageContaining("must be more than 2, got 2");
  }

  @Test
  void refusesATokenListThatIsNotAVocabulary() {
    assertThatThrownBy(() -> Vocabulary.of(List.of("<pad>", "<unk>", "a")))
        .hasMessage("a vocabulary must start with \"<unk>\" (id 0) and \"<pad>\" (id 1)");
    assertThatThrownBy(() -> Vocabulary.of(List.of("<unk>")))
        .hasMessage("a vocabulary must start with \"<unk>\" (id 0) and \"<pad>\" (id 1)");
    assertThatThrownBy(() -> Vocabulary.of(List.of("<unk>", "<pad>", "a", "b", "a")))
        .hasMessage("the vocabulary holds \"a\" twice (ids 2 and 4)");
    assertThatThrownBy(() -> Vocabulary.of(List.of("<unk>", "<pad>", "<unk>")))
        .hasMessage("the vocabulary holds \"<unk>\" twice (ids 0 and 2)");
    List<String> withNull = new ArrayList<>(List.of("<unk>", "<pad>"));
    withNull.add(null);
    assertThatThrownBy(() -> Vocabulary.of(withNull))
        .hasMessage("the vocabulary's token 2 is missing");
    List<String> huge =
        new AbstractList<>() {
          @Override
          public String get(int i) {
            return i == 0 ? "<unk>" : i == 1 ? "<pad>" : "t" + i;
          }

          @Override
          public int size() {
            return Vocabulary.MAX_SIZE + 1;
          }
        };
    assertThatThrownBy(() -> Vocabulary.of(huge))
        .hasMessage("a vocabulary of 2000001 tokens is more than the 2000000 allowed");
  }
}
