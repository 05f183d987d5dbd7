package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.SharedText;

/**
 * {@code train}, {@code lr-find} and {@code dataset stats} on CSV/TSV files of labelled texts: the
 * UCI Yelp sentences (1,000, fast) and the Sentiment140 excerpt for its broken UTF-8.
 */
class TextDatasetCommandsTest {
  @TempDir Path dir;

  private static String yelp() {
    return SharedText.file("yelp_labelled.txt").toString();
  }

  private static void oneLineError(CliRun run) {
    assertThat(run.code()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("layerbench: ").doesNotContain("\n");
    assertThat(run.err()).doesNotContain("Exception", "\tat ");
  }

  @Test
  void trainsOnATsvAndSaysWhatItRead() throws Exception {
    Path run = dir.resolve("run");
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            yelp(),
            "--model",
            "text-gru",
            "--epochs",
            "1",
            "--batch",
            "32",
            "--max-length",
            "24",
            "--threads",
            "2",
            "-o",
            run.toString());
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out())
        .contains(
            "format: --delimiter tab --no-header --no-quoting --text-column 0 --label-column 1"
                + " --encoding utf-8")
        .contains("classes: 0 → 0, 1 → 1 (800 train, 200 val)")
        .contains("decoding yelp_labelled.txt: read as utf-8 with no decoding problems")
        .contains("training text-gru on 800 texts (200 for validation)")
        .containsPattern("epoch 1/1 .* samples/s")
        .contains("wrote " + run.resolve("model.lbmodel"));
    JsonNode runJson = new ObjectMapper().readTree(run.resolve("run.json").toFile());
    assertThat(runJson.at("/text/format/delimiter").asText()).isEqualTo("tab");
    assertThat(runJson.at("/text/settings/maxLength").asInt()).isEqualTo(24);
    assertThat(runJson.at("/data").asText()).isEqualTo(yelp());
  }

  @Test
  void lrFindSweepsATextFile() {
    CliRun sweep =
        CliRun.of(
            "lr-find",
            "--data",
            yelp(),
            "--model",
            "text-gru",
            "--steps",
            "10",
            "--batch",
            "32",
            "--max-length",
            "16",
            "--threads",
            "2",
            "--json");
    assertThat(sweep.code()).as(sweep.err()).isZero();
    assertThat(sweep.out().strip()).startsWith("{").contains("\"valley\"");
    assertThat(sweep.err()).contains("format: --delimiter tab");
  }

  @Test
  void statsDescribeTheTextsAsTextAndJson() throws Exception {
    CliRun text = CliRun.of("dataset", "stats", yelp(), "--max-length", "10");
    assertThat(text.code()).as(text.err()).isZero();
    assertThat(text.out())
        .contains("format: --delimiter tab")
        .containsPattern("0 +0 +400 +100 +0")
        .containsPattern("1 +1 +400 +100 +0")
        .contains("bad rows: none")
        .containsPattern("tokens per text \\(basic_english, training split\\): mean [0-9.]+,")
        .containsPattern("cut at --max-length 10")
        .containsPattern("OOV on validation [0-9.]+%")
        .contains("top tokens: . ");

    CliRun json = CliRun.of("dataset", "stats", yelp(), "--json", "--min-freq", "2");
    assertThat(json.code()).as(json.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertThat(doc.at("/classes/0/train").asInt()).isEqualTo(400);
    assertThat(doc.at("/classes/1/label").asText()).isEqualTo("1");
    assertThat(doc.at("/settings/minFreq").asInt()).isEqualTo(2);
    assertThat(doc.at("/vocabularySize").asInt()).isBetween(100, 2000);
    assertThat(doc.at("/oovRateVal").asDouble()).isBetween(0.0, 1.0);
    assertThat(doc.at("/tokenLengths/max").asInt())
        .isGreaterThanOrEqualTo(doc.at("/tokenLengths/p95").asInt());
    assertThat(doc.at("/topTokens")).hasSize(20);
    assertThat(doc.at("/badRows/count").asInt()).isZero();
    assertThat(doc.at("/decoding/0/problemLines").asInt()).isZero();
  }

  @Test
  void aLabelColumnTheFileLacksIsOneLine() {
    oneLineError(
        CliRun.of(
            "train",
            "--data",
            yelp(),
            "--model",
            "text-gru",
            "--label-column",
            "7",
            "-o",
            dir.resolve("r").toString()));
  }

  @Test
  void strictUtf8OnSentiment140IsOneLineThatNamesTheFix() {
    String csv = SharedText.file("sentiment140-excerpt.csv").toString();
    CliRun run = CliRun.of("dataset", "stats", csv, "--encoding", "utf-8");
    oneLineError(run);
    assertThat(run.err()).contains("not valid UTF-8", "utf-8-replace");
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            csv,
            "--encoding",
            "utf-8",
            "--model",
            "text-gru",
            "-o",
            dir.resolve("strict").toString());
    oneLineError(train);
  }

  @Test
  void anEmbeddingSmallerThanTheVocabularyIsOneLineWithTheFix() throws Exception {
    Path model = dir.resolve("small.json");
    CliRun template =
        CliRun.of(
            "template", "text-gru", "--vocab", "50", "--classes", "2", "-o", model.toString());
    assertThat(template.code()).as(template.err()).isZero();
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            yelp(),
            "--model",
            model.toString(),
            "--epochs",
            "1",
            "-o",
            dir.resolve("small").toString());
    oneLineError(train);
    assertThat(train.err())
        .contains("num_embeddings 50", "--max-tokens 50")
        .containsPattern("vocabulary has \\d+ tokens");
  }

  @Test
  void imageOptionsOnTextsAndTextOptionsOnFoldersAreRefused() {
    oneLineError(
        CliRun.of(
            "train",
            "--data",
            yelp(),
            "--model",
            "text-gru",
            "--size",
            "32",
            "-o",
            dir.resolve("s").toString()));
    CliRun onFolder =
        CliRun.of(
            "train",
            "--data",
            TrainCommandTest.SAMPLE.toString(),
            "--model",
            "simplenet",
            "--max-length",
            "20",
            "-o",
            dir.resolve("f").toString());
    oneLineError(onFolder);
    assertThat(onFolder.err()).contains("--max-length applies to a CSV/TSV file");
    assertThat(Files.exists(dir.resolve("f/run.json"))).isFalse();
  }
}
