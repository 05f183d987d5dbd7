package org.layerbench.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.nn.Network;

/**
 * Times one training step (forward, backward, Adam) of a template on random data, without the data
 * loader, split into its parts. Run with ./mvnw -Pbench test -pl engine -Dtest=StepTimingBenchmark
 * [-Dbench.model=cnnnet] [-Dbench.batch=16].
 */
@Tag("benchmark")
class StepTimingBenchmark {
  @Test
  void resnet18At64() {
    Engines.ensureStarted();
    Engines.threads(2);
    JniUtils.setGradMode(false);
    String model = System.getProperty("bench.model", "resnet18");
    try (NDManager m = NDManager.newBaseManager()) {
      Network net =
          Network.create(
              GraphAnalysis.of(Templates.find(model).orElseThrow().create(3, List.of(3, 64, 64))),
              m,
              0);
      Optimizer opt = Optimizer.named("adam", 0);
      int batch = Integer.getInteger("bench.batch", 64);
      NDArray x = m.randomNormal(new Shape(batch, 3, 64, 64));
      NDArray y = m.randomInteger(0, 3, new Shape(batch), ai.djl.ndarray.types.DataType.INT64);
      long fb = 0;
      long optNs = 0;
      long fwd = 0;
      int n = 13;
      for (int i = 0; i < n; i++) {
        long t0 = System.nanoTime();
        for (NDArray p : net.parameters().values()) {
          JniUtils.zeroGrad((PtNDArray) p);
        }
        try (NDManager bm = m.newSubManager()) {
          NDArray xb = x.duplicate();
          bm.tempAttachAll(xb);
          try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = Losses.crossEntropyPerSample(net.forward(xb, true), y).mean();
            loss.getFloat();
            long tf = System.nanoTime();
            if (i >= 3) {
              fwd += tf - t0;
            }
            gc.backward(loss);
          }
        }
        long t1 = System.nanoTime();
        opt.step(net.parameters(), 1e-3);
        long t2 = System.nanoTime();
        if (i >= 3) {
          fb += t1 - t0;
          optNs += t2 - t1;
        }
      }
      int k = n - 3;
      double step = (fb + optNs) / 1e6 / k;
      System.out.printf(
          "BENCH step model=%s batch=%d fwd_ms=%.0f fwd+bwd_ms=%.0f opt_ms=%.0f step_ms=%.0f"
              + " img_per_s=%.0f%n",
          model, batch, fwd / 1e6 / k, fb / 1e6 / k, optNs / 1e6 / k, step, batch / (step / 1000));
    }
  }
}
