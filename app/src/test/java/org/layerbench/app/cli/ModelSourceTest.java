package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.InputLayouts;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;

/** A template is sized to the sample layout it is given, not to an assumed 3×size×size. */
class ModelSourceTest {

  private static List<Integer> inputShape(ModelGraph graph) {
    return LayerType.INPUT.args(graph.inputNode().orElseThrow().params()).intList("shape");
  }

  @Test
  void aTemplateTakesTheDimensionsOfTheLayoutItWillBeFed() {
    ModelGraph graph = ModelSource.load("simplenet", 4, List.of(1, 28, 28));

    assertThat(inputShape(graph)).containsExactly(1, 28, 28);
    assertThat(GraphAnalysis.of(graph).output().orElseThrow().last()).isEqualTo(4);
  }

  @Test
  void anImageRunsTemplateIsSizedByTheEngine() {
    ModelGraph graph = ModelSource.load("simplenet", 2, InputLayouts.imageRun(40).dims());

    assertThat(inputShape(graph)).containsExactly(3, 40, 40);
  }
}
