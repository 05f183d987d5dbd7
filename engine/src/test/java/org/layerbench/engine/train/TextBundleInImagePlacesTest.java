package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.data.text.Vocabulary;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;

/**
 * Predicting from image files and evaluating on an image folder are for image models: a text
 * model's bundle gets one line saying so, not a failure at its first sample; and the other way
 * round, typed text and text files are for text models.
 */
class TextBundleInImagePlacesTest {

  @TempDir Path dir;

  private Path textBundle() throws Exception {
    Path file = dir.resolve("text.lbmodel");
    ModelBundle.write(
        file,
        new BundleContents(
            Templates.find("simplenet").orElseThrow().create(),
            new java.util.LinkedHashMap<>(),
            List.of("negative", "positive"),
            new TextPreprocessing(
                Tokenizer.BASIC_ENGLISH,
                Vocabulary.of(List.of("<unk>", "<pad>", "good")),
                16,
                Padding.FIXED),
            java.util.Map.of(),
            null,
            null));
    return file;
  }

  /** An untrained simplenet image bundle with classes neg, pos (imagenet preprocessing). */
  static Path imageBundle(Path file) throws Exception {
    Engines.ensureStarted();
    var graph = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));
    try (var manager = ai.djl.ndarray.NDManager.newBaseManager();
        var net =
            org.layerbench.engine.nn.Network.create(
                org.layerbench.engine.graph.GraphAnalysis.of(graph), manager, 0)) {
      ModelBundle.write(
          file,
          new BundleContents(
              graph,
              org.layerbench.engine.nn.Weights.toData(net.state()),
              List.of("neg", "pos"),
              ImagePreprocessing.imagenet(16, 16),
              java.util.Map.of(),
              null,
              null));
    }
    return file;
  }

  @Test
  void predictSaysImageFilesAreForImageModels() throws Exception {
    // A text model now loads for prediction (of typed text); an image file is refused there.
    Path file = TextBundles.write(dir.resolve("t.lbmodel"), List.of("neg", "pos"), 8, 0);
    try (Predictor p = new Predictor(List.of(file))) {
      assertThat(p.modality()).isEqualTo("text");
      assertThatThrownBy(() -> p.predict(dir.resolve("cat.png"), 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("a text model — predicting from image files is for image models");
    }
  }

  @Test
  void predictSaysTypedTextIsForTextModels() throws Exception {
    Path file = imageBundle(dir.resolve("image.lbmodel"));
    assertThatThrownBy(
            () -> {
              try (Predictor p = new Predictor(List.of(file))) {
                p.predictText("good", 1);
              }
            })
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an image model — predicting from typed text is for text models");
  }

  @Test
  void evaluateSaysItIsForImageModels() throws Exception {
    Path file = textBundle();
    assertThatThrownBy(() -> Evaluator.evaluate(file, dir, "val", 0.2, 1, null))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(file + ": a text model — evaluating on an image folder is for image models");
  }
}
