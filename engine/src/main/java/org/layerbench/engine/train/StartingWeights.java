package org.layerbench.engine.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.StateDictFiles;
import org.layerbench.engine.io.TensorData;
import org.layerbench.engine.nn.StateDictLoader;

/**
 * A weight file a run or a sweep starts from (safetensors, a torch.save .pt, or a .lbmodel),
 * matched to the model by name and shape as {@code load_state_dict(strict=False)} does: what does
 * not match keeps its initialisation.
 *
 * @param matched the tensors that fit, by PyTorch name
 * @param description what was loaded, for run.json
 */
record StartingWeights(Map<String, TensorData> matched, String description) {

  /**
   * Reads the file and matches it to the model.
   *
   * @throws TrainingFailedException when the file cannot be read, with the reason
   */
  static StartingWeights from(Path file, GraphAnalysis analysis) throws TrainingFailedException {
    StateDictFiles.Loaded loaded = load(file);
    StateDictLoader.Report report = StateDictLoader.match(analysis, loaded.tensors());
    String description =
        (loaded.note() == null ? "" : loaded.note() + "; ")
            + report.matched().size()
            + " of "
            + analysis.stateDict().size()
            + " tensors loaded; "
            + report.describe();
    return new StartingWeights(report.matched(), description);
  }

  /**
   * Reads a weight file and matches it to the model, with the report of what did not fit.
   *
   * @throws TrainingFailedException when the file cannot be read, with the reason
   */
  static StateDictLoader.Report match(Path file, GraphAnalysis analysis)
      throws TrainingFailedException {
    return StateDictLoader.match(analysis, load(file).tensors());
  }

  /** Reads a weight file (see {@link StateDictFiles#load}). */
  private static StateDictFiles.Loaded load(Path file) throws TrainingFailedException {
    try {
      return StateDictFiles.load(file);
    } catch (IOException | ModelFormatException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new TrainingFailedException(
          "the starting weights cannot be read: "
              + (message.startsWith(file.toString()) ? message : file + ": " + message),
          e);
    }
  }
}
