package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Random;
import java.util.SequencedMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The optimizers against torch.optim (golden/optimizers.json, written by Debian's torch 1.13 with
 * src/test/python/gen_optimizer_fixtures.py), and the fused CPU kernels against the NDArray path
 * that a GPU takes.
 */
class OptimizerTest {
  @BeforeAll
  static void engine() {
    Engines.ensureStarted();
    JniUtils.setGradMode(false);
  }

  /** Runs the optimizer over one parameter with the given gradients; the parameter after each. */
  private static List<float[]> run(
      Optimizer opt, float[] start, List<float[]> grads, double lr, boolean expectFused) {
    List<float[]> out = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(start);
      p.setRequiresGradient(true);
      SequencedMap<String, NDArray> params = new LinkedHashMap<>();
      params.put("w", p);
      for (float[] g : grads) {
        JniUtils.zeroGrad((PtNDArray) p);
        try (NDManager step = m.newSubManager();
            GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          // d/dp of sum(p·g) is g: the gradient is set exactly, with no model in between.
          NDArray gradient = step.create(g);
          NDArray loss = p.mul(gradient).sum();
          gc.backward(loss);
        }
        try (NDArray grad = p.getGradient()) {
          assertThat(opt.fusable(p, grad) != null)
              .as("takes the fused kernels")
              .isEqualTo(expectFused);
        }
        opt.step(params, lr);
        out.add(p.toFloatArray());
      }
    }
    return out;
  }

  private static float[] floats(JsonNode array) {
    float[] out = new float[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) array.get(i).doubleValue();
    }
    return out;
  }

  @Test
  void matchTorchOptim() throws Exception {
    JsonNode golden;
    try (InputStream in = getClass().getResourceAsStream("/golden/optimizers.json")) {
      golden = new ObjectMapper().readTree(in);
    }
    assertThat(golden.get("cases")).hasSize(8);
    for (JsonNode c : golden.get("cases")) {
      List<float[]> grads = new ArrayList<>();
      c.get("grads").forEach(g -> grads.add(floats(g)));
      for (boolean fused : new boolean[] {true, false}) {
        Optimizer opt =
            Optimizer.named(c.get("optimizer").asText(), c.get("weight_decay").asDouble());
        if (!fused) {
          opt.withoutFusedKernels();
        }
        List<float[]> ours = run(opt, floats(c.get("param")), grads, c.get("lr").asDouble(), fused);
        for (int s = 0; s < grads.size(); s++) {
          float[] expected = floats(c.get("after").get(s));
          for (int i = 0; i < expected.length; i++) {
            // Float rounding only: Adam keeps its moments scaled (Optimizer.Adam), so the order
            // of operations differs from torch's; a wrong formula is off by far more.
            assertThat((double) ours.get(s)[i])
                .as(
                    "%s, %s path, step %d, element %d",
                    c.get("torch").asText(), fused ? "fused" : "NDArray", s + 1, i)
                .isCloseTo(
                    expected[i],
                    org.assertj.core.data.Offset.offset(2e-6 + 2e-6 * Math.abs(expected[i])));
          }
        }
      }
    }
  }

  @Test
  void fusedKernelsAgreeWithTheNdArrayPath() {
    // More floats than one parallel chunk (65,536), and not a multiple of it.
    int n = 300_007;
    Random random = new Random(7);
    float[] start = new float[n];
    for (int i = 0; i < n; i++) {
      start[i] = (float) random.nextGaussian();
    }
    List<float[]> grads = new ArrayList<>();
    for (int s = 0; s < 4; s++) {
      float[] g = new float[n];
      for (int i = 0; i < n; i++) {
        g[i] = (float) (random.nextGaussian() * (s + 1));
      }
      grads.add(g);
    }
    List<Supplier<Optimizer>> optimizers =
        List.of(
            () -> Optimizer.named("adam", 0),
            () -> Optimizer.named("adam", 0.1),
            () -> Optimizer.named("adamw", 0.05),
            () -> Optimizer.named("sgd", 0.01),
            () -> Optimizer.named("sgd-nesterov", 0),
            () -> Optimizer.named("rmsprop", 0.1));
    for (Supplier<Optimizer> make : optimizers) {
      List<float[]> fused = run(make.get(), start, grads, 1e-2, true);
      List<float[]> plain = run(make.get().withoutFusedKernels(), start, grads, 1e-2, false);
      String name = make.get().getClass().getSimpleName();
      for (int s = 0; s < grads.size(); s++) {
        float[] a = fused.get(s);
        float[] b = plain.get(s);
        if (name.equals("Sgd")) {
          // No square root: the same float operations in the same order give the same bits.
          assertThat(a).as("%s step %d", name, s + 1).isEqualTo(b);
          continue;
        }
        // Adam and RMSprop divide and take square roots. Java rounds both correctly; libtorch's
        // kernels are within an ulp but not always correctly rounded (its pow(x, -1), which the
        // NDArray Adam uses as a reciprocal, differed from 1/x on 1,574 of 300,000 floats here).
        // That moves a parameter by an ulp, and an update of up to 0.1 by ~1e-8, once per step
        // at most; a wrong formula moves it by about the learning rate (1e-2).
        for (int i = 0; i < n; i++) {
          double bound = (s + 1) * (Math.ulp(Math.max(Math.abs(a[i]), Math.abs(b[i]))) + 1e-7);
          assertThat((double) Math.abs(a[i] - b[i]))
              .as("%s step %d element %d: %s against %s", name, s + 1, i, a[i], b[i])
              .isLessThanOrEqualTo(bound);
        }
      }
    }
  }

  @Test
  void aViewThatIsNotContiguousTakesTheNdArrayPath() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.arange(12f).reshape(new Shape(3, 4));
      assertThat(org.layerbench.engine.nn.TensorMemory.floats(a)).isNotNull();
      assertThat(org.layerbench.engine.nn.TensorMemory.floats(a.transpose())).isNull();
      assertThat(
              org.layerbench.engine.nn.TensorMemory.floats(
                  a.toType(ai.djl.ndarray.types.DataType.FLOAT64, false)))
          .isNull();
    }
  }
}
