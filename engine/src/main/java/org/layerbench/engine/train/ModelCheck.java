package org.layerbench.engine.train;

import java.util.List;
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
}
