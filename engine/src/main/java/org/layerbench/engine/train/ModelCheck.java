package org.layerbench.engine.train;

import java.util.List;
import org.layerbench.engine.data.DType;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Shape;

/** Whether a model can train on a dataset: it infers cleanly and outputs one value per class. */
final class ModelCheck {
  private ModelCheck() {}

  /**
   * The model's analysis for samples of this layout.
   *
   * @throws TrainingFailedException when the model has errors or the wrong number of outputs,
   *     saying how to fix it
   */
  static GraphAnalysis checked(ModelGraph model, DatasetSplits data, SampleLayout layout)
      throws TrainingFailedException {
    checkInputKind(model, layout);
    GraphAnalysis analysis = GraphAnalysis.of(model.withInputShape(layout.dims()));
    if (!analysis.ok()) {
      throw new TrainingFailedException(
          "the model has errors: " + analysis.problems().get(0).message());
    }
    List<Integer> out = analysis.output().map(Shape::dims).orElse(List.of());
    if (out.size() != 1 || out.get(0) != data.classes().size()) {
      throw new TrainingFailedException(
          "the model outputs "
              + analysis.output().map(Object::toString).orElse("?")
              + " values but the dataset has "
              + data.classes().size()
              + " classes — set the last layer's out_features to "
              + data.classes().size());
    }
    return analysis;
  }

  /**
   * Texts are int64 token ids for an Embedding (GraphAnalysis checks that only an Embedding reads
   * an int64 Input), images float32 values: a model built for one cannot train on the other.
   */
  private static void checkInputKind(ModelGraph model, SampleLayout layout)
      throws TrainingFailedException {
    boolean texts = layout.dtype() == DType.INT64;
    boolean takesIds = "int64".equals(model.inputDtype());
    if (texts && !takesIds) {
      throw new TrainingFailedException(
          "the dataset holds texts (int64 token ids) but the model's Input takes "
              + model.inputDtype()
              + " values — start from a text template (text-lstm, text-bilstm, text-gru) or give"
              + " the Input dtype int64 and an Embedding after it");
    }
    if (!texts && takesIds) {
      throw new TrainingFailedException(
          "the model takes int64 token ids (a text model) but the dataset holds "
              + layout.dtype().id()
              + " samples (images) — train it on a CSV/TSV file of labelled texts");
    }
  }
}
