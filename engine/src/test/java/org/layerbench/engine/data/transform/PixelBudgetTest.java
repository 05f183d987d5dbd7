package org.layerbench.engine.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: sizes of 20000–100000 ended in NegativeArraySizeException or the heap running out on
 * the first image; a pipeline whose images would be over {@link Pil#MAX_PIXELS} is refused when it
 * is loaded, naming the step.
 */
class PixelBudgetTest {
  private static String file(String step) {
    return """
        {"format": "layerbench.transforms", "version": 1,
         "train": [{"type": "RandomHorizontalFlip"}, %s, {"type": "ToTensor"}],
         "val": [{"type": "Resize", "size": 64}, {"type": "ToTensor"}]}
        """
        .formatted(step);
  }

  @Test
  void hugeSizesAreRefusedWhenThePipelineIsLoaded() {
    assertThatThrownBy(() -> PipelineFile.parse(file("{\"type\": \"Resize\", \"size\": 100000}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "train step 2 (Resize): size 100000 gives a 100000×100000 image, over the limit of"
                + " 67108864 pixels (8192×8192) and 32768 per side");
    for (String step :
        List.of(
            "{\"type\": \"Resize\", \"size\": [20000, 20000]}",
            "{\"type\": \"CenterCrop\", \"size\": 20000}",
            "{\"type\": \"RandomCrop\", \"size\": [50000, 50000]}",
            "{\"type\": \"RandomResizedCrop\", \"size\": 100000}",
            "{\"type\": \"Pad\", \"padding\": 100000}",
            "{\"type\": \"RandomCrop\", \"size\": 32, \"padding\": [40000, 0]}")) {
      assertThatThrownBy(() -> PipelineFile.parse(file(step)))
          .as(step)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("train step 2 (")
          .message()
          .doesNotContain("\n");
    }
    // a long thin size is fine
    assertThat(PipelineFile.parse(file("{\"type\": \"Resize\", \"size\": [8, 20000]}")))
        .isNotNull();
  }

  @Test
  void aShorterSideResizeOfAThinImageIsRefusedWhenItRuns() {
    Pipeline.Compiled p = Pipeline.of(Step.of(TransformType.RESIZE, "size", 8000)).compile();
    Image8 thin = new Image8(1000, 1, 3, new byte[3000]);
    assertThatThrownBy(() -> p.apply(thin, RandomGenerator.getDefault()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Resize to 8000 of a 1000×1 image gives a 8000000×8000 image");
  }
}
