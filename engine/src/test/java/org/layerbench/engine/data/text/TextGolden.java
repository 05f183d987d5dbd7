package org.layerbench.engine.data.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * golden/text_tokenizers.json: what torchtext 0.14's own tokenizers and build_vocab_from_iterator
 * give (engine/src/test/python/gen_text_fixtures.py; CI does not need torchtext).
 */
final class TextGolden {

  static final JsonNode JSON = load();

  private TextGolden() {}

  private static JsonNode load() {
    try (InputStream in = TextGolden.class.getResourceAsStream("/golden/text_tokenizers.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.textValue()));
    return out;
  }

  static List<List<String>> tokenLists(JsonNode array) {
    List<List<String>> out = new ArrayList<>();
    array.forEach(n -> out.add(strings(n)));
    return out;
  }
}
