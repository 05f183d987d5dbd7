package org.layerbench.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Our templates against torchvision itself: parameter counts, every state_dict key and shape in
 * order, and the output shape of every named module, as recorded from real PyTorch by forward hooks
 * (fixtures in src/test/resources/golden, made by src/test/python/gen_fixtures.py).
 */
class TorchvisionGoldenTest {

  @ParameterizedTest
  @ValueSource(strings = {"alexnet", "resnet18", "resnet34", "resnet50", "simplenet", "cnnnet"})
  void templateMatchesPyTorch(String model) {
    JsonNode golden = Golden.load(model + ".json");
    int classes = golden.get("num_classes").intValue();
    List<Integer> input = Golden.ints(golden.get("input"));
    GraphAnalysis analysis =
        GraphAnalysis.of(Templates.find(model).orElseThrow().create(classes, input));

    assertThat(analysis.problems()).isEmpty();
    assertThat(analysis.params()).isEqualTo(golden.get("params").longValue());

    List<String> expectedState = new ArrayList<>();
    golden.get("state_dict").forEach(e -> expectedState.add(e.get(0).asText() + " " + e.get(1)));
    List<String> actualState =
        analysis.stateDict().stream()
            .map(t -> t.name() + " " + t.shape().toString().replace(" ", ""))
            .toList();
    assertThat(actualState).containsExactlyElementsOf(expectedState);

    Map<String, Shape> ours = analysis.moduleOutputs();
    golden
        .get("outputs")
        .properties()
        .forEach(
            e ->
                assertThat(ours.get(e.getKey()))
                    .as("output of module %s", e.getKey())
                    .isEqualTo(new Shape(Golden.ints(e.getValue()))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"alexnet", "resnet18", "resnet34", "resnet50"})
  void torchvisionParameterCountsAt224With1000Classes(String model) {
    long expected =
        switch (model) {
          // torchvision's documented counts (torchvision.models docs, "Params" column).
          case "alexnet" -> 61_100_840L;
          case "resnet18" -> 11_689_512L;
          case "resnet34" -> 21_797_672L;
          default -> 25_557_032L;
        };
    GraphAnalysis a = GraphAnalysis.of(Templates.find(model).orElseThrow().create());
    assertThat(a.params()).isEqualTo(expected);
    assertThat(a.trainableParams()).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void cnnnetAdaptivePoolEnlargesItsInput() {
    GraphAnalysis a = GraphAnalysis.of(Templates.find("cnnnet").orElseThrow().create());
    assertThat(a.moduleOutputs().get("features")).isEqualTo(Shape.of(256, 1, 1));
    assertThat(a.moduleOutputs().get("avgpool")).isEqualTo(Shape.of(256, 6, 6));
    assertThat(a.params()).isEqualTo(57_012_034L);
  }

  @org.junit.jupiter.api.Test
  void resnet18Layer4At224Is512x7x7() {
    GraphAnalysis a = GraphAnalysis.of(Templates.find("resnet18").orElseThrow().create());
    assertThat(a.moduleOutputs().get("layer4")).isEqualTo(Shape.of(512, 7, 7));
    assertThat(a.output()).contains(Shape.of(1000));
    // torchvision's ResNet-18 needs 1.814 GMACs at 224×224 (the "GFLOPS 1.81" of its model docs).
    assertThat(a.macs()).isBetween(1_810_000_000L, 1_830_000_000L);
  }
}
