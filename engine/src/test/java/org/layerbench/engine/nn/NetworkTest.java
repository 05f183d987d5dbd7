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
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.train.Losses;
import org.layerbench.engine.train.Optimizer;

class NetworkTest {
  static NDManager manager;

  @BeforeAll
  static void start() {
    System.setProperty("ai.djl.offline", "true");
    manager = NDManager.newBaseManager();
    JniUtils.setGradMode(false);
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @Test
  void templatesRunForwardWithTheInferredOutputShape() {
    for (String name : List.of("simplenet", "smallcnn", "inception", "resnet18")) {
      var t = Templates.find(name).orElseThrow();
      GraphAnalysis a = GraphAnalysis.of(t.create(4, List.of(3, 32, 32)));
      try (NDManager batch = manager.newSubManager();
          Network net = Network.create(a, manager, 1)) {
        NDArray x = batch.randomNormal(new Shape(2, 3, 32, 32));
        NDArray y = net.forward(x, false);
        assertThat(y.getShape()).as(name).isEqualTo(new Shape(2, 4));
      }
    }
  }

  /**
   * zero_grad(set_to_none=True): after dropGradients the next backward's gradients are stored as
   * they are, not added to the old ones, and the parameters keep their values and stay the tensors
   * the network computes with.
   */
  @Test
  void droppedGradientsAreReplacedByTheNextBackwardNotAddedTo() {
    GraphAnalysis a =
        GraphAnalysis.of(Templates.find("smallcnn").orElseThrow().create(3, List.of(3, 16, 16)));
    try (Network net = Network.create(a, manager, 5);
        NDManager batch = manager.newSubManager()) {
      NDArray x = batch.randomNormal(new Shape(4, 3, 16, 16));
      NDArray y = batch.create(new long[] {0, 1, 2, 1});
      // eval mode: no dropout, running statistics, so every backward gives the same gradients
      Runnable backward =
          () -> {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
              gc.backward(Losses.crossEntropyPerSample(net.forward(x, false), y).mean());
            }
          };
      net.dropGradients();
      backward.run();
      Map<String, float[]> once = gradients(net);
      Map<String, float[]> values = new HashMap<>();
      net.parameters().forEach((k, v) -> values.put(k, v.toFloatArray()));

      backward.run();
      Map<String, float[]> twice = gradients(net);
      String first = net.parameters().firstEntry().getKey();
      assertThat(twice.get(first)[0]).isEqualTo(2 * once.get(first)[0]);

      net.dropGradients();
      net.parameters()
          .forEach(
              (k, v) -> {
                assertThat(v.toFloatArray()).as(k).isEqualTo(values.get(k));
                assertThat(net.state().get(k)).as(k).isSameAs(v);
                assertThat(v.hasGradient()).as(k).isTrue();
              });
      backward.run();
      Map<String, float[]> again = gradients(net);
      assertThat(again.keySet()).isEqualTo(once.keySet());
      again.forEach((k, g) -> assertThat(g).as(k).isEqualTo(once.get(k)));

      Optimizer.named("sgd", 0).step(net.parameters(), 0.1);
      NDArray out = net.forward(x, false);
      try (Network fresh = Network.create(a, manager, 5)) {
        assertThat(out.toFloatArray()).isNotEqualTo(fresh.forward(x, false).toFloatArray());
      }
    }
  }

  private static Map<String, float[]> gradients(Network net) {
    Map<String, float[]> out = new java.util.TreeMap<>();
    net.parameters()
        .forEach(
            (k, v) -> {
              try (NDArray g = v.getGradient()) {
                out.put(k, g.toFloatArray());
              }
            });
    return out;
  }

  @Test
  void oneAdamStepChangesEveryTrainableParameter() {
    GraphAnalysis a =
        GraphAnalysis.of(Templates.find("smallcnn").orElseThrow().create(3, List.of(3, 16, 16)));
    try (Network net = Network.create(a, manager, 7);
        NDManager batch = manager.newSubManager()) {
      Map<String, float[]> before = new HashMap<>();
      net.parameters().forEach((k, v) -> before.put(k, v.toFloatArray()));
      NDArray x = batch.randomNormal(new Shape(4, 3, 16, 16));
      NDArray y = batch.create(new int[] {0, 1, 2, 1}).toType(DataType.INT64, false);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = Losses.crossEntropyPerSample(net.forward(x, true), y).mean();
        gc.backward(loss);
      }
      Optimizer.named("adam", 0).step(net.parameters(), 1e-3);
      net.parameters()
          .forEach((k, v) -> assertThat(v.toFloatArray()).as(k).isNotEqualTo(before.get(k)));
      assertThat(net.state().get("features.1.num_batches_tracked").getLong()).isEqualTo(1L);
    }
  }

  /**
   * Outputs are closed after their last reader (Network.forward): an output read by three inputs of
   * one node, passed on by Identity and read again, still gives autograd's exact gradient. out = z
   * + z + relu(z) with z = Wx + b, so dL/dW = (2 + [z > 0])ᵀ·x for L = sum(out).
   */
  @Test
  void outputsReadSeveralTimesGiveExactGradientsAfterBeingClosed() {
    GraphBuilder b = new GraphBuilder("shared");
    String x = b.input(List.of(4));
    String z = b.add("fc", LayerType.LINEAR, Params.of("out_features", 3), x);
    String same = b.add("same", LayerType.IDENTITY, Params.of(), z);
    String r = b.add("relu", LayerType.RELU, Params.of(), same);
    b.add("sum", LayerType.ADD, Params.of(), z, same, r);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems()).isEmpty();
    try (Network net = Network.create(a, manager, 11);
        NDManager batch = manager.newSubManager()) {
      NDArray input = batch.randomNormal(new Shape(5, 4));
      net.dropGradients();
      NDArray out;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        out = net.forward(input, true);
        gc.backward(out.sum());
      }
      NDArray w = net.parameters().get("fc.weight");
      NDArray zRef = input.matMul(w.transpose()).add(net.parameters().get("fc.bias"));
      NDArray dOut = zRef.gt(0).toType(DataType.FLOAT32, false).add(2);
      assertThat(out.toFloatArray())
          .containsExactly(
              zRef.mul(2).add(zRef.maximum(0)).toFloatArray(),
              org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(w.getGradient().toFloatArray())
          .containsExactly(
              dOut.transpose().matMul(input).toFloatArray(),
              org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(input.toFloatArray()).hasSize(20); // the caller's input is left open
    }
  }

  @Test
  void recurrentLayersInTorchOrderRunBidirectionalWithBias() {
    for (LayerType type : List.of(LayerType.RNN, LayerType.LSTM, LayerType.GRU)) {
      GraphBuilder b = new GraphBuilder("rnn");
      String x = b.input(List.of(5));
      x = b.add("emb", LayerType.EMBEDDING, Params.of("num_embeddings", 20, "embedding_dim", 6), x);
      x =
          b.add(
              "rnn",
              type,
              Params.of(
                  "hidden_size",
                  7,
                  "num_layers",
                  2,
                  "bidirectional",
                  true,
                  "output",
                  "final_hidden"),
              x);
      b.add("fc", LayerType.LINEAR, Params.of("out_features", 3), x);
      GraphAnalysis a = GraphAnalysis.of(b.build());
      assertThat(a.problems()).isEmpty();
      try (Network net = Network.create(a, manager, 3);
          NDManager batch = manager.newSubManager()) {
        NDArray ids = batch.create(new long[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new Shape(2, 5));
        assertThat(net.forward(ids, false).getShape()).isEqualTo(new Shape(2, 3));
      }
    }
  }
}
