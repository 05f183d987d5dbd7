package org.layerbench.engine.train;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.data.text.Vocabulary;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * Small untrained text bundles for tests, until training on CSV writes real ones: the text-lstm
 * template bound to a tiny vocabulary, PyTorch-default weights from {@code seed}, basic_english.
 */
final class TextBundles {
  private TextBundles() {}

  static final List<String> WORDS =
      List.of("<unk>", "<pad>", "the", "food", "was", "good", "bad", "great", "not", ".", "!");

  /** Writes a text-lstm bundle over {@link #WORDS} with classes {@code labels}. */
  static Path write(Path file, List<String> labels, int maxLength, long seed) throws Exception {
    Engines.ensureStarted();
    ModelGraph graph =
        Templates.find("text-lstm")
            .orElseThrow()
            .create(labels.size(), List.of(maxLength))
            .bindVocabulary(WORDS.size());
    try (NDManager manager = NDManager.newBaseManager();
        Network net = Network.create(GraphAnalysis.of(graph), manager, seed)) {
      ModelBundle.write(
          file,
          new BundleContents(
              graph,
              Weights.toData(net.state()),
              labels,
              new TextPreprocessing(
                  Tokenizer.BASIC_ENGLISH, Vocabulary.of(WORDS), maxLength, Padding.FIXED),
              Map.of(),
              null,
              null));
    }
    return file;
  }
}
