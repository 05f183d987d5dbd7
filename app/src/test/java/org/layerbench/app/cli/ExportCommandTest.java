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

  /**
   * predict.py prints what {@code layerbench predict} prints, text and JSON, for the same files.
   */
  @Test
  void predictPyPrintsWhatLayerbenchPredictPrints() throws Exception {
    var lookup = Python.find();
    org.junit.jupiter.api.Assumptions.assumeTrue(lookup.python().isPresent(), lookup.whyNot());
    Python py = lookup.python().get();
    org.junit.jupiter.api.Assumptions.assumeTrue(py.imports("torchvision"), "no torchvision");
    Path out = dir.resolve("export");
    CliRun e =
        CliRun.of(
            "export", "--model", run.resolve("model.lbmodel").toString(), "-o", out.toString());
    assertThat(e.code()).as(e.err()).isZero();
    java.util.List<String> images = new java.util.ArrayList<>();
    for (String c : new String[] {"circle", "square", "triangle"}) {
      try (var l = Files.list(TrainCommandTest.SAMPLE.resolve("val").resolve(c))) {
        l.sorted().limit(2).forEach(p -> images.add(p.toAbsolutePath().toString()));
      }
    }
    for (boolean json : new boolean[] {false, true}) {
      java.util.List<String> cli =
          new java.util.ArrayList<>(java.util.List.of("predict", "--model"));
      cli.add(run.resolve("model.lbmodel").toString());
      cli.addAll(java.util.List.of("--top", "2"));
      java.util.List<String> script =
          new java.util.ArrayList<>(java.util.List.of("predict.py", "--top", "2"));
      if (json) {
        cli.add("--json");
        script.add("--json");
      }
      cli.addAll(images);
      script.addAll(images);
      CliRun ours = CliRun.of(cli.toArray(String[]::new));
      assertThat(ours.code()).as(ours.err()).isZero();
      Python.Result theirs =
          py.run(out, java.time.Duration.ofMinutes(5), script.toArray(String[]::new));
      assertThat(theirs.exitCode()).as(theirs.stderr()).isZero();
      if (!json) {
        assertThat(theirs.stdout()).isEqualTo(ours.out());
        continue;
      }
      JsonNode a = new ObjectMapper().readTree(ours.out());
      JsonNode b = new ObjectMapper().readTree(theirs.stdout());
      assertThat(b.get("predictions").size()).isEqualTo(images.size());
      for (int i = 0; i < images.size(); i++) {
        JsonNode pa = a.get("predictions").get(i);
        JsonNode pb = b.get("predictions").get(i);
        assertThat(pb.get("image").asText()).isEqualTo(pa.get("image").asText());
        for (int k = 0; k < 2; k++) {
          assertThat(pb.get("top").get(k).get("label").asText())
              .isEqualTo(pa.get("top").get(k).get("label").asText());
          assertThat(pb.get("top").get(k).get("probability").asDouble())
              .isCloseTo(
                  pa.get("top").get(k).get("probability").asDouble(),
                  org.assertj.core.data.Offset.offset(1e-5));
        }
        JsonNode la = pa.get("logits").get(0);
        JsonNode lb = pb.get("logits").get(0);
        for (int k = 0; k < la.size(); k++) {
          assertThat(lb.get(k).asDouble())
              .isCloseTo(la.get(k).asDouble(), org.assertj.core.data.Offset.offset(1e-4));
        }
      }
    }
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
