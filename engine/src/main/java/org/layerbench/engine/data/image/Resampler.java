package org.layerbench.engine.data.image;

import java.util.concurrent.ConcurrentHashMap;

/**
 * PIL's bilinear resize ({@code Image.resize(size, BILINEAR)}, which torchvision's {@code
 * Resize((h, w))} calls on PIL images), ported from Pillow's {@code libImaging/Resample.c}
 * operation for operation: separable triangle filter whose support widens by the scale when
 * downscaling (the antialiasing), coefficients normalized per output pixel and rounded to 22-bit
 * fixed point, a horizontal pass into an 8-bit intermediate, then a vertical pass. Integer
 * arithmetic makes the result identical to Pillow's, not merely close.
 */
public final class Resampler {

  /** Pillow's two convolution filters used by torchvision: support and kernel. */
  public enum Filter {
    /** Pillow's {@code BILINEAR} (a triangle, support 1). */
    BILINEAR(1.0),
    /** Pillow's {@code BICUBIC} (Keys' cubic with a = -0.5, support 2). */
    BICUBIC(2.0);

    final double support;

    Filter(double support) {
      this.support = support;
    }

    double apply(double x) {
      x = Math.abs(x);
      if (this == BILINEAR) {
        return x < 1.0 ? 1.0 - x : 0.0;
      }
      double a = -0.5;
      if (x < 1.0) {
        return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
      }
      if (x < 2.0) {
        return (((x - 5) * x + 8) * x - 4) * a;
      }
      return 0.0;
    }
  }

  /** Pillow's {@code PRECISION_BITS = 32 - 8 - 2}. */
  private static final int PRECISION_BITS = 22;

  private static final int HALF = 1 << (PRECISION_BITS - 1);

  /**
   * Coefficients per (input size → output size) of one axis. A dataset of photos can hold many
   * sizes; past this many entries the cache starts over rather than growing without bound.
   */
  private static final int MAX_CACHED = 4096;

  private static final ConcurrentHashMap<Long, Coefficients> CACHE = new ConcurrentHashMap<>();

  /**
   * Filter taps for one axis.
   *
   * @param ksize taps per output pixel (the stride of {@code weights})
   * @param bounds per output pixel: first input index, number of taps used
   * @param weights fixed-point weights, {@code ksize} per output pixel
   */
  record Coefficients(int ksize, int[] bounds, int[] weights) {}

  private Resampler() {}

  /** The coefficients for one axis, computed once per pair of sizes. */
  static Coefficients coefficients(int inSize, int outSize) {
    return coefficients(inSize, outSize, Filter.BILINEAR);
  }

  static Coefficients coefficients(int inSize, int outSize, Filter filter) {
    long key = ((long) inSize << 32) | ((long) filter.ordinal() << 31) | outSize;
    Coefficients c = CACHE.get(key);
    if (c == null) {
      if (CACHE.size() >= MAX_CACHED) {
        CACHE.clear();
      }
      c = CACHE.computeIfAbsent(key, k -> compute(inSize, outSize, filter));
    }
    return c;
  }

  /**
   * Pillow's {@code precompute_coeffs} with the bilinear filter, then {@code
   * normalize_coeffs_8bpc}.
   */
  private static Coefficients compute(int inSize, int outSize, Filter filter) {
    double scale = (double) inSize / outSize;
    double filterScale = Math.max(scale, 1.0);
    double support = filter.support * filterScale;
    int ksize = (int) Math.ceil(support) * 2 + 1;
    int[] bounds = new int[outSize * 2];
    int[] weights = new int[outSize * ksize];
    double[] k = new double[ksize];
    double ss = 1.0 / filterScale;
    for (int xx = 0; xx < outSize; xx++) {
      double center = (xx + 0.5) * scale;
      // (int) truncates toward zero, as the C cast does.
      int xmin = Math.max((int) (center - support + 0.5), 0);
      int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
      double ww = 0.0;
      for (int x = 0; x < xmax; x++) {
        double w = filter.apply((x + xmin - center + 0.5) * ss);
        k[x] = w;
        ww += w;
      }
      for (int x = 0; x < xmax; x++) {
        double w = ww != 0.0 ? k[x] / ww : k[x];
        weights[xx * ksize + x] =
            w < 0
                ? (int) (-0.5 + w * (1 << PRECISION_BITS))
                : (int) (0.5 + w * (1 << PRECISION_BITS));
      }
      bounds[xx * 2] = xmin;
      bounds[xx * 2 + 1] = xmax;
    }
    return new Coefficients(ksize, bounds, weights);
  }

  /**
   * Resizes interleaved RGB bytes. Returns {@code rgb} itself when the size does not change (as
   * Pillow copies without filtering).
   */
  static byte[] resize(byte[] rgb, int inW, int inH, int outW, int outH) {
    return resize(rgb, inW, inH, outW, outH, Filter.BILINEAR);
  }

  /**
   * Resizes interleaved RGB bytes with Pillow's {@code Image.resize(size, filter)}. Returns {@code
   * rgb} itself when the size does not change.
   */
  public static byte[] resize(byte[] rgb, int inW, int inH, int outW, int outH, Filter filter) {
    boolean horizontal = outW != inW;
    boolean vertical = outH != inH;
    if (!horizontal && !vertical) {
      return rgb;
    }
    Coefficients cv = vertical ? coefficients(inH, outH, filter) : null;
    if (!horizontal) {
      return vertical(rgb, inW, 0, cv, outH);
    }
    // Only the input rows the vertical pass will read get filtered horizontally.
    int first = vertical ? cv.bounds[0] : 0;
    int last = vertical ? cv.bounds[2 * outH - 2] + cv.bounds[2 * outH - 1] : inH;
    byte[] temp = horizontal(rgb, inW, first, last - first, coefficients(inW, outW, filter), outW);
    return vertical ? vertical(temp, outW, first, cv, outH) : temp;
  }

  private static byte[] horizontal(
      byte[] in, int inW, int firstRow, int rows, Coefficients c, int outW) {
    byte[] out = new byte[rows * outW * 3];
    int[] bounds = c.bounds;
    int[] kk = c.weights;
    int ksize = c.ksize;
    int o = 0;
    for (int y = 0; y < rows; y++) {
      int row = (firstRow + y) * inW * 3;
      for (int xx = 0; xx < outW; xx++) {
        int xmax = bounds[xx * 2 + 1];
        int k = xx * ksize;
        int p = row + bounds[xx * 2] * 3;
        int ss0 = HALF;
        int ss1 = HALF;
        int ss2 = HALF;
        if (xmax == 2) { // every inner pixel when upscaling: no loop overhead
          int w0 = kk[k];
          int w1 = kk[k + 1];
          ss0 += (in[p] & 0xFF) * w0 + (in[p + 3] & 0xFF) * w1;
          ss1 += (in[p + 1] & 0xFF) * w0 + (in[p + 4] & 0xFF) * w1;
          ss2 += (in[p + 2] & 0xFF) * w0 + (in[p + 5] & 0xFF) * w1;
        } else {
          for (int x = 0; x < xmax; x++, p += 3) {
            int w = kk[k + x];
            ss0 += (in[p] & 0xFF) * w;
            ss1 += (in[p + 1] & 0xFF) * w;
            ss2 += (in[p + 2] & 0xFF) * w;
          }
        }
        out[o++] = clip8(ss0);
        out[o++] = clip8(ss1);
        out[o++] = clip8(ss2);
      }
    }
    return out;
  }

  /** {@code in} holds the input rows from {@code firstRow} on (the horizontal pass's output). */
  private static byte[] vertical(byte[] in, int w, int firstRow, Coefficients c, int outH) {
    int rowBytes = w * 3;
    byte[] out = new byte[outH * rowBytes];
    int[] acc = new int[rowBytes];
    int[] bounds = c.bounds;
    int[] kk = c.weights;
    int ksize = c.ksize;
    for (int yy = 0; yy < outH; yy++) {
      int ymin = bounds[yy * 2] - firstRow;
      int ymax = bounds[yy * 2 + 1];
      int k = yy * ksize;
      int p = ymin * rowBytes;
      int o = yy * rowBytes;
      // Integer sums do not depend on the order of their terms, so any loop shape gives Pillow's
      // values. Upscaling (the common case for small images) has 1 to 3 taps: sum those in
      // registers; wider filters accumulate row by row, reading memory in order.
      switch (ymax) {
        case 1 -> {
          int w0 = kk[k];
          for (int i = 0; i < rowBytes; i++) {
            out[o + i] = clip8(HALF + (in[p + i] & 0xFF) * w0);
          }
        }
        case 2 -> {
          int w0 = kk[k];
          int w1 = kk[k + 1];
          int p1 = p + rowBytes;
          for (int i = 0; i < rowBytes; i++) {
            out[o + i] = clip8(HALF + (in[p + i] & 0xFF) * w0 + (in[p1 + i] & 0xFF) * w1);
          }
        }
        case 3 -> {
          int w0 = kk[k];
          int w1 = kk[k + 1];
          int w2 = kk[k + 2];
          int p1 = p + rowBytes;
          int p2 = p1 + rowBytes;
          for (int i = 0; i < rowBytes; i++) {
            out[o + i] =
                clip8(
                    HALF
                        + (in[p + i] & 0xFF) * w0
                        + (in[p1 + i] & 0xFF) * w1
                        + (in[p2 + i] & 0xFF) * w2);
          }
        }
        default -> {
          java.util.Arrays.fill(acc, HALF);
          for (int y = 0; y < ymax; y++, p += rowBytes) {
            int weight = kk[k + y];
            for (int i = 0; i < rowBytes; i++) {
              acc[i] += (in[p + i] & 0xFF) * weight;
            }
          }
          for (int i = 0; i < rowBytes; i++) {
            out[o + i] = clip8(acc[i]);
          }
        }
      }
    }
    return out;
  }

  /**
   * Pillow's {@code clip8}: 255 at or above {@code 1 << 30}, 0 at or below 0, else {@code v >> 22};
   * written as a clamp of the shift (the same values) so the JIT can vectorize the loops using it.
   */
  private static byte clip8(int v) {
    return (byte) Math.min(Math.max(v >> PRECISION_BITS, 0), 255);
  }
}
