package org.layerbench.engine.data.transform;

import static org.layerbench.engine.data.transform.Transforms.chance;
import static org.layerbench.engine.data.transform.Transforms.checkSize;
import static org.layerbench.engine.data.transform.Transforms.fill;
import static org.layerbench.engine.data.transform.Transforms.interpolation;
import static org.layerbench.engine.data.transform.Transforms.pair;
import static org.layerbench.engine.data.transform.Transforms.uniform;

import java.util.random.RandomGenerator;
import org.layerbench.engine.data.transform.Op.ImageOp;
import org.layerbench.engine.data.transform.Pil.Interpolation;
import org.layerbench.engine.data.transform.Pil.PaddingMode;

/**
 * The catalogue's geometric transforms: Resize, CenterCrop, Pad, RandomCrop, RandomResizedCrop and
 * the flips, each as torchvision 0.14's class of the same name (see {@link Transforms}).
 */
final class GeometryTransforms {

  private GeometryTransforms() {}

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
}
