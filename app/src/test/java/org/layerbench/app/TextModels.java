package org.layerbench.app;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.layerbench.engine.data.ImagePreprocessing;
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
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.Engines;

/**
 * Text bundles for app tests until training on CSV writes real ones (the text-lstm template bound
 * to a small vocabulary, untrained PyTorch-default weights); the shared text files are {@link
 * SharedText}'s.
 */
public final class TextModels {
  private TextModels() {}

  /** Words of the UCI review files, so that their texts are partly in the vocabulary. */
  public static final List<String> WORDS =
      List.of(
          "<unk>", "<pad>", ".", "the", "and", "i", "was", "a", "is", "it", "good", "great", "not",
          "food", "bad", "place", "service", "!", "very", "phone");

  /** A text-lstm bundle over {@link #WORDS} with classes {@code labels}, max length 32. */
  public static Path bundle(Path file, List<String> labels, long seed) throws Exception {
    try (EngineThread engine = new EngineThread()) {
      engine
          .submit(
              () -> {
                write(file, labels, seed);
                return null;
              })
          .get();
    }
    return file;
  }

  /** An untrained simplenet image bundle (16×16, imagenet preprocessing), to be given texts. */
  public static Path imageBundle(Path file, List<String> labels) throws Exception {
    try (EngineThread engine = new EngineThread()) {
      engine
          .submit(
              () -> {
                Engines.ensureStarted();
                ModelGraph graph =
                    Templates.find("simplenet")
                        .orElseThrow()
                        .create(labels.size(), List.of(3, 16, 16));
                try (NDManager manager = NDManager.newBaseManager();
                    Network net = Network.create(GraphAnalysis.of(graph), manager, 0)) {
                  ModelBundle.write(
                      file,
                      new BundleContents(
                          graph,
                          Weights.toData(net.state()),
                          labels,
                          ImagePreprocessing.imagenet(16, 16),
                          Map.of(),
                          null,
                          null));
                }
                return null;
              })
          .get();
    }
    return file;
  }

  private static void write(Path file, List<String> labels, long seed) throws Exception {
    Engines.ensureStarted();
    ModelGraph graph =
        Templates.find("text-lstm")
            .orElseThrow()
            .create(labels.size(), List.of(32))
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
                  Tokenizer.BASIC_ENGLISH, Vocabulary.of(WORDS), 32, Padding.FIXED),
              Map.of(),
              null,
              null));
    }
  }
}
