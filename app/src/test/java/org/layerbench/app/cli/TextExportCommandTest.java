package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.TextModels;

/**
 * {@code layerbench export} on a text model: {@code --format all} exports every format that covers
 * text models and says in one line which it skipped and why; {@code --format lightning} named on
 * its own still refuses.
 */
class TextExportCommandTest {
  @TempDir Path dir;

  private static final String SKIPPED =
      "skipped lightning: the Lightning export does not cover text models yet: its script would"
          + " need to read the CSV/TSV file with the run's tokenizer and vocabulary; export"
          + " --format pytorch, onnx or safetensors";

  @Test
  void allExportsTheFormatsThatCoverTextModelsAndSaysWhichItSkipped() throws Exception {
    Path bundle = TextModels.bundle(dir.resolve("text.lbmodel"), List.of("neg", "pos"), 3);
    Path out = dir.resolve("export");
    CliRun r =
        CliRun.of("export", "--model", bundle.toString(), "--format", "all", "-o", out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().lines().toList().getFirst()).isEqualTo(SKIPPED);
    assertThat(out.resolve("model.py")).exists();
    assertThat(out.resolve("model.onnx")).exists();
    assertThat(out.resolve("model.safetensors")).exists();
    assertThat(out.resolve("train_lightning.py")).doesNotExist();

    Path json = dir.resolve("export-json");
    CliRun j =
        CliRun.of(
            "export",
            "--model",
            bundle.toString(),
            "--format",
            "all",
            "-o",
            json.toString(),
            "--json",
            "--no-verify");
    assertThat(j.code()).as(j.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(j.out());
    assertThat(doc.at("/skipped/lightning").asText()).isEqualTo(SKIPPED.substring(19));
  }

  @Test
  void lightningNamedOnItsOwnStillRefusesATextModel() throws Exception {
    Path bundle = TextModels.bundle(dir.resolve("text.lbmodel"), List.of("neg", "pos"), 3);
    Path out = dir.resolve("export");
    CliRun r =
        CliRun.of(
            "export", "--model", bundle.toString(), "--format", "lightning", "-o", out.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err().strip()).isEqualTo("layerbench: " + SKIPPED.substring(19));
    assertThat(out).doesNotExist();
  }
}
