package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.data.text.Vocabulary;
import org.layerbench.engine.graph.ModelFormatException;

/** A text model's bundle: its tokenizer, vocabulary, maximum length and padding travel with it. */
class TextBundleTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static BundleContents textBundle() {
    BundleContents f = ModelBundleTest.full();
    TextPreprocessing text =
        new TextPreprocessing(
            Tokenizer.BASIC_ENGLISH,
            Vocabulary.of(List.of("<unk>", "<pad>", "the", "café", "😀", "i\u0307stanbul", "!")),
            64,
            Padding.DYNAMIC);
    return new BundleContents(
        f.model(), f.weights(), List.of("negative", "positive"), text, f.metrics(), null, null);
  }

  @Test
  void roundTripsTheTextPreprocessing() throws Exception {
    Path file = dir.resolve("text.lbmodel");
    BundleContents contents = textBundle();
    ModelBundle.write(file, contents);
    BundleContents back = ModelBundle.read(file);
    assertThat(back).isEqualTo(contents);
    assertThat(back.preprocessing()).isEqualTo(contents.preprocessing());
    ObjectNode json = preprocessingJson(file);
    assertThat(json.get("modality").asText()).isEqualTo("text");
    assertThat(json.get("tokenizer").asText()).isEqualTo("basic_english");
    assertThat(json.get("maxLength").asInt()).isEqualTo(64);
    assertThat(json.get("padding").asText()).isEqualTo("dynamic");
    assertThat(json.get("vocabulary").get(4).asText()).isEqualTo("😀");
    assertThat(json.get("vocabulary")).hasSize(7);
  }

  @Test
  void refusesABadVocabularyWithOneLine() throws Exception {
    assertRefused(
        edited(p -> p.putArray("vocabulary").add("<unk>").add("<pad>").add("a").add("a")),
        "entry preprocessing.json: the vocabulary holds \"a\" twice (ids 2 and 3)");
    assertRefused(
        edited(p -> p.putArray("vocabulary").add("the").add("a")),
        "entry preprocessing.json: a vocabulary must start with \"<unk>\" (id 0) and \"<pad>\" (id 1)");
    assertRefused(
        edited(p -> p.putArray("vocabulary").add("<unk>").add("<pad>").add(3)),
        "entry preprocessing.json has a vocabulary entry that is not a token: 3");
    assertRefused(
        edited(p -> p.put("vocabulary", "the")),
        "entry preprocessing.json needs \"vocabulary\": a list of tokens in id order");
    assertRefused(
        edited(
            p -> {
              var v = p.putArray("vocabulary").add("<unk>").add("<pad>");
              for (int i = 0; i < Vocabulary.MAX_SIZE; i++) {
                v.add("t");
              }
            }),
        "entry preprocessing.json has a vocabulary of 2000002 tokens, more than the 2000000 a"
            + " model may have");
  }

  @Test
  void refusesOtherBadFieldsWithOneLine() throws Exception {
    assertRefused(
        edited(p -> p.put("tokenizer", "spacy")),
        "entry preprocessing.json: unknown tokenizer \"spacy\" (known: basic_english, whitespace)");
    assertRefused(
        edited(p -> p.remove("tokenizer")), "entry preprocessing.json needs \"tokenizer\": a name");
    assertRefused(
        edited(p -> p.put("padding", "longest")),
        "entry preprocessing.json: unknown padding \"longest\" (fixed or dynamic)");
    assertRefused(
        edited(p -> p.put("maxLength", 0)),
        "entry preprocessing.json needs \"maxLength\": a positive whole number");
    assertRefused(
        edited(p -> p.put("maxLength", 2.5)),
        "entry preprocessing.json needs \"maxLength\": a positive whole number");
  }

  private Path edited(Consumer<ObjectNode> edit) throws Exception {
    Path good = dir.resolve("good.lbmodel");
    ModelBundle.write(good, textBundle());
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(good.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    ObjectNode p = (ObjectNode) JSON.readTree(entries.get(ModelBundle.PREPROCESSING));
    edit.accept(p);
    entries.put(ModelBundle.PREPROCESSING, JSON.writeValueAsBytes(p));
    Path file = Files.createTempFile(dir, "edited", ".lbmodel");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return file;
  }

  private static ObjectNode preprocessingJson(Path file) throws Exception {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      byte[] b = zip.getInputStream(zip.getEntry(ModelBundle.PREPROCESSING)).readAllBytes();
      return (ObjectNode) JSON.readTree(new String(b, StandardCharsets.UTF_8));
    }
  }

  private static void assertRefused(Path file, String message) {
    assertThatThrownBy(() -> ModelBundle.read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(file + ": " + message);
  }
}
