package org.layerbench.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.graph.Templates;

/**
 * Reads {@code --model}: a model JSON file, or a template name sized to the dataset's classes and
 * to the dimensions of the samples it will be fed (a {@link
 * org.layerbench.engine.data.SampleLayout}'s, from {@link org.layerbench.engine.data.InputLayouts}
 * or {@code --input}; not assumed here).
 */
final class ModelSource {
  private ModelSource() {}

  static ModelGraph load(String model, int classes, List<Integer> input) {
    Path file = Path.of(model);
    if (!Files.exists(file)) {
      var template = Templates.find(model);
      if (template.isPresent()) {
        return template.get().create(classes, input);
      }
      throw new UserException(
          model
              + ": no such file, and not a template name ("
              + String.join(", ", Templates.names())
              + ")");
    }
    try {
      return ModelJson.read(file);
    } catch (ModelFormatException e) {
      throw new UserException(e.getMessage());
    } catch (IOException e) {
      throw Failures.reading(file, e);
    }
  }
}
