package org.layerbench.engine.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.layerbench.engine.data.TestImages.b;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PreprocessTest {

  private static RgbImage image(int w, int h, int... rgb) {
    return new RgbImage(w, h, b(rgb));
  }

  private static byte[] resize(RgbImage im, int w, int h) {
    return new Preprocess(h, w, null, null, null, null).resize(im);
  }

  private static int[] unsigned(byte[] bytes) {
    int[] out = new int[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[i] & 0xFF;
    }
    return out;
  }

  @Test
  void constantImageStaysConstant() {
    byte[] px = new byte[7 * 5 * 3];
    for (int i = 0; i < px.length; i += 3) {
      px[i] = 17;
      px[i + 1] = (byte) 200;
      px[i + 2] = (byte) 255;
    }
    RgbImage im = new RgbImage(7, 5, px);
    for (int[] size : new int[][] {{3, 2}, {1, 1}, {20, 13}, {7, 9}, {2, 5}}) {
      byte[] out = resize(im, size[0], size[1]);
      assertThat(out).hasSize(size[0] * size[1] * 3);
      for (int i = 0; i < out.length; i += 3) {
        assertThat(unsigned(Arrays.copyOfRange(out, i, i + 3))).containsExactly(17, 200, 255);
      }
    }
  }

  @Test
  void twoByTwoToOneAverages() {
    // Rows first, each rounded to 8 bits as Pillow's intermediate image is: (10+20)/2 = 15,
    // (30+40)/2 = 35, then (15+35)/2 = 25. With 100 and 255: 227.5 rounds half up to 228, and
    // (50 + 228)/2 = 139.
    RgbImage im = image(2, 2, 10, 0, 0, 20, 100, 0, 30, 200, 0, 40, 255, 0);
    assertThat(unsigned(resize(im, 1, 1))).containsExactly(25, 139, 0);
  }

  @Test
  void upscalingARowGivesPillowsBilinearValues() {
    // Two pixels a, b to four: scale 0.5, support 1, centers (i + 0.5) * 0.5 = .25, .75, 1.25,
    // 1.75. Taps with triangle weights 1 - |x + xmin - center + 0.5|, normalized:
    // out0 = a (only tap 0 in range), out1 = .75a + .25b, out2 = .25a + .75b, out3 = b.
    // a = 10, b = 20: 10, 12.5 -> 13, 17.5 -> 18, 20 (fixed point rounds half up).
    RgbImage im = image(2, 1, 10, 0, 255, 20, 200, 255);
    assertThat(unsigned(resize(im, 4, 1)))
        .containsExactly(10, 0, 255, 13, 50, 255, 18, 150, 255, 20, 200, 255);
    // The same along the other axis.
    RgbImage col = image(1, 2, 10, 0, 255, 20, 200, 255);
    assertThat(unsigned(resize(col, 1, 4)))
        .containsExactly(10, 0, 255, 13, 50, 255, 18, 150, 255, 20, 200, 255);
  }

  @Test
  void sameSizeIsNotFiltered() {
    RgbImage im = image(2, 1, 1, 2, 3, 4, 5, 6);
    assertThat(resize(im, 2, 1)).isSameAs(im.rgb());
  }

  @Test
  void resizeMatchesPillowExactly() throws IOException {
    JsonNode golden = ImageDecoderTest.golden();
    for (JsonNode c : golden.get("resize")) {
      RgbImage src = image(golden, c.get("image").asText());
      int w = c.get("width").asInt();
      int h = c.get("height").asInt();
      int[] expected = ints(c.get("rgb"));
      assertThat(unsigned(resize(src, w, h)))
          .as("%s %d×%d -> %d×%d", c.get("image"), src.width(), src.height(), w, h)
          .containsExactly(expected);
    }
  }

  @Test
  void pipelineMatchesTorchvision() throws IOException {
    JsonNode golden = ImageDecoderTest.golden();
    for (JsonNode c : golden.get("pipeline")) {
      RgbImage src = image(golden, c.get("image").asText());
      JsonNode crop = c.get("crop");
      Preprocess p =
          new Preprocess(
              c.get("resize").get(0).asInt(),
              c.get("resize").get(1).asInt(),
              crop.isNull() ? null : crop.get(0).asInt(),
              crop.isNull() ? null : crop.get(1).asInt(),
              c.get("mean").isNull() ? null : doubles(c.get("mean")),
              c.get("std").isNull() ? null : doubles(c.get("std")));
      JsonNode shape = c.get("shape");
      assertThat(new int[] {3, p.outHeight(), p.outWidth()})
          .containsExactly(shape.get(0).asInt(), shape.get(1).asInt(), shape.get(2).asInt());
      float[] out = new float[p.outSize() + 5];
      out[0] = 99;
      p.apply(src, out, 2);
      assertThat(out[0]).isEqualTo(99);
      JsonNode t = c.get("tensor");
      assertThat(t.size()).isEqualTo(p.outSize());
      for (int i = 0; i < t.size(); i++) {
        // Identical resize and float32 arithmetic: equal up to float rounding, far inside 1/255.
        assertThat(out[2 + i])
            .as("%s element %d", p, i)
            .isCloseTo((float) t.get(i).asDouble(), within(1e-6f));
      }
    }
  }

  @Test
  void toTensorAndNormalize() {
    // 2×1 image, no resize: CHW layout, v / 255 then (x - mean) / std.
    RgbImage im = image(2, 1, 255, 0, 51, 0, 128, 102);
    float[] plain = new float[6];
    new Preprocess(1, 2, null, null, null, null).apply(im, plain, 0);
    assertThat(plain).containsExactly(1f, 0f, 0f, 128 / 255f, 0.2f, 0.4f);

    float[] norm = new float[6];
    new Preprocess(1, 2, null, null, new double[] {0.5, 0.5, 0.2}, new double[] {0.5, 0.25, 0.1})
        .apply(im, norm, 0);
    assertThat(norm[0]).isEqualTo(1f);
    assertThat(norm[1]).isEqualTo(-1f);
    assertThat(norm[2]).isEqualTo(-2f);
    assertThat(norm[3]).isCloseTo((128 / 255f - 0.5f) / 0.25f, within(1e-7f));
    assertThat(norm[4]).isCloseTo(0f, within(1e-6f));
    assertThat(norm[5]).isCloseTo(2f, within(1e-6f));

    float[] imagenet = new float[3];
    Preprocess.imagenet(1).apply(image(1, 1, 0, 0, 0), imagenet, 0);
    assertThat(imagenet[0]).isCloseTo((float) (-0.485 / 0.229), within(1e-6f));
    assertThat(imagenet[2]).isCloseTo((float) (-0.406 / 0.225), within(1e-6f));
  }

  @Test
  void centerCropRoundsHalfToEvenAsPython() {
    // A 5×5 image whose red channel is 10*y + x, no resize.
    byte[] px = new byte[75];
    for (int y = 0; y < 5; y++) {
      for (int x = 0; x < 5; x++) {
        px[(y * 5 + x) * 3] = (byte) (10 * y + x);
      }
    }
    RgbImage im = new RgbImage(5, 5, px);
    // (5 - 2) / 2 = 1.5 -> round() = 2; (5 - 4) / 2 = 0.5 -> 0.
    assertThat(red(new Preprocess(5, 5, 2, 4, null, null), im))
        .containsExactly(20, 21, 22, 23, 30, 31, 32, 33);
    assertThat(red(new Preprocess(5, 5, 1, 1, null, null), im)).containsExactly(22);
  }

  @Test
  void cropLargerThanImagePadsWithBlack() {
    // 2×1 -> crop 3 high × 5 wide: pad left (5-2)//2 = 1, right 2, top (3-1)//2 = 1, bottom 1.
    RgbImage im = image(2, 1, 7, 0, 0, 9, 0, 0);
    assertThat(red(new Preprocess(1, 2, 3, 5, null, null), im))
        .containsExactly(0, 0, 0, 0, 0, 0, 7, 9, 0, 0, 0, 0, 0, 0, 0);
  }

  @Test
  void coefficientsAreComputedOncePerSizePair() {
    assertThat(Resampler.coefficients(640, 224)).isSameAs(Resampler.coefficients(640, 224));
    Resampler.Coefficients down = Resampler.coefficients(640, 224);
    // Downscaling widens the filter by the scale (antialiasing): 2 * ceil(640/224) + 1 taps.
    assertThat(down.ksize()).isEqualTo(7);
  }

  @Test
  void validation() {
    assertThatThrownBy(() -> new Preprocess(0, 4, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Preprocess(4, 4, 2, null, null, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Preprocess(4, 4, null, null, new double[] {0.5}, null))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Preprocess(4, 4, null, null, new double[] {0.5}, new double[] {0}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new Preprocess(4, 4, null, null, new double[] {0, 0}, new double[] {1, 1}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Preprocess.imagenet(64)).isEqualTo(Preprocess.imagenet(64));
    assertThat(Preprocess.imagenet(64).outSize()).isEqualTo(3 * 64 * 64);
    double[] mean = {0.1, 0.2, 0.3};
    Preprocess p = new Preprocess(8, 8, 4, 4, mean, new double[] {1, 1, 1});
    mean[0] = 9;
    assertThat(p.mean()[0]).isEqualTo(0.1);
  }

  private static int[] red(Preprocess p, RgbImage im) {
    float[] out = new float[p.outSize()];
    p.apply(im, out, 0);
    int plane = p.outHeight() * p.outWidth();
    int[] red = new int[plane];
    for (int i = 0; i < plane; i++) {
      red[i] = Math.round(out[i] * 255);
    }
    return red;
  }

  private static RgbImage image(JsonNode golden, String name) {
    JsonNode im = golden.get("images").get(name);
    int[] v = ints(im.get("rgb"));
    return new RgbImage(im.get("width").asInt(), im.get("height").asInt(), b(v));
  }

  private static int[] ints(JsonNode array) {
    int[] out = new int[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asInt();
    }
    return out;
  }

  private static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }
}
