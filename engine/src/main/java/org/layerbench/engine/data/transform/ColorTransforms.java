package org.layerbench.engine.data.transform;

import static org.layerbench.engine.data.transform.Transforms.chance;
import static org.layerbench.engine.data.transform.Transforms.uniform;

import java.util.random.RandomGenerator;
import org.layerbench.engine.data.transform.Op.ImageOp;
import org.layerbench.engine.data.transform.Pil.PaddingMode;

/**
 * The catalogue's colour transforms: ColorJitter, Grayscale, RandomGrayscale, the HSV conversion
 * and GaussianBlur, each as torchvision 0.14's class of the same name (see {@link Transforms}).
 */
final class ColorTransforms {

  private ColorTransforms() {}

  /**
   * torchvision's {@code ColorJitter}: factors drawn per image, applied in a random order ({@code
   * torch.randperm(4)}: brightness 0, contrast 1, saturation 2, hue 3); absent ones are skipped.
   */
  record ColorJitter(double[] brightness, double[] contrast, double[] saturation, double[] hue)
      implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      int[] order = {0, 1, 2, 3};
      for (int i = 3; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      Double b = brightness == null ? null : uniform(random, brightness[0], brightness[1]);
      Double c = contrast == null ? null : uniform(random, contrast[0], contrast[1]);
      Double s = saturation == null ? null : uniform(random, saturation[0], saturation[1]);
      Double h = hue == null ? null : uniform(random, hue[0], hue[1]);
      return apply(in, order, b, c, s, h);
    }

    /** Applies drawn factors in the drawn order (null factors are skipped). */
    static Image8 apply(Image8 in, int[] order, Double b, Double c, Double s, Double h) {
      for (int fn : order) {
        if (fn == 0 && b != null) {
          in = Pil.brightness(in, b);
        } else if (fn == 1 && c != null) {
          in = Pil.contrast(in, c);
        } else if (fn == 2 && s != null) {
          in = Pil.saturation(in, s);
        } else if (fn == 3 && h != null) {
          in = Pil.hue(in, h);
        }
      }
      return in;
    }
  }

  static Op colorJitter(Args a) {
    return new ColorJitter(
        factor(a.range("brightness", 1, 0.0), 1),
        factor(a.range("contrast", 1, 0.0), 1),
        factor(a.range("saturation", 1, 0.0), 1),
        factor(a.range("hue", 0, null), 0));
  }

  /** torchvision: a range that is exactly [centre, centre] means "leave it alone". */
  private static double[] factor(double[] r, double centre) {
    return r == null || (r[0] == centre && r[1] == centre) ? null : r;
  }

  record Grayscale(int channels) implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      return Pil.gray(in, channels);
    }
  }

  static Op grayscale(Args a) {
    int n = a.integer("num_output_channels");
    if (n != 1 && n != 3) {
      throw new IllegalArgumentException("num_output_channels must be 1 or 3, got " + n);
    }
    return new Grayscale(n);
  }

  record RandomGrayscale(double p) implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      return chance(random, p) ? Pil.gray(in, in.channels()) : in;
    }
  }

  static Op randomGrayscale(Args a) {
    return new RandomGrayscale(a.number("p"));
  }

  static final ImageOp TO_HSV = (in, random) -> Pil.toHsv(in);

  /**
   * torchvision's {@code gaussian_blur} on a PIL image: float32 Gaussian kernel ({@code exp(-0.5 (x
   * / sigma)^2)} over {@code linspace(-(k-1)/2, (k-1)/2, k)}, normalized), reflect padding,
   * convolution, then {@code round} back to 8 bits. Applied as two 1-D passes in float, which
   * differs from torch's 2-D convolution only in the order of the float additions: results agree
   * within one step of 1/255 where a sum lands near x.5.
   */
  record GaussianBlur(int kh, int kw, double sigmaLo, double sigmaHi) implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      double sigma = uniform(random, sigmaLo, sigmaHi);
      return blur(in, sigma, sigma);
    }

    Image8 blur(Image8 in, double sigmaX, double sigmaY) {
      int w = in.width();
      int h = in.height();
      int c = in.channels();
      if (kw / 2 >= w || kh / 2 >= h) {
        throw new IllegalArgumentException(
            "GaussianBlur kernel "
                + kh
                + "×"
                + kw
                + " needs an image larger than half of it, got "
                + w
                + "×"
                + h);
      }
      float[] sums = sums(in, kernel(kw, sigmaX), kernel(kh, sigmaY));
      byte[] out = new byte[sums.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) Math.min(255, Math.max(0, Math.rint(sums[i])));
      }
      return new Image8(w, h, c, out);
    }

    /**
     * The blurred values before rounding: the horizontal pass, then the vertical one, each value
     * the float sum over the taps in kernel order, starting from 0. Both passes run tap by tap over
     * a whole row, which adds the same products in the same order per value as a loop over the taps
     * per value would (so gives the same floats), in plain array loops the JIT vectorizes.
     */
    static float[] sums(Image8 in, float[] kx, float[] ky) {
      int w = in.width();
      int h = in.height();
      int c = in.channels();
      byte[] src = in.data();
      int rowLen = w * c;
      int rx = kx.length / 2;
      int ry = ky.length / 2;
      float[] tmp = new float[src.length];
      float[] padded = new float[(w + 2 * rx) * c]; // one row, reflect-padded
      for (int y = 0; y < h; y++) {
        int row = y * rowLen;
        for (int x = 0; x < w + 2 * rx; x++) {
          int from = row + PaddingMode.REFLECT.index(x - rx, w) * c;
          for (int ch = 0; ch < c; ch++) {
            padded[x * c + ch] = src[from + ch] & 0xFF;
          }
        }
        for (int k = 0; k < kx.length; k++) {
          float weight = kx[k];
          int shift = k * c;
          for (int i = 0; i < rowLen; i++) {
            tmp[row + i] += weight * padded[shift + i];
          }
        }
      }
      float[] out = new float[src.length];
      for (int y = 0; y < h; y++) {
        int row = y * rowLen;
        for (int k = 0; k < ky.length; k++) {
          float weight = ky[k];
          int from = PaddingMode.REFLECT.index(y + k - ry, h) * rowLen;
          for (int i = 0; i < rowLen; i++) {
            out[row + i] += weight * tmp[from + i];
          }
        }
      }
      return out;
    }

    static float[] kernel(int size, double sigma) {
      float[] k = new float[size];
      float half = (size - 1) * 0.5f;
      float sum = 0f;
      for (int i = 0; i < size; i++) {
        float x = size == 1 ? -half : -half + i * (2 * half / (size - 1));
        float v = (float) Math.exp(-0.5f * (x / (float) sigma) * (x / (float) sigma));
        k[i] = v;
        sum += v;
      }
      for (int i = 0; i < size; i++) {
        k[i] /= sum;
      }
      return k;
    }
  }

  static Op gaussianBlur(Args a) {
    int[] k = a.size("kernel_size");
    if (k[0] % 2 == 0 || k[1] % 2 == 0) {
      throw new IllegalArgumentException(
          "kernel_size must be odd, got " + k[0] + (k[0] == k[1] ? "" : "×" + k[1]));
    }
    double[] sigma = a.numbers("sigma");
    if (sigma.length == 1) {
      sigma = new double[] {sigma[0], sigma[0]};
    }
    if (sigma.length != 2 || !(sigma[0] > 0) || !(sigma[0] <= sigma[1])) {
      throw new IllegalArgumentException(
          "sigma must be a positive number or [min, max] with 0 < min ≤ max");
    }
    // torchvision reads kernel_size as (kx, ky): width first, unlike the sizes of crops
    return new GaussianBlur(k[1], k[0], sigma[0], sigma[1]);
  }
}
