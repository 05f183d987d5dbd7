package org.layerbench.app.gui.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.train.Predictor;

class ImageResultTest {
  @Test
  void softmaxMatchesTorchAndStaysFiniteForLargeLogits() {
    // torch.softmax(torch.tensor([1., 2., 3.]), 0) = [0.0900, 0.2447, 0.6652]
    float[] p = ImageResult.softmax(new float[] {1, 2, 3});
    assertThat(p[0]).isCloseTo(0.09003057f, within(1e-6f));
    assertThat(p[1]).isCloseTo(0.24472847f, within(1e-6f));
    assertThat(p[2]).isCloseTo(0.66524096f, within(1e-6f));
    float[] big = ImageResult.softmax(new float[] {1000, 1000});
    assertThat(big).containsExactly(0.5f, 0.5f);
  }

  @Test
  void topKIsOrderedAndEachMemberKeepsItsOwnAnswer() {
    var prediction =
        new Predictor.Prediction(
            "x.png",
            List.of(),
            new float[] {0.2f, 0.5f, 0.3f},
            List.of(new float[] {0, 3, 1}, new float[] {2, 0, 1}));
    ImageResult r =
        ImageResult.of(Path.of("x.png"), List.of("a", "b", "c"), List.of("m1", "m2"), prediction);
    assertThat(r.top(2)).extracting(ImageResult.Ranked::label).containsExactly("b", "c");
    assertThat(r.top(9)).hasSize(3);
    assertThat(r.topOf(r.members().get(0)).label()).isEqualTo("b");
    assertThat(r.topOf(r.members().get(1)).label()).isEqualTo("a");
    assertThat(r.pending()).isFalse();
    assertThat(ImageResult.pending(Path.of("y.png")).pending()).isTrue();
  }

  @Test
  void onlyImageFilesAreTakenFromADrop() {
    assertThat(PredictViewModel.isImage(Path.of("a/B.JPG"))).isTrue();
    assertThat(PredictViewModel.isImage(Path.of("a/b.gif"))).isTrue();
    assertThat(PredictViewModel.isImage(Path.of("a/notes.txt"))).isFalse();
    assertThat(PredictViewModel.isImage(Path.of("a/.png"))).isFalse();
  }
}
