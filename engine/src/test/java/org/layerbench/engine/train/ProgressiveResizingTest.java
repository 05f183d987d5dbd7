package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.RunData;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;

/** Each epoch's sample size under progressive resizing, and the check that the model takes it. */
class ProgressiveResizingTest {
  private static final DatasetSplits TWO_CLASSES =
      new DatasetSplits(List.of("a", "b"), List.of(), List.of(), List.of(), List.of());

  @Test
  void theConfiguredSizeHoldsUntilTheFirstGivenEpochThenEachSizeFromItsEpochOn() {
    var r = new ProgressiveResizing(32, Map.of(3, 64, 5, 128));
    assertThat(List.of(r.sizeAt(1), r.sizeAt(2), r.sizeAt(3), r.sizeAt(4), r.sizeAt(5)))
        .containsExactly(32, 32, 64, 64, 128);
    assertThat(r.sizeAt(40)).isEqualTo(128);
    assertThat(r.sizes()).containsExactly(Map.entry(3, 64), Map.entry(5, 128));
    assertThat(ProgressiveResizing.none(24).sizeAt(7)).isEqualTo(24);
    assertThat(ProgressiveResizing.none(24).sizes()).isEmpty();
  }

  @Test
  void anEpochOrSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> new ProgressiveResizing(32, Map.of(0, 64)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("epoch 0 → 64");
    assertThatThrownBy(() -> new ProgressiveResizing(32, Map.of(2, 0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aModelWithGlobalPoolingGetsOneAnalysisPerSizeWithTheSameWeights() throws Exception {
    ModelGraph model = Templates.find("smallcnn").orElseThrow().create(2, List.of(3, 32, 32));
    RunData data = RunData.of(null, 32);
    GraphAnalysis at32 = ModelCheck.checked(model, TWO_CLASSES, data.layout(32));
    var analyses =
        new ProgressiveResizing(32, Map.of(2, 16, 3, 48)).analyses(model, TWO_CLASSES, data, at32);
    assertThat(analyses).containsOnlyKeys(32, 16, 48);
    assertThat(analyses.get(32)).isSameAs(at32);
    assertThat(analyses.get(48).stateDict()).isEqualTo(at32.stateDict());
  }

  @Test
  void aSizeThatChangesTheWeightsFailsNamingTheFirstTensorThatDependsOnIt() throws Exception {
    ModelGraph model = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));
    RunData data = RunData.of(null, 16);
    GraphAnalysis at16 = ModelCheck.checked(model, TWO_CLASSES, data.layout(16));
    assertThatThrownBy(
            () ->
                new ProgressiveResizing(16, Map.of(2, 32)).analyses(model, TWO_CLASSES, data, at16))
        .isInstanceOf(TrainingFailedException.class)
        .hasMessageContaining("progressive resizing to 32×32 would change the model's weights")
        .hasMessageContaining("fc1.weight");
  }
}
