package org.layerbench.engine.io.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SequencedMap;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.TensorData;

/**
 * What an export starts from: a model bundle (graph, weights, labels, preprocessing) and, when the
 * bundle lies in a run folder, that run's {@code run.json}; or a model JSON alone (code only).
 *
 * @param file the file exported
 * @param analysis the analysed graph (without errors)
 * @param weights the state_dict, or null for a model JSON without weights
 * @param labels class names in index order (empty without a bundle)
 * @param preprocessing the image preprocessing, or null without a bundle or for a text model
 * @param runDir the run folder holding {@code run.json}, or null
 * @param text the text preprocessing (tokenizer, vocabulary, length) of a text model, else null
 */
public record ExportSource(
    Path file,
    GraphAnalysis analysis,
    SequencedMap<String, TensorData> weights,
    List<String> labels,
    ImagePreprocessing preprocessing,
    Path runDir,
    TextPreprocessing text) {

  public ExportSource {
    labels = List.copyOf(labels);
  }

  public boolean hasWeights() {
    return weights != null;
  }

  public ModelGraph graph() {
    return analysis.graph();
  }

  /** The image preprocessing the exporters reproduce, or null for another modality. */
  private static ImagePreprocessing image(org.layerbench.engine.data.Preprocessing p) {
    return p instanceof ImagePreprocessing image ? image : null;
  }

  /**
   * Reads a bundle ({@code .lbmodel}) or a model JSON.
   *
   * @throws ExportException with one line for anything that cannot be exported
   */
  public static ExportSource load(Path file) throws ExportException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".json")) {
        ModelGraph g = ModelJson.read(file);
        return new ExportSource(file, analyse(g, file), null, List.of(), null, null, null);
      }
      BundleContents b = ModelBundle.read(file);
      Path dir = file.toAbsolutePath().getParent();
      // A run's model.lbmodel sits beside run.json; its checkpoints one folder further down.
      Path runDir = null;
      for (Path d = dir; d != null && runDir == null; d = d.getParent()) {
        if (Files.isRegularFile(d.resolve("run.json"))) {
          runDir = d;
        }
        if (d.equals(dir.getParent())) {
          break;
        }
      }
      return new ExportSource(
          file,
          analyse(b.model(), file),
          b.weights(),
          b.labels(),
          image(b.preprocessing()),
          runDir,
          b.preprocessing() instanceof TextPreprocessing t ? t : null);
    } catch (ModelFormatException e) {
      throw new ExportException(e.getMessage());
    } catch (IOException e) {
      throw new ExportException(file + ": " + e.getMessage());
    }
  }

  private static GraphAnalysis analyse(ModelGraph g, Path file) throws ExportException {
    GraphAnalysis a = GraphAnalysis.of(g);
    if (!a.ok()) {
      throw new ExportException(
          file + ": the model has errors: " + a.problems().getFirst().message());
    }
    return a;
  }
}
