package org.layerbench.engine.data.transform;

import java.util.random.RandomGenerator;
import org.layerbench.engine.data.transform.Op.ImageOp;
import org.layerbench.engine.data.transform.Pil.Interpolation;

/**
 * torchvision 0.14's {@code RandomRotation} and {@code RandomAffine} on PIL images: parameters
 * drawn as their {@code get_params} draws them, in the same order, then applied through Pillow's
 * rotate and affine transform ({@link PilGeometry}). Drawing and applying are separate methods so
 * tests can apply torchvision's own draws.
 */
final class Affine {

  private Affine() {}

  /**
   * torchvision's {@code _get_inverse_affine_matrix(center, angle, translate, scale, shear)}
   * (inverted): Pillow's matrix for {@code M = T · C · R(angle) · S(scale) · SHy · SHx · C⁻¹},
   * computed in the same order of double operations as torchvision.
   *
   * <p>Python's {@code math.cos/sin/tan} are glibc's, which no Java method reproduces bit for bit.
   * {@link Math}'s (HotSpot's intrinsics) agree with them far more often than {@link StrictMath}'s
   * fdlibm: on 4,000 random torchvision rotations and affine transforms every output byte matched
   * with {@code Math}, while {@code StrictMath} gave 15 bytes off by one. A matrix may still differ
   * from torchvision's in its last bit or two, which moves a pixel only when a source coordinate or
   * a bilinear sum falls within about 1e-13 of a whole number.
   *
   * @param angle degrees, clockwise in the image
   * @param shear [x, y] in degrees
   */
  static double[] inverseMatrix(
      double cx, double cy, double angle, double tx, double ty, double scale, double[] shear) {
    double rot = PilGeometry.radians(angle);
    double sx = PilGeometry.radians(shear[0]);
    double sy = PilGeometry.radians(shear[1]);
    double a = Math.cos(rot - sy) / Math.cos(sy);
    double b = -Math.cos(rot - sy) * Math.tan(sx) / Math.cos(sy) - Math.sin(rot);
    double c = Math.sin(rot - sy) / Math.cos(sy);
    double d = -Math.sin(rot - sy) * Math.tan(sx) / Math.cos(sy) + Math.cos(rot);
    double[] m = {d, -b, 0.0, -c, a, 0.0};
    for (int i = 0; i < m.length; i++) {
      m[i] /= scale;
    }
    m[2] += m[0] * (-cx - tx) + m[1] * (-cy - ty);
    m[5] += m[3] * (-cx - tx) + m[4] * (-cy - ty);
    m[2] += cx;
    m[5] += cy;
    return m;
  }

  /** A draw of {@code torch.empty(1).uniform_(lo, hi)}: torch draws into a float32 tensor. */
  static double uniform32(RandomGenerator random, double lo, double hi) {
    return (float) Transforms.uniform(random, lo, hi);
  }

  /** The fill for an image of 1 or 3 channels, parsed once. */
  record Fill(int[] gray, int[] rgb) {
    static Fill of(Args a) {
      return new Fill(Transforms.fill(a, 1), Transforms.fill(a, 3));
    }

    int[] forChannels(int channels) {
      return channels == 1 ? gray : rgb;
    }
  }

  // ---------------------------------------------------------------- RandomRotation

  /**
   * torchvision's {@code RandomRotation}: an angle drawn uniformly from {@code degrees}, then
   * {@code img.rotate(angle, resample, expand, center, fillcolor=fill)} (counter-clockwise).
   */
  record RandomRotation(
      double[] degrees, Interpolation interpolation, boolean expand, double[] center, Fill fill)
      implements ImageOp {

    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      return apply(in, angle(random));
    }

    /** {@code get_params}: the angle in degrees. */
    double angle(RandomGenerator random) {
      return uniform32(random, degrees[0], degrees[1]);
    }

    /** The rotation by a drawn angle. */
    Image8 apply(Image8 in, double angle) {
      return PilGeometry.rotate(
          in, angle, interpolation, expand, center, fill.forChannels(in.channels()));
    }
  }

  static Op randomRotation(Args a) {
    return new RandomRotation(
        a.range("degrees", 0, null),
        Transforms.interpolation(a),
        a.bool("expand"),
        center(a),
        Fill.of(a));
  }

  // ---------------------------------------------------------------- RandomAffine

  /**
   * One draw of {@code RandomAffine.get_params}.
   *
   * @param angle degrees
   * @param tx horizontal translation in pixels (whole, as torchvision rounds it)
   * @param ty vertical translation in pixels
   * @param scale scale factor
   * @param shearX degrees
   * @param shearY degrees
   */
  record Params(double angle, int tx, int ty, double scale, double shearX, double shearY) {}

  /**
   * torchvision's {@code RandomAffine}: angle, translation, scale and shear drawn per image, then
   * {@code img.transform(size, AFFINE, inverse matrix, resample, fillcolor=fill)} around {@code
   * center} (the image centre {@code [w * 0.5, h * 0.5]} when null). The output keeps the size.
   *
   * @param translate [a, b]: |tx| ≤ a · width, |ty| ≤ b · height; null for none
   * @param scale [min, max], or null for 1
   * @param shear [x min, x max] or [x min, x max, y min, y max], or null for none
   */
  record RandomAffine(
      double[] degrees,
      double[] translate,
      double[] scale,
      double[] shear,
      Interpolation interpolation,
      Fill fill,
      double[] center)
      implements ImageOp {

    @Override
    public Image8 apply(Image8 in, RandomGenerator random) {
      return apply(in, params(in.width(), in.height(), random));
    }

    /**
     * {@code get_params}, drawing in torchvision's order: angle; tx, ty (each {@code round} of a
     * draw in ±translate · size, half to even); scale; shear x; shear y. Absent ranges draw
     * nothing.
     */
    Params params(int width, int height, RandomGenerator random) {
      double angle = uniform32(random, degrees[0], degrees[1]);
      int tx = 0;
      int ty = 0;
      if (translate != null) {
        double maxDx = translate[0] * width;
        double maxDy = translate[1] * height;
        tx = (int) Math.rint(uniform32(random, -maxDx, maxDx));
        ty = (int) Math.rint(uniform32(random, -maxDy, maxDy));
      }
      double s = scale == null ? 1.0 : uniform32(random, scale[0], scale[1]);
      double shearX = 0.0;
      double shearY = 0.0;
      if (shear != null) {
        shearX = uniform32(random, shear[0], shear[1]);
        if (shear.length == 4) {
          shearY = uniform32(random, shear[2], shear[3]);
        }
      }
      return new Params(angle, tx, ty, s, shearX, shearY);
    }

    /** torchvision's {@code F.affine} on a PIL image with drawn parameters. */
    Image8 apply(Image8 in, Params p) {
      int w = in.width();
      int h = in.height();
      double cx = center == null ? w * 0.5 : center[0];
      double cy = center == null ? h * 0.5 : center[1];
      double[] m =
          inverseMatrix(
              cx, cy, p.angle(), p.tx(), p.ty(), p.scale(), new double[] {p.shearX(), p.shearY()});
      return PilGeometry.transform(in, w, h, m, interpolation, fill.forChannels(in.channels()));
    }
  }

  static Op randomAffine(Args a) {
    double[] translate = a.numbers("translate");
    if (translate != null && translate.length != 2) {
      throw new IllegalArgumentException(
          "translate must be [a, b] (fractions of the width and height), got "
              + Args.show(a.value("translate")));
    }
    double[] scale = a.numbers("scale");
    if (scale != null) {
      if (scale.length != 2 || !(scale[0] <= scale[1])) {
        throw new IllegalArgumentException(
            "scale must be [min, max] with min ≤ max, got " + Args.show(a.value("scale")));
      }
      if (!(scale[0] > 0)) {
        throw new IllegalArgumentException(
            "scale values must be positive, got " + Args.show(a.value("scale")));
      }
    }
    return new RandomAffine(
        a.range("degrees", 0, null),
        translate,
        scale,
        shear(a),
        Transforms.interpolation(a),
        Fill.of(a),
        center(a));
  }

  /**
   * torchvision's {@code _setup_angle(shear, req_sizes=(2, 4))}: one number s means [-s, s] along
   * x; two numbers are the x range; four are the x and y ranges. Null when absent.
   */
  private static double[] shear(Args a) {
    Object raw = a.value("shear");
    if (raw == null) {
      return null;
    }
    if (raw instanceof Number) {
      return a.range("shear", 0, null);
    }
    double[] s = a.numbers("shear");
    if (s.length != 2 && s.length != 4) {
      throw new IllegalArgumentException(
          "shear must be one number, [x min, x max] or [x min, x max, y min, y max], got "
              + Args.show(raw));
    }
    for (int i = 0; i < s.length; i += 2) {
      if (!(s[i] <= s[i + 1])) {
        throw new IllegalArgumentException(
            "shear ranges must have min ≤ max, got " + Args.show(raw));
      }
    }
    return s;
  }

  /** An optional [x, y] centre in pixels. */
  private static double[] center(Args a) {
    double[] c = a.numbers("center");
    if (c != null && c.length != 2) {
      throw new IllegalArgumentException(
          "center must be [x, y] in pixels, got " + Args.show(a.value("center")));
    }
    return c;
  }
}
