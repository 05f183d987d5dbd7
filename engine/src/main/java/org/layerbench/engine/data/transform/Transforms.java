package org.layerbench.engine.data.transform;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.layerbench.engine.data.transform.Op.ImageOp;
import org.layerbench.engine.data.transform.Op.TensorOp;
import org.layerbench.engine.data.transform.Pil.Interpolation;
import org.layerbench.engine.data.transform.Pil.PaddingMode;

/**
 * The transforms of the catalogue, each following torchvision 0.14's class of the same name on PIL
 * images (image stage) or tensors (tensor stage). Random transforms draw their parameters the way
 * torchvision's {@code get_params} does, in the same order, from the generator they are given; the
 * drawing and the applying are separate methods so tests can apply torchvision's own draws.
 */
final class Transforms {

  private Transforms() {}

  // ---------------------------------------------------------------- Resize and crops

  static Interpolation interpolation(Args a) {
    return Interpolation.valueOf(a.choice("interpolation").toUpperCase(java.util.Locale.ROOT));
  }

  /** torchvision's {@code _compute_resized_output_size}: [height, width]. */
  static int[] resizedSize(int h, int w, int[] size, boolean shorterSide, Integer maxSize) {
    if (!shorterSide) {
      return size;
    }
    int requested = size[0];
    int shortSide = Math.min(w, h);
    int longSide = Math.max(w, h);
    int newShort = requested;
    long newLongExact = (long) ((double) requested * longSide / shortSide);
    if (maxSize == null || newLongExact <= maxSize) {
      Pil.checkPixels(
          newLongExact, requested, "Resize to " + requested + " of a " + w + "×" + h + " image");
    }
    int newLong = (int) newLongExact;
    if (maxSize != null) {
      if (maxSize <= requested) {
        throw new IllegalArgumentException(
            "max_size = " + maxSize + " must be larger than size = " + requested);
      }
      if (newLong > maxSize) {
        newShort = (int) ((double) maxSize * newShort / newLong);
        newLong = maxSize;
      }
    }
    return w <= h ? new int[] {newLong, newShort} : new int[] {newShort, newLong};
  }

  record Resize(int[] size, boolean shorterSide, Integer maxSize, Interpolation interpolation)
      implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      int[] hw = resizedSize(in.height(), in.width(), size, shorterSide, maxSize);
      return Pil.resize(in, hw[1], hw[0], interpolation);
    }
  }

  static Op resize(Args a) {
    Object raw = a.value("size");
    boolean shorter =
        raw instanceof Number || (raw instanceof java.util.List<?> l && l.size() == 1);
    Integer maxSize = a.has("max_size") ? a.integer("max_size") : null;
    if (maxSize != null && !shorter) {
      throw new IllegalArgumentException("max_size only applies when size is one number");
    }
    int[] size = a.size("size");
    checkSize(size, "size");
    if (maxSize != null && maxSize <= size[0]) {
      throw new IllegalArgumentException(
          "max_size = " + maxSize + " must be larger than size = " + size[0]);
    }
    return new Resize(size, shorter, maxSize, interpolation(a));
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

  /** torchvision's {@code center_crop}: pads with black when the crop is larger, then crops. */
  static Image8 centerCrop(Image8 in, int ch, int cw) {
    int w = in.width();
    int h = in.height();
    if (cw > w || ch > h) {
      int[] zero = new int[in.channels()];
      in =
          Pil.pad(
              in,
              cw > w ? (cw - w) / 2 : 0,
              ch > h ? (ch - h) / 2 : 0,
              cw > w ? (cw - w + 1) / 2 : 0,
              ch > h ? (ch - h + 1) / 2 : 0,
              PaddingMode.CONSTANT,
              zero);
      w = in.width();
      h = in.height();
      if (cw == w && ch == h) {
        return in;
      }
    }
    int top = (int) Math.rint((h - ch) / 2.0);
    int left = (int) Math.rint((w - cw) / 2.0);
    return Pil.crop(in, top, left, ch, cw);
  }

  record CenterCrop(int height, int width) implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      return centerCrop(in, height, width);
    }
  }

  static Op centerCrop(Args a) {
    int[] s = a.size("size");
    checkSize(s, "size");
    return new CenterCrop(s[0], s[1]);
  }

  /** Padding as [left, top, right, bottom] from torchvision's 1, 2 or 4 numbers. */
  static int[] padding(Args a, String name) {
    double[] p = a.numbers(name);
    if (p == null) {
      return null;
    }
    for (double v : p) {
      if (v != Math.rint(v)) {
        throw new IllegalArgumentException(name + " must hold whole numbers");
      }
      if (Math.abs(v) > Pil.MAX_SIDE) {
        throw new IllegalArgumentException(
            name
                + " of "
                + (long) v
                + " pixels is more than a pipeline's images may have ("
                + Pil.MAX_SIDE
                + " per side)");
      }
    }
    return switch (p.length) {
      case 1 -> new int[] {(int) p[0], (int) p[0], (int) p[0], (int) p[0]};
      case 2 -> new int[] {(int) p[0], (int) p[1], (int) p[0], (int) p[1]};
      case 4 -> new int[] {(int) p[0], (int) p[1], (int) p[2], (int) p[3]};
      default ->
          throw new IllegalArgumentException(
              name + " must be one number, or a list of 2 or 4, got " + p.length + " numbers");
    };
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

  static PaddingMode paddingMode(Args a) {
    return PaddingMode.valueOf(a.choice("padding_mode").toUpperCase(java.util.Locale.ROOT));
  }

  record Pad(int[] ltrb, PaddingMode mode, Args fillArgs) implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      return Pil.pad(in, ltrb[0], ltrb[1], ltrb[2], ltrb[3], mode, fill(fillArgs, in.channels()));
    }
  }

  static Op pad(Args a) {
    PaddingMode mode = paddingMode(a);
    int[] p = padding(a, "padding");
    fill(a, 3); // checks it now
    return new Pad(p, mode, a);
  }

  /** torchvision's {@code RandomCrop}: optional padding, pad_if_needed, then a random window. */
  record RandomCrop(
      int height, int width, int[] padding, boolean padIfNeeded, PaddingMode mode, Args fillArgs)
      implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      in = prepare(in);
      int[] ij = params(in, random);
      return Pil.crop(in, ij[0], ij[1], height, width);
    }

    /** The padding steps before the crop (deterministic). */
    Image8 prepare(Image8 in) {
      int[] f = fill(fillArgs, in.channels());
      if (padding != null) {
        in = Pil.pad(in, padding[0], padding[1], padding[2], padding[3], mode, f);
      }
      if (padIfNeeded && in.width() < width) {
        int d = width - in.width();
        in = Pil.pad(in, d, 0, d, 0, mode, f);
      }
      if (padIfNeeded && in.height() < height) {
        int d = height - in.height();
        in = Pil.pad(in, 0, d, 0, d, mode, f);
      }
      return in;
    }

    /** {@code get_params}: top and left. */
    int[] params(Image8 in, RandomGenerator random) {
      int h = in.height();
      int w = in.width();
      if (h < height || w < width) {
        throw new IllegalArgumentException(
            "RandomCrop of "
                + height
                + "×"
                + width
                + " is larger than the "
                + h
                + "×"
                + w
                + " image (set pad_if_needed, or resize first)");
      }
      if (w == width && h == height) {
        return new int[] {0, 0};
      }
      int i = random.nextInt(h - height + 1);
      int j = random.nextInt(w - width + 1);
      return new int[] {i, j};
    }
  }

  static Op randomCrop(Args a) {
    int[] s = a.size("size");
    checkSize(s, "size");
    fill(a, 3);
    return new RandomCrop(
        s[0], s[1], padding(a, "padding"), a.bool("pad_if_needed"), paddingMode(a), a);
  }

  /** [min, max] from a two-number parameter. */
  static double[] pair(Args a, String name) {
    double[] v = a.numbers(name);
    if (v.length != 2 || !(v[0] <= v[1])) {
      throw new IllegalArgumentException(name + " must be [min, max] with min ≤ max");
    }
    return v;
  }

  record RandomResizedCrop(
      int height, int width, double[] scale, double[] ratio, Interpolation interpolation)
      implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      int[] box = params(in.height(), in.width(), random);
      return applyBox(in, box);
    }

    Image8 applyBox(Image8 in, int[] ijhw) {
      Image8 cropped = Pil.crop(in, ijhw[0], ijhw[1], ijhw[2], ijhw[3]);
      return Pil.resize(cropped, width, height, interpolation);
    }

    /** torchvision's {@code get_params}: (i, j, h, w), ten tries then the central fallback. */
    int[] params(int height, int width, RandomGenerator random) {
      double area = (double) height * width;
      double logLo = Math.log(ratio[0]);
      double logHi = Math.log(ratio[1]);
      for (int attempt = 0; attempt < 10; attempt++) {
        double targetArea = area * uniform(random, scale[0], scale[1]);
        double aspect = Math.exp(uniform(random, logLo, logHi));
        int w = (int) Math.rint(Math.sqrt(targetArea * aspect));
        int h = (int) Math.rint(Math.sqrt(targetArea / aspect));
        if (0 < w && w <= width && 0 < h && h <= height) {
          int i = random.nextInt(height - h + 1);
          int j = random.nextInt(width - w + 1);
          return new int[] {i, j, h, w};
        }
      }
      double inRatio = (double) width / height;
      int w;
      int h;
      if (inRatio < ratio[0]) {
        w = width;
        h = (int) Math.rint(w / ratio[0]);
      } else if (inRatio > ratio[1]) {
        h = height;
        w = (int) Math.rint(h * ratio[1]);
      } else {
        w = width;
        h = height;
      }
      return new int[] {(height - h) / 2, (width - w) / 2, h, w};
    }
  }

  static Op randomResizedCrop(Args a) {
    int[] s = a.size("size");
    checkSize(s, "size");
    double[] ratio = pair(a, "ratio");
    if (ratio[0] <= 0) {
      throw new IllegalArgumentException("ratio must be positive");
    }
    return new RandomResizedCrop(s[0], s[1], pair(a, "scale"), ratio, interpolation(a));
  }

  /** A uniform draw in [lo, hi), as {@code torch.empty(1).uniform_(lo, hi)}. */
  static double uniform(RandomGenerator random, double lo, double hi) {
    return lo == hi ? lo : lo + (hi - lo) * random.nextDouble();
  }

  /** {@code torch.rand(1) < p}. */
  static boolean chance(RandomGenerator random, double p) {
    return random.nextDouble() < p;
  }

  record Flip(double p, boolean horizontal) implements ImageOp {
    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      if (!chance(random, p)) {
        return in;
      }
      return horizontal ? Pil.flipHorizontal(in) : Pil.flipVertical(in);
    }
  }

  static Op flip(Args a, boolean horizontal) {
    return new Flip(a.number("p"), horizontal);
  }

  // ---------------------------------------------------------------- colour

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

  // ---------------------------------------------------------------- tensor stage

  record Normalize(float[] mean, float[] std) implements TensorOp {
    @Override
    public TensorImage apply(TensorImage t, RandomGenerator random) {
      check(t.channels());
      int plane = t.height() * t.width();
      float[] d = t.data();
      for (int c = 0; c < t.channels(); c++) {
        float m = mean[mean.length == 1 ? 0 : c];
        float s = std[std.length == 1 ? 0 : c];
        for (int i = c * plane, end = i + plane; i < end; i++) {
          d[i] = (d[i] - m) / s;
        }
      }
      return t;
    }

    /**
     * ToTensor then Normalize of one byte value v, {@code (v / 255f - mean) / std}, for every v and
     * channel: the floats {@link #apply} gives after ToTensor, as tables.
     */
    float[][] tables(int channels) {
      check(channels);
      float[][] out = new float[channels][256];
      for (int c = 0; c < channels; c++) {
        float m = mean[mean.length == 1 ? 0 : c];
        float s = std[std.length == 1 ? 0 : c];
        for (int v = 0; v < 256; v++) {
          out[c][v] = (TensorImage.unit(v) - m) / s;
        }
      }
      return out;
    }

    private void check(int channels) {
      if (mean.length != 1 && mean.length != channels) {
        throw new IllegalArgumentException(
            "Normalize has "
                + mean.length
                + " mean values for an image of "
                + channels
                + " channels");
      }
    }
  }

  static Op normalize(Args a) {
    double[] mean = a.numbers("mean");
    double[] std = a.numbers("std");
    if (mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean and std need as many values, got " + mean.length + " and " + std.length);
    }
    float[] m = new float[mean.length];
    float[] s = new float[std.length];
    for (int i = 0; i < m.length; i++) {
      if (std[i] == 0) {
        throw new IllegalArgumentException("std must not be 0 (division by zero)");
      }
      m[i] = (float) mean[i];
      s[i] = (float) std[i];
    }
    return new Normalize(m, s);
  }

  /** The seed's {@code Noise}: {@code tensor + normal(mean, std)} per value, optionally clamped. */
  record GaussianNoise(double mean, double std, boolean clip) implements TensorOp {
    @Override
    public TensorImage apply(TensorImage t, RandomGenerator random) {
      float[] d = t.data();
      for (int i = 0; i < d.length; i++) {
        float v = d[i] + (float) (mean + std * random.nextGaussian());
        d[i] = clip ? Math.min(1f, Math.max(0f, v)) : v;
      }
      return t;
    }
  }

  static Op gaussianNoise(Args a) {
    return new GaussianNoise(a.number("mean"), a.number("std"), a.bool("clip"));
  }

  /** torchvision's {@code RandomErasing} (value null means "random": standard normal noise). */
  record RandomErasing(double p, double[] scale, double[] ratio, float[] value)
      implements TensorOp {
    @Override
    public TensorImage apply(TensorImage t, RandomGenerator random) {
      if (!chance(random, p)) {
        return t;
      }
      if (value != null && value.length != 1 && value.length != t.channels()) {
        throw new IllegalArgumentException(
            "RandomErasing value needs 1 or " + t.channels() + " values, got " + value.length);
      }
      int area = t.height() * t.width();
      double logLo = Math.log(ratio[0]);
      double logHi = Math.log(ratio[1]);
      for (int attempt = 0; attempt < 10; attempt++) {
        double eraseArea = area * uniform(random, scale[0], scale[1]);
        double aspect = Math.exp(uniform(random, logLo, logHi));
        int h = (int) Math.rint(Math.sqrt(eraseArea * aspect));
        int w = (int) Math.rint(Math.sqrt(eraseArea / aspect));
        if (!(h < t.height() && w < t.width())) {
          continue;
        }
        float[] v;
        if (value == null) {
          v = new float[t.channels() * h * w];
          for (int k = 0; k < v.length; k++) {
            v[k] = (float) random.nextGaussian();
          }
        } else {
          v = null;
        }
        int i = random.nextInt(t.height() - h + 1);
        int j = random.nextInt(t.width() - w + 1);
        return erase(t, i, j, h, w, v);
      }
      return t;
    }

    /** {@code F.erase}: the h×w window at (i, j) becomes {@code noise} (C×h×w) or the value. */
    TensorImage erase(TensorImage t, int i, int j, int h, int w, float[] noise) {
      int plane = t.height() * t.width();
      float[] d = t.data();
      for (int c = 0; c < t.channels(); c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            d[c * plane + (i + y) * t.width() + j + x] =
                noise != null ? noise[(c * h + y) * w + x] : value[value.length == 1 ? 0 : c];
          }
        }
      }
      return t;
    }
  }

  static Op randomErasing(Args a) {
    float[] value = null;
    if (!"random".equals(a.value("value"))) {
      double[] v = a.numbers("value");
      value = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        value[i] = (float) v[i];
      }
    }
    double[] scale = pair(a, "scale");
    double[] ratio = pair(a, "ratio");
    if (ratio[0] <= 0) {
      throw new IllegalArgumentException("ratio must be positive");
    }
    return new RandomErasing(a.number("p"), scale, ratio, value);
  }

  /** Helper for messages. */
  static String show(double[] v) {
    return Arrays.toString(v);
  }
}
