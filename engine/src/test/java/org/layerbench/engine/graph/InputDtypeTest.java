package org.layerbench.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Input node's element type: float32 by default and in older files, int64 for token ids. */
class InputDtypeTest {

  private static ModelGraph tokens(String dtype, LayerType first, Params params) {
    GraphBuilder b = new GraphBuilder("tokens");
    String x = b.input(List.of(6));
    b.add("first", first, params, x);
    ModelGraph g = b.build();
    Node input = g.inputNode().orElseThrow();
    return dtype == null ? g : g.withNode(input.withParams(input.params().with("dtype", dtype)));
  }

  private static final Params EMBED = Params.of("num_embeddings", 20, "embedding_dim", 5);

  @Test
  void int64RoundTripsThroughJsonAndSurvivesAnInputShapeChange() throws Exception {
    ModelGraph g = tokens("int64", LayerType.EMBEDDING, EMBED);
    String json = ModelJson.toJson(g);
    assertThat(json).contains("dtype").contains("int64");
    ModelGraph back = ModelJson.parse(json);
    assertThat(back).isEqualTo(g);
    assertThat(back.inputDtype()).isEqualTo("int64");
    assertThat(back.withInputShape(List.of(9)).inputDtype()).isEqualTo("int64");
    GraphAnalysis a = GraphAnalysis.of(back);
    assertThat(a.problems()).isEmpty();
    assertThat(a.inputDtype()).isEqualTo("int64");
    assertThat(a.output().orElseThrow().dims()).containsExactly(6, 5);
  }

  @Test
  void aFileWithoutADtypeReadsAsFloat32AndIsWrittenBackUnchanged() throws Exception {
    ModelGraph g = tokens(null, LayerType.LINEAR, Params.of("out_features", 3));
    String json = ModelJson.toJson(g);
    assertThat(json).doesNotContain("dtype");
    ModelGraph back = ModelJson.parse(json);
    assertThat(back.inputDtype()).isEqualTo("float32");
    assertThat(ModelJson.toJson(back)).isEqualTo(json);
    assertThat(GraphAnalysis.of(back).problems()).isEmpty();
  }

  @Test
  void tokenIdsGoOnlyIntoAnEmbeddingAndOtherTypesAreRefused() {
    GraphAnalysis linear =
        GraphAnalysis.of(tokens("int64", LayerType.LINEAR, Params.of("out_features", 3)));
    assertThat(linear.ok()).isFalse();
    assertThat(linear.problems().get(0).message())
        .isEqualTo(
            "Linear 'first' receives int64 token ids from Input 'input' — only Embedding takes"
                + " token ids; insert an Embedding after the Input");

    GraphAnalysis bad = GraphAnalysis.of(tokens("float64", LayerType.EMBEDDING, EMBED));
    assertThat(bad.ok()).isFalse();
    assertThat(bad.problems().get(0).message()).contains("dtype");
  }
}
