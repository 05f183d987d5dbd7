package org.layerbench.engine.data;

import java.util.Arrays;
import java.util.Objects;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.image.Preprocess;
import org.layerbench.engine.data.image.SampleTransform;

/**
 * The image part of {@link Preprocessing}, the inference transforms stored with a model: resize to
 * width×height (as torchvision's {@code Resize((h, w))}), an optional center crop, then per-channel
 * normalization {@code (x - mean) / std} on values scaled to [0, 1].
 *
 * <p>A model trained with a transforms file also stores its validation pipeline ({@code
 * transforms}, the steps as JSON values, see {@code PipelineFile}); inference then runs that
 * pipeline, and the other fields describe its output (channels, height and width of the tensor).
 *
 * @param transforms the validation pipeline's steps in JSON form, or null
 */
public record ImagePreprocessing(
    int channels,
    int height,
    int width,
    Integer cropHeight,
    Integer cropWidth,
    double[] mean,
    double[] std,
    java.util.List<java.util.Map<String, Object>> transforms)
    implements Preprocessing {

  /** Resize, optional crop and normalization, without a stored pipeline. */
  public ImagePreprocessing(
      int channels,
      int height,
      int width,
      Integer cropHeight,
      Integer cropWidth,
      double[] mean,
      double[] std) {
    this(channels, height, width, cropHeight, cropWidth, mean, std, null);
  }

  public ImagePreprocessing {
    transforms = transforms == null ? null : java.util.List.copyOf(transforms);
    if (channels < 1 || height < 1 || width < 1) {
      throw new IllegalArgumentException(
          "channels, height and width must be positive, got "
              + channels
              + "×"
              + height
              + "×"
              + width);
    }
    if ((cropHeight == null) != (cropWidth == null)) {
      throw new IllegalArgumentException("a crop needs both a height and a width");
    }
    if (cropHeight != null && (cropHeight < 1 || cropWidth < 1)) {
      throw new IllegalArgumentException(
          "the crop must be positive, got " + cropHeight + "×" + cropWidth);
    }
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(std, "std");
    if (mean.length != channels || std.length != channels) {
      throw new IllegalArgumentException(
          "mean and std need one value per channel ("
              + channels
              + "), got "
              + mean.length
              + " and "
              + std.length);
    }
    for (double s : std) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("std values must be positive, got " + s);
      }
    }
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw new IllegalArgumentException("mean values must be finite, got " + m);
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** ImageNet's statistics as torchvision's pretrained models expect them; no crop, RGB. */
  public static ImagePreprocessing imagenet(int height, int width) {
    return new ImagePreprocessing(
        3,
        height,
        width,
        null,
        null,
        new double[] {0.485, 0.456, 0.406},
        new double[] {0.229, 0.224, 0.225});
  }

  /** The height of the image the model sees: the crop's if there is one. */
  public int outputHeight() {
    return cropHeight == null ? height : cropHeight;
  }

  /** The width of the image the model sees: the crop's if there is one. */
  public int outputWidth() {
    return cropWidth == null ? width : cropWidth;
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
  public String modality() {
    return "image";
  }

  @Override
  public SampleLayout layout() {
    return SampleLayout.float32(channels, outputHeight(), outputWidth());
  }

  /**
   * What runs on each decoded image: the stored validation pipeline when there is one, else {@link
   * Preprocess} (resize, crop, Normalize).
   */
  public SampleTransform transform() {
    if (transforms != null) {
      return new org.layerbench.engine.data.transform.PipelineTransform(
          org.layerbench.engine.data.transform.Pipeline.fromJson(transforms, "stored"),
          channels,
          outputHeight(),
          outputWidth());
    }
    return new Preprocess(height, width, cropHeight, cropWidth, mean, std);
  }

  /**
   * What a training run's loader applies to each image: the project's train or validation pipeline,
   * resized from the configured image size to {@code size} (progressive resizing), or without
   * pipelines Resize and ImageNet Normalize.
   */
  public static SampleReader runReader(
      org.layerbench.engine.data.transform.PipelineFile transforms,
      int configuredSize,
      boolean train,
      int size) {
    if (transforms == null) {
      return ImageReader.of(Preprocess.imagenet(size));
    }
    var p = (train ? transforms.train() : transforms.val()).resized(configuredSize, size);
    return ImageReader.of(
        new org.layerbench.engine.data.transform.PipelineTransform(p, 3, size, size));
  }

  @Override
  public SampleReader reader() {
    return ImageReader.of(transform());
  }

  // Records compare array components by identity; compare the values.
  @Override
  public boolean equals(Object o) {
    return o instanceof ImagePreprocessing p
        && channels == p.channels
        && height == p.height
        && width == p.width
        && Objects.equals(cropHeight, p.cropHeight)
        && Objects.equals(cropWidth, p.cropWidth)
        && Arrays.equals(mean, p.mean)
        && Arrays.equals(std, p.std)
        && Objects.equals(transforms, p.transforms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        channels,
        height,
        width,
        cropHeight,
        cropWidth,
        Arrays.hashCode(mean),
        Arrays.hashCode(std),
        transforms);
  }

  @Override
  public String toString() {
    return "ImagePreprocessing[channels="
        + channels
        + ", resize="
        + height
        + "×"
        + width
        + ", crop="
        + (cropHeight == null ? "none" : cropHeight + "×" + cropWidth)
        + ", mean="
        + Arrays.toString(mean)
        + ", std="
        + Arrays.toString(std)
        + (transforms == null ? "" : ", transforms=" + transforms)
        + "]";
  }
}
