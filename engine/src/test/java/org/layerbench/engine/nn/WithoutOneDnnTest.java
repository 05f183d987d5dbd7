package org.layerbench.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.train.Engines;

class WithoutOneDnnTest {
  @Test
  void findsTheSwitchInTheLoadedLibtorchAndTurnsItBackOn() {
    Engines.ensureStarted();
    assertThat(WithoutOneDnn.available()).isTrue();
    assertThat(WithoutOneDnn.call(WithoutOneDnnTest::mkldnnOn)).isFalse();
    assertThat(mkldnnOn()).isTrue();
    assertThatThrownBy(
            () ->
                WithoutOneDnn.call(
                    () -> {
                      throw new IllegalStateException("inside");
                    }))
        .hasMessage("inside");
    assertThat(mkldnnOn()).isTrue();
  }

  /**
   * The fused float32 kernel with the switch off computes what the float64 kernel computes (which
   * never reaches oneDNN), to float32's precision; with hidden_size 1 oneDNN's kernel ignored the
   * input weights altogether (golden/kernels.json).
   */
  @Test
  void fusedLstmAgreesWithTheFloat64Kernel() {
    Engines.ensureStarted();
    JniUtils.setGradMode(false);
    try (NDManager m = NDManager.newBaseManager()) {
      m.getEngine().setRandomSeed(3);
      for (int hidden : new int[] {1, 7}) {
        NDArray x = m.randomNormal(new Shape(3, 5, 4));
        NDList params = new NDList();
        for (int d = 0; d < 2; d++) {
          params.add(m.randomNormal(new Shape(4L * hidden, 4)));
          params.add(m.randomNormal(new Shape(4L * hidden, hidden)));
          params.add(m.randomNormal(new Shape(4L * hidden)));
          params.add(m.randomNormal(new Shape(4L * hidden)));
        }
        NDList fused =
            Recurrent.kernel(LayerType.LSTM, false, x, params, true, 1, 2, hidden, 0, false);
        NDList doubles = new NDList();
        params.forEach(p -> doubles.add(p.toType(DataType.FLOAT64, true)));
        NDList reference =
            Recurrent.kernel(
                LayerType.LSTM,
                false,
                x.toType(DataType.FLOAT64, true),
                doubles,
                true,
                1,
                2,
                hidden,
                0,
                false);
        for (int i = 0; i < 3; i++) {
          NDArray diff = fused.get(i).toType(DataType.FLOAT64, true).sub(reference.get(i));
          assertThat(diff.abs().max().getDouble())
              .as("hidden %d, output %d", hidden, i)
              .isLessThan(1e-5);
        }
      }
    }
  }

  private static boolean mkldnnOn() {
    return WithoutOneDnn.oneDnnOn();
  }
}
