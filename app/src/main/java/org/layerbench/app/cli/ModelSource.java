package org.layerbench.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.graph.Templates;

/** Reads {@code --model}: a model JSON file, or a template name sized to the dataset's classes. */
final class ModelSource {
  private ModelSource() {}

  static ModelGraph load(String model, int classes, int size) {
    Path file = Path.of(model);
    if (!Files.exists(file)) {
      var template = Templates.find(model);
      if (template.isPresent()) {
        return template.get().create(classes, List.of(3, size, size));
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
