package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
  @Test
  void scalesAllGradientsToTheGlobalNorm() {
    Engines.ensureStarted();
    JniUtils.setGradMode(false);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray a = m.create(new float[] {3, 0});
      NDArray b = m.create(new float[] {0, 4});
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        // d/da of sum(a*a)/2 is a, so the gradients are (3,0) and (0,4): global norm 5.
        NDArray loss = a.mul(a).sum().add(b.mul(b).sum()).div(2);
        gc.backward(loss);
      }
      double before = GradientClipping.clipGlobalNorm(List.of(a, b), 1.0);
      assertThat(before).isCloseTo(5.0, within(1e-5));
      assertThat(a.getGradient().toFloatArray())
          .containsExactly(new float[] {0.6f, 0f}, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(b.getGradient().toFloatArray())
          .containsExactly(new float[] {0f, 0.8f}, org.assertj.core.data.Offset.offset(1e-5f));
      assertThat(GradientClipping.clipGlobalNorm(List.of(a, b), 10.0)).isCloseTo(1.0, within(1e-5));
    }
  }
}
