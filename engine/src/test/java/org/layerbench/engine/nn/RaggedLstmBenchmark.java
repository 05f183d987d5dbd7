package org.layerbench.engine.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.train.Engines;
import org.layerbench.engine.train.Optimizer;

/**
 * Times forward + backward of the text-lstm template (the book's chapter 5: Embedding(20000, 300) →
 * LSTM(300, 100) → Linear(100, 2)) on 64 rows of 40 token ids with random lengths 15..40, the
 * lengths honoured, then one Adam step (lr 1e-3) over its parameters; prints the medians of
 * forward, backward, both, and the step. bench/lstm_packed_reference.py is PyTorch 1.13's side,
 * with pack_padded_sequence and torch.optim.Adam; bench/lstm-vs-pytorch.sh runs both in
 * alternation. Run with ./mvnw -Pbench test -pl engine -Dtest=RaggedLstmBenchmark
 * [-Dbench.threads=1] [-Dbench.steps=30].
 */
@Tag("benchmark")
class RaggedLstmBenchmark {
  @Test
  void chapterFiveModel() {
    Engines.ensureStarted();
    int threads = Integer.getInteger("bench.threads", 1);
    int steps = Integer.getInteger("bench.steps", 30);
    Engines.threads(threads);
    JniUtils.setGradMode(false);
    try (NDManager m = NDManager.newBaseManager();
        Network net =
            Network.create(
                GraphAnalysis.of(
                    Templates.find("text-lstm").orElseThrow().create().bindVocabulary(20000)),
                m,
                0)) {
      SplittableRandom r = new SplittableRandom(1);
      long[] ids = new long[64 * 64];
      long[] lengths = new long[64];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = r.nextInt(20000);
      }
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = 15 + r.nextInt(26);
      }
      // the template's input is 64 steps; the batch is cut to 40, as dynamic padding would
      NDArray x = m.create(ids, new Shape(64, 64)).get(":, :40");
      NDArray len = m.create(lengths);
      NDArray y = m.randomInteger(0, 2, new Shape(64), DataType.INT64);
      Optimizer adam = Optimizer.named("adam", 0);
      List<Double> forward = new ArrayList<>();
      List<Double> backward = new ArrayList<>();
      List<Double> both = new ArrayList<>();
      List<Double> update = new ArrayList<>();
      for (int i = 0; i < steps + 3; i++) {
        if (i == 3 && System.getProperty("bench.profile") != null) {
          JniUtils.startProfile(false, true, false);
        }
        long start = System.nanoTime();
        long forwardEnd;
        long backwardEnd;
        net.dropGradients();
        try (NDManager bm = m.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          NDArray logits = net.forward(x, Boolean.getBoolean("bench.noLengths") ? null : len, true);
          NDArray loss = logits.logSoftmax(1).mul(-1).get(":, 0").mean();
          forwardEnd = System.nanoTime();
          gc.backward(loss);
          backwardEnd = System.nanoTime();
        }
        adam.step(net.parameters(), 1e-3);
        long updateEnd = System.nanoTime();
        if (i >= 3) {
          forward.add((forwardEnd - start) / 1e6);
          backward.add((backwardEnd - forwardEnd) / 1e6);
          both.add((backwardEnd - start) / 1e6);
          update.add((updateEnd - backwardEnd) / 1e6);
        }
      }
      if (System.getProperty("bench.profile") != null) {
        JniUtils.stopProfile(System.getProperty("bench.profile"));
      }
      System.out.printf(
          "LayerBench threads %d: %.2f ms per forward+backward (forward %.2f, backward %.2f),"
              + " %.2f ms per Adam step%n",
          threads, median(both), median(forward), median(backward), median(update));
    }
  }

  private static double median(List<Double> times) {
    List<Double> sorted = new ArrayList<>(times);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }
}
