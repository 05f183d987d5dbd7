package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
 * model's bundle gets one line saying so, not a failure at its first sample.
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

  @Test
  void predictSaysItIsForImageModels() throws Exception {
    Path file = textBundle();
    assertThatThrownBy(() -> new Predictor(List.of(file)))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(file + ": a text model — predicting from image files is for image models");
  }

  @Test
  void evaluateSaysItIsForImageModels() throws Exception {
    Path file = textBundle();
    assertThatThrownBy(() -> Evaluator.evaluate(file, dir, "val", 0.2, 1, null))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(file + ": a text model — evaluating on an image folder is for image models");
  }
}
