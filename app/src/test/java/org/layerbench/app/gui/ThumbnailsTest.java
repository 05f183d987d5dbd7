package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.image.RgbImage;

class ThumbnailsTest {
  @Test
  void areaAveragesDownToTheLongerSide() {
    // 4×2: left half black, right half white → 2×1: one black, one white pixel
    byte[] px = new byte[4 * 2 * 3];
    for (int y = 0; y < 2; y++) {
      for (int x = 2; x < 4; x++) {
        for (int c = 0; c < 3; c++) {
          px[(y * 4 + x) * 3 + c] = (byte) 255;
        }
      }
    }
    RgbImage small = Thumbnails.scaled(new RgbImage(4, 2, px), 2);
    assertThat(small.width()).isEqualTo(2);
    assertThat(small.height()).isEqualTo(1);
    assertThat(small.rgb()).containsExactly(0, 0, 0, -1, -1, -1);
  }

  @Test
  void smallImagesStayAsTheyAre() {
    RgbImage img = new RgbImage(3, 3, new byte[27]);
    assertThat(Thumbnails.scaled(img, 96)).isSameAs(img);
  }
}
