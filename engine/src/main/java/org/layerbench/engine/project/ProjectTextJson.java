package org.layerbench.engine.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;

/**
 * The project file's optional {@code text} object and {@link ProjectTextData}: {@code {"format":
 * {"delimiter": "tab", "header": false, "quoting": false, "textColumn": "0", "labelColumn": "1",
 * "encoding": "utf-8"}, "valData": "val.csv", "testData": "test.csv", "settings": {"tokenizer":
 * "basic_english", "minFreq": 1, "maxTokens": 20000, "maxLength": 64, "padding": "dynamic"}}}.
 * Every key is optional (absent: detected format, split, defaults); the names are the CLI's.
 */
final class ProjectTextJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ProjectTextJson() {}

  /**
   * The text data of a {@code text} object (null or absent: null).
   *
   * @throws IllegalArgumentException naming the key with a wrong value
   */
  static ProjectTextData read(JsonNode text) {
    if (text == null || text.isNull()) {
      return null;
    }
    if (!text.isObject()) {
      throw new IllegalArgumentException("must be an object");
    }
    TextFormat format = text.hasNonNull("format") ? format(text.get("format")) : null;
    TextSettings settings =
        text.hasNonNull("settings") ? settings(text.get("settings")) : TextSettings.defaults();
    try {
      return new ProjectTextData(
          format, string(text, "valData"), string(text, "testData"), settings);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("testData: " + e.getMessage(), e);
    }
  }

  private static TextFormat format(JsonNode f) {
    if (!f.isObject()) {
      throw new IllegalArgumentException("format: must be an object");
    }
    try {
      String delimiter = string(f, "delimiter");
      return new TextFormat(
          TextFormat.delimiterNamed(delimiter == null ? "," : delimiter),
          bool(f, "header", false),
          bool(f, "quoting", true),
          required(f, "textColumn"),
          required(f, "labelColumn"),
          TextEncoding.fromName(string(f, "encoding") == null ? "utf-8" : string(f, "encoding")));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("format: " + e.getMessage(), e);
    }
  }

  private static TextSettings settings(JsonNode s) {
    if (!s.isObject()) {
      throw new IllegalArgumentException("settings: must be an object");
    }
    try {
      String tokenizer = string(s, "tokenizer");
      String padding = string(s, "padding");
      return new TextSettings(
          tokenizer == null ? TextSettings.DEFAULT_TOKENIZER : Tokenizer.fromId(tokenizer),
          integer(s, "minFreq", TextSettings.DEFAULT_MIN_FREQ),
          s.hasNonNull("maxTokens") ? integer(s, "maxTokens", 0) : null,
          integer(s, "maxLength", TextSettings.DEFAULT_MAX_LENGTH),
          padding == null ? TextSettings.DEFAULT_PADDING : Padding.fromId(padding));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("settings: " + e.getMessage(), e);
    }
  }

  private static String string(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(key + " must be a string, not " + v);
    }
    return v.asText();
  }

  private static String required(JsonNode o, String key) {
    JsonNode v = o.get(key);
    if (v != null && v.isInt()) {
      return v.asText(); // a column index written as a number
    }
    String s = string(o, key);
    if (s == null) {
      throw new IllegalArgumentException(key + " is missing");
    }
    return s;
  }

  private static boolean bool(JsonNode o, String key, boolean absent) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.isBoolean()) {
      throw new IllegalArgumentException(key + " must be true or false, not " + v);
    }
    return v.asBoolean();
  }

  private static int integer(JsonNode o, String key, int absent) {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      return absent;
    }
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException(key + " must be a whole number, not " + v);
    }
    return v.asInt();
  }

  /** The {@code text} object: every setting written, absent files left out. */
  static ObjectNode write(ProjectTextData t) {
    ObjectNode out = MAPPER.createObjectNode();
    if (t.format() != null) {
      TextFormat f = t.format();
      ObjectNode fo = out.putObject("format");
      fo.put("delimiter", f.delimiterName());
      fo.put("header", f.header());
      fo.put("quoting", f.quoting());
      fo.put("textColumn", f.textColumn());
      fo.put("labelColumn", f.labelColumn());
      fo.put("encoding", f.encoding().cliName());
    }
    if (t.valData() != null) {
      out.put("valData", t.valData());
    }
    if (t.testData() != null) {
      out.put("testData", t.testData());
    }
    TextSettings s = t.settings();
    ObjectNode so = out.putObject("settings");
    so.put("tokenizer", s.tokenizer().id());
    so.put("minFreq", s.minFreq());
    if (s.maxTokens() == null) {
      so.putNull("maxTokens");
    } else {
      so.put("maxTokens", s.maxTokens());
    }
    so.put("maxLength", s.maxLength());
    so.put("padding", s.padding().id());
    return out;
  }
}
