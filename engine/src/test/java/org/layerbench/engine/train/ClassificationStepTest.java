package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.nn.Network;

/** The one classification step that training, the LR finder and evaluation share. */
class ClassificationStepTest {
  static NDManager manager;

  @BeforeAll
  static void start() {
    Engines.ensureStarted();
    manager = NDManager.newBaseManager();
    JniUtils.setGradMode(false);
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  /** SimpleNet (Flatten, Linear, ReLU, no dropout or BatchNorm) on 3×4×4 inputs, 3 classes. */
  private static Network simpleNet(long seed) {
    var graph = Templates.find("simplenet").orElseThrow().create(3, List.of(3, 4, 4));
    return Network.create(GraphAnalysis.of(graph), manager, seed);
  }

  private static Batch fixedBatch() {
    SplittableRandom r = new SplittableRandom(7);
    int n = 6;
    float[] data = new float[n * 48];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) r.nextDouble(-2, 2);
    }
    int[] labels = {0, 1, 2, 2, 1, 0};
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      samples.add(new Sample(Path.of("s" + i + ".png"), labels[i]));
    }
    return new Batch(n, SampleLayout.float32(3, 4, 4), data, null, null, labels, samples);
  }

  @Test
  void evaluationIsCrossEntropyAndSoftmaxOfTheLogitsAsEvaluationComputedThem() {
    Batch batch = fixedBatch();
    try (Network net = simpleNet(3);
        NDManager bm = manager.newSubManager()) {
      ClassificationStep.Outcome out = ClassificationStep.evaluate(net, batch);

      // what Evaluation computed inline before the step was shared: the very same floats
      NDArray logits = net.forward(BatchTensors.input(bm, batch), false);
      NDArray y = bm.create(new long[] {0, 1, 2, 2, 1, 0});
      assertThat(out.losses()).isEqualTo(Losses.crossEntropyPerSample(logits, y).toFloatArray());
      assertThat(out.probabilities()).isEqualTo(logits.softmax(1).toFloatArray());

      // and the textbook formula: -log softmax(z)[label], the prediction the largest logit
      float[] z = logits.toFloatArray();
      int correct = 0;
      double sum = 0;
      for (int i = 0; i < 6; i++) {
        double max = Math.max(z[3 * i], Math.max(z[3 * i + 1], z[3 * i + 2]));
        double lse = 0;
        int best = 0;
        for (int c = 0; c < 3; c++) {
          lse += Math.exp(z[3 * i + c] - max);
          if (z[3 * i + c] > z[3 * i + best]) {
            best = c;
          }
        }
        double expected = max + Math.log(lse) - z[3 * i + batch.labels()[i]];
        assertThat((double) out.losses()[i]).isCloseTo(expected, within(1e-5));
        assertThat(out.predicted(i)).isEqualTo(best);
        correct += best == batch.labels()[i] ? 1 : 0;
        sum += expected;
      }
      assertThat(out.correct()).isEqualTo(correct);
      assertThat(out.meanLoss()).isCloseTo(sum / 6, within(1e-5));
      assertThat(out.probabilities(2)).hasSize(3);
    }
  }

  @Test
  void aTrainingStepReturnsTheBatchMeanLossBeforeTheUpdateAndLowersIt() {
    Batch batch = fixedBatch();
    try (Network net = simpleNet(5)) {
      double before = ClassificationStep.evaluate(net, batch).meanLoss();
      Optimizer sgd = Optimizer.named("sgd", 0);
      double loss = ClassificationStep.train(net, sgd, batch, 0.05, 0, name -> 1.0);
      // no dropout or BatchNorm: training mode computes what evaluation does
      assertThat(loss).isCloseTo(before, within(1e-5));
      assertThat(sgd.stepCount()).isEqualTo(1);
      assertThat(ClassificationStep.evaluate(net, batch).meanLoss()).isLessThan(before);
    }
  }

  @Test
  void aTrainingStepClipsTheGradientsGlobalNormBeforeTheUpdate() {
    Batch batch = fixedBatch();
    try (Network net = simpleNet(5)) {
      List<float[]> start = new ArrayList<>();
      net.parameters().values().forEach(p -> start.add(p.toFloatArray()));
      double lr = 0.5;
      double clip = 1e-3;
      ClassificationStep.train(net, Optimizer.named("sgd", 0), batch, lr, clip, name -> 1.0);
      // SGD's first step with momentum moves by lr × the (clipped) gradient
      double squared = 0;
      int i = 0;
      for (NDArray p : net.parameters().values()) {
        float[] now = p.toFloatArray();
        float[] was = start.get(i++);
        for (int j = 0; j < now.length; j++) {
          squared += Math.pow(now[j] - was[j], 2);
        }
      }
      assertThat(Math.sqrt(squared)).isGreaterThan(0).isLessThanOrEqualTo(lr * clip * 1.01);
    }
  }
}
