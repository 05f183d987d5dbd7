package org.layerbench.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.nn.Network;

/**
 * Times one training step (zeroing gradients, forward, backward, Adam) of a template on random
 * data, without the data loader, split into its parts; prints medians. Run with ./mvnw -Pbench test
 * -pl engine -Dtest=StepTimingBenchmark [-Dbench.model=cnnnet] [-Dbench.batch=16]
 * [-Dbench.steps=20] [-Dbench.zeroGrads=true: zero gradients instead of dropping them]
 * [-Dbench.profile=FILE: record the timed steps with libtorch's profiler, write its Chrome trace to
 * FILE and print the operators that took the most time per step]. The profile is how ResNet-18's
 * max pooling was found to take 20 of its 297 ms (ATen's NCHW max-pool kernel, as slow in the
 * PyTorch reference) while each convolution's share matches PyTorch's.
 */
@Tag("benchmark")
class StepTimingBenchmark {
  @Test
  void resnet18At64() throws IOException {
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
      String profile = System.getProperty("bench.profile");
      for (int i = 0; i < steps + 3; i++) {
        if (i == 3 && profile != null) {
          JniUtils.startProfile(false, true, false);
        }
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
      if (profile != null) {
        JniUtils.stopProfile(profile);
        printTopOperators(Path.of(profile), steps);
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

  /**
   * The operators of a libtorch profiler trace by total time per step, nested ones included (an
   * aten::conv2d contains its aten::mkldnn_convolution), so the listing reads like the profiler's
   * "CPU total" column.
   */
  private static void printTopOperators(Path trace, int steps) throws IOException {
    JsonNode root = new ObjectMapper().readTree(trace.toFile());
    JsonNode events = root.has("traceEvents") ? root.get("traceEvents") : root;
    Map<String, double[]> byName = new HashMap<>();
    for (JsonNode e : events) {
      if ("X".equals(e.path("ph").asText())) {
        double[] t = byName.computeIfAbsent(e.path("name").asText(), k -> new double[2]);
        t[0] += e.path("dur").asDouble() / 1000; // microseconds
        t[1]++;
      }
    }
    byName.entrySet().stream()
        .sorted((a, b) -> Double.compare(b.getValue()[0], a.getValue()[0]))
        .limit(25)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "BENCH profile %8.1f ms/step %6.1f calls/step  %s%n",
                    e.getValue()[0] / steps,
                    e.getValue()[1] / steps,
                    e.getKey()));
  }
}
