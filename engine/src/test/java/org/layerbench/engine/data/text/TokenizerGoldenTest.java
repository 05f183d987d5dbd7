package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The tokenizers against torchtext 0.14's own code and Python's str (golden/text_tokenizers.json).
 */
class TokenizerGoldenTest {

  private static final JsonNode G = TextGolden.JSON;

  @Test
  void basicEnglishIsTorchtexts() {
    assertTokens(Tokenizer.BASIC_ENGLISH, G.get("basic_english"));
  }

  @Test
  void whitespaceIsPythonsSplit() {
    assertTokens(Tokenizer.WHITESPACE, G.get("whitespace"));
  }

  private static void assertTokens(Tokenizer tokenizer, JsonNode expected) {
    List<String> texts = TextGolden.strings(G.get("texts"));
    assertThat(texts).hasSizeGreaterThan(500);
    List<String> mismatches = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      List<String> want = TextGolden.strings(expected.get(i));
      List<String> got = tokenizer.tokenize(texts.get(i));
      if (!got.equals(want)) {
        mismatches.add(i + ": " + texts.get(i) + " → " + got + " ≠ " + want);
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void handPickedCasesSayWhatTheGoldenFilePins() {
    Tokenizer b = Tokenizer.BASIC_ENGLISH;
    assertThat(b.tokenize("I can't... it's \"GREAT\"!?"))
        .containsExactly("i", "can", "'", "t", ".", ".", ".", "it", "'", "s", "great", "!", "?");
    assertThat(b.tokenize("İstanbul")).containsExactly("i\u0307stanbul");
    assertThat(b.tokenize("ΟΔΥΣΣΕΥΣ AΣ. Σ")).containsExactly("οδυσσευς", "aς", ".", "σ");
    assertThat(b.tokenize("a\u0085b\u00a0c\u3000d\u001fe"))
        .containsExactly("a", "b", "c", "d", "e");
    assertThat(b.tokenize("x<BR />y")).containsExactly("x", "y");
    assertThat(Tokenizer.WHITESPACE.tokenize("  Hi,\tthere!\u2028"))
        .containsExactly("Hi,", "there!");
    assertThat(b.tokenize("")).isEmpty();
  }

  /**
   * Python 3.11's lower() of every code point (Java's Character.toLowerCase knows Unicode 16,
   * Python 3.11 Unicode 14).
   */
  @Test
  void lowerIsPythonsForEveryCodePoint() {
    Map<Integer, String> python = new HashMap<>();
    G.get("python_lower").forEach(e -> python.put(e.get(0).intValue(), e.get(1).textValue()));
    List<String> mismatches = new ArrayList<>();
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        continue;
      }
      String c = Character.toString(cp);
      String want = python.getOrDefault(cp, c);
      String got = PythonText.lower(c);
      if (!got.equals(want)) {
        mismatches.add(String.format("U+%04X → %s ≠ %s", cp, escape(got), escape(want)));
      }
    }
    assertThat(mismatches).isEmpty();
  }

  @Test
  void spaceIsPythonsIsspaceForEveryCodePoint() {
    java.util.Set<Integer> python = new java.util.HashSet<>();
    G.get("python_isspace").forEach(e -> python.add(e.intValue()));
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      assertThat(PythonText.isSpace(cp)).as("U+%04X", cp).isEqualTo(python.contains(cp));
    }
  }

  @Test
  void namesAreTheCliAndJsonOnes() {
    assertThat(Tokenizer.fromId("basic_english")).isEqualTo(Tokenizer.BASIC_ENGLISH);
    assertThat(Tokenizer.fromId("whitespace")).isEqualTo(Tokenizer.WHITESPACE);
    assertThatThrownBy(() -> Tokenizer.fromId("spacy"))
        .hasMessage("unknown tokenizer \"spacy\" (known: basic_english, whitespace)");
  }

  private static String escape(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> b.append(String.format("\\u%04X", c)));
    return b.toString();
  }
}
