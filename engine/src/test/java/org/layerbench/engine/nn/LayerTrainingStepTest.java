package org.layerbench.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.train.Engines;
import org.layerbench.engine.train.Losses;
import org.layerbench.engine.train.Optimizer;

/**
 * Every layer type compiles, runs forward to the shape inference predicted, and one Adam step
 * changes every trainable parameter (so gradients reach all of them).
 */
class LayerTrainingStepTest {
  static NDManager manager;

  @BeforeAll
  static void start() {
    Engines.ensureStarted();
    JniUtils.setGradMode(false);
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  /** Input → (the layer, fed by two branches for merges) → Flatten → Linear(3). */
  static GraphAnalysis graphWith(LayerType t) {
    GraphBuilder b = new GraphBuilder("step-" + t.typeName());
    List<Integer> input =
        switch (t) {
          case CONV1D, MAXPOOL1D, AVGPOOL1D, BATCHNORM1D -> List.of(4, 12);
          case EMBEDDING -> List.of(6);
          case RNN, LSTM, GRU, LAYERNORM -> List.of(6, 5);
          case LINEAR,
              DROPOUT,
              RELU,
              LEAKY_RELU,
              GELU,
              SIGMOID,
              TANH,
              SOFTMAX,
              LOG_SOFTMAX,
              IDENTITY ->
              List.of(10);
          default -> List.of(3, 8, 8);
        };
    String x = b.input(input);
    Params p =
        switch (t) {
          case CONV1D, CONV2D -> Params.of("out_channels", 4, "kernel_size", 3, "padding", 1);
          case MAXPOOL1D, MAXPOOL2D, AVGPOOL1D, AVGPOOL2D -> Params.of("kernel_size", 2);
          case ADAPTIVE_AVGPOOL2D -> Params.of("output_size", 3);
          case LINEAR -> Params.of("out_features", 6);
          case EMBEDDING -> Params.of("num_embeddings", 20, "embedding_dim", 5, "padding_idx", 0);
          case RNN, LSTM, GRU ->
              Params.of("hidden_size", 4, "num_layers", 2, "bidirectional", true);
          case RESHAPE -> Params.of("shape", List.of(3, 64));
          case GELU -> Params.of("approximate", "tanh");
          default -> Params.EMPTY;
        };
    String y;
    if (t == LayerType.INPUT) {
      y = x;
    } else if (t == LayerType.ADD || t == LayerType.CONCAT) {
      String a = b.add("a", LayerType.CONV2D, Params.of("out_channels", 2, "kernel_size", 1), x);
      String c = b.add("c", LayerType.CONV2D, Params.of("out_channels", 2, "kernel_size", 1), x);
      y = b.add("layer", t, p, a, c);
    } else {
      // A Linear or Conv before stateless layers, so they have something whose gradient flows
      // through them.
      String pre =
          input.size() == 1 && t != LayerType.EMBEDDING
              ? b.add("pre", LayerType.LINEAR, Params.of("out_features", 10), x)
              : x;
      y = b.add("layer", t, p, pre);
    }
    String flat = b.add("flatten", LayerType.FLATTEN, Params.EMPTY, y);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 3), flat);
    return GraphAnalysis.of(b.build());
  }

  @ParameterizedTest
  @EnumSource(LayerType.class)
  void oneStepChangesEveryTrainableParameter(LayerType t) {
    GraphAnalysis a = graphWith(t);
    assertThat(a.problems()).isEmpty();
    try (Network net = Network.create(a, manager, 11);
        NDManager batch = manager.newSubManager()) {
      List<Integer> in =
          a.graph().inputNode().map(n -> a.node(n.id()).output().dims()).orElseThrow();
      long[] shape = new long[in.size() + 1];
      shape[0] = 4;
      for (int i = 0; i < in.size(); i++) {
        shape[i + 1] = in.get(i);
      }
      NDArray x =
          t == LayerType.EMBEDDING
              ? batch.randomInteger(1, 20, new Shape(shape), DataType.INT64)
              : batch.randomNormal(new Shape(shape));
      NDArray y = batch.create(new long[] {0, 1, 2, 1});
      NDArray out = net.forward(x, false);
      assertThat(out.getShape()).isEqualTo(new Shape(4, 3));

      Map<String, float[]> before = new HashMap<>();
      net.parameters().forEach((k, v) -> before.put(k, v.toFloatArray()));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = Losses.crossEntropyPerSample(net.forward(x, true), y).mean();
        gc.backward(loss);
      }
      Optimizer.named("adam", 0).step(net.parameters(), 1e-2);
      net.parameters()
          .forEach((k, v) -> assertThat(v.toFloatArray()).as(k).isNotEqualTo(before.get(k)));
      assertThat(net.parameters()).isNotEmpty();
    }
  }
}
