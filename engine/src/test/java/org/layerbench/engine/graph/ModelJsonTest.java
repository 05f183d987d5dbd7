package org.layerbench.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelJsonTest {

  static java.util.List<String> templates() {
    return Templates.names();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void templatesRoundTrip(String name) throws Exception {
    ModelGraph g = Templates.find(name).orElseThrow().create();
    assertThat(ModelJson.parse(ModelJson.toJson(g))).isEqualTo(g);
    assertThat(ModelJson.toJson(ModelJson.parse(ModelJson.toJson(g))))
        .isEqualTo(ModelJson.toJson(g));
  }

  @Test
  void malformedJsonIsOneLineWithPosition() {
    assertThatThrownBy(
            () -> ModelJson.parse("{\"format\": \"layerbench.model\",\n \"version\": 1,,}"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith("not valid JSON at line 2, column")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void unknownLayerTypeNamesItAndListsKnownOnes() {
    String json =
        "{\"format\":\"layerbench.model\",\"version\":1,\"nodes\":[{\"id\":\"a\",\"type\":\"Conv3d\"}]}";
    assertThatThrownBy(() -> ModelJson.parse(json))
        .hasMessageStartingWith(
            "node 'a' has an unknown layer type \"Conv3d\" (known: Input, Linear, Conv1d, Conv2d");
  }

  @Test
  void newerVersionAsksForAnUpdate() {
    assertThatThrownBy(() -> ModelJson.parse("{\"format\":\"layerbench.model\",\"version\":7}"))
        .hasMessage(
            "the model is format version 7, newer than this LayerBench reads (1) — update LayerBench to open it");
  }

  @Test
  void otherFormatsAndEmptyFiles() {
    assertThatThrownBy(() -> ModelJson.parse("{\"format\":\"layerbench.project\",\"version\":1}"))
        .hasMessage(
            "not a LayerBench model: its format is \"layerbench.project\", expected \"layerbench.model\"");
    assertThatThrownBy(() -> ModelJson.parse("[1,2]"))
        .hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> ModelJson.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> ModelJson.parse("{\"format\":\"layerbench.model\"}"))
        .hasMessage("the model has no integer \"version\"");
  }

  @Test
  void brokenReferencesAreOneLine() {
    String json =
        "{\"format\":\"layerbench.model\",\"version\":1,\"nodes\":[{\"id\":\"a\",\"type\":\"ReLU\"}],"
            + "\"edges\":[{\"from\":\"a\",\"to\":\"zz\"}]}";
    assertThatThrownBy(() -> ModelJson.parse(json))
        .hasMessageContaining("refers to a node 'zz' that does not exist");
    String badParam =
        "{\"format\":\"layerbench.model\",\"version\":1,\"nodes\":[{\"id\":\"a\",\"type\":\"Conv2d\",\"params\":{\"kernel_size\":[3,\"x\"]}}]}";
    assertThatThrownBy(() -> ModelJson.parse(badParam))
        .hasMessageContaining("kernel_size must be a list of whole numbers");
  }

  @Test
  void readNamesTheFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("broken.json");
    Files.writeString(f, "{not json");
    assertThatThrownBy(() -> ModelJson.read(f))
        .hasMessageStartingWith(f + ": not valid JSON at line 1");
    assertThatThrownBy(() -> ModelJson.read(dir.resolve("missing.json")))
        .hasMessageEndingWith("missing.json: no such file");
  }

  @Test
  void paramsKeepTheirWrittenForm() throws Exception {
    String json =
        "{\"format\":\"layerbench.model\",\"version\":1,\"nodes\":["
            + "{\"id\":\"in\",\"type\":\"Input\",\"params\":{\"shape\":[3,8,8]}},"
            + "{\"id\":\"c\",\"type\":\"Conv2d\",\"params\":{\"kernel_size\":3,\"stride\":[1,2]}}],"
            + "\"edges\":[{\"from\":\"in\",\"to\":\"c\"}]}";
    ModelGraph g = ModelJson.parse(json);
    assertThat(g.node("c").orElseThrow().params().get("kernel_size")).isEqualTo(3);
    assertThat(g.node("c").orElseThrow().params().get("stride")).isEqualTo(java.util.List.of(1, 2));
    assertThat(GraphAnalysis.of(g).node("c").output()).isEqualTo(Shape.of(16, 6, 3));
  }
}
