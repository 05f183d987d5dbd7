package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code layerbench template} + {@code layerbench inspect} as a user runs them (DESIGN §6). */
class InspectCommandTest {
  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();

  private Path template(String name, String... extra) {
    Path file = dir.resolve(name + ".json");
    String[] args = new String[3 + extra.length + 2];
    args[0] = "template";
    args[1] = name;
    System.arraycopy(extra, 0, args, 2, extra.length);
    args[2 + extra.length] = "-o";
    args[3 + extra.length] = file.toString();
    args[4 + extra.length] =
        "--classes=" + (name.startsWith("resnet") || name.equals("alexnet") ? 1000 : 2);
    CliRun run = CliRun.of(args);
    assertThat(run.code()).as(run.err()).isZero();
    return file;
  }

  // torchvision's parameter counts (torchvision.models docs); simplenet/cnnnet from the seed's
  // SimpleNet and CNNNet run in PyTorch 1.13 (engine/src/test/resources/golden).
  @ParameterizedTest
  @CsvSource({
    "alexnet, 3;224;224, 61100840",
    "resnet18, 3;224;224, 11689512",
    "resnet34, 3;224;224, 21797672",
    "resnet50, 3;224;224, 25557032",
    "simplenet, 3;64;64, 1036628",
    "cnnnet, 3;64;64, 57012034"
  })
  void inspectGivesTorchvisionParameterCounts(String model, String input, long params)
      throws Exception {
    Path file = template(model);
    CliRun run =
        CliRun.of("inspect", file.toString(), "--input", input.replace(';', ','), "--json");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode doc = json.readTree(run.out());
    assertThat(doc.get("params").longValue()).isEqualTo(params);
    assertThat(doc.get("trainableParams").longValue()).isEqualTo(params);
    assertThat(doc.get("errors")).isEmpty();
    assertThat(doc.get("nodes").get(0).fieldNames())
        .toIterable()
        .contains("id", "name", "type", "outputShape", "params");
  }

  @Test
  void inspectJsonShowsPerNodeShapes() throws Exception {
    CliRun run = CliRun.of("inspect", template("resnet18").toString(), "--json");
    JsonNode doc = json.readTree(run.out());
    JsonNode layer4Relu = null;
    for (JsonNode n : doc.get("nodes")) {
      if (n.get("name").asText().equals("layer4.1.relu")) {
        layer4Relu = n;
      }
    }
    assertThat(layer4Relu).isNotNull();
    assertThat(layer4Relu.get("outputShape").toString()).isEqualTo("[512,7,7]");
    assertThat(doc.get("outputShape").toString()).isEqualTo("[1000]");
  }

  @Test
  void inputOptionReanalysesAtAnotherSize() throws Exception {
    CliRun run =
        CliRun.of("inspect", template("cnnnet").toString(), "--input", "3,224,224", "--json");
    assertThat(run.code()).isZero();
    // Same parameters at any size: AdaptiveAvgPool2d fixes the classifier's input at 256×6×6.
    assertThat(json.readTree(run.out()).get("params").longValue()).isEqualTo(57_012_034L);
  }

  @Test
  void tableListsEveryNodeAndTotals() {
    CliRun run = CliRun.of("inspect", template("simplenet", "--input", "3,64,64").toString());
    assertThat(run.code()).isZero();
    assertThat(run.out())
        .contains("fc1")
        .contains("Linear")
        .contains("12288")
        .contains("simplenet: 1,036,628 params (1,036,628 trainable)");
  }

  @Test
  void linearAfterConvExitsOneAndNamesTheNode() throws Exception {
    Path model = dir.resolve("bad.json");
    Files.writeString(
        model,
        """
        {"format": "layerbench.model", "version": 1, "name": "bad",
         "nodes": [
           {"id": "in", "name": "input", "type": "Input", "params": {"shape": [3, 32, 32]}},
           {"id": "c1", "name": "conv1", "type": "Conv2d", "params": {"out_channels": 16, "kernel_size": 3}},
           {"id": "f1", "name": "fc1", "type": "Linear", "params": {"out_features": 10}}],
         "edges": [{"from": "in", "to": "c1"}, {"from": "c1", "to": "f1"}]}
        """);
    CliRun table = CliRun.of("inspect", model.toString());
    assertThat(table.code()).isEqualTo(1);
    assertThat(table.out())
        .contains(
            "Linear 'fc1' expects a flat input (or T×F) but receives 16×30×30 — insert Flatten before it");

    CliRun asJson = CliRun.of("inspect", model.toString(), "--json");
    assertThat(asJson.code()).isEqualTo(1);
    JsonNode err = json.readTree(asJson.out()).get("errors").get(0);
    assertThat(err.get("node").asText()).isEqualTo("f1");
    assertThat(err.get("message").asText()).contains("fc1").contains("Flatten");
  }

  @Test
  void badFilesGiveOneLineAndExitOne() throws Exception {
    Path malformed = dir.resolve("malformed.json");
    Files.writeString(
        malformed, "{\"format\": \"layerbench.model\", \"version\": 1, \"nodes\": [}");
    Path unknownType = dir.resolve("unknown.json");
    Files.writeString(
        unknownType,
        "{\"format\":\"layerbench.model\",\"version\":1,\"nodes\":[{\"id\":\"a\",\"type\":\"Conv4d\"}]}");
    Path newer = dir.resolve("newer.json");
    Files.writeString(newer, "{\"format\":\"layerbench.model\",\"version\":2,\"nodes\":[]}");

    for (Path p : new Path[] {malformed, unknownType, newer, dir.resolve("missing.json")}) {
      CliRun run = CliRun.of("inspect", p.toString());
      assertThat(run.code()).as(p.toString()).isEqualTo(1);
      assertThat(run.out()).isEmpty();
      assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
      assertThat(run.err()).startsWith("layerbench: " + p);
    }
    assertThat(CliRun.of("inspect", malformed.toString()).err())
        .contains("not valid JSON at line 1");
    assertThat(CliRun.of("inspect", unknownType.toString()).err())
        .contains("unknown layer type \"Conv4d\"");
    assertThat(CliRun.of("inspect", newer.toString()).err())
        .contains("newer than this LayerBench reads");
  }

  @Test
  void badUsageExitsTwo() {
    assertThat(CliRun.of("inspect").code()).isEqualTo(2);
    assertThat(CliRun.of("inspect", "x.json", "--input", "3,abc").code()).isEqualTo(2);
    assertThat(CliRun.of("no-such-command").code()).isEqualTo(2);
  }
}
