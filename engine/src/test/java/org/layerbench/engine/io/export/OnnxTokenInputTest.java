package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.io.export.onnx.OnnxProto.ModelProto;
import org.layerbench.engine.io.export.onnx.OnnxProto.TensorProto;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;
import org.layerbench.engine.train.Engines;

/** The ONNX input's element type follows the Input node's dtype; int64 ids run in ONNX Runtime. */
class OnnxTokenInputTest {

  private static GraphAnalysis tokens(String dtype) {
    GraphBuilder b = new GraphBuilder("tokens");
    String x = b.input(List.of(6));
    String e =
        b.add("embed", LayerType.EMBEDDING, Params.of("num_embeddings", 20, "embedding_dim", 5), x);
    String f = b.add("flat", LayerType.FLATTEN, Params.EMPTY, e);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 3), f);
    ModelGraph g = b.build();
    Node input = g.inputNode().orElseThrow();
    if (dtype != null) {
      g = g.withNode(input.withParams(input.params().with("dtype", dtype)));
    }
    GraphAnalysis a = GraphAnalysis.of(g);
    assertThat(a.problems()).isEmpty();
    return a;
  }

  private static int inputType(byte[] onnx) throws Exception {
    return ModelProto.parseFrom(onnx)
        .getGraph()
        .getInput(0)
        .getType()
        .getTensorType()
        .getElemType();
  }

  @Test
  void int64InputIsDeclaredAsInt64AndMatchesLayerBench() throws Exception {
    Engines.ensureStarted();
    JniUtils.setGradMode(false);
    try (NDManager manager = NDManager.newBaseManager()) {
      GraphAnalysis a = tokens("int64");
      try (Network net = Network.create(a, manager, 5)) {
        byte[] onnx = OnnxModelWriter.toOnnx(a, Weights.toData(net.state()));
        assertThat(inputType(onnx)).isEqualTo(TensorProto.DataType.INT64_VALUE);
        NDArray ids =
            manager
                .randomInteger(0, 20, new Shape(4, 6), DataType.INT64)
                .toType(DataType.FLOAT32, false);
        float[] expected = net.forward(ids, false).toFloatArray();
        float[][] actual = OnnxRuntimeCheck.run(onnx, ids.toFloatArray(), new long[] {4, 6});
        assertThat(actual).hasNumberOfRows(4);
        for (int r = 0; r < 4; r++) {
          for (int c = 0; c < 3; c++) {
            assertThat((double) actual[r][c])
                .isCloseTo(expected[r * 3 + c], org.assertj.core.data.Offset.offset(1e-4));
          }
        }
      }
      GraphAnalysis plain = tokens(null);
      try (Network net = Network.create(plain, manager, 5)) {
        assertThat(inputType(OnnxModelWriter.toOnnx(plain, Weights.toData(net.state()))))
            .isEqualTo(TensorProto.DataType.FLOAT_VALUE);
      }
    }
  }
}
