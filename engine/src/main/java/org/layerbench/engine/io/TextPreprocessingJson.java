package org.layerbench.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.data.text.Vocabulary;
import org.layerbench.engine.graph.ModelFormatException;

/**
 * A {@link TextPreprocessing} in a bundle's {@code preprocessing.json}: {@code {"modality": "text",
 * "tokenizer": "basic_english", "maxLength": 64, "padding": "fixed", "vocabulary": ["<unk>",
 * "<pad>", ...]}}, the vocabulary's tokens in id order (as Keras' {@code TextVectorization} saves
 * its vocabulary with the model). Reading refuses anything else with one line.
 */
final class TextPreprocessingJson {

  private TextPreprocessingJson() {}

  static void write(TextPreprocessing p, ObjectNode o) {
    o.put("tokenizer", p.tokenizer().id());
    o.put("maxLength", p.maxLength());
    o.put("padding", p.padding().id());
    ArrayNode tokens = o.putArray("vocabulary");
    p.vocabulary().tokens().forEach(tokens::add);
  }

  static TextPreprocessing read(JsonNode json, String what) throws ModelFormatException {
    Tokenizer tokenizer;
    Padding padding;
    try {
      tokenizer = Tokenizer.fromId(text(json, "tokenizer", what));
      padding = Padding.fromId(text(json, "padding", what));
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(what + ": " + e.getMessage());
    }
    JsonNode max = json.get("maxLength");
    if (max == null || !max.isIntegralNumber() || !max.canConvertToInt() || max.intValue() < 1) {
      throw new ModelFormatException(what + " needs \"maxLength\": a positive whole number");
    }
    JsonNode v = json.get("vocabulary");
    if (v == null || !v.isArray()) {
      throw new ModelFormatException(what + " needs \"vocabulary\": a list of tokens in id order");
    }
    if (v.size() > Vocabulary.MAX_SIZE) {
      throw new ModelFormatException(
          what
              + " has a vocabulary of "
              + v.size()
              + " tokens, more than the "
              + Vocabulary.MAX_SIZE
              + " a model may have");
    }
    List<String> tokens = new ArrayList<>(v.size());
    for (JsonNode t : v) {
      if (!t.isTextual()) {
        throw new ModelFormatException(what + " has a vocabulary entry that is not a token: " + t);
      }
      tokens.add(t.textValue());
    }
    try {
      return new TextPreprocessing(tokenizer, Vocabulary.of(tokens), max.intValue(), padding);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(what + ": " + e.getMessage());
    }
  }

  private static String text(JsonNode json, String field, String what) throws ModelFormatException {
    JsonNode v = json.get(field);
    if (v == null || !v.isTextual()) {
      throw new ModelFormatException(what + " needs \"" + field + "\": a name");
    }
    return v.textValue();
  }
}
