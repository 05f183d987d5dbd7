package org.layerbench.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The text templates and num_embeddings 0 ("the vocabulary's size"): an unbound graph reports one
 * clear problem instead of building, {@link ModelGraph#bindVocabulary} sets the size, and the bound
 * models have the parameter counts torch 1.13 gives the same modules (vocabulary 20000, 2 classes).
 */
class TextTemplatesTest {

  @ParameterizedTest
  @CsvSource({"text-lstm, 6161002", "text-bilstm, 2236034", "text-gru, 2088578"})
  void boundTemplatesHaveTorchsParameterCounts(String name, long params) {
    ModelGraph g = Templates.find(name).orElseThrow().create(2, List.of(64));
    assertThat(g.needsVocabulary()).isTrue();
    GraphAnalysis a = GraphAnalysis.of(g.bindVocabulary(20000));
    assertThat(a.problems()).isEmpty();
    assertThat(a.params()).isEqualTo(params);
    assertThat(a.inputDtype()).isEqualTo("int64");
    assertThat(a.output().orElseThrow().dims()).containsExactly(2);
  }

  @Test
  void chapterFivesModelHasTheBooksNamesAndShapes() {
    GraphAnalysis a =
        GraphAnalysis.of(Templates.find("text-lstm").orElseThrow().create().bindVocabulary(20000));
    assertThat(a.stateDict().stream().map(t -> t.name() + t.shape()).toList())
        .containsExactly(
            "embedding.weight[20000, 300]",
            "encoder.weight_ih_l0[400, 300]",
            "encoder.weight_hh_l0[400, 100]",
            "encoder.bias_ih_l0[400]",
            "encoder.bias_hh_l0[400]",
            "predictor.weight[2, 100]",
            "predictor.bias[2]");
  }

  @Test
  void anUnboundVocabularyIsOneClearProblemNotACrash() {
    GraphAnalysis a = GraphAnalysis.of(Templates.find("text-gru").orElseThrow().create());
    assertThat(a.ok()).isFalse();
    assertThat(a.problems()).hasSize(1);
    assertThat(a.problems().get(0).message())
        .isEqualTo(
            "Embedding 'embedding' has num_embeddings 0: num_embeddings is the vocabulary's size,"
                + " known once a text dataset is chosen — or set it");
  }

  @Test
  void bindingKeepsASizeThatWasSetAndRefusesAnEmptyVocabulary() {
    ModelGraph g = Templates.find("text-lstm").orElseThrow().create().bindVocabulary(500);
    assertThat(g.needsVocabulary()).isFalse();
    assertThat(g.bindVocabulary(9).equals(g)).isTrue();
    assertThatThrownBy(() -> g.bindVocabulary(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one token");
  }
}
