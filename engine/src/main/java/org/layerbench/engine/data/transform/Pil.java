package org.layerbench.engine.data.transform;

import org.layerbench.engine.data.Resampler;

/**
 * The PIL operations torchvision's transforms call on PIL images, ported from Pillow 9.4's C code
 * ({@code libImaging}) operation for operation so results are identical, not merely close. Each
 * method names the Pillow function it follows.
 */
public final class Pil {

  private Pil() {}

  /** {@code Image.crop((left, top, left + w, top + h))}: pixels outside the image are 0. */
  public static Image8 crop(Image8 in, int top, int left, int h, int w) {
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
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, row + x * c, out, row + (w - 1 - x) * c, c);
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
      out[i] =
          (byte)
              (((src[p] & 0xFF) * 19595
                      + (src[p + 1] & 0xFF) * 38470
                      + (src[p + 2] & 0xFF) * 7471
                      + 0x8000)
                  >> 16);
    }
    return out;
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
   * {@code Image.blend(degenerate, image, alpha)} ({@code ImagingBlend}): {@code degenerate + alpha
   * * (image - degenerate)} in float32, truncated to 8 bits, clipped when alpha is outside [0, 1].
   * The degenerate image is given per pixel by {@code degenerate}, with {@code stride} 0 for a
   * constant colour.
   */
  static byte[] blend(byte[] degenerate, int stride, byte[] image, float alpha) {
    byte[] out = new byte[image.length];
    int period = stride == 0 ? degenerate.length : Integer.MAX_VALUE;
    boolean inside = alpha >= 0 && alpha <= 1.0f;
    for (int i = 0; i < image.length; i++) {
      int d = degenerate[stride == 0 ? i % period : i] & 0xFF;
      float v = d + alpha * ((image[i] & 0xFF) - d);
      if (inside) {
        out[i] = (byte) (int) v;
      } else {
        out[i] = v <= 0.0f ? 0 : v >= 255.0f ? (byte) 255 : (byte) (int) v;
      }
    }
    return out;
  }

  /** {@code ImageEnhance.Brightness(img).enhance(f)}: blend with black. */
  public static Image8 brightness(Image8 in, double factor) {
    return with(in, blend(new byte[in.channels()], 0, in.data(), (float) factor));
  }

  /**
   * {@code ImageEnhance.Contrast(img).enhance(f)}: blend with a grey image of the rounded mean luma
   * ({@code int(ImageStat.Stat(img.convert("L")).mean[0] + 0.5)}).
   */
  public static Image8 contrast(Image8 in, double factor) {
    byte[] l = luma(in);
    long sum = 0;
    for (byte b : l) {
      sum += b & 0xFF;
    }
    int mean = (int) ((double) sum / l.length + 0.5);
    byte[] grey = new byte[in.channels()];
    java.util.Arrays.fill(grey, (byte) mean);
    return with(in, blend(grey, 0, in.data(), (float) factor));
  }

  /** {@code ImageEnhance.Color(img).enhance(f)}: blend with the image's grey version. */
  public static Image8 saturation(Image8 in, double factor) {
    if (in.channels() == 1) {
      return in; // blending L with itself
    }
    byte[] grey = gray(in, 3).data();
    return with(in, blend(grey, 1, in.data(), (float) factor));
  }

  /**
   * torchvision's {@code F_pil.adjust_hue}: to HSV, add {@code np.uint8(hue * 255)} to H with
   * wrap-around, back to RGB. A 1-channel image is returned as is, as torchvision does.
   */
  public static Image8 hue(Image8 in, double hueFactor) {
    if (in.channels() == 1) {
      return in;
    }
    int shift = ((int) (hueFactor * 255)) & 0xFF; // numpy: float → uint8 wraps the truncated value
    byte[] hsv = toHsv(in).data();
    for (int i = 0; i < hsv.length; i += 3) {
      hsv[i] = (byte) (hsv[i] + shift);
    }
    return hsvToRgb(new Image8(in.width(), in.height(), 3, hsv));
  }

  /** {@code convert("HSV")} from RGB (Pillow's {@code rgb2hsv_row}, float32 arithmetic). */
  public static Image8 toHsv(Image8 in) {
    if (in.channels() != 3) {
      throw new IllegalArgumentException("HSV needs a 3-channel image, got 1 channel (grayscale)");
    }
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int p = 0; p < src.length; p += 3) {
      int r = src[p] & 0xFF;
      int g = src[p + 1] & 0xFF;
      int b = src[p + 2] & 0xFF;
      int maxc = Math.max(r, Math.max(g, b));
      int minc = Math.min(r, Math.min(g, b));
      int uh = 0;
      int us = 0;
      if (minc != maxc) {
        float cr = maxc - minc;
        float s = cr / (float) maxc;
        float rc = (maxc - r) / cr;
        float gc = (maxc - g) / cr;
        float bc = (maxc - b) / cr;
        float h;
        if (r == maxc) {
          h = bc - gc;
        } else if (g == maxc) {
          h = (float) (2.0 + rc - bc); // C: the double literal makes this a double sum
        } else {
          h = (float) (4.0 + gc - rc);
        }
        // C: fmod((h / 6.0 + 1.0), 1.0) in double, stored to float h
        h = (float) ((h / 6.0 + 1.0) % 1.0);
        uh = clip8((int) (h * 255.0));
        us = clip8((int) (s * 255.0));
      }
      out[p] = (byte) uh;
      out[p + 1] = (byte) us;
      out[p + 2] = (byte) maxc;
    }
    return new Image8(in.width(), in.height(), 3, out);
  }

  /** {@code Image.merge("HSV", ...).convert("RGB")} (Pillow's {@code hsv2rgb}). */
  public static Image8 hsvToRgb(Image8 in) {
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int p = 0; p < src.length; p += 3) {
      int h = src[p] & 0xFF;
      int s = src[p + 1] & 0xFF;
      int v = src[p + 2] & 0xFF;
      if (s == 0) {
        out[p] = out[p + 1] = out[p + 2] = (byte) v;
        continue;
      }
      int i = (int) Math.floor((float) h * 6.0 / 255.0);
      float f = (float) ((float) h * 6.0 / 255.0 - (float) i);
      float fs = (float) (((float) s) / 255.0);
      int up = clip8((int) Math.round((float) v * (1.0 - fs)));
      int uq = clip8((int) Math.round((float) v * (1.0 - fs * f)));
      int ut = clip8((int) Math.round((float) v * (1.0 - fs * (1.0 - f))));
      int r;
      int g;
      int b;
      switch (i % 6) {
        case 0 -> {
          r = v;
          g = ut;
          b = up;
        }
        case 1 -> {
          r = uq;
          g = v;
          b = up;
        }
        case 2 -> {
          r = up;
          g = v;
          b = ut;
        }
        case 3 -> {
          r = up;
          g = uq;
          b = v;
        }
        case 4 -> {
          r = ut;
          g = up;
          b = v;
        }
        default -> {
          r = v;
          g = up;
          b = uq;
        }
      }
      out[p] = (byte) r;
      out[p + 1] = (byte) g;
      out[p + 2] = (byte) b;
    }
    return new Image8(in.width(), in.height(), 3, out);
  }

  private static int clip8(int v) {
    return v <= 0 ? 0 : Math.min(v, 255);
  }

  private static Image8 with(Image8 like, byte[] data) {
    return new Image8(like.width(), like.height(), like.channels(), data);
  }
}
