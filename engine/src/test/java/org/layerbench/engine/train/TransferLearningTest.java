package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.TensorData;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

class TransferLearningTest {
  @TempDir Path data;
  @TempDir Path runs;

  @Test
  void freezeAllButBatchNormLeavesEveryOtherParameterBitwiseUnchanged() throws Exception {
    TinyImages.write(data, 24, 8);
    ModelGraph model = Templates.find("smallcnn").orElseThrow().create(2, List.of(3, 16, 16));
    TrainConfig config =
        new TrainConfig(2, 8, 1e-2, "adam", 0, "constant", 16, 0.2, 3, "cpu", 2, 2)
            .withGroups(new ParameterGroups(List.of("all"), true, false, Map.of()));
    Map<String, TensorData> initial;
    try (EngineThread engine = new EngineThread()) {
      initial =
          engine
              .submit(
                  () -> {
                    try (NDManager m = NDManager.newBaseManager();
                        Network net = Network.create(GraphAnalysis.of(model), m, 3)) {
                      return Weights.toData(net.state());
                    }
                  })
              .get();
      engine.submit(new TrainingRun(data, model, config, runs.resolve("bn"))::call).get();
    }
    Map<String, TensorData> trained =
        ModelBundle.read(runs.resolve("bn/checkpoints/last.lbmodel")).weights();
    for (String name : trained.keySet()) {
      boolean bnAffine = name.matches("features\\.(1|5|9)\\.(weight|bias)");
      boolean bnBuffer = name.contains("running_") || name.contains("num_batches");
      if (bnAffine || bnBuffer) {
        assertThat(trained.get(name)).as(name).isNotEqualTo(initial.get(name));
      } else {
        assertThat(trained.get(name)).as(name).isEqualTo(initial.get(name));
      }
    }
  }

  @Test
  void frozenBatchNormInEvalModeKeepsItsStatistics() throws Exception {
    TinyImages.write(data, 16, 4);
    ModelGraph model = Templates.find("smallcnn").orElseThrow().create(2, List.of(3, 16, 16));
    TrainConfig config =
        new TrainConfig(1, 8, 1e-2, "adam", 0, "constant", 16, 0.2, 3, "cpu", 2, 2)
            .withGroups(new ParameterGroups(List.of("features"), false, true, Map.of()));
    try (EngineThread engine = new EngineThread()) {
      engine.submit(new TrainingRun(data, model, config, runs.resolve("eval"))::call).get();
    }
    Map<String, TensorData> trained =
        ModelBundle.read(runs.resolve("eval/model.lbmodel")).weights();
    assertThat(trained.get("features.1.running_mean").floats()).containsOnly(0f);
    assertThat(trained.get("features.1.num_batches_tracked").longs()).containsExactly(0L);
  }

  @Test
  void firstSgdStepsOfTwoGroupsAreInTheRatioOfTheirMultipliers() throws Exception {
    try (EngineThread engine = new EngineThread()) {
      engine
          .submit(
              () -> {
                JniUtils.setGradMode(false);
                ParameterGroups groups =
                    new ParameterGroups(
                        List.of(), false, false, Map.of("fc1", 1.0 / 9, "fc2", 1.0 / 3));
                try (NDManager m = NDManager.newBaseManager();
                    Network net =
                        Network.create(
                            GraphAnalysis.of(
                                Templates.find("simplenet")
                                    .orElseThrow()
                                    .create(3, List.of(3, 4, 4))),
                            m,
                            5)) {
                  NDArray x = m.randomNormal(new Shape(6, 3, 4, 4));
                  NDArray y = m.create(new long[] {0, 1, 2, 0, 1, 2});
                  float[] w1 = net.parameters().get("fc1.weight").toFloatArray();
                  float[] w2 = net.parameters().get("fc2.weight").toFloatArray();
                  float[] g1;
                  float[] g2;
                  try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(Losses.crossEntropyPerSample(net.forward(x, true), y).mean());
                  }
                  g1 = net.parameters().get("fc1.weight").getGradient().toFloatArray();
                  g2 = net.parameters().get("fc2.weight").getGradient().toFloatArray();
                  Optimizer.named("sgd", 0).step(net.parameters(), 0.1, groups::multiplier);
                  double rate1 = rate(w1, net.parameters().get("fc1.weight").toFloatArray(), g1);
                  double rate2 = rate(w2, net.parameters().get("fc2.weight").toFloatArray(), g2);
                  assertThat(rate1).isCloseTo(0.1 / 9, org.assertj.core.data.Offset.offset(1e-4));
                  assertThat(rate2 / rate1)
                      .isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-3));
                }
                return null;
              })
          .get();
    }
  }

  /** The step size per unit of gradient, |Δw| / |g| summed over the tensor. */
  private static double rate(float[] before, float[] after, float[] grad) {
    double dw = 0;
    double g = 0;
    for (int i = 0; i < before.length; i++) {
      dw += Math.abs(before[i] - after[i]);
      g += Math.abs(grad[i]);
    }
    return dw / g;
  }

  @Test
  void typosAndFreezingEverythingAreRefused() throws Exception {
    TinyImages.write(data, 8, 2);
    ModelGraph model = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));
    try (EngineThread engine = new EngineThread()) {
      TrainConfig typo =
          new TrainConfig(1, 8, 1e-3, "adam", 0, "constant", 16, 0.2, 1, "cpu", 2, 2)
              .withGroups(new ParameterGroups(List.of("layer9"), false, false, Map.of()));
      assertThatThrownBy(
              () ->
                  engine.submit(new TrainingRun(data, model, typo, runs.resolve("t"))::call).get())
          .cause()
          .hasMessageStartingWith("no parameter of the model is under layer9");
      TrainConfig all =
          typo.withGroups(new ParameterGroups(List.of("all"), false, false, Map.of()));
      assertThatThrownBy(
              () -> engine.submit(new TrainingRun(data, model, all, runs.resolve("a"))::call).get())
          .cause()
          .hasMessageStartingWith("every parameter is frozen");
    }
  }

  @Test
  void freezingAllOfAPretrainedModelStillTrainsItsNewHead() throws Exception {
    TinyImages.write(data, 16, 4);
    ModelGraph model = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));
    Map<String, TensorData> pretrained;
    try (EngineThread engine = new EngineThread()) {
      pretrained = pretrainedWithoutHead(engine, model);
      TrainConfig config =
          new TrainConfig(1, 8, 1e-2, "adam", 0, "constant", 16, 0.2, 1, "cpu", 2, 2)
              .withGroups(new ParameterGroups(List.of("all"), false, false, Map.of()));
      TrainingRun run = new TrainingRun(data, model, config, runs.resolve("head"));
      run.startFrom(pretrained);
      engine.submit(run::call).get();
    }
    Map<String, TensorData> trained =
        ModelBundle.read(runs.resolve("head/checkpoints/last.lbmodel")).weights();
    pretrained.forEach((name, value) -> assertThat(trained.get(name)).as(name).isEqualTo(value));
    assertThat(trained).containsKeys("fc3.weight", "fc3.bias");
  }

  @Test
  void fineTuneScheduleTrainsTheHeadFirstThenEverything() throws Exception {
    TinyImages.write(data, 16, 4);
    ModelGraph model = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));
    try (EngineThread engine = new EngineThread()) {
      Map<String, TensorData> pretrained = pretrainedWithoutHead(engine, model);
      for (int epochs : new int[] {1, 2}) {
        TrainConfig config =
            new TrainConfig(epochs, 8, 1e-2, "adam", 0, "constant", 16, 0.2, 1, "cpu", 2, 2)
                .withGroups(
                    new ParameterGroups(List.of("all"), false, false, Map.of("fc1", 0.1), 2));
        TrainingRun run = new TrainingRun(data, model, config, runs.resolve("ft" + epochs));
        run.startFrom(pretrained);
        engine.submit(run::call).get();
      }
      Map<String, TensorData> headOnly =
          ModelBundle.read(runs.resolve("ft1/checkpoints/last.lbmodel")).weights();
      Map<String, TensorData> both =
          ModelBundle.read(runs.resolve("ft2/checkpoints/last.lbmodel")).weights();
      assertThat(headOnly.get("fc1.weight")).isEqualTo(pretrained.get("fc1.weight"));
      assertThat(both.get("fc1.weight")).isNotEqualTo(pretrained.get("fc1.weight"));
      assertThat(both.get("fc2.weight")).isNotEqualTo(pretrained.get("fc2.weight"));
    }
  }

  /**
   * "Pretrained" simplenet weights (seed 42) without the head fc3, as if the head were replaced.
   */
  private static Map<String, TensorData> pretrainedWithoutHead(
      EngineThread engine, ModelGraph model) throws Exception {
    return engine
        .submit(
            () -> {
              try (NDManager m = NDManager.newBaseManager();
                  Network net = Network.create(GraphAnalysis.of(model), m, 42)) {
                Map<String, TensorData> all =
                    new java.util.LinkedHashMap<>(Weights.toData(net.state()));
                all.remove("fc3.weight");
                all.remove("fc3.bias");
                return all;
              }
            })
        .get();
  }
}
