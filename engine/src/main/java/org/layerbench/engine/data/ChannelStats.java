package org.layerbench.engine.data;

import java.util.Arrays;

/**
 * Per-channel (R, G, B) mean and standard deviation of a set of images, the numbers torchvision's
 * {@code Normalize(mean, std)} takes.
 *
 * <p>Definition ({@link #DEFINITION}): every image is decoded to RGB as PIL's {@code
 * convert("RGB")} does, each 8-bit value v is taken as x = v/255 (what {@code ToTensor} gives), and
 * over all N pixels of all images together, per channel, mean = Σx/N and std = √(Σ(x − mean)²/N) —
 * the population standard deviation, {@code torch.std(unbiased=False)} of all pixels concatenated.
 * Every pixel weighs the same, so a large image counts more than a small one.
 *
 * @param mean the three channel means, in [0, 1]
 * @param std the three population standard deviations
 * @param images how many images were measured (0 for {@link #imagenet()})
 * @param pixels pixels per channel over all of them (0 for {@link #imagenet()})
 */
public record ChannelStats(double[] mean, double[] std, long images, long pixels) {

  /** The exact definition of the numbers, in words a user can read (CLI help, GUI tooltip). */
  public static final String DEFINITION =
      "Each value v of each channel is taken as v/255, as torchvision's ToTensor gives it after"
          + " PIL's convert(\"RGB\"); per channel, mean = Σx/N and std = √(Σ(x − mean)²/N) over"
          + " all N pixels of all training images together (every pixel weighs the same; the"
          + " population std, torch.std(unbiased=False)).";

  /** Where the default values come from and when to use your own. */
  public static final String IMAGENET_EXPLANATION =
      "The default mean 0.485/0.456/0.406 and std 0.229/0.224/0.225 (R/G/B) were measured on the"
          + " 1.2 million photos of ImageNet's training set; every pretrained torchvision model"
          + " was trained with them, so keep them when you fine-tune such a model, and they suit"
          + " ordinary photos well. For images unlike photos (X-rays, drawings, spectrograms,"
          + " satellite or microscope images) trained from scratch, use your dataset's own"
          + " values, computed on the training split only, so that after Normalize each channel"
          + " has mean 0 and std 1.";

  public ChannelStats {
    if (mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need 3 values each");
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** torchvision's ImageNet values; see {@link #IMAGENET_EXPLANATION}. */
  public static ChannelStats imagenet() {
    return new ChannelStats(
        new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, 0, 0);
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ChannelStats s
        && Arrays.equals(mean, s.mean)
        && Arrays.equals(std, s.std)
        && images == s.images
        && pixels == s.pixels;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(mean) + Arrays.hashCode(std)) + Long.hashCode(pixels);
  }

  @Override
  public String toString() {
    return "ChannelStats[mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + ", images="
        + images
        + ", pixels="
        + pixels
        + "]";
  }
}
