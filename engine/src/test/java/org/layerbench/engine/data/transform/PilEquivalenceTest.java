package org.layerbench.engine.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The table-driven and fused colour operations of {@link Pil}, its flip and the row-wise Gaussian
 * blur give exactly the bytes of the plain pixel-by-pixel port ({@link PilReference}), which the
 * torchvision fixtures check on a few cases: here on every 8-bit RGB colour for the HSV conversions
 * and the hue shift, and on random images over a sweep of factors (inside and outside [0, 1], where
 * blending clips), kernel sizes and sigmas for the rest.
 */
class PilEquivalenceTest {

  /** All 2^24 colours, one 4096×4096 image split into 256 images of 256×256 (one per red value). */
  private static Image8 allColours(int red) {
    byte[] b = new byte[256 * 256 * 3];
    for (int g = 0, p = 0; g < 256; g++) {
      for (int bl = 0; bl < 256; bl++, p += 3) {
        b[p] = (byte) red;
        b[p + 1] = (byte) g;
        b[p + 2] = (byte) bl;
      }
    }
    return new Image8(256, 256, 3, b);
  }

  private static Image8 random(int w, int h, int c, long seed) {
    byte[] b = new byte[w * h * c];
    new SplittableRandom(seed).nextBytes(b);
    return new Image8(w, h, c, b);
  }

  /** Equal bytes; on failure, names the first pixel that differs rather than printing arrays. */
  private static void same(Image8 got, Image8 want, String what, Object... args) {
    byte[] g = got.data();
    byte[] w = want.data();
    assertThat(g.length).isEqualTo(w.length);
    for (int i = 0; i < g.length; i++) {
      if (g[i] != w[i]) {
        int c = want.channels();
        int px = i / c;
        assertThat(g[i] & 0xFF)
            .as(
                "%s: pixel (%d, %d) channel %d of input",
                String.format(what, args), px % want.width(), px / want.width(), i % c)
            .isEqualTo(w[i] & 0xFF);
      }
    }
  }

  @Test
  void hsvConversionsMatchOnEveryColour() {
    for (int r = 0; r < 256; r++) {
      Image8 rgb = allColours(r); // read as RGB, and as HSV triples for the way back
      same(Pil.toHsv(rgb), PilReference.toHsv(rgb), "toHsv, red %d", r);
      same(Pil.hsvToRgb(rgb), PilReference.hsvToRgb(rgb), "hsvToRgb, H %d", r);
    }
  }

  @Test
  void hueMatchesOnEveryColour() {
    for (double hue : new double[] {-0.3}) {
      for (int r = 0; r < 256; r++) {
        Image8 rgb = allColours(r);
        same(Pil.hue(rgb, hue), PilReference.hue(rgb, hue), "hue %s, red %d", hue, r);
      }
    }
  }

  @Test
  void hueMatchesForEveryShift() {
    Image8 img = random(64, 48, 3, 5);
    for (int k = -128; k <= 128; k++) {
      double hue = k / 256.0;
      same(Pil.hue(img, hue), PilReference.hue(img, hue), "hue %s", hue);
    }
  }

  @Test
  void blendsMatchOverASweepOfFactors() {
    Image8 rgb = random(61, 47, 3, 7);
    Image8 gray = random(61, 47, 1, 8);
    SplittableRandom r = new SplittableRandom(9);
    for (int k = 0; k < 400; k++) {
      // factors in [0, 3): torchvision's brightness/contrast/saturation ranges and beyond, plus
      // the edges of the un-clipped range
      double f = k == 0 ? 0.0 : k == 1 ? 1.0 : r.nextDouble() * 3;
      for (Image8 img : new Image8[] {rgb, gray}) {
        same(Pil.brightness(img, f), PilReference.brightness(img, f), "brightness %s", f);
        same(Pil.contrast(img, f), PilReference.contrast(img, f), "contrast %s", f);
        same(Pil.saturation(img, f), PilReference.saturation(img, f), "saturation %s", f);
      }
    }
  }

  @Test
  void gaussianBlurMatches() {
    SplittableRandom r = new SplittableRandom(4);
    int[][] kernels = {{1, 1}, {3, 3}, {5, 5}, {3, 7}, {9, 1}, {11, 11}};
    for (int c : new int[] {1, 3}) {
      for (int[] wh : new int[][] {{40, 30}, {6, 7}, {13, 1}}) {
        Image8 img = random(wh[0], wh[1], c, wh[0] * 31L + c);
        for (int[] k : kernels) {
          if (k[1] / 2 >= wh[0] || k[0] / 2 >= wh[1]) {
            continue; // refused: the kernel needs an image larger than half of it
          }
          for (int t = 0; t < 5; t++) {
            double sx = 0.05 + r.nextDouble() * 3;
            double sy = t == 0 ? sx : 0.05 + r.nextDouble() * 3;
            // kernel_size is [h, w] here: k[1] taps along x, k[0] along y
            float[] sums =
                ColorTransforms.GaussianBlur.sums(
                    img,
                    ColorTransforms.GaussianBlur.kernel(k[1], sx),
                    ColorTransforms.GaussianBlur.kernel(k[0], sy));
            assertThat(sums)
                .as("blur %dx%d sigma %s, %s on %dx%dx%d", k[0], k[1], sx, sy, wh[0], wh[1], c)
                .containsExactly(PilReference.blurSums(img, k[0], k[1], sx, sy));
          }
        }
      }
    }
  }

  @Test
  void flipMatches() {
    for (Image8 img : new Image8[] {random(37, 5, 3, 1), random(37, 5, 1, 2), random(1, 3, 3, 3)}) {
      same(Pil.flipHorizontal(img), PilReference.flipHorizontal(img), "flip");
    }
  }
}
