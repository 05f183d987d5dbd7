package org.layerbench.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.nn.Network;

/**
 * Times one training step (zeroing gradients, forward, backward, Adam) of a template on random
 * data, without the data loader, split into its parts; prints medians. Run with ./mvnw -Pbench test
 * -pl engine -Dtest=StepTimingBenchmark [-Dbench.model=cnnnet] [-Dbench.batch=16]
 * [-Dbench.steps=20] [-Dbench.zeroGrads=true: zero gradients instead of dropping them].
 */
@Tag("benchmark")
class StepTimingBenchmark {
  @Test
  void resnet18At64() {
    Engines.ensureStarted();
    Engines.threads(2);
    JniUtils.setGradMode(false);
    String model = System.getProperty("bench.model", "resnet18");
    int batch = Integer.getInteger("bench.batch", 64);
    int steps = Integer.getInteger("bench.steps", 20);
    try (NDManager m = NDManager.newBaseManager()) {
      Network net =
          Network.create(
              GraphAnalysis.of(Templates.find(model).orElseThrow().create(3, List.of(3, 64, 64))),
              m,
              0);
      Optimizer opt = Optimizer.named("adam", 0);
      NDArray x = m.randomNormal(new Shape(batch, 3, 64, 64));
      NDArray y = m.randomInteger(0, 3, new Shape(batch), DataType.INT64);
      List<double[]> rows = new ArrayList<>();
      for (int i = 0; i < steps + 3; i++) {
        long tz = System.nanoTime();
        if (Boolean.getBoolean("bench.zeroGrads")) {
          for (NDArray p : net.parameters().values()) {
            JniUtils.zeroGrad((PtNDArray) p);
          }
        } else {
          net.dropGradients();
        }
        long t0 = System.nanoTime();
        long tf;
        try (NDManager bm = m.newSubManager()) {
          NDArray xb = x.duplicate();
          bm.tempAttachAll(xb);
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = Losses.crossEntropyPerSample(net.forward(xb, true), y).mean();
            loss.getFloat();
            tf = System.nanoTime();
            gc.backward(loss);
          }
        }
        long t1 = System.nanoTime();
        opt.step(net.parameters(), 1e-3);
        long t2 = System.nanoTime();
        if (i >= 3) {
          rows.add(
              new double[] {(t0 - tz) / 1e6, (tf - t0) / 1e6, (t1 - tf) / 1e6, (t2 - t1) / 1e6});
        }
      }
      double[] med = new double[4];
      for (int c = 0; c < 4; c++) {
        int col = c;
        double[] v = rows.stream().mapToDouble(r -> r[col]).sorted().toArray();
        med[c] = v[v.length / 2];
      }
      double step = Arrays.stream(med).sum();
      System.out.printf(
          "BENCH step model=%s batch=%d zero_ms=%.1f fwd_ms=%.0f bwd_ms=%.0f opt_ms=%.0f"
              + " step_ms=%.0f img_per_s=%.0f (medians of %d steps)%n",
          model, batch, med[0], med[1], med[2], med[3], step, batch / (step / 1000), steps);
    }
  }
}
