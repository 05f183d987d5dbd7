package org.layerbench.engine.train;

import org.layerbench.engine.data.Preprocessing;
import org.layerbench.engine.data.RunData;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Vocabulary;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;

/**
 * The text half of a run's setup: reads the dataset, builds the vocabulary from the training split
 * (or keeps the one a resumed checkpoint holds: a resume never builds it again), binds the model's
 * {@code num_embeddings} 0 to the vocabulary's size and refuses what cannot fit a text run.
 */
final class TextRunSetup {
  private TextRunSetup() {}

  /** A text run ready to start: its dataset, its data for the loop and the bound model. */
  record Ready(TextDataset dataset, RunData runData, ModelGraph model) {}

  /**
   * Reads {@code files} with the run's split and seed and prepares the run.
   *
   * @param resumed the preprocessing of the checkpoint a run continues from, or null
   * @throws TrainingFailedException with one line: unreadable data, no training rows, a model whose
   *     embedding is smaller than the vocabulary
   */
  static Ready prepare(
      TextFiles files,
      TextSettings settings,
      TrainConfig config,
      ModelGraph model,
      Preprocessing resumed)
      throws TrainingFailedException {
    TextDataset dataset;
    try {
      dataset = files.read(config.valSplit(), config.seed());
    } catch (TextFileException | IllegalArgumentException e) {
      throw new TrainingFailedException(e.getMessage(), e);
    }
    if (dataset.splits().train().isEmpty()) {
      throw new TrainingFailedException("the dataset " + files.train() + " has no training rows");
    }
    Vocabulary vocabulary =
        resumed instanceof TextPreprocessing p
            ? p.vocabulary()
            : RunData.vocabulary(settings, dataset, dataset.splits().train());
    TextPreprocessing preprocessing =
        new TextPreprocessing(
            settings.tokenizer(), vocabulary, settings.maxLength(), settings.padding());
    return new Ready(dataset, RunData.text(preprocessing, dataset), bind(model, vocabulary.size()));
  }

  /**
   * The model with num_embeddings 0 bound to {@code vocabularySize}.
   *
   * @throws TrainingFailedException when an Embedding has fewer rows than the vocabulary has ids
   *     (an id beyond its table would fail mid-run), saying both numbers and the fix
   */
  static ModelGraph bind(ModelGraph model, int vocabularySize) throws TrainingFailedException {
    ModelGraph bound = model.needsVocabulary() ? model.bindVocabulary(vocabularySize) : model;
    for (Node n : bound.nodes()) {
      if (n.type().findParam("num_embeddings").isEmpty()) {
        continue;
      }
      int rows = n.type().args(n.params()).integer("num_embeddings");
      if (rows < vocabularySize) {
        throw new TrainingFailedException(
            n.type().typeName()
                + " '"
                + n.name()
                + "' has num_embeddings "
                + rows
                + " but the vocabulary has "
                + vocabularySize
                + " tokens — limit the vocabulary with --max-tokens "
                + rows
                + ", or set num_embeddings to "
                + vocabularySize
                + " (0 means the vocabulary's size)");
      }
    }
    return bound;
  }

  /** Image-only options on a text dataset are refused with one line. */
  static void refuseImageOptions(boolean transforms, boolean progressiveResizing)
      throws TrainingFailedException {
    if (transforms) {
      throw new TrainingFailedException(
          "augmentation pipelines transform images; a text dataset has none — drop --augment");
    }
    if (progressiveResizing) {
      throw new TrainingFailedException(
          "progressive resizing changes the image size; a text dataset has none — drop"
              + " --resize-at");
    }
  }
}
