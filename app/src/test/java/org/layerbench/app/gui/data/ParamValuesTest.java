package org.layerbench.app.gui.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.transform.TransformType;

/** Parameter text ⇄ JSON values as the augmentation editor's fields use them. */
class ParamValuesTest {

  @Test
  void parsesEachKind() {
    var size = TransformType.RESIZE.param("size");
    assertThat(ParamValues.parse(size, "64")).isEqualTo(64);
    assertThat(ParamValues.parse(size, "[64, 48]")).isEqualTo(List.of(64, 48));
    assertThat(ParamValues.parse(size, " 64 48 ")).isEqualTo(List.of(64, 48));
    assertThat(ParamValues.parse(size, "")).isNull();
    var brightness = TransformType.COLOR_JITTER.param("brightness");
    assertThat(ParamValues.parse(brightness, "0.4")).isEqualTo(0.4);
    assertThat(ParamValues.parse(brightness, "[0.6, 1.0]")).isEqualTo(List.of(0.6, 1.0));
    assertThat(ParamValues.parse(TransformType.RANDOM_HORIZONTAL_FLIP.param("p"), "1"))
        .isEqualTo(1.0);
    assertThat(ParamValues.parse(TransformType.GRAYSCALE.param("num_output_channels"), "3"))
        .isEqualTo(3);
    assertThat(ParamValues.parse(TransformType.RESIZE.param("interpolation"), "bicubic"))
        .isEqualTo("bicubic");
    assertThat(ParamValues.parse(TransformType.RANDOM_ERASING.param("value"), "random"))
        .isEqualTo("random");
    assertThat(ParamValues.parse(TransformType.RANDOM_ROTATION.param("expand"), "TRUE"))
        .isEqualTo(true);
  }

  @Test
  void refusesWithASentence() {
    assertThatThrownBy(
            () -> ParamValues.parse(TransformType.GRAYSCALE.param("num_output_channels"), "1.5"))
        .hasMessage("num_output_channels must be a whole number, not 1.5");
    assertThatThrownBy(
            () -> ParamValues.parse(TransformType.COLOR_JITTER.param("brightness"), "[0.6, x]"))
        .hasMessageContaining("'x' is not a number");
    assertThatThrownBy(
            () -> ParamValues.parse(TransformType.COLOR_JITTER.param("brightness"), "[0.6, 1"))
        .hasMessageContaining("not closed");
    assertThatThrownBy(
            () -> ParamValues.parse(TransformType.RESIZE.param("interpolation"), "cubic"))
        .hasMessageContaining("nearest, bilinear, bicubic");
  }

  @Test
  void formatsShortAndRoundTrips() {
    assertThat(ParamValues.format(List.of(0.6, 1.0))).isEqualTo("[0.6, 1.0]");
    assertThat(ParamValues.format(List.of(3.0 / 4.0, 4.0 / 3.0))).isEqualTo("[0.75, 1.333]");
    assertThat(ParamValues.format(64)).isEqualTo("64");
    assertThat(ParamValues.format(0.3)).isEqualTo("0.3");
    assertThat(ParamValues.format(128.0)).isEqualTo("128.0");
    assertThat(ParamValues.format(null)).isEmpty();
    var scale = TransformType.RANDOM_RESIZED_CROP.param("scale");
    assertThat(ParamValues.parse(scale, ParamValues.format(List.of(0.08, 1.0))))
        .isEqualTo(List.of(0.08, 1.0));
  }
}
