package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputLayoutsTest {

  @Test
  void anImageRunFeedsThreeChannelsOfTheImageSize() {
    SampleLayout layout = InputLayouts.imageRun(48);

    assertThat(layout.dims()).containsExactly(3, 48, 48);
    assertThat(layout.dtype()).isEqualTo(DType.FLOAT32);
    assertThat(layout.sequenceLengths()).isFalse();
  }

  @Test
  void anImportedModelIsFedTheImagenetPreprocessingsLayout() {
    assertThat(InputLayouts.imagenet(224, 160).dims()).isEqualTo(List.of(3, 224, 160));
    assertThat(InputLayouts.imagenet(224, 160))
        .isEqualTo(ImagePreprocessing.imagenet(224, 160).layout());
  }

  @Test
  void aSizeBelowOneIsRefused() {
    assertThatThrownBy(() -> InputLayouts.imageRun(0)).isInstanceOf(IllegalArgumentException.class);
  }
}
