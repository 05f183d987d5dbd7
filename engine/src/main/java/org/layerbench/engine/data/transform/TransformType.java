package org.layerbench.engine.data.transform;

import static org.layerbench.engine.data.transform.TransformParam.Kind.BOOL;
import static org.layerbench.engine.data.transform.TransformParam.Kind.FLOAT;
import static org.layerbench.engine.data.transform.TransformParam.Kind.INT;
import static org.layerbench.engine.data.transform.TransformParam.Kind.NUMBERS;
import static org.layerbench.engine.data.transform.TransformParam.Kind.RANGE;
import static org.layerbench.engine.data.transform.TransformParam.Kind.SIZE;
import static org.layerbench.engine.data.transform.TransformParam.choice;
import static org.layerbench.engine.data.transform.TransformParam.opt;
import static org.layerbench.engine.data.transform.TransformParam.required;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The catalogue of transforms: torchvision's names, keyword arguments and defaults, the stage each
 * runs in, and how a step of the pipeline JSON becomes an {@link Op}.
 */
public enum TransformType {
  RESIZE(
      "Resize",
      Stage.IMAGE,
      "Resize to [height, width], or the shorter side to one number keeping the aspect ratio.",
      GeometryTransforms::resize,
      required("size", SIZE, 1.0, "output size: [h, w], or one number for the shorter side"),
      choice("interpolation", "bilinear", Choices.INTERPOLATIONS, "resampling filter"),
      opt("max_size", INT, null, 1.0, null, "longest side allowed when size is one number")),
  CENTER_CROP(
      "CenterCrop",
      Stage.IMAGE,
      "Crop the centre; an image smaller than the crop is padded with black.",
      GeometryTransforms::centerCrop,
      required("size", SIZE, 1.0, "crop size: [h, w] or one number for a square")),
  PAD(
      "Pad",
      Stage.IMAGE,
      "Pad the borders: constant fill, edge, reflect or symmetric.",
      GeometryTransforms::pad,
      required("padding", NUMBERS, null, "all sides, [left/right, top/bottom], or [l, t, r, b]"),
      opt("fill", NUMBERS, 0, 0.0, 255.0, "fill colour for constant padding (one value or RGB)"),
      choice("padding_mode", "constant", Choices.PADDING_MODES, "how the border is filled")),
  RANDOM_CROP(
      "RandomCrop",
      Stage.IMAGE,
      "Crop at a random position, after optional padding.",
      GeometryTransforms::randomCrop,
      required("size", SIZE, 1.0, "crop size: [h, w] or one number for a square"),
      opt("padding", NUMBERS, null, null, null, "padding before cropping, as Pad's"),
      opt("pad_if_needed", BOOL, false, null, null, "pad an image smaller than the crop"),
      opt("fill", NUMBERS, 0, 0.0, 255.0, "fill colour for constant padding"),
      choice("padding_mode", "constant", Choices.PADDING_MODES, "how the border is filled")),
  RANDOM_RESIZED_CROP(
      "RandomResizedCrop",
      Stage.IMAGE,
      "Crop a random area and aspect ratio, then resize it (Inception-style training crops).",
      GeometryTransforms::randomResizedCrop,
      required("size", SIZE, 1.0, "output size: [h, w] or one number for a square"),
      opt("scale", NUMBERS, List.of(0.08, 1.0), 0.0, null, "[min, max] share of the image's area"),
      opt("ratio", NUMBERS, List.of(3.0 / 4.0, 4.0 / 3.0), 0.0, null, "[min, max] aspect ratio"),
      choice("interpolation", "bilinear", Choices.INTERPOLATIONS, "resampling filter")),
  RANDOM_HORIZONTAL_FLIP(
      "RandomHorizontalFlip",
      Stage.IMAGE,
      "Mirror left–right with probability p.",
      a -> GeometryTransforms.flip(a, true),
      opt("p", FLOAT, 0.5, 0.0, 1.0, "probability of flipping")),
  RANDOM_VERTICAL_FLIP(
      "RandomVerticalFlip",
      Stage.IMAGE,
      "Mirror top–bottom with probability p.",
      a -> GeometryTransforms.flip(a, false),
      opt("p", FLOAT, 0.5, 0.0, 1.0, "probability of flipping")),
  RANDOM_ROTATION(
      "RandomRotation",
      Stage.IMAGE,
      "Rotate counter-clockwise by a random angle in degrees, optionally enlarging the image to"
          + " hold all of it.",
      Affine::randomRotation,
      required("degrees", RANGE, null, "d means an angle in [-d, d]; or [min, max]"),
      choice("interpolation", "nearest", Choices.GEOMETRIC_INTERPOLATIONS, "resampling filter"),
      opt("expand", BOOL, false, null, null, "enlarge the output to hold the whole rotated image"),
      opt("center", NUMBERS, null, null, null, "[x, y] pivot in pixels (default: the centre)"),
      opt("fill", NUMBERS, 0, 0.0, 255.0, "fill colour outside the image (one value or RGB)")),
  RANDOM_AFFINE(
      "RandomAffine",
      Stage.IMAGE,
      "Random rotation (clockwise), translation, scale and shear around the centre; same size.",
      Affine::randomAffine,
      required("degrees", RANGE, null, "d means an angle in [-d, d] (0 for none); or [min, max]"),
      opt("translate", NUMBERS, null, 0.0, 1.0, "[a, b]: shift by up to a·width and b·height"),
      opt("scale", NUMBERS, null, null, null, "[min, max] scale factor, both positive"),
      opt(
          "shear",
          NUMBERS,
          null,
          null,
          null,
          "s means an x shear in [-s, s] degrees; [min, max] along x; or x and y ranges (4 numbers)"),
      choice("interpolation", "nearest", Choices.GEOMETRIC_INTERPOLATIONS, "resampling filter"),
      opt("fill", NUMBERS, 0, 0.0, 255.0, "fill colour outside the image (one value or RGB)"),
      opt("center", NUMBERS, null, null, null, "[x, y] centre in pixels (default: the centre)")),
  COLOR_JITTER(
      "ColorJitter",
      Stage.IMAGE,
      "Random brightness, contrast, saturation and hue, applied in a random order.",
      ColorTransforms::colorJitter,
      opt(
          "brightness",
          RANGE,
          0,
          0.0,
          null,
          "x means a factor in [max(0, 1-x), 1+x]; or [min, max]"),
      opt("contrast", RANGE, 0, 0.0, null, "x means a factor in [max(0, 1-x), 1+x]; or [min, max]"),
      opt(
          "saturation",
          RANGE,
          0,
          0.0,
          null,
          "x means a factor in [max(0, 1-x), 1+x]; or [min, max]"),
      opt("hue", RANGE, 0, -0.5, 0.5, "x means a shift in [-x, x] of the hue circle; x ≤ 0.5")),
  GRAYSCALE(
      "Grayscale",
      Stage.IMAGE,
      "Convert to grey (ITU-R 601-2 luma), with 1 or 3 output channels.",
      ColorTransforms::grayscale,
      opt("num_output_channels", INT, 1, 1.0, 3.0, "1, or 3 equal channels")),
  RANDOM_GRAYSCALE(
      "RandomGrayscale",
      Stage.IMAGE,
      "Convert to grey with probability p, keeping the number of channels.",
      ColorTransforms::randomGrayscale,
      opt("p", FLOAT, 0.1, 0.0, 1.0, "probability of converting")),
  TO_HSV(
      "ToHSV",
      Stage.IMAGE,
      "Reinterpret the image in HSV colour space (PIL's convert(\"HSV\")), as a colour-space"
          + " augmentation; usually inside RandomApply.",
      a -> ColorTransforms.TO_HSV),
  GAUSSIAN_BLUR(
      "GaussianBlur",
      Stage.IMAGE,
      "Blur with a Gaussian kernel whose sigma is drawn from a range.",
      ColorTransforms::gaussianBlur,
      required("kernel_size", SIZE, 1.0, "odd kernel size: one number or [h, w]"),
      opt(
          "sigma",
          NUMBERS,
          List.of(0.1, 2.0),
          0.0,
          null,
          "fixed sigma, or [min, max] to draw from")),
  TO_TENSOR(
      "ToTensor",
      Stage.TO_TENSOR,
      "Convert the 8-bit image to floats in [0, 1], channels first.",
      a -> Op.ToTensor.INSTANCE),
  NORMALIZE(
      "Normalize",
      Stage.TENSOR,
      "Subtract the mean and divide by the standard deviation, per channel.",
      TensorTransforms::normalize,
      required("mean", NUMBERS, null, "one value per channel"),
      required("std", NUMBERS, null, "one value per channel, non-zero")),
  GAUSSIAN_NOISE(
      "GaussianNoise",
      Stage.TENSOR,
      "Add noise drawn from a normal distribution to every value.",
      TensorTransforms::gaussianNoise,
      opt("mean", FLOAT, 0.0, null, null, "mean of the noise"),
      opt("std", FLOAT, 0.1, 0.0, null, "standard deviation of the noise"),
      opt("clip", BOOL, false, null, null, "clamp the result to [0, 1]")),
  RANDOM_ERASING(
      "RandomErasing",
      Stage.TENSOR,
      "With probability p, erase a random rectangle (fill it with a value or with noise).",
      TensorTransforms::randomErasing,
      opt("p", FLOAT, 0.5, 0.0, 1.0, "probability of erasing"),
      opt("scale", NUMBERS, List.of(0.02, 0.33), 0.0, 1.0, "[min, max] share of the area"),
      opt("ratio", NUMBERS, List.of(0.3, 3.3), 0.0, null, "[min, max] aspect ratio"),
      opt("value", NUMBERS, 0, null, null, "fill: one value, one per channel, or \"random\"")),
  RANDOM_APPLY(
      "RandomApply",
      Stage.ANY,
      "Apply the nested transforms, all of them, with probability p.",
      null,
      opt("p", FLOAT, 0.5, 0.0, 1.0, "probability of applying the nested transforms"));

  /** Where a transform runs: before ToTensor, after it, or (RandomApply) where its steps run. */
  public enum Stage {
    IMAGE,
    TO_TENSOR,
    TENSOR,
    ANY
  }

  /** Choice lists, in a class of their own so the constants above may refer to them. */
  private static final class Choices {
    static final List<String> INTERPOLATIONS = List.of("nearest", "bilinear", "bicubic");
    static final List<String> PADDING_MODES = List.of("constant", "edge", "reflect", "symmetric");
    static final List<String> GEOMETRIC_INTERPOLATIONS = List.of("nearest", "bilinear");
  }

  private final String jsonName;
  private final Stage stage;
  private final String doc;
  private final Function<Args, Op> factory;
  private final List<TransformParam> params;

  TransformType(
      String jsonName,
      Stage stage,
      String doc,
      Function<Args, Op> factory,
      TransformParam... params) {
    this.jsonName = jsonName;
    this.stage = stage;
    this.doc = doc;
    this.factory = factory;
    this.params = List.of(params);
  }

  /** torchvision's class name, used in the pipeline JSON. */
  public String jsonName() {
    return jsonName;
  }

  public Stage stage() {
    return stage;
  }

  public String doc() {
    return doc;
  }

  public List<TransformParam> params() {
    return params;
  }

  public TransformParam param(String name) {
    for (TransformParam p : params) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  /** Whether the transform draws random numbers. */
  public boolean random() {
    return jsonName.startsWith("Random")
        || this == COLOR_JITTER
        || this == GAUSSIAN_NOISE
        || this == GAUSSIAN_BLUR;
  }

  /** The type with this JSON name (exact, or ignoring case), with a suggestion when unknown. */
  public static TransformType of(String name) {
    for (TransformType t : values()) {
      if (t.jsonName.equals(name)) {
        return t;
      }
    }
    for (TransformType t : values()) {
      if (t.jsonName.equalsIgnoreCase(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown transform '"
            + name
            + "' (known: "
            + String.join(", ", java.util.Arrays.stream(values()).map(t -> t.jsonName).toList())
            + ")");
  }

  Op create(Args args) {
    if (factory == null) {
      throw new IllegalStateException(jsonName + " is compiled by the pipeline");
    }
    return factory.apply(args);
  }

  @Override
  public String toString() {
    return jsonName.toLowerCase(Locale.ROOT);
  }
}
