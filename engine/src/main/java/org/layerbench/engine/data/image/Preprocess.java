package org.layerbench.engine.data.image;

import java.util.Arrays;
import java.util.Objects;
import org.layerbench.engine.data.ChannelStats;

/**
 * The deterministic transforms of the training engine, torchvision's {@code Compose([Resize((h,
 * w)), CenterCrop((ch, cw)), ToTensor(), Normalize(mean, std)])} on a PIL image: the resize is
 * Pillow's antialiased bilinear filter (exactly, see {@link Resampler}), the crop follows
 * torchvision's rounding and zero padding, and the tensor arithmetic is float32 as torch's.
 *
 * @param height resize target height
 * @param width resize target width
 * @param cropHeight center-crop height after the resize, or null for no crop (then cropWidth too)
 * @param cropWidth center-crop width, or null
 * @param mean per-channel mean of Normalize (1 or 3 values), or null for no Normalize
 * @param std per-channel std of Normalize (same length as mean), or null
 */
public record Preprocess(
    int height, int width, Integer cropHeight, Integer cropWidth, double[] mean, double[] std)
    implements SampleTransform {

  public Preprocess {
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException("resize size must be positive: " + height + "×" + width);
    }
    if ((cropHeight == null) != (cropWidth == null)) {
      throw new IllegalArgumentException("give both crop height and crop width, or neither");
    }
    if (cropHeight != null && (cropHeight <= 0 || cropWidth <= 0)) {
      throw new IllegalArgumentException(
          "crop size must be positive: " + cropHeight + "×" + cropWidth);
    }
    if ((mean == null) != (std == null)) {
      throw new IllegalArgumentException("give both mean and std, or neither");
    }
    if (mean != null) {
      if (mean.length != std.length || (mean.length != 1 && mean.length != 3)) {
        throw new IllegalArgumentException(
            "mean and std need 1 or 3 values each, got " + mean.length + " and " + std.length);
      }
      for (double s : std) {
        if (!(s != 0 && Double.isFinite(s))) {
          throw new IllegalArgumentException("std must be finite and non-zero: " + s);
        }
      }
      mean = mean.clone();
      std = std.clone();
    }
  }

  /** {@code Resize((size, size))} + ImageNet mean/std, no crop. */
  public static Preprocess imagenet(int size) {
    ChannelStats imagenet = ChannelStats.imagenet();
    return new Preprocess(size, size, null, null, imagenet.mean(), imagenet.std());
  }

  @Override
  public int outHeight() {
    return cropHeight != null ? cropHeight : height;
  }

  @Override
  public int outWidth() {
    return cropWidth != null ? cropWidth : width;
  }

  /** Floats per image in the output: {@code 3 * outHeight() * outWidth()}. */
  @Override
  public int outSize() {
    return 3 * outHeight() * outWidth();
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public boolean random() {
    return false;
  }

  @Override
  public void apply(
      RgbImage image, java.util.random.RandomGenerator random, float[] out, int offset) {
    apply(image, out, offset);
  }

  @Override
  public double[] mean() {
    return mean == null ? null : mean.clone();
  }

  @Override
  public double[] std() {
    return std == null ? null : std.clone();
  }

  /**
   * Writes the CHW float result for one image into out starting at offset (3*outHeight*outWidth
   * floats).
   */
  public void apply(RgbImage image, float[] out, int offset) {
    writeTensor(resize(image), lookupTable(), out, offset);
  }

  /** The resized image, interleaved RGB, height×width (the input itself when already that size). */
  byte[] resize(RgbImage image) {
    return Resampler.resize(image.rgb(), image.width(), image.height(), width, height);
  }

  /**
   * ToTensor + Normalize for every byte value and channel: entry {@code c * 256 + v} is {@code (v /
   * 255f - mean[c]) / std[c]} in float32, the operations torchvision performs ({@code
   * img.float().div(255)}, then {@code tensor.sub_(mean).div_(std)} with float32 mean and std).
   */
  float[] lookupTable() {
    float[] lut = new float[3 * 256];
    for (int c = 0; c < 3; c++) {
      float m = mean == null ? 0f : (float) mean[mean.length == 1 ? 0 : c];
      float s = std == null ? 1f : (float) std[std.length == 1 ? 0 : c];
      for (int v = 0; v < 256; v++) {
        float x = v / 255f;
        lut[c * 256 + v] = mean == null ? x : (x - m) / s;
      }
    }
    return lut;
  }

  /**
   * CenterCrop of the resized image, then ToTensor + Normalize through {@code lut}, as CHW floats.
   * torchvision's {@code center_crop}: top = round((H - h) / 2) with Python's round (half to even),
   * and a crop larger than the image pads it with black, (d // 2) before and the rest after.
   */
  void writeTensor(byte[] resized, float[] lut, float[] out, int offset) {
    int oh = outHeight();
    int ow = outWidth();
    int top = cropOrigin(height, oh);
    int left = cropOrigin(width, ow);
    int plane = oh * ow;
    Objects.checkFromIndexSize(offset, 3 * plane, out.length);
    boolean inside = top >= 0 && left >= 0 && top + oh <= height && left + ow <= width;
    for (int c = 0; c < 3; c++) {
      int lutBase = c * 256;
      float black = lut[lutBase];
      int o = offset + c * plane;
      for (int y = 0; y < oh; y++) {
        int sy = y + top;
        if (inside) {
          int p = ((sy * width) + left) * 3 + c;
          for (int x = 0; x < ow; x++, p += 3) {
            out[o++] = lut[lutBase + (resized[p] & 0xFF)];
          }
        } else {
          for (int x = 0; x < ow; x++) {
            int sx = x + left;
            out[o++] =
                sy >= 0 && sy < height && sx >= 0 && sx < width
                    ? lut[lutBase + (resized[(sy * width + sx) * 3 + c] & 0xFF)]
                    : black;
          }
        }
      }
    }
  }

  /** First source row (or column) of a centered crop; negative when the crop pads. */
  private static int cropOrigin(int size, int crop) {
    if (crop > size) {
      return -((crop - size) / 2);
    }
    return (int) Math.rint((size - crop) / 2.0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Preprocess p
        && height == p.height
        && width == p.width
        && Objects.equals(cropHeight, p.cropHeight)
        && Objects.equals(cropWidth, p.cropWidth)
        && Arrays.equals(mean, p.mean)
        && Arrays.equals(std, p.std);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        height, width, cropHeight, cropWidth, Arrays.hashCode(mean), Arrays.hashCode(std));
  }

  @Override
  public String toString() {
    return "Preprocess[resize="
        + height
        + "×"
        + width
        + (cropHeight == null ? "" : ", crop=" + cropHeight + "×" + cropWidth)
        + (mean == null ? "" : ", mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std))
        + "]";
  }
}
