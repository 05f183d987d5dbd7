package org.layerbench.engine.data.transform;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.layerbench.engine.data.transform.Pil.Interpolation;

/**
 * Pillow 9.4's {@code Image.rotate} and {@code Image.transform(size, AFFINE, ...)}, what
 * torchvision's {@code rotate} and {@code affine} call on PIL images, ported from {@code Image.py}
 * and {@code libImaging/Geometry.c} operation for operation (same double arithmetic, same order of
 * accumulation, same truncations) so results are identical, not merely close.
 *
 * <p>An affine matrix here is Pillow's: six numbers {@code (a, b, c, d, e, f)} mapping an output
 * pixel centre {@code (x + 0.5, y + 0.5)} to the input point {@code (a x + b y + c, d x + e y +
 * f)}, the inverse of the visible transformation.
 */
public final class PilGeometry {

  private PilGeometry() {}

  /**
   * The output size and matrix {@code Image.rotate} passes to {@code Image.transform}.
   *
   * @param matrix Pillow's six affine coefficients
   */
  public record Warp(int width, int height, double[] matrix) {}

  /**
   * {@code img.rotate(angle, resample, expand, center, fillcolor=fill)}: counter-clockwise by
   * {@code angle} degrees around {@code center} (the image centre when null). Without a centre,
   * angles of 0, 180, and 90 or 270 (when expanding or square) take Pillow's exact copy and
   * transpose fast paths, whatever the filter.
   *
   * @param center [x, y] in pixels, or null
   * @param fill one value per channel for the area outside the rotated image
   */
  public static Image8 rotate(
      Image8 in,
      double angle,
      Interpolation interpolation,
      boolean expand,
      double[] center,
      int[] fill) {
    double a = pythonMod(angle, 360.0);
    if (center == null) {
      if (a == 0) {
        return in; // Image8 is immutable: the copy is the image itself
      }
      if (a == 180) {
        return rotate180(in);
      }
      if ((a == 90 || a == 270) && (expand || in.width() == in.height())) {
        return a == 90 ? rotate90(in) : rotate270(in);
      }
    }
    Warp warp = rotateWarp(in.width(), in.height(), angle, expand, center);
    return transform(in, warp.width(), warp.height(), warp.matrix(), interpolation, fill);
  }

  /**
   * The matrix of {@code Image.rotate} (Pillow 9.4, {@code Image.py}): the rotation by {@code
   * -radians(angle % 360)} with cos and sin rounded to 15 decimals, moved to turn around the
   * centre, and for {@code expand} the output size {@code ceil(max) - floor(min)} of the rotated
   * corners with the translation recentred. cos and sin are {@link Math}'s, the closest Java has to
   * glibc's (see {@code Affine.inverseMatrix}); the rounding to 15 decimals hides their last-bit
   * differences except next to a rounding boundary.
   */
  public static Warp rotateWarp(int w, int h, double angle, boolean expand, double[] center) {
    double cx = center == null ? w / 2.0 : center[0];
    double cy = center == null ? h / 2.0 : center[1];
    double r = -radians(pythonMod(angle, 360.0));
    double[] m = {
      round15(Math.cos(r)),
      round15(Math.sin(r)),
      0.0,
      round15(-Math.sin(r)),
      round15(Math.cos(r)),
      0.0
    };
    // post_trans is (0, 0): transform(-cx - 0, -cy - 0), both from the matrix before assignment
    double x = -cx - 0.0;
    double y = -cy - 0.0;
    double c = m[0] * x + m[1] * y + m[2];
    double f = m[3] * x + m[4] * y + m[5];
    m[2] = c;
    m[5] = f;
    m[2] += cx;
    m[5] += cy;
    if (expand) {
      double minX = Double.POSITIVE_INFINITY;
      double maxX = Double.NEGATIVE_INFINITY;
      double minY = Double.POSITIVE_INFINITY;
      double maxY = Double.NEGATIVE_INFINITY;
      int[][] corners = {{0, 0}, {w, 0}, {w, h}, {0, h}};
      for (int[] p : corners) {
        double px = m[0] * p[0] + m[1] * p[1] + m[2];
        double py = m[3] * p[0] + m[4] * p[1] + m[5];
        minX = Math.min(minX, px);
        maxX = Math.max(maxX, px);
        minY = Math.min(minY, py);
        maxY = Math.max(maxY, py);
      }
      int nw = (int) Math.ceil(maxX) - (int) Math.floor(minX);
      int nh = (int) Math.ceil(maxY) - (int) Math.floor(minY);
      double tx = -(nw - w) / 2.0;
      double ty = -(nh - h) / 2.0;
      c = m[0] * tx + m[1] * ty + m[2];
      f = m[3] * tx + m[4] * ty + m[5];
      m[2] = c;
      m[5] = f;
      w = nw;
      h = nh;
    }
    return new Warp(w, h, m);
  }

  /**
   * {@code img.transform((w, h), AFFINE, matrix, resample, fillcolor=fill)}: a new image filled
   * with {@code fill} whose pixels that map inside the input take their value from it ({@code
   * ImagingTransformAffine}). Nearest takes one of Pillow's three paths: {@code ImagingScaleAffine}
   * without rotation or shear, 16.16 fixed point when every corner maps within ±32768, else the
   * float loop; bilinear is {@code ImagingGenericTransform} with Pillow's bilinear filter.
   */
  public static Image8 transform(
      Image8 in, int w, int h, double[] a, Interpolation interpolation, int[] fill) {
    if (fill.length != in.channels()) {
      throw new IllegalArgumentException(
          "fill has " + fill.length + " values for an image of " + in.channels() + " channels");
    }
    return switch (interpolation) {
      case NEAREST -> {
        if (a[1] == 0 && a[3] == 0) {
          yield Pil.scaleAffine(in, w, h, a, fill);
        }
        if (checkFixed(a, 0, 0)
            && checkFixed(a, w, h)
            && checkFixed(a, 0, h)
            && checkFixed(a, w, 0)) {
          yield affineFixed(in, w, h, a, fill);
        }
        yield affineFloat(in, w, h, a, fill);
      }
      case BILINEAR -> bilinear(in, w, h, a, fill);
      case BICUBIC ->
          throw new IllegalArgumentException(
              "bicubic interpolation is not available for rotations and affine transforms");
    };
  }

  // ---------------------------------------------------------------- nearest neighbour

  /** {@code check_fixed}: whether corner (x, y) maps within what 16.16 fixed point holds. */
  private static boolean checkFixed(double[] a, int x, int y) {
    return Math.abs(x * a[0] + y * a[1] + a[2]) < 32768.0
        && Math.abs(x * a[3] + y * a[4] + a[5]) < 32768.0;
  }

  /** {@code FIX(v)}: {@code FLOOR(v * 65536.0 + 0.5)}. */
  private static int fix(double v) {
    return toInt(floor(v * 65536.0 + 0.5));
  }

  /** {@code affine_fixed}: the source of each pixel stepped in 16.16 fixed point integers. */
  private static Image8 affineFixed(Image8 in, int w, int h, double[] a, int[] fill) {
    int c = in.channels();
    int xsize = in.width();
    int ysize = in.height();
    byte[] src = in.data();
    byte[] out = Pil.filled(w, h, c, fill);
    int a0 = fix(a[0]);
    int a1 = fix(a[1]);
    int a3 = fix(a[3]);
    int a4 = fix(a[4]);
    int a2 = fix(a[2] + a[0] * 0.5 + a[1] * 0.5);
    int a5 = fix(a[5] + a[3] * 0.5 + a[4] * 0.5);
    for (int y = 0; y < h; y++) {
      int xx = a2;
      int yy = a5;
      for (int x = 0; x < w; x++) {
        int xin = xx >> 16;
        if (xin >= 0 && xin < xsize) {
          int yin = yy >> 16;
          if (yin >= 0 && yin < ysize) {
            System.arraycopy(src, (yin * xsize + xin) * c, out, (y * w + x) * c, c);
          }
        }
        xx += a0;
        yy += a3;
      }
      a2 += a1;
      a5 += a4;
    }
    return new Image8(w, h, c, out);
  }

  /** The float loop of {@code ImagingTransformAffine}, for matrices too large for fixed point. */
  private static Image8 affineFloat(Image8 in, int w, int h, double[] a, int[] fill) {
    int c = in.channels();
    int xsize = in.width();
    int ysize = in.height();
    byte[] src = in.data();
    byte[] out = Pil.filled(w, h, c, fill);
    double xo = a[2] + a[1] * 0.5 + a[0] * 0.5;
    double yo = a[5] + a[4] * 0.5 + a[3] * 0.5;
    for (int y = 0; y < h; y++) {
      double xx = xo;
      double yy = yo;
      for (int x = 0; x < w; x++) {
        int xin = coord(xx);
        if (xin >= 0 && xin < xsize) {
          int yin = coord(yy);
          if (yin >= 0 && yin < ysize) {
            System.arraycopy(src, (yin * xsize + xin) * c, out, (y * w + x) * c, c);
          }
        }
        xx += a[0];
        yy += a[3];
      }
      xo += a[1];
      yo += a[4];
    }
    return new Image8(w, h, c, out);
  }

  // ---------------------------------------------------------------- bilinear

  /**
   * {@code ImagingGenericTransform} with {@code affine_transform} and {@code bilinear_filter8} /
   * {@code bilinear_filter32RGB}: a pixel whose source point lies outside [0, size) keeps the fill;
   * otherwise the point moves by -0.5, its 2×2 neighbours (columns and the first row clamped to the
   * image, a missing second row replaced by the first) are mixed in doubles, first along x then
   * along y, and the result truncated to 8 bits.
   */
  private static Image8 bilinear(Image8 in, int w, int h, double[] a, int[] fill) {
    int c = in.channels();
    int xsize = in.width();
    int ysize = in.height();
    byte[] src = in.data();
    byte[] out = Pil.filled(w, h, c, fill);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double xin = x + 0.5;
        double yin = y + 0.5;
        double sx = a[0] * xin + a[1] * yin + a[2];
        double sy = a[3] * xin + a[4] * yin + a[5];
        if (sx < 0.0 || sx >= xsize || sy < 0.0 || sy >= ysize) {
          continue;
        }
        sx -= 0.5;
        sy -= 0.5;
        int ix = floor(sx);
        int iy = floor(sy);
        double dx = sx - ix;
        double dy = sy - iy;
        int row0 = clip(iy, ysize) * xsize;
        int x0 = clip(ix, xsize);
        int x1 = clip(ix + 1, xsize);
        boolean second = iy + 1 >= 0 && iy + 1 < ysize;
        int row1 = (iy + 1) * xsize;
        int o = (y * w + x) * c;
        for (int b = 0; b < c; b++) {
          int p0 = src[(row0 + x0) * c + b] & 0xFF;
          int p1 = src[(row0 + x1) * c + b] & 0xFF;
          double v1 = p0 + (p1 - p0) * dx;
          double v2;
          if (second) {
            int q0 = src[(row1 + x0) * c + b] & 0xFF;
            int q1 = src[(row1 + x1) * c + b] & 0xFF;
            v2 = q0 + (q1 - q0) * dx;
          } else {
            v2 = v1;
          }
          v1 = v1 + (v2 - v1) * dy;
          out[o + b] = (byte) (int) v1;
        }
      }
    }
    return new Image8(w, h, c, out);
  }

  // ---------------------------------------------------------------- transposes

  /** {@code transpose(ROTATE_90)}: counter-clockwise; the output is height × width. */
  public static Image8 rotate90(Image8 in) {
    int w = in.width();
    int h = in.height();
    int c = in.channels();
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // output column y, row w - 1 - x
        System.arraycopy(src, (y * w + x) * c, out, ((w - 1 - x) * h + y) * c, c);
      }
    }
    return new Image8(h, w, c, out);
  }

  /** {@code transpose(ROTATE_180)}. */
  public static Image8 rotate180(Image8 in) {
    int w = in.width();
    int h = in.height();
    int c = in.channels();
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(src, (y * w + x) * c, out, ((h - 1 - y) * w + (w - 1 - x)) * c, c);
      }
    }
    return new Image8(w, h, c, out);
  }

  /** {@code transpose(ROTATE_270)}: clockwise; the output is height × width. */
  public static Image8 rotate270(Image8 in) {
    int w = in.width();
    int h = in.height();
    int c = in.channels();
    byte[] src = in.data();
    byte[] out = new byte[src.length];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        // output column h - 1 - y, row x
        System.arraycopy(src, (y * w + x) * c, out, (x * h + (h - 1 - y)) * c, c);
      }
    }
    return new Image8(h, w, c, out);
  }

  // ---------------------------------------------------------------- C and Python arithmetic

  /** Python's {@code math.radians}: {@code x * (pi / 180)}. */
  static double radians(double degrees) {
    return degrees * (Math.PI / 180.0);
  }

  /** Python's float {@code %}: C's fmod, moved to the sign of the divisor; a zero is +0.0. */
  static double pythonMod(double x, double m) {
    double r = x % m;
    if (r != 0) {
      if ((m < 0) != (r < 0)) {
        r += m;
      }
    } else {
      r = Math.copySign(0.0, m);
    }
    return r;
  }

  /**
   * Python's {@code round(v, 15)}: the exact binary value rounded half-to-even to 15 decimals, then
   * the nearest double to that decimal; the sign of a zero result is kept.
   */
  static double round15(double v) {
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    BigDecimal d = new BigDecimal(v).setScale(15, RoundingMode.HALF_EVEN);
    double r = Double.parseDouble(d.toString());
    return r == 0 ? Math.copySign(0.0, v) : r;
  }

  /** Pillow's {@code FLOOR}: {@code (int) floor(v)} below zero, truncation otherwise. */
  private static int floor(double v) {
    return v < 0.0 ? toInt(Math.floor(v)) : toInt(v);
  }

  /** Pillow's {@code COORD}: -1 for a negative coordinate, truncation otherwise. */
  private static int coord(double v) {
    return v < 0.0 ? -1 : toInt(v);
  }

  /**
   * C's double-to-int conversion as x86-64 does it ({@code cvttsd2si}): truncation, and INT_MIN for
   * NaN and values out of range (Java would saturate or give 0), so such coordinates land outside
   * the image as in Pillow.
   */
  private static int toInt(double v) {
    return v > -2147483649.0 && v < 2147483648.0 ? (int) v : Integer.MIN_VALUE;
  }

  /** Pillow's {@code XCLIP}/{@code YCLIP}. */
  private static int clip(int v, int size) {
    return v < 0 ? 0 : v < size ? v : size - 1;
  }
}
