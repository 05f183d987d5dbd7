package org.layerbench.app.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ParamSpec;

class ParamTextTest {
  private static ParamSpec spec(LayerType t, String name) {
    return t.param(name);
  }

  @Test
  void parsesEachKind() {
    assertThat(ParamText.parse(spec(LayerType.CONV2D, "out_channels"), " 64 ").value())
        .isEqualTo(64);
    assertThat(ParamText.parse(spec(LayerType.CONV2D, "kernel_size"), "3").value()).isEqualTo(3);
    assertThat(ParamText.parse(spec(LayerType.CONV2D, "kernel_size"), "3, 5").value())
        .isEqualTo(List.of(3, 5));
    assertThat(ParamText.parse(spec(LayerType.CONV2D, "kernel_size"), "3×5").value())
        .isEqualTo(List.of(3, 5));
    assertThat(ParamText.parse(spec(LayerType.DROPOUT, "p"), "0.25").value()).isEqualTo(0.25);
    assertThat(ParamText.parse(spec(LayerType.CONV2D, "bias"), "false").value()).isEqualTo(false);
    assertThat(ParamText.parse(spec(LayerType.GELU, "approximate"), "tanh").value())
        .isEqualTo("tanh");
    assertThat(ParamText.parse(spec(LayerType.INPUT, "shape"), "[3, 32, 32]").value())
        .isEqualTo(List.of(3, 32, 32));
    assertThat(ParamText.parse(spec(LayerType.MAXPOOL2D, "stride"), "").value()).isNull();
  }

  @Test
  void refusesWithTheReason() {
    assertThat(ParamText.parse(spec(LayerType.DROPOUT, "p"), "1.5").error()).contains("0 … 1");
    assertThat(ParamText.parse(spec(LayerType.CONV2D, "out_channels"), "2.5").error())
        .contains("not a whole number");
    assertThat(ParamText.parse(spec(LayerType.CONV2D, "kernel_size"), "3, 3, 3").error())
        .contains("list of 2");
    assertThat(ParamText.parse(spec(LayerType.GELU, "approximate"), "fast").error())
        .contains("none, tanh");
  }

  @Test
  void formatsForEditing() {
    assertThat(ParamText.format(List.of(3, 64, 64))).isEqualTo("3, 64, 64");
    assertThat(ParamText.format(1e-5)).isEqualTo("0.00001");
    assertThat(ParamText.format(0.5)).isEqualTo("0.5");
    assertThat(ParamText.format(null)).isEmpty();
  }
}
