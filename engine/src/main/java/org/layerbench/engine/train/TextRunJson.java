package org.layerbench.engine.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;

/**
 * run.json's {@code text} object: the files of a text run, the format they are read in and the text
 * settings, so that resume reads the same rows in the same way. Image runs have none.
 *
 * <pre>{"train": "/abs/tweets.csv", "val": null, "test": null,
 *  "format": {"delimiter": ",", "header": false, "quoting": true, "textColumn": "5",
 *             "labelColumn": "0", "encoding": "utf-8-replace"},
 *  "settings": {"tokenizer": "basic_english", "minFreq": 1, "maxTokens": null,
 *               "maxLength": 64, "padding": "dynamic"}}</pre>
 */
final class TextRunJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TextRunJson() {}

  /** A text run's files and settings as they appear in run.json. */
  record Text(TextFiles files, TextSettings settings) {}

  static JsonNode toJson(TextFiles files, TextSettings settings) {
    ObjectNode o = JSON.createObjectNode();
    o.put("train", files.train().toString());
    o.put("val", files.val() == null ? null : files.val().toString());
    o.put("test", files.test() == null ? null : files.test().toString());
    ObjectNode f = o.putObject("format");
    TextFormat format = files.format();
    f.put("delimiter", format.delimiterName());
    f.put("header", format.header());
    f.put("quoting", format.quoting());
    f.put("textColumn", format.textColumn());
    f.put("labelColumn", format.labelColumn());
    f.put("encoding", format.encoding().cliName());
    ObjectNode s = o.putObject("settings");
    s.put("tokenizer", settings.tokenizer().id());
    s.put("minFreq", settings.minFreq());
    s.put("maxTokens", settings.maxTokens());
    s.put("maxLength", settings.maxLength());
    s.put("padding", settings.padding().id());
    return o;
  }

  /**
   * Reads the {@code text} object back.
   *
   * @throws IOException with one line saying which field is missing or wrong
   */
  static Text parse(JsonNode o) throws IOException {
    try {
      JsonNode f = required(o, "format");
      JsonNode s = required(o, "settings");
      TextFormat format =
          new TextFormat(
              TextFormat.delimiterNamed(required(f, "delimiter").asText()),
              required(f, "header").asBoolean(),
              required(f, "quoting").asBoolean(),
              required(f, "textColumn").asText(),
              required(f, "labelColumn").asText(),
              TextEncoding.fromName(required(f, "encoding").asText()));
      TextSettings settings =
          new TextSettings(
              Tokenizer.fromId(required(s, "tokenizer").asText()),
              required(s, "minFreq").asInt(),
              s.path("maxTokens").isNumber() ? s.get("maxTokens").asInt() : null,
              required(s, "maxLength").asInt(),
              Padding.fromId(required(s, "padding").asText()));
      TextFiles files =
          new TextFiles(
              Path.of(required(o, "train").asText()), path(o, "val"), path(o, "test"), format);
      return new Text(files, settings);
    } catch (IllegalArgumentException e) {
      throw new IOException("\"text\": " + e.getMessage(), e);
    }
  }

  private static Path path(JsonNode o, String key) {
    JsonNode v = o.get(key);
    return v == null || v.isNull() ? null : Path.of(v.asText());
  }

  private static JsonNode required(JsonNode o, String key) throws IOException {
    JsonNode v = o.get(key);
    if (v == null || v.isNull()) {
      throw new IOException("\"text\" has no \"" + key + "\"");
    }
    return v;
  }
}
