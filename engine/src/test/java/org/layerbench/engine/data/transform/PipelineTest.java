package org.layerbench.engine.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineTest {

  private static Image8 row(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values[i];
    }
    return new Image8(values.length, 1, 1, b);
  }

  private static int[] values(Image8 img) {
    int[] out = new int[img.data().length];
    for (int i = 0; i < out.length; i++) {
      out[i] = img.data()[i] & 0xFF;
    }
    return out;
  }

  /** The examples of torchvision's Pad docstring (numpy's np.pad modes). */
  @Test
  void paddingTheRowOneToFourByTwo() {
    Image8 r = row(1, 2, 3, 4);
    int[] fill = {0};
    assertThat(values(Pil.pad(r, 2, 0, 2, 0, Pil.PaddingMode.REFLECT, fill)))
        .containsExactly(3, 2, 1, 2, 3, 4, 3, 2);
    assertThat(values(Pil.pad(r, 2, 0, 2, 0, Pil.PaddingMode.SYMMETRIC, fill)))
        .containsExactly(2, 1, 1, 2, 3, 4, 4, 3);
    assertThat(values(Pil.pad(r, 2, 0, 2, 0, Pil.PaddingMode.EDGE, fill)))
        .containsExactly(1, 1, 1, 2, 3, 4, 4, 4);
    assertThat(values(Pil.pad(r, 2, 0, 2, 0, Pil.PaddingMode.CONSTANT, new int[] {9})))
        .containsExactly(9, 9, 1, 2, 3, 4, 9, 9);
  }

  /** numpy extends reflect and symmetric periodically when the pad is wider than the row. */
  @Test
  void paddingWiderThanTheRow() {
    Image8 r = row(1, 2, 3);
    // np.pad([1, 2, 3], 5, 'reflect') = [2 1 2 3 2 1 2 3 2 1 2 3 2]
    assertThat(values(Pil.pad(r, 5, 0, 5, 0, Pil.PaddingMode.REFLECT, new int[] {0})))
        .containsExactly(2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2);
    // np.pad([1, 2, 3], 5, 'symmetric') = [2 3 3 2 1 1 2 3 3 2 1 1 2]
    assertThat(values(Pil.pad(r, 5, 0, 5, 0, Pil.PaddingMode.SYMMETRIC, new int[] {0})))
        .containsExactly(2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1, 2);
  }

  private static Image8 image(int w, int h, long seed) {
    byte[] b = new byte[w * h * 3];
    new SplittableRandom(seed).nextBytes(b);
    return new Image8(w, h, 3, b);
  }

  private static PipelineFile augmenting() {
    Pipeline train =
        Pipeline.of(
            Step.of(TransformType.RANDOM_RESIZED_CROP, "size", 32, "scale", List.of(0.5, 1.0)),
            Step.of(TransformType.RANDOM_HORIZONTAL_FLIP),
            Step.of(TransformType.COLOR_JITTER, "brightness", 0.4, "hue", 0.1),
            Step.randomApply(0.3, Step.of(TransformType.TO_HSV)),
            Step.of(TransformType.TO_TENSOR),
            Step.of(TransformType.GAUSSIAN_NOISE, "std", 0.05),
            Step.of(
                TransformType.NORMALIZE,
                "mean",
                Pipeline.IMAGENET_MEAN,
                "std",
                Pipeline.IMAGENET_STD),
            Step.of(TransformType.RANDOM_ERASING).withEnabled(false));
    Pipeline val =
        Pipeline.of(
            Step.of(TransformType.RESIZE, "size", 36),
            Step.of(TransformType.CENTER_CROP, "size", 32),
            Step.of(TransformType.TO_TENSOR),
            Step.of(
                TransformType.NORMALIZE,
                "mean",
                Pipeline.IMAGENET_MEAN,
                "std",
                Pipeline.IMAGENET_STD));
    return new PipelineFile(train, val);
  }

  @Test
  void jsonRoundTripKeepsEveryStep(@TempDir Path dir) throws Exception {
    PipelineFile f = augmenting();
    Path file = dir.resolve("t.json");
    f.write(file);
    PipelineFile back = PipelineFile.read(file);
    assertThat(back).isEqualTo(f);
    assertThat(back.toJson()).isEqualTo(Files.readString(file));
    assertThat(Files.readString(file))
        .contains("\"format\" : \"layerbench.transforms\"")
        .contains("\"enabled\" : false")
        .contains("\"transforms\" : [");
  }

  @Test
  void theSameSeedGivesTheSameResultAndAnotherSeedAnother() {
    Pipeline.Compiled c = augmenting().train().compile();
    Image8 img = image(50, 40, 3);
    float[] a = c.apply(img, new SplittableRandom(42)).data();
    float[] b = c.apply(img, new SplittableRandom(42)).data();
    float[] other = c.apply(img, new SplittableRandom(43)).data();
    assertThat(a).hasSize(3 * 32 * 32).containsExactly(b);
    assertThat(other).isNotEqualTo(a);
  }

  @Test
  void randomApplyFollowsItsProbability() {
    Pipeline.Compiled c =
        Pipeline.of(
                Step.randomApply(0.3, Step.of(TransformType.GRAYSCALE, "num_output_channels", 3)))
            .compile();
    Image8 img = image(4, 4, 1);
    SplittableRandom random = new SplittableRandom(5);
    int grey = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      TensorImage t = c.apply(img, random);
      grey += t.data()[0] == t.data()[16] ? 1 : 0; // R plane equals G plane only when grey
    }
    assertThat(grey / (double) n).isBetween(0.27, 0.33);
  }

  @Test
  void gaussianNoiseHasTheAskedMeanAndStd() {
    Pipeline.Compiled c =
        Pipeline.of(
                Step.of(TransformType.TO_TENSOR),
                Step.of(TransformType.GAUSSIAN_NOISE, "mean", 0.1, "std", 0.2))
            .compile();
    Image8 black = new Image8(100, 100, 3, new byte[30000]);
    float[] d = c.apply(black, new SplittableRandom(9)).data();
    double sum = 0;
    double sq = 0;
    for (float v : d) {
      sum += v;
      sq += v * v;
    }
    double mean = sum / d.length;
    double std = Math.sqrt(sq / d.length - mean * mean);
    assertThat(mean).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.005));
    assertThat(std).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.005));
  }

  @Test
  void randomResizedCropBoxesStayInsideTheImageAndInTheScaleRange() {
    GeometryTransforms.RandomResizedCrop op =
        (GeometryTransforms.RandomResizedCrop)
            Pipeline.of(
                    Step.of(
                        TransformType.RANDOM_RESIZED_CROP, "size", 8, "scale", List.of(0.2, 0.6)))
                .compile()
                .nodes()
                .get(0)
                .op();
    SplittableRandom random = new SplittableRandom(1);
    for (int k = 0; k < 2000; k++) {
      int[] b = op.params(100, 80, random);
      assertThat(b[0]).isBetween(0, 100 - b[2]);
      assertThat(b[1]).isBetween(0, 80 - b[3]);
      double share = b[2] * b[3] / 8000.0;
      assertThat(share).isBetween(0.18, 0.62); // rounding of h and w moves the area a little
    }
  }

  @Test
  void errorsNameTheStepAndTheParameter() {
    assertThatThrownBy(
            () -> Pipeline.of(Step.of(TransformType.COLOR_JITTER, "brightness", -1)).compile())
        .hasMessage(
            "step 1 (ColorJitter): if brightness is a single number, it must be finite and ≥ 0,"
                + " got -1");
    assertThatThrownBy(
            () -> Pipeline.of(Step.of(TransformType.NORMALIZE, "mean", 0.5, "std", 0.5)).compile())
        .hasMessage("step 1 (Normalize): works on tensors: add ToTensor before it");
    assertThatThrownBy(
            () ->
                Pipeline.of(
                        Step.of(TransformType.TO_TENSOR),
                        Step.of(TransformType.RANDOM_HORIZONTAL_FLIP))
                    .compile())
        .hasMessage("step 2 (RandomHorizontalFlip): works on images: move it before ToTensor");
    assertThatThrownBy(() -> Pipeline.of(Step.of(TransformType.RESIZE)).compile())
        .hasMessageStartingWith("step 1 (Resize): size is required");
    assertThatThrownBy(
            () -> Pipeline.of(Step.of(TransformType.GAUSSIAN_BLUR, "kernel_size", 4)).compile())
        .hasMessage("step 1 (GaussianBlur): kernel_size must be odd, got 4");
    assertThatThrownBy(
            () -> Pipeline.of(Step.of(TransformType.PAD, "padding", 2, "colour", 3)).compile())
        .hasMessageStartingWith("step 1 (Pad): Pad has no parameter 'colour'");
    assertThatThrownBy(
            () ->
                PipelineFile.parse(
                    "{\"format\": \"layerbench.transforms\", \"version\": 1, \"train\": [{\"type\": \"Flip\"}], \"val\": []}"))
        .hasMessageStartingWith("train step 1: unknown transform 'Flip'");
    assertThatThrownBy(
            () ->
                PipelineFile.parse(
                    "{\"format\": \"layerbench.transforms\", \"version\": 7, \"train\": [], \"val\": []}"))
        .hasMessage("unsupported transforms version 7 (this LayerBench reads version 1)");
    assertThatThrownBy(() -> PipelineFile.parse("{\"format\": \"layerbench.transforms\","))
        .hasMessageStartingWith("not valid JSON");
    assertThatThrownBy(
            () ->
                new PipelineFile(
                    Pipeline.standard(8), Pipeline.of(Step.of(TransformType.RANDOM_VERTICAL_FLIP))))
        .hasMessageStartingWith("the validation pipeline must not be random");
  }

  @Test
  void resizedScalesEverySizeForProgressiveResizing() {
    Pipeline p = augmenting().val().resized(32, 64);
    assertThat(p.steps().get(0).params().get("size")).isEqualTo(72);
    assertThat(p.steps().get(1).params().get("size")).isEqualTo(64);
    TensorImage t = p.compile().apply(image(90, 70, 2), new SplittableRandom(0));
    assertThat(t.shape()).isEqualTo("3×64×64");
    Pipeline train = augmenting().train().resized(32, 128);
    assertThat(train.compile().apply(image(90, 70, 2), new SplittableRandom(0)).shape())
        .isEqualTo("3×128×128");
  }

  @Test
  void previewSkipsNormalizeButKeepsNoise() {
    Pipeline.Compiled c = augmenting().train().compile();
    Image8 out = c.preview(image(50, 40, 3), new SplittableRandom(1));
    assertThat(out.width()).isEqualTo(32);
    assertThat(out.channels()).isEqualTo(3);
  }

  /** A preview without tensor steps skips ToTensor: floats and back give every byte back. */
  @Test
  void previewWithoutTensorStepsIsTheImageStagesResult() {
    byte[] all = new byte[256 * 3];
    for (int i = 0; i < all.length; i++) {
      all[i] = (byte) (i / 3);
    }
    Image8 values = new Image8(256, 1, 3, all);
    assertThat(Pipeline.Compiled.toImage8(TensorImage.of(values)).data()).isEqualTo(all);

    Step crop = Step.of(TransformType.RANDOM_RESIZED_CROP, "size", 24);
    Step jitter = Step.of(TransformType.COLOR_JITTER, "brightness", 0.4, "hue", 0.2);
    Step normalize =
        Step.of(
            TransformType.NORMALIZE, "mean", Pipeline.IMAGENET_MEAN, "std", Pipeline.IMAGENET_STD);
    Pipeline.Compiled withNormalize =
        Pipeline.of(crop, jitter, Step.of(TransformType.TO_TENSOR), normalize).compile();
    Pipeline.Compiled tensorOut = Pipeline.of(crop, jitter).compile();
    for (int seed = 0; seed < 5; seed++) {
      Image8 img = image(50, 40, seed);
      assertThat(withNormalize.preview(img, new SplittableRandom(seed)).data())
          .isEqualTo(
              Pipeline.Compiled.toImage8(tensorOut.apply(img, new SplittableRandom(seed))).data());
    }
  }

  /** The batch loader's applyInto writes exactly the floats of apply, fused or not. */
  @Test
  void applyIntoWritesTheFloatsOfApply() {
    Step crop = Step.of(TransformType.RANDOM_RESIZED_CROP, "size", 24);
    Step jitter = Step.of(TransformType.COLOR_JITTER, "brightness", 0.4, "hue", 0.2);
    Step toTensor = Step.of(TransformType.TO_TENSOR);
    Step imagenet =
        Step.of(
            TransformType.NORMALIZE, "mean", Pipeline.IMAGENET_MEAN, "std", Pipeline.IMAGENET_STD);
    List<Pipeline> pipelines =
        List.of(
            Pipeline.of(crop, jitter, toTensor, imagenet), // ToTensor + Normalize fused
            Pipeline.of(crop, jitter), // ToTensor added at the end, fused
            Pipeline.of(
                crop,
                Step.of(TransformType.GRAYSCALE),
                toTensor,
                Step.of(TransformType.NORMALIZE, "mean", List.of(0.5), "std", List.of(0.25))),
            Pipeline.of(crop, toTensor, imagenet, Step.of(TransformType.RANDOM_ERASING, "p", 1.0)),
            Pipeline.of(crop, toTensor, imagenet, imagenet));
    for (Pipeline p : pipelines) {
      Pipeline.Compiled c = p.compile();
      for (int seed = 0; seed < 4; seed++) {
        Image8 img = image(50, 40, seed);
        TensorImage want = c.apply(img, new SplittableRandom(seed));
        float[] out = new float[want.data().length + 7];
        int[] shape = new int[3];
        c.applyInto(
            img,
            new SplittableRandom(seed),
            out,
            7,
            (ch, h, w) -> {
              shape[0] = ch;
              shape[1] = h;
              shape[2] = w;
            });
        assertThat(shape).containsExactly(want.channels(), want.height(), want.width());
        assertThat(java.util.Arrays.copyOfRange(out, 7, out.length)).containsExactly(want.data());
      }
    }
    float[] untouched = new float[3 * 24 * 24];
    assertThatThrownBy(
            () ->
                pipelines
                    .get(0)
                    .compile()
                    .applyInto(
                        image(50, 40, 1),
                        new SplittableRandom(1),
                        untouched,
                        0,
                        (ch, h, w) -> {
                          throw new IllegalStateException("wrong shape");
                        }))
        .hasMessage("wrong shape");
    assertThat(untouched).containsOnly(0f);
    // A grey image with three means fails in Normalize before any shape check, as with apply.
    Pipeline.Compiled greyImagenet =
        Pipeline.of(crop, Step.of(TransformType.GRAYSCALE), toTensor, imagenet).compile();
    assertThatThrownBy(() -> greyImagenet.apply(image(50, 40, 1), new SplittableRandom(1)))
        .hasMessageContaining("3 mean values for an image of 1 channels");
    assertThatThrownBy(
            () ->
                greyImagenet.applyInto(
                    image(50, 40, 1),
                    new SplittableRandom(1),
                    untouched,
                    0,
                    (ch, h, w) -> {
                      throw new IllegalStateException("wrong shape");
                    }))
        .hasMessageContaining("3 mean values for an image of 1 channels");
  }
}
