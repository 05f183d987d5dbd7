package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** run.json read and written by one type, byte for byte as the runs before it wrote it. */
class RunManifestTest {
  @TempDir Path dir;

  private static String fixture() throws IOException {
    try (InputStream in = RunManifestTest.class.getResourceAsStream("/runs/finished-run.json")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A run.json written by main before RunManifest existed (the augmented reference run). */
  @Test
  void aFinishedRunsFileReadsAndWritesBackByteForByte() throws Exception {
    String text = fixture();
    RunManifest run = RunManifest.parse(text);
    assertThat(run.toJson()).isEqualTo(text);

    assertThat(run.status()).isEqualTo("finished");
    assertThat(run.data()).isEqualTo(Path.of("/work/main/sample-data/project/data/shapes"));
    assertThat(run.classes()).containsExactly("circle", "square", "triangle");
    assertThat(run.epochs()).isEqualTo(3);
    assertThat(run.bestValAccuracy()).isEqualTo(0.5133333333333333);
    assertThat(run.progressiveResizing()).isEqualTo(Map.of(2, 96));
    assertThat(run.valSplit()).isEqualTo(0.2);
    assertThat(run.seed()).isEqualTo(7);
    TrainConfig config = run.trainConfig();
    assertThat(config.epochs()).isEqualTo(3);
    assertThat(config.lr()).isEqualTo(0.003);
    assertThat(config.imageSize()).isEqualTo(64);
  }

  /** What TrainingRun writes at each stage, in the order and with the nulls it always had. */
  @Test
  void aRunsStagesWriteTheirFieldsInRunJsonsOrder() throws Exception {
    TrainConfig config =
        new TrainConfig(2, 8, 1e-3, "adam", 0, "constant", 16, 0.2, 5, "cpu", 1, 0);
    RunManifest base =
        RunManifest.of(
            dir, "simplenet", config, null, "ignored without a file", null, Map.of(), null);
    RunManifest journal = base.journal(List.of("a", "b"), 10, 4, 0, null, "cpu()", Instant.EPOCH);
    String text = journal.toJson();
    assertThat(text)
        .contains("\"status\" : \"running\",\n  \"classes\" : [ \"a\", \"b\" ]")
        .contains("\"epochs\" : 0,\n  \"bestValAccuracy\" : null,\n  \"device\" : \"cpu()\"")
        .doesNotContain("weights")
        .doesNotContain("progressiveResizing")
        .endsWith("\"updated\" : \"1970-01-01T00:00:00Z\"\n}\n");
    assertThat(RunManifest.parse(text).toJson()).isEqualTo(text);

    String failed = journal.failed("loss became NaN").toJson();
    assertThat(failed)
        .endsWith("\"status\" : \"failed\",\n  \"reason\" : \"loss became NaN\"\n}\n")
        .doesNotContain("classes");

    String ended = journal.ended("finished", 0, null, null, Instant.EPOCH, 0.5, 0.7).toJson();
    assertThat(ended)
        .contains("\"status\" : \"finished\",\n  \"classes\"")
        .endsWith(
            "\"skippedFiles\" : 0,\n  \"finished\" : \"1970-01-01T00:00:00Z\",\n"
                + "  \"testAccuracy\" : 0.5,\n  \"testLoss\" : 0.7\n}\n");
    assertThat(RunManifest.parse(ended).trainConfig()).isEqualTo(config);
  }

  @Test
  void writtenFilesReadBack() throws Exception {
    RunManifest run = RunManifest.parse(fixture());
    run.writeTo(dir);
    assertThat(Files.readString(dir.resolve("run.json"))).isEqualTo(fixture());
    assertThat(RunManifest.read(dir.resolve("run.json"))).isEqualTo(run);
  }

  /** Each broken file is told in one line that names the file and what is wrong. */
  @Test
  void aBrokenFileIsToldInOneLine() throws Exception {
    assertProblem("{ not json", "not valid JSON");
    assertProblem("[1, 2]", "not a JSON object");
    assertProblem("{\"format\":\"layerbench.model\",\"version\":1}", "not a LayerBench run");
    assertProblem(
        "{\"format\":\"layerbench.run\",\"version\":2}",
        "version 2 was written by a newer LayerBench; this one reads version 1");
    assertProblem(
        "{\"format\":\"layerbench.run\",\"version\":1,\"status\":\"running\",\"gpuHours\":3}",
        "unknown field \"gpuHours\"");
    assertProblem(
        "{\"format\":\"layerbench.run\",\"version\":1,\"epochs\":\"three\"}",
        "\"epochs\" should be a whole number");
    assertProblem(
        "{\"format\":\"layerbench.run\",\"version\":1,\"progressiveResizing\":{\"x\":96}}",
        "\"progressiveResizing\" maps epochs to sizes");
    assertThatThrownBy(() -> RunManifest.read(dir.resolve("absent.json")))
        .isInstanceOf(IOException.class)
        .hasMessageEndingWith("does not exist");
  }

  private void assertProblem(String text, String expected) throws IOException {
    Path file = Files.writeString(dir.resolve("run.json"), text);
    assertThatThrownBy(() -> RunManifest.read(file))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(expected)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  /** The small files hand-written by tests and older runs (no config) still read. */
  @Test
  void aMinimalJournalReadsWithDefaults() throws Exception {
    RunManifest run =
        RunManifest.parse(
            "{\"format\":\"layerbench.run\",\"version\":1,\"status\":\"running\",\"epochs\":1}");
    assertThat(run.status()).isEqualTo("running");
    assertThat(run.epochs()).isEqualTo(1);
    assertThat(run.valSplit()).isEqualTo(0.2);
    assertThat(run.seed()).isEqualTo(1);
    assertThatThrownBy(run::trainConfig).hasMessageContaining("no training configuration");
  }
}
