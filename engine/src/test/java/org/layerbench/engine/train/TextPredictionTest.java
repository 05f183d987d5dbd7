package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/** Prediction of typed text: the bundle's own encoding, the lengths, ensembles, wrong inputs. */
class TextPredictionTest {
  @TempDir static Path dir;
  static EngineThread engine;
  static Path first;
  static Path second;

  @BeforeAll
  static void bundles() throws Exception {
    engine = new EngineThread();
    first = TextBundles.write(dir.resolve("a.lbmodel"), List.of("neg", "pos"), 12, 1);
    second = TextBundles.write(dir.resolve("b.lbmodel"), List.of("neg", "pos"), 12, 2);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  /** The logits of {@code text}'s ids through a freshly loaded network, with the true length. */
  private static float[] direct(Path bundle, String text) throws Exception {
    return engine
        .submit(
            () -> {
              BundleContents b = ModelBundle.read(bundle);
              TextPreprocessing.Encoded e = ((TextPreprocessing) b.preprocessing()).encode(text);
              try (NDManager m = NDManager.newBaseManager();
                  Network net = Network.create(GraphAnalysis.of(b.model()), m, 99)) {
                Weights.load(net, b.weights());
                NDArray x = m.create(e.ids(), new Shape(1, e.ids().length));
                NDArray lengths = m.create(new long[] {e.length()});
                return net.forward(x, lengths, false).toFloatArray();
              }
            })
        .get();
  }

  private static Predictor.Prediction predict(List<Path> bundles, String text, int k)
      throws Exception {
    return engine
        .submit(
            () -> {
              try (Predictor p = new Predictor(bundles)) {
                return p.predictText(text, k);
              }
            })
        .get();
  }

  @Test
  void aTypedTextGivesTheLogitsOfItsIdsWithTheirLength() throws Exception {
    String text = "The food was GREAT, not bad!";
    Predictor.Prediction p = predict(List.of(first), text, 2);
    float[] expected = direct(first, text);
    assertThat(p.file()).isEqualTo(text);
    assertThat(p.logits()).hasSize(1);
    assertThat(p.logits().get(0)).containsExactly(expected);
    // The padding after the last real token does not reach the LSTM's final state: a longer
    // maximum length (more padding) would give the same logits, and the text alone decides.
    assertThat(p.logits().get(0)).isNotEqualTo(direct(first, "bad food"));
    double e0 = Math.exp(expected[0]);
    double e1 = Math.exp(expected[1]);
    assertThat(p.probabilities()[1]).isCloseTo((float) (e1 / (e0 + e1)), within(1e-6f));
    assertThat(p.top()).hasSize(2);
    assertThat(p.top().get(0).probability()).isGreaterThanOrEqualTo(p.top().get(1).probability());
  }

  @Test
  void anEnsembleAveragesTheModelsProbabilities() throws Exception {
    String text = "good food";
    Predictor.Prediction a = predict(List.of(first), text, 1);
    Predictor.Prediction b = predict(List.of(second), text, 1);
    Predictor.Prediction both = predict(List.of(first, second), text, 2);
    assertThat(both.logits()).hasSize(2);
    assertThat(both.logits().get(1)).containsExactly(b.logits().get(0));
    for (int i = 0; i < 2; i++) {
      assertThat(both.probabilities()[i])
          .isCloseTo((a.probabilities()[i] + b.probabilities()[i]) / 2, within(1e-6f));
    }
  }

  @Test
  void aTextWithoutTokensStillAnswers() throws Exception {
    Predictor.Prediction p = predict(List.of(first), "   ", 1);
    assertThat(p.logits().get(0)).containsExactly(direct(first, "zzzz"));
  }

  @Test
  void imageFilesAreRefusedByATextModel() {
    assertThatThrownBy(
            () ->
                engine
                    .submit(
                        () -> {
                          try (Predictor p = new Predictor(List.of(first))) {
                            return p.predict(dir.resolve("cat.png"), 1);
                          }
                        })
                    .get())
        .hasRootCauseInstanceOf(IllegalArgumentException.class)
        .rootCause()
        .hasMessage("a text model — predicting from image files is for image models");
  }

  @Test
  void anEnsembleOfTextAndImageModelsIsRefused() throws Exception {
    Path image = dir.resolve("image.lbmodel");
    TextBundleInImagePlacesTest.imageBundle(image);
    assertThatThrownBy(
            () -> engine.submit(() -> new Predictor(List.of(first, image)).labels()).get())
        .hasRootCauseInstanceOf(ModelFormatException.class)
        .rootCause()
        .hasMessageContaining("an ensemble needs one kind of input");
  }
}
