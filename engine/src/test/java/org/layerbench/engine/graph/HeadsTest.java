package org.layerbench.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadsTest {
  @Test
  void resnetFcBecomesTheSeedsHeadWithPyTorchNames() throws Exception {
    ModelGraph r18 = Templates.find("resnet18").orElseThrow().create();
    ModelGraph g = Heads.replace(r18, "fc", List.of(500), 0.5, 2);
    GraphAnalysis a = GraphAnalysis.of(g);
    assertThat(a.problems()).isEmpty();
    assertThat(a.output()).contains(Shape.of(2));
    List<String> names = a.stateDict().stream().map(TensorSpec::name).toList();
    // nn.Sequential(Linear(512, 500), ReLU(), Dropout(), Linear(500, 2)) assigned to model.fc
    assertThat(names.subList(names.size() - 4, names.size()))
        .containsExactly("fc.0.weight", "fc.0.bias", "fc.3.weight", "fc.3.bias");
    assertThat(a.nodeAt("fc.0").orElseThrow().tensors().getFirst().shape())
        .containsExactly(500, 512);
    // everything before the head keeps its name, so pretrained weights still load
    assertThat(names).contains("layer4.1.bn2.running_var", "conv1.weight");
    assertThat(ModelJson.parse(ModelJson.toJson(g))).isEqualTo(g);
  }

  @Test
  void aPlainNewLinearAndBadNames() {
    ModelGraph alex = Templates.find("alexnet").orElseThrow().create();
    GraphAnalysis a = GraphAnalysis.of(Heads.replace(alex, "classifier.6", List.of(), 0, 10));
    assertThat(a.output()).contains(Shape.of(10));
    assertThat(a.stateDict().getLast().name()).isEqualTo("classifier.6.0.bias");
    assertThatThrownBy(() -> Heads.replace(alex, "fc", List.of(), 0, 10))
        .hasMessage("the model has no layer 'fc'");
    assertThatThrownBy(() -> Heads.replace(alex, "classifier.5", List.of(), 0, 10))
        .hasMessage("'classifier.5' is a ReLU, not the Linear head");
  }
}
