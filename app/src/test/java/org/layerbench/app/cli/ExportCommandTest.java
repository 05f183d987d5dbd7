package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.io.export.Python;

/** {@code layerbench export} on a real run of the bundled sample. */
class ExportCommandTest {
  @TempDir static Path runs;
  static Path run;

  @TempDir Path dir;

  @BeforeAll
  static void train() {
    run = runs.resolve("shapes");
    CliRun r =
        CliRun.of(
            "train",
            "--data",
            TrainCommandTest.SAMPLE.toString(),
            "--model",
            "smallcnn",
            "--epochs",
            "1",
            "--batch",
            "32",
            "--size",
            "32",
            "-o",
            run.toString());
    assertThat(r.code()).as(r.err()).isZero();
  }

  @Test
  void exportsEveryFormatAndVerifiesOnTheRunsValidationImages() throws Exception {
    Path out = dir.resolve("export");
    CliRun r =
        CliRun.of(
            "export",
            "--model",
            run.resolve("model.lbmodel").toString(),
            "--format",
            "all",
            "-o",
            out.toString(),
            "--json");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertThat(doc.get("ok").asBoolean()).isTrue();
    assertThat(doc.get("verificationInputs").asText()).startsWith("32 validation images of");
    for (JsonNode check : doc.get("verification")) {
      String status = check.get("status").asText();
      if (Python.find().python().isPresent() || !status.equals("skipped")) {
        assertThat(status).as(check.toString()).isEqualTo("passed");
      }
    }
    assertThat(out.resolve("model.py")).exists();
    assertThat(out.resolve("state_dict.pt")).exists();
    assertThat(out.resolve("export.json")).exists();
    JsonNode written = new ObjectMapper().readTree(out.resolve("export.json").toFile());
    assertThat(written.get("format").asText()).isEqualTo("layerbench.export");
  }

  @Test
  void humanOutputListsFilesAndChecks() {
    CliRun r =
        CliRun.of(
            "export",
            "--model",
            run.resolve("model.lbmodel").toString(),
            "--format",
            "safetensors",
            "-o",
            dir.resolve("st").toString());
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("wrote ")
        .contains("model.safetensors")
        .contains("passed   model.safetensors");
  }

  @Test
  void mistakesGetOneLineAndWriteNothing() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    String model = run.resolve("model.lbmodel").toString();
    for (String[] args :
        new String[][] {
          {"export", "--model", model, "--format", "tflite", "-o", dir.resolve("x").toString()},
          {
            "export",
            "--model",
            dir.resolve("missing.lbmodel").toString(),
            "-o",
            dir.resolve("y").toString()
          },
          {"export", "--model", model, "-o", file.toString()},
          {"export", "--model", model, "-o", file.resolve("sub").toString()}
        }) {
      CliRun r = CliRun.of(args);
      assertThat(r.code()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(1);
      assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
      assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }
    assertThat(dir.resolve("x")).doesNotExist();
    assertThat(dir.resolve("y")).doesNotExist();
    try (var l = Files.list(dir)) {
      assertThat(l.map(p -> p.getFileName().toString())).containsExactly("a-file");
    }
  }
}
