package org.layerbench.engine.data.transform;

/**
 * The colour operations, the horizontal flip and the Gaussian blur as they were first ported from
 * Pillow 9.4, pixel by pixel with no tables or fused passes: the oracle that {@link
 * PilEquivalenceTest} holds the optimized versions to, byte for byte. Do not optimize this file.
 */
final class PilReference {

  private PilReference() {}

  /** {@code transpose(FLIP_LEFT_RIGHT)}. */
  static Image8 flipHorizontal(Image8 in) {
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

  /** {@code convert("L")}: Pillow's {@code L24}, ITU-R 601-2 luma in 16-bit fixed point. */
  static byte[] luma(Image8 in) {
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
  static Image8 gray(Image8 in, int channels) {
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
  static Image8 brightness(Image8 in, double factor) {
    return with(in, blend(new byte[in.channels()], 0, in.data(), (float) factor));
  }

  /**
   * {@code ImageEnhance.Contrast(img).enhance(f)}: blend with a grey image of the rounded mean luma
   * ({@code int(ImageStat.Stat(img.convert("L")).mean[0] + 0.5)}).
   */
  static Image8 contrast(Image8 in, double factor) {
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
  static Image8 saturation(Image8 in, double factor) {
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
  static Image8 hue(Image8 in, double hueFactor) {
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
  static Image8 toHsv(Image8 in) {
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
  static Image8 hsvToRgb(Image8 in) {
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

  /**
   * {@code ColorTransforms.GaussianBlur.blur}: two 1-D float passes, pixel by pixel; the float sums
   * before rounding, which a change in the order of additions would show where bytes might not.
   */
  static float[] blurSums(Image8 in, int kh, int kw, double sigmaX, double sigmaY) {
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
    float[] kx = ColorTransforms.GaussianBlur.kernel(kw, sigmaX);
    float[] ky = ColorTransforms.GaussianBlur.kernel(kh, sigmaY);
    byte[] src = in.data();
    float[] tmp = new float[src.length];
    int rx = kw / 2;
    int ry = kh / 2;
    int[] xs = new int[w + 2 * rx];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = Pil.PaddingMode.REFLECT.index(i - rx, w);
    }
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        for (int ch = 0; ch < c; ch++) {
          float s = 0f;
          for (int k = 0; k < kw; k++) {
            s += kx[k] * (src[(row + xs[x + k]) * c + ch] & 0xFF);
          }
          tmp[(row + x) * c + ch] = s;
        }
      }
    }
    float[] out = new float[src.length]; // the sums, before Math.rint and the cast to 8 bits
    int rowLen = w * c;
    for (int y = 0; y < h; y++) {
      for (int i = 0; i < rowLen; i++) {
        float s = 0f;
        for (int k = 0; k < kh; k++) {
          int sy = Pil.PaddingMode.REFLECT.index(y + k - ry, h);
          s += ky[k] * tmp[sy * rowLen + i];
        }
        out[y * rowLen + i] = s;
      }
    }
    return out;
  }

  private static Image8 with(Image8 like, byte[] data) {
    return new Image8(like.width(), like.height(), like.channels(), data);
  }
}
