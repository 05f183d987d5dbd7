package org.layerbench.engine.data.text;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How a text becomes tokens, as torchtext 0.14's {@code get_tokenizer} does it (golden tokens from
 * torchtext's own code in golden/text_tokenizers.json). Stateless and thread-safe.
 */
public enum Tokenizer {
  /**
   * torchtext's {@code _basic_english_normalize}: Python's {@code lower()}, then its replacements
   * in order ({@code '}→" ' ", {@code "} removed, {@code .}→" . ", {@code <br />}→" ", {@code ,}
   * {@code (} {@code )} {@code !} {@code ?} set apart, {@code ;} {@code :} → " "), then {@code
   * split()}. Its last pattern, {@code \s+}→" ", changes nothing that {@code split()} would not.
   */
  BASIC_ENGLISH("basic_english") {
    @Override
    public List<String> tokenize(String text) {
      String s = PythonText.lower(text);
      for (String[] r : REPLACEMENTS) {
        s = s.replace(r[0], r[1]);
      }
      return PythonText.split(s);
    }
  },
  /** Python's {@code str.split()} (torchtext's {@code get_tokenizer(None)}, the book's default). */
  WHITESPACE("whitespace") {
    @Override
    public List<String> tokenize(String text) {
      return PythonText.split(text);
    }
  };

  /** torchtext's {@code _patterns} and {@code _replacements}: all literal but the last. */
  private static final String[][] REPLACEMENTS = {
    {"'", " '  "},
    {"\"", ""},
    {".", " . "},
    {"<br />", " "},
    {",", " , "},
    {"(", " ( "},
    {")", " ) "},
    {"!", " ! "},
    {"?", " ? "},
    {";", " "},
    {":", " "},
  };

  private final String id;

  Tokenizer(String id) {
    this.id = id;
  }

  /** The text's tokens, in order. */
  public abstract List<String> tokenize(String text);

  /** The name the CLI and JSON use ("basic_english"). */
  public String id() {
    return id;
  }

  /**
   * The tokenizer called {@code id}.
   *
   * @throws IllegalArgumentException naming the known tokenizers
   */
  public static Tokenizer fromId(String id) {
    for (Tokenizer t : values()) {
      if (t.id.equals(id)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown tokenizer \""
            + id
            + "\" (known: "
            + Arrays.stream(values()).map(Tokenizer::id).collect(Collectors.joining(", "))
            + ")");
  }
}
