package org.layerbench.engine.data.transform;

import org.layerbench.engine.data.image.Resampler;

/**
 * The PIL operations torchvision's transforms call on PIL images, ported from Pillow 9.4's C code
 * ({@code libImaging}) operation for operation so results are identical, not merely close. Each
 * method names the Pillow function it follows. The colour operations run through tables of Pillow's
 * own expressions where a value depends on few inputs (PilEquivalenceTest holds them to the plain
 * port, on every colour where it matters).
 */
public final class Pil {

  private Pil() {}

  /**
   * The most pixels an image inside a pipeline may have (8192×8192: 200 MB of floats after
   * ToTensor). Pipelines are checked against it when they are loaded; these methods check again,
   * since a size that depends on the input (Resize of the shorter side, Pad) is known only then.
   */
  public static final long MAX_PIXELS = 8192L * 8192L;

  /** The longest side a pipeline's size, crop or padding may name. */
  public static final int MAX_SIDE = 32768;

  /** Refuses a width×height that is not positive or is over {@link #MAX_PIXELS}. */
  static void checkPixels(long w, long h, String what) {
    if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE || w * h > MAX_PIXELS) {
      throw new IllegalArgumentException(
          what
              + " gives a "
              + w
              + "×"
              + h
              + " image, "
              + (w < 1 || h < 1
                  ? "which has no pixels"
                  : "over the limit of "
                      + MAX_PIXELS
                      + " pixels (8192×8192) and "
                      + MAX_SIDE
                      + " per side"));
    }
  }

  /** {@code Image.crop((left, top, left + w, top + h))}: pixels outside the image are 0. */
  public static Image8 crop(Image8 in, int top, int left, int h, int w) {
    checkPixels(w, h, "a crop");
    int c = in.channels();
    byte[] out = new byte[w * h * c];
    int x0 = Math.max(0, -left);
    int x1 = Math.min(w, in.width() - left);
    byte[] src = in.data();
    if (x1 > x0) {
      for (int y = 0; y < h; y++) {
        int sy = y + top;
        if (sy >= 0 && sy < in.height()) {
          System.arraycopy(
              src, (sy * in.width() + left + x0) * c, out, (y * w + x0) * c, (x1 - x0) * c);
        }
      }
    }
    return new Image8(w, h, c, out);
  }

  /** {@code transpose(FLIP_LEFT_RIGHT)}. */
  public static Image8 flipHorizontal(Image8 in) {
    int w = in.width();
    int c = in.channels();
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int y = 0; y < in.height(); y++) {
      int row = y * w * c;
      for (int x = 0, s = row, d = row + (w - 1) * c; x < w; x++, s += c, d -= c) {
        if (c == 3) { // byte by byte: an arraycopy call per 3 bytes costs more than the copy
          out[d] = src[s];
          out[d + 1] = src[s + 1];
          out[d + 2] = src[s + 2];
        } else {
          out[d] = src[s];
        }
      }
    }
    return new Image8(w, in.height(), c, out);
  }

  /** {@code transpose(FLIP_TOP_BOTTOM)}. */
  public static Image8 flipVertical(Image8 in) {
    int rowBytes = in.width() * in.channels();
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int y = 0; y < in.height(); y++) {
      System.arraycopy(src, y * rowBytes, out, (in.height() - 1 - y) * rowBytes, rowBytes);
    }
    return new Image8(in.width(), in.height(), in.channels(), out);
  }

  /** The padding modes of torchvision's {@code pad} (numpy's for all but constant). */
  public enum PaddingMode {
    CONSTANT,
    EDGE,
    REFLECT,
    SYMMETRIC;

    /**
     * The source index for position {@code i} of a row of length {@code n} extended by this mode,
     * or -1 for the constant fill. Reflect and symmetric extend periodically, as numpy does for
     * pads wider than the row.
     */
    public int index(int i, int n) {
      if (i >= 0 && i < n) {
        return i;
      }
      return switch (this) {
        case CONSTANT -> -1;
        case EDGE -> i < 0 ? 0 : n - 1;
        case REFLECT -> {
          if (n == 1) {
            yield 0;
          }
          int period = 2 * (n - 1);
          int m = Math.floorMod(i, period);
          yield m < n ? m : period - m;
        }
        case SYMMETRIC -> {
          int m = Math.floorMod(i, 2 * n);
          yield m < n ? m : 2 * n - 1 - m;
        }
      };
    }

    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * torchvision's {@code F_pil.pad}: negative padding crops first; then each side grows by its
   * padding, filled with {@code fill} (constant) or taken from the image by the mode.
   *
   * @param fill one value per channel (used by CONSTANT only)
   */
  public static Image8 pad(
      Image8 in, int left, int top, int right, int bottom, PaddingMode mode, int[] fill) {
    if (left < 0 || top < 0 || right < 0 || bottom < 0) {
      int cl = Math.max(0, -left);
      int ct = Math.max(0, -top);
      int cr = Math.max(0, -right);
      int cb = Math.max(0, -bottom);
      int w = in.width() - cl - cr;
      int h = in.height() - ct - cb;
      if (w < 1 || h < 1) {
        throw new IllegalArgumentException(
            "negative padding leaves no image of " + in.width() + "×" + in.height());
      }
      in = crop(in, ct, cl, h, w);
      left = Math.max(left, 0);
      top = Math.max(top, 0);
      right = Math.max(right, 0);
      bottom = Math.max(bottom, 0);
    }
    int w = in.width();
    int h = in.height();
    int c = in.channels();
    checkPixels((long) w + left + right, (long) h + top + bottom, "padding");
    int ow = w + left + right;
    int oh = h + top + bottom;
    byte[] src = in.data();
    byte[] out = new byte[ow * oh * c];
    int[] xs = new int[ow];
    for (int x = 0; x < ow; x++) {
      xs[x] = mode.index(x - left, w);
    }
    int o = 0;
    for (int y = 0; y < oh; y++) {
      int sy = mode.index(y - top, h);
      for (int x = 0; x < ow; x++) {
        int sx = xs[x];
        if (sy < 0 || sx < 0) {
          for (int ch = 0; ch < c; ch++) {
            out[o++] = (byte) fill[ch];
          }
        } else {
          System.arraycopy(src, (sy * w + sx) * c, out, o, c);
          o += c;
        }
      }
    }
    return new Image8(ow, oh, c, out);
  }

  /** Interpolation of resizes and geometric transforms, torchvision's {@code InterpolationMode}. */
  public enum Interpolation {
    NEAREST,
    BILINEAR,
    BICUBIC;

    public String jsonName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * {@code Image.resize((w, h), filter)}. Bilinear and bicubic are Pillow's convolution resize
   * ({@link Resampler}); nearest is Pillow's affine scale ({@code ImagingScaleAffine}).
   */
  public static Image8 resize(Image8 in, int w, int h, Interpolation interpolation) {
    checkPixels(w, h, "resizing");
    if (w == in.width() && h == in.height()) {
      return in;
    }
    if (interpolation == Interpolation.NEAREST) {
      double[] a = {(double) in.width() / w, 0, 0, 0, (double) in.height() / h, 0};
      return scaleAffine(in, w, h, a, new int[in.channels()]);
    }
    Resampler.Filter filter =
        interpolation == Interpolation.BICUBIC
            ? Resampler.Filter.BICUBIC
            : Resampler.Filter.BILINEAR;
    if (in.channels() == 3) {
      return new Image8(
          w, h, 3, Resampler.resize(in.data(), in.width(), in.height(), w, h, filter));
    }
    // Channels are filtered independently: resize L as RGB with three equal channels.
    byte[] rgb = in.toRgb().rgb();
    byte[] r = Resampler.resize(rgb, in.width(), in.height(), w, h, filter);
    byte[] out = new byte[w * h];
    for (int i = 0; i < out.length; i++) {
      out[i] = r[i * 3];
    }
    return new Image8(w, h, 1, out);
  }

  /** Pillow's {@code COORD}: truncation, and -1 for any negative coordinate. */
  static int coord(double v) {
    return v < 0.0 ? -1 : (int) v;
  }

  /**
   * Pillow's {@code ImagingScaleAffine} (an affine transform without rotation or shear, nearest
   * neighbour): the source of output pixel x is {@code COORD(a2 + a0 * 0.5 + x * a0)}, the sum
   * accumulated step by step in doubles as Pillow does; pixels that map outside are {@code fill}.
   */
  static Image8 scaleAffine(Image8 in, int w, int h, double[] a, int[] fill) {
    int c = in.channels();
    byte[] out = filled(w, h, c, fill);
    int[] xin = new int[w];
    double xo = a[2] + a[0] * 0.5;
    for (int x = 0; x < w; x++) {
      int v = coord(xo);
      xin[x] = v >= 0 && v < in.width() ? v : -1;
      xo += a[0];
    }
    double yo = a[5] + a[4] * 0.5;
    byte[] src = in.data();
    for (int y = 0; y < h; y++) {
      int yi = coord(yo);
      if (yi >= 0 && yi < in.height()) {
        int row = yi * in.width();
        for (int x = 0; x < w; x++) {
          if (xin[x] >= 0) {
            System.arraycopy(src, (row + xin[x]) * c, out, (y * w + x) * c, c);
          }
        }
      }
      yo += a[4];
    }
    return new Image8(w, h, c, out);
  }

  static byte[] filled(int w, int h, int c, int[] fill) {
    byte[] out = new byte[w * h * c];
    boolean zero = true;
    for (int f : fill) {
      zero &= f == 0;
    }
    if (!zero) {
      for (int i = 0; i < out.length; i++) {
        out[i] = (byte) fill[i % c];
      }
    }
    return out;
  }

  /** {@code convert("L")}: Pillow's {@code L24}, ITU-R 601-2 luma in 16-bit fixed point. */
  public static byte[] luma(Image8 in) {
    if (in.channels() == 1) {
      return in.data();
    }
    byte[] src = in.data();
    byte[] out = new byte[in.width() * in.height()];
    for (int i = 0, p = 0; i < out.length; i++, p += 3) {
      out[i] = (byte) luma(src[p] & 0xFF, src[p + 1] & 0xFF, src[p + 2] & 0xFF);
    }
    return out;
  }

  /** One pixel of {@code L24}. */
  private static int luma(int r, int g, int b) {
    return (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
  }

  /** {@code convert("L").convert("RGB")} (or the L image itself for 1 channel). */
  public static Image8 gray(Image8 in, int channels) {
    byte[] l = luma(in);
    if (channels == 1) {
      return new Image8(in.width(), in.height(), 1, l);
    }
    Image8 grey = new Image8(in.width(), in.height(), 1, l);
    return channels == 1 ? grey : Image8.of(grey.toRgb());
  }

  /**
   * One value of {@code Image.blend(degenerate, image, alpha)} ({@code ImagingBlend}): {@code d +
   * alpha * (x - d)} in float32, truncated to 8 bits, clipped to [0, 255] when alpha is outside [0,
   * 1] (inside it the value cannot leave that range).
   */
  static int blend(int d, int x, float alpha) {
    float v = d + alpha * (x - d);
    if (alpha >= 0 && alpha <= 1.0f) {
      return (int) v;
    }
    return v <= 0.0f ? 0 : v >= 255.0f ? 255 : (int) v;
  }

  /**
   * {@code ImagingBlend} against a constant image of grey level {@code d}: each output value
   * depends only on its input value, so {@link #blend} runs once per possible value and the image
   * goes through that table of 256 — the same float arithmetic, hence the same bytes.
   */
  static byte[] blendWithGrey(int d, byte[] image, float alpha) {
    byte[] table = new byte[256];
    for (int x = 0; x < 256; x++) {
      table[x] = (byte) blend(d, x, alpha);
    }
    byte[] out = new byte[image.length];
    for (int i = 0; i < image.length; i++) {
      out[i] = table[image[i] & 0xFF];
    }
    return out;
  }

  /** {@code ImageEnhance.Brightness(img).enhance(f)}: blend with black. */
  public static Image8 brightness(Image8 in, double factor) {
    return with(in, blendWithGrey(0, in.data(), (float) factor));
  }

  /**
   * {@code ImageEnhance.Contrast(img).enhance(f)}: blend with a grey image of the rounded mean luma
   * ({@code int(ImageStat.Stat(img.convert("L")).mean[0] + 0.5)}).
   */
  public static Image8 contrast(Image8 in, double factor) {
    byte[] src = in.data();
    long sum = 0;
    if (in.channels() == 1) {
      for (byte b : src) {
        sum += b & 0xFF;
      }
    } else {
      for (int p = 0; p < src.length; p += 3) {
        sum += luma(src[p] & 0xFF, src[p + 1] & 0xFF, src[p + 2] & 0xFF);
      }
    }
    int mean = (int) ((double) sum / (in.width() * in.height()) + 0.5);
    return with(in, blendWithGrey(mean, src, (float) factor));
  }

  /**
   * {@code ImageEnhance.Color(img).enhance(f)}: blend with the image's grey version ({@code
   * convert("L").convert("RGB")}), computed pixel by pixel rather than as a second image.
   */
  public static Image8 saturation(Image8 in, double factor) {
    if (in.channels() == 1) {
      return in; // blending L with itself
    }
    float alpha = (float) factor;
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int p = 0; p < src.length; p += 3) {
      int r = src[p] & 0xFF;
      int g = src[p + 1] & 0xFF;
      int b = src[p + 2] & 0xFF;
      int l = luma(r, g, b);
      out[p] = (byte) blend(l, r, alpha);
      out[p + 1] = (byte) blend(l, g, alpha);
      out[p + 2] = (byte) blend(l, b, alpha);
    }
    return with(in, out);
  }

  /**
   * torchvision's {@code F_pil.adjust_hue}: to HSV, add {@code np.uint8(hue * 255)} to H with
   * wrap-around, back to RGB, one pixel at a time. A 1-channel image is returned as is, as
   * torchvision does.
   */
  public static Image8 hue(Image8 in, double hueFactor) {
    if (in.channels() == 1) {
      return in;
    }
    int shift = ((int) (hueFactor * 255)) & 0xFF; // numpy: float → uint8 wraps the truncated value
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int p = 0; p < src.length; p += 3) {
      int hsv = rgbToHsv(src[p] & 0xFF, src[p + 1] & 0xFF, src[p + 2] & 0xFF);
      int rgb = hsvToRgb(((hsv >>> 16) + shift) & 0xFF, (hsv >>> 8) & 0xFF, hsv & 0xFF);
      out[p] = (byte) (rgb >>> 16);
      out[p + 1] = (byte) (rgb >>> 8);
      out[p + 2] = (byte) rgb;
    }
    return with(in, out);
  }

  /** {@code convert("HSV")} from RGB (Pillow's {@code rgb2hsv_row}, float32 arithmetic). */
  public static Image8 toHsv(Image8 in) {
    if (in.channels() != 3) {
      throw new IllegalArgumentException("HSV needs a 3-channel image, got 1 channel (grayscale)");
    }
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int p = 0; p < src.length; p += 3) {
      int hsv = rgbToHsv(src[p] & 0xFF, src[p + 1] & 0xFF, src[p + 2] & 0xFF);
      out[p] = (byte) (hsv >>> 16);
      out[p + 1] = (byte) (hsv >>> 8);
      out[p + 2] = (byte) hsv;
    }
    return new Image8(in.width(), in.height(), 3, out);
  }

  /**
   * One pixel of Pillow's {@code rgb2hsv_row}: H, S and V packed as {@code 0xHHSSVV}, from the
   * tables of {@link HsvTables}.
   */
  private static int rgbToHsv(int r, int g, int b) {
    int maxc = Math.max(r, Math.max(g, b));
    int minc = Math.min(r, Math.min(g, b));
    if (minc == maxc) {
      return maxc; // grey: H = S = 0
    }
    int cr = maxc - minc;
    // Pillow's branches: r is the maximum, else g, else b (cases 0-1, 2-3, 4-5), the second of a
    // pair when the minimum is not b (not r when b is the maximum). Written without branches.
    int maxCase = r == maxc ? 0 : g == maxc ? 2 : 4;
    int c = maxCase + ((maxCase < 4 ? b : r) == minc ? 0 : 1);
    int mid = r + g + b - maxc - minc;
    int hue = HsvTables.hue(c, maxc - mid, cr);
    return hue << 16 | HsvTables.saturation(maxc, cr) << 8 | maxc;
  }

  /**
   * Pillow's {@code rgb2hsv_row} as tables, built with its own float expressions. For a colour that
   * is not grey, with {@code cr = maxc - minc}: S is {@code CLIP8((int)((cr / (float)maxc) *
   * 255.0))}, a function of (maxc, cr). H is, depending on which channel is the maximum (r, else g,
   * else b, Pillow's order) and which the minimum, {@code bc - gc}, {@code 2.0 + rc - bc} or {@code
   * 4.0 + gc - rc} with {@code xc = (maxc - x) / cr}: the minimum's term is {@code cr / cr},
   * exactly 1, so H is a function of (case, the middle channel's {@code maxc - x}, cr). Six cases
   * of 256 × 256 bytes and one of S replace four float divisions and the double arithmetic per
   * pixel.
   */
  private static final class HsvTables {

    /** H by case (r max and b min, r max and g min, g/b, g/r, b/r, b/g), then cr and the term. */
    private static final byte[] HUE = new byte[6 << 16];

    /** S by maxc and cr. */
    private static final byte[] SATURATION = new byte[1 << 16];

    static {
      for (int cr = 1; cr < 256; cr++) {
        float crf = cr;
        for (int maxc = cr; maxc < 256; maxc++) {
          float s = crf / (float) maxc;
          SATURATION[maxc << 8 | cr] = (byte) clip8((int) (s * 255.0));
        }
        for (int a = 0; a <= cr; a++) {
          float term = a / crf; // (maxc - x) / cr of the middle channel x
          float one = 1f; // the minimum's term, cr / cr
          float[] h = {
            one - term, // r max, b min: bc - gc
            term - one, // r max, g min: bc - gc
            (float) (2.0 + term - one), // g max, b min: 2.0 + rc - bc
            (float) (2.0 + one - term), // g max, r min: 2.0 + rc - bc
            (float) (4.0 + term - one), // b max, r min: 4.0 + gc - rc
            (float) (4.0 + one - term) // b max, g min: 4.0 + gc - rc
          };
          for (int c = 0; c < 6; c++) {
            // C: fmod((h / 6.0 + 1.0), 1.0) in double, stored to float h
            float hh = (float) fmodOne(h[c] / 6.0 + 1.0);
            HUE[c << 16 | cr << 8 | a] = (byte) clip8((int) (hh * 255.0));
          }
        }
      }
    }

    static int hue(int c, int term, int cr) {
      return HUE[c << 16 | cr << 8 | term] & 0xFF;
    }

    static int saturation(int maxc, int cr) {
      return SATURATION[maxc << 8 | cr] & 0xFF;
    }
  }

  /**
   * C's {@code fmod(x, 1.0)} for the x of {@code rgb2hsv_row}: h lies in [-1, 5], so x in [5/6,
   * 11/6], where {@code x - 1.0} is exact (Sterbenz) as fmod is.
   */
  private static double fmodOne(double x) {
    return x >= 1.0 ? x - 1.0 : x;
  }

  /** {@code Image.merge("HSV", ...).convert("RGB")} (Pillow's {@code hsv2rgb}). */
  public static Image8 hsvToRgb(Image8 in) {
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int p = 0; p < src.length; p += 3) {
      int rgb = hsvToRgb(src[p] & 0xFF, src[p + 1] & 0xFF, src[p + 2] & 0xFF);
      out[p] = (byte) (rgb >>> 16);
      out[p + 1] = (byte) (rgb >>> 8);
      out[p + 2] = (byte) rgb;
    }
    return new Image8(in.width(), in.height(), 3, out);
  }

  /**
   * Pillow's {@code hsv2rgb}, per H value: {@code i = floor((float)h * 6.0 / 255.0)} (the sector)
   * and {@code f = (float)h * 6.0 / 255.0 - (float)i}; per S value: {@code fs = (float)s / 255.0}.
   * Tables of the same expressions, so the same floats, without a floor and three divisions per
   * pixel.
   */
  private static final int[] HSV_SECTOR = new int[256];

  private static final float[] HSV_FRACTION = new float[256];

  private static final float[] HSV_SATURATION = new float[256];

  /** {@code up} by S and V: it depends on nothing else. */
  private static final byte[] HSV_P = new byte[1 << 16];

  static {
    for (int v = 0; v < 256; v++) {
      int i = (int) Math.floor((float) v * 6.0 / 255.0);
      HSV_SECTOR[v] = i % 6;
      HSV_FRACTION[v] = (float) ((float) v * 6.0 / 255.0 - (float) i);
      HSV_SATURATION[v] = (float) (((float) v) / 255.0);
    }
    for (int s = 0; s < 256; s++) {
      for (int v = 0; v < 256; v++) {
        HSV_P[s << 8 | v] = (byte) clip8((int) Math.round((float) v * (1.0 - HSV_SATURATION[s])));
      }
    }
  }

  /**
   * One pixel of Pillow's {@code hsv2rgb}: R, G and B packed as {@code 0xRRGGBB}. Pillow computes
   * p, q and t for every pixel; each sector uses two of them, so only those two are computed.
   */
  private static int hsvToRgb(int h, int s, int v) {
    if (s == 0) {
      return v << 16 | v << 8 | v;
    }
    float f = HSV_FRACTION[h];
    float fs = HSV_SATURATION[s];
    return switch (HSV_SECTOR[h]) {
      case 0 -> v << 16 | t(v, fs, f) << 8 | p(v, s);
      case 1 -> q(v, fs, f) << 16 | v << 8 | p(v, s);
      case 2 -> p(v, s) << 16 | v << 8 | t(v, fs, f);
      case 3 -> p(v, s) << 16 | q(v, fs, f) << 8 | v;
      case 4 -> t(v, fs, f) << 16 | p(v, s) << 8 | v;
      default -> v << 16 | p(v, s) << 8 | q(v, fs, f);
    };
  }

  /**
   * {@code hsv2rgb}'s {@code up = CLIP8(round((float)v * (1.0 - fs)))}, from a table by S and V.
   */
  private static int p(int v, int s) {
    return HSV_P[s << 8 | v] & 0xFF;
  }

  /** {@code hsv2rgb}'s {@code uq = CLIP8(round((float)v * (1.0 - fs * f)))}. */
  private static int q(int v, float fs, float f) {
    return clip8((int) Math.round((float) v * (1.0 - fs * f)));
  }

  /** {@code hsv2rgb}'s {@code ut = CLIP8(round((float)v * (1.0 - fs * (1.0 - f))))}. */
  private static int t(int v, float fs, float f) {
    return clip8((int) Math.round((float) v * (1.0 - fs * (1.0 - f))));
  }

  private static int clip8(int v) {
    return v <= 0 ? 0 : Math.min(v, 255);
  }

  private static Image8 with(Image8 like, byte[] data) {
    return new Image8(like.width(), like.height(), like.channels(), data);
  }
}
