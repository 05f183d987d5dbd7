package org.layerbench.engine.data.transform;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.layerbench.engine.data.transform.Pil.Interpolation;

/**
 * The transforms of the catalogue, each following torchvision 0.14's class of the same name on PIL
 * images (image stage) or tensors (tensor stage). Random transforms draw their parameters the way
 * torchvision's {@code get_params} does, in the same order, from the generator they are given; the
 * drawing and the applying are separate methods so tests can apply torchvision's own draws.
 *
 * <p>They live by family: {@link GeometryTransforms} (resize, crops, pad, flips), {@link
 * ColorTransforms} (colour jitter, grayscale, HSV, blur) and {@link TensorTransforms} (normalize,
 * noise, erasing); {@link Affine} has the affine ones. This class holds what they share: the
 * parsing of common parameters and torch's random draws.
 */
final class Transforms {

  private Transforms() {}

  static Interpolation interpolation(Args a) {
    return Interpolation.valueOf(a.choice("interpolation").toUpperCase(java.util.Locale.ROOT));
  }

  /**
   * A size the pipeline's images will have is refused now, when the pipeline is loaded, if it is
   * over the pixel budget ({@link Pil#MAX_PIXELS}): 100000×100000 would end in a negative array
   * size or the heap running out on the first image. For Resize of the shorter side the square is
   * the least it will be.
   */
  static void checkSize(int[] hw, String name) {
    Pil.checkPixels(hw[1], hw[0], name + " " + hw[0] + (hw[0] == hw[1] ? "" : "×" + hw[1]));
  }

  /** A fill per channel: torchvision's {@code _parse_fill}, values truncated to integers. */
  static int[] fill(Args a, int channels) {
    double[] f = a.numbers("fill");
    if (f.length != 1 && f.length != 3) {
      throw new IllegalArgumentException("fill must be one value or three (R, G, B)");
    }
    if (f.length == 3 && channels == 1) {
      return new int[] {(int) f[0]};
    }
    int[] out = new int[channels];
    for (int c = 0; c < channels; c++) {
      out[c] = (int) f[f.length == 1 ? 0 : c];
    }
    return out;
  }

  /** [min, max] from a two-number parameter. */
  static double[] pair(Args a, String name) {
    double[] v = a.numbers(name);
    if (v.length != 2 || !(v[0] <= v[1])) {
      throw new IllegalArgumentException(name + " must be [min, max] with min ≤ max");
    }
    return v;
  }

  /** A uniform draw in [lo, hi), as {@code torch.empty(1).uniform_(lo, hi)}. */
  static double uniform(RandomGenerator random, double lo, double hi) {
    return lo == hi ? lo : lo + (hi - lo) * random.nextDouble();
  }

  /** {@code torch.rand(1) < p}. */
  static boolean chance(RandomGenerator random, double p) {
    return random.nextDouble() < p;
  }

  /** Helper for messages. */
  static String show(double[] v) {
    return Arrays.toString(v);
  }
}
