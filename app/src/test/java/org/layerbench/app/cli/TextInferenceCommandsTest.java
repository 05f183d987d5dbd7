package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.SharedText;
import org.layerbench.app.TextModels;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.io.ModelBundle;

/** {@code predict --text}, {@code evaluate} on a file of texts and {@code features} of a text. */
class TextInferenceCommandsTest {
  @TempDir static Path dir;
  static Path model;
  static Path image;

  @BeforeAll
  static void bundle() throws Exception {
    model = TextModels.bundle(dir.resolve("text.lbmodel"), List.of("0", "1"), 5);
    image = TextModels.imageBundle(dir.resolve("image.lbmodel"), List.of("0", "1"));
  }

  @Test
  void predictPrintsTheTopClassesOfEachText() {
    CliRun r =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--text",
            "The food was great!",
            "--text",
            "bad service",
            "--top",
            "2");
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(6);
    assertThat(lines.get(0)).isEqualTo("The food was great!");
    assertThat(lines.get(3)).isEqualTo("bad service");
    assertThat(lines.get(1)).matches("  [01] +\\d+\\.\\d\\d%");
  }

  @Test
  void predictJsonHasEachTextsTopAndLogits() throws Exception {
    Path file = Files.writeString(dir.resolve("texts.txt"), "good food\n\nnot good\n");
    CliRun r =
        CliRun.of(
            "predict",
            "--model",
            model.toString(),
            "--text",
            "great",
            "--texts",
            file.toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    JsonNode p = doc.get("predictions");
    assertThat(p).hasSize(3);
    assertThat(p.get(0).get("text").asText()).isEqualTo("great");
    assertThat(p.get(1).get("text").asText()).isEqualTo("good food");
    assertThat(p.get(2).get("text").asText()).isEqualTo("not good");
    double sum = 0;
    for (JsonNode t : p.get(0).get("top")) {
      sum += t.get("probability").asDouble();
    }
    assertThat(sum).isBetween(0.999, 1.001);
    assertThat(p.get(0).get("logits").get(0)).hasSize(2);
  }

  @Test
  void anImageGivenToATextModelGetsOneLine() throws Exception {
    CliRun r = CliRun.of("predict", "--model", model.toString(), CliFaultsTest.IMAGE.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "layerbench: "
                + model
                + " is a text model: give it --text \"…\" or --texts FILE, not image files");
  }

  @Test
  void evaluateOnTheYelpFileListsTheWorstMisclassifiedTexts() throws Exception {
    Path yelp = SharedText.file("yelp_labelled.txt");
    CliRun r = CliRun.of("evaluate", "--model", model.toString(), "--data", yelp.toString());
    assertThat(r.code()).as(r.err()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines.get(0))
        .isEqualTo(
            "format: --delimiter tab --no-header --no-quoting --text-column 0 --label-column 1"
                + " --encoding utf-8");
    assertThat(lines)
        .contains("all rows: 1000 texts, accuracy " + accuracyOf(r) + ", loss " + lossOf(r));
    int worst =
        lines.indexOf(
            lines.stream().filter(l -> l.contains("misclassified")).findFirst().orElseThrow());
    List<String> listed = lines.subList(worst + 1, lines.size());
    assertThat(listed)
        .hasSize(10)
        .allMatch(l -> l.matches("  line \\d+ +true [01] +predicted [01] .*"));

    CliRun j =
        CliRun.of("evaluate", "--model", model.toString(), "--data", yelp.toString(), "--json");
    assertThat(j.code()).as(j.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(j.out());
    assertThat(doc.get("samples").asInt()).isEqualTo(1000);
    int[][] c = new ObjectMapper().convertValue(doc.get("confusion"), int[][].class);
    assertThat(c[0][0] + c[0][1] + c[1][0] + c[1][1]).isEqualTo(1000);
    JsonNode wrong = doc.get("misclassified");
    assertThat(wrong).hasSize(c[0][1] + c[1][0]);
    List<String> yelpLines = Files.readAllLines(yelp);
    double last = -1;
    for (JsonNode w : wrong) {
      int line = w.get("line").asInt();
      assertThat(yelpLines.get(line - 1)).startsWith(w.get("text").asText());
      assertThat(yelpLines.get(line - 1)).endsWith("\t" + w.get("label").asText());
      assertThat(w.get("predicted").asText()).isNotEqualTo(w.get("label").asText());
      assertThat(w.get("probability").asDouble()).isGreaterThanOrEqualTo(last);
      last = w.get("probability").asDouble();
    }
    // The human output's ten are the first ten of the JSON's, line for line.
    for (int i = 0; i < 10; i++) {
      assertThat(listed.get(i))
          .startsWith(String.format("  line %-6d", wrong.get(i).get("line").asInt()));
    }
  }

  private static String accuracyOf(CliRun r) {
    return r.out().replaceAll("(?s).*accuracy (\\d\\.\\d+),.*", "$1");
  }

  private static String lossOf(CliRun r) {
    return r.out().replaceAll("(?s).*, loss (\\S+)\\n.*", "$1");
  }

  @Test
  void evaluateSaysWhenAnImageModelIsGivenTexts() throws Exception {
    Path csv = Files.writeString(dir.resolve("t.csv"), "text,label\ngood,1\nbad,0\n");
    CliRun r = CliRun.of("evaluate", "--model", image.toString(), "--data", csv.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().lines().toList())
        .containsExactly(
            "layerbench: "
                + image
                + ": an image model — evaluating on a file of texts is for text models");
  }

  @Test
  void textGivenToAnImageModelGetsOneLine() {
    CliRun r = CliRun.of("predict", "--model", image.toString(), "--text", "good food");
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "layerbench: "
                + image
                + " is an image model: give it image files, not --text or --texts");
  }

  @Test
  void featuresOfATextAreItsIdsLengthAndTokens() throws Exception {
    String text = "The food was zzzz good!";
    TextPreprocessing p = (TextPreprocessing) ModelBundle.read(model).preprocessing();
    TextPreprocessing.Encoded e = p.encode(text);
    CliRun r = CliRun.of("features", "--model", model.toString(), text, "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("dtype").asText()).isEqualTo("int64");
    assertThat(doc.get("shape").toString()).isEqualTo("[1,32]");
    List<Long> values = new ArrayList<>();
    doc.get("values").forEach(v -> values.add(v.asLong()));
    assertThat(values).containsExactlyElementsOf(java.util.Arrays.stream(e.ids()).boxed().toList());
    assertThat(doc.get("lengths").get(0).asInt()).isEqualTo(e.length()).isEqualTo(6);
    List<String> tokens = new ArrayList<>();
    List<Boolean> unknown = new ArrayList<>();
    doc.get("tokens")
        .forEach(
            t -> {
              tokens.add(t.get("token").asText());
              unknown.add(t.get("unknown").asBoolean());
            });
    assertThat(tokens).containsExactly("the", "food", "was", "zzzz", "good", "!");
    assertThat(unknown).containsExactly(false, false, false, true, false, false);

    CliRun human = CliRun.of("features", "--model", model.toString(), text);
    assertThat(human.code()).as(human.err()).isZero();
    assertThat(human.out())
        .contains("dtype   int64")
        .contains("lengths [6]")
        .contains("tokens  6 (at most 32), 1 not in the vocabulary (read as <unk>, id 0)")
        .contains("  the=3 food=13 was=6 zzzz=<unk> good=10 !=17");
  }

  @Test
  void featuresOfAnImageFileGivenToATextModelGetsOneLine() {
    CliRun r = CliRun.of("features", "--model", model.toString(), CliFaultsTest.IMAGE.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip())
        .isEqualTo(
            "layerbench: "
                + model
                + " is a text model: INPUT is the text itself, not a file ("
                + CliFaultsTest.IMAGE
                + ")");
  }
}
