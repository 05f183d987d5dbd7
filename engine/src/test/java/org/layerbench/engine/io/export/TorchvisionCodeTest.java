package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;

/** The text TorchvisionCode writes (what it computes is TorchvisionCodeParityTest's job). */
class TorchvisionCodeTest {

  @Test
  void writesEveryStepWithTorchvisionsNamesAndCommentsTheSwitchedOffOnes() throws Exception {
    Pipeline p =
        Pipeline.of(
            Step.of(TransformType.RESIZE, "size", List.of(72), "interpolation", "bicubic"),
            Step.randomApply(0.3, Step.of(TransformType.TO_HSV)),
            Step.randomApply(0.5, Step.of(TransformType.GRAYSCALE).withEnabled(false)),
            Step.of(TransformType.RANDOM_ROTATION, "degrees", 10, "fill", List.of(128, 128, 128))
                .withEnabled(false),
            Step.of(TransformType.CENTER_CROP, "size", 64),
            Step.of(TransformType.TO_TENSOR),
            Step.of(TransformType.GAUSSIAN_NOISE, "std", 0.05, "clip", true),
            Step.of(TransformType.RANDOM_ERASING, "value", "random"));
    assertThat(TorchvisionCode.compose(p.toJson(), "", "train"))
        .isEqualTo(
            """
            transforms.Compose(
                [
                    transforms.Resize(size=(72,), interpolation=transforms.InterpolationMode.BICUBIC),
                    transforms.RandomApply(
                        [
                            ToHSV(),
                        ],
                        p=0.3,
                    ),
                    # transforms.RandomApply(p=0.5)  # none of its steps is switched on: left out
                    #     # transforms.Grayscale(),  # switched off in LayerBench: left out
                    # transforms.RandomRotation(degrees=10, fill=(128, 128, 128)),  # switched off in LayerBench: left out
                    transforms.CenterCrop(size=64),
                    transforms.ToTensor(),
                    GaussianNoise(std=0.05, clip=True),
                    transforms.RandomErasing(value="random"),
                ]
            )""");
  }

  @Test
  void addsToTensorAndWritesPreprocessingWithoutAPipeline() throws Exception {
    Pipeline p = Pipeline.of(Step.of(TransformType.RESIZE, "size", List.of(32, 48)));
    assertThat(TorchvisionCode.compose(p.toJson(), "", "val"))
        .contains("transforms.Resize(size=(32, 48)),")
        .contains("transforms.ToTensor(),  # LayerBench adds ToTensor when a pipeline has none");
    assertThat(
            TorchvisionCode.compose(
                new ImagePreprocessing(
                    3,
                    72,
                    80,
                    64,
                    60,
                    new double[] {0.5, 0.25, 1e-3},
                    new double[] {0.2, 0.3, 0.4}),
                "    "))
        .isEqualTo(
            """
            transforms.Compose(
                    [
                        transforms.Resize((72, 80), interpolation=transforms.InterpolationMode.BILINEAR),
                        transforms.CenterCrop((64, 60)),
                        transforms.ToTensor(),
                        transforms.Normalize(mean=(0.5, 0.25, 0.001), std=(0.2, 0.3, 0.4)),
                    ]
                )""");
    assertThat(TorchvisionCode.helpersFor("transforms.ToTensor()")).isEmpty();
    assertThat(TorchvisionCode.helpersFor("ToHSV()")).startsWith("class ToHSV:");
  }

  @Test
  void pythonLiterals() {
    assertThat(TorchvisionCode.literal(List.of(1, 2.5, true, "a\"b\\c\n")))
        .isEqualTo("(1, 2.5, True, \"a\\\"b\\\\c\\x0a\")");
    assertThat(TorchvisionCode.literal(List.of(7))).isEqualTo("(7,)");
    assertThat(TorchvisionCode.literal(1e-7)).isEqualTo("1.0E-7"); // Python reads it back exactly
    assertThat(TorchvisionCode.literal(null)).isEqualTo("None");
  }

  @Test
  void refusesAPipelineThatDoesNotCompile() {
    List<Map<String, Object>> bad =
        List.of(Map.of("type", "ColorJitter", "brightness", -1), Map.of("type", "ToTensor"));
    assertThatThrownBy(() -> TorchvisionCode.compose(bad, "", "train"))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("the train pipeline cannot be exported: step 1 (ColorJitter)");
    List<Map<String, Object>> injected =
        List.of(Map.of("type", "Resize", "size", 8, "os.system('x')", 1));
    assertThatThrownBy(() -> TorchvisionCode.compose(injected, "", "val"))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("has no parameter");
  }
}
