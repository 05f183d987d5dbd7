package org.layerbench.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SequencedMap;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.StateDictFiles;
import org.layerbench.engine.io.TensorData;

/** Reads a state_dict ({@link StateDictFiles}), turning a failure into a one-line user error. */
final class StateDicts {
  private StateDicts() {}

  static SequencedMap<String, TensorData> read(Path file) {
    try {
      return StateDictFiles.read(file);
    } catch (IOException e) {
      throw Failures.reading(file, e);
    } catch (ModelFormatException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new UserException(
          message.startsWith(file.toString()) ? message : file + ": " + message);
    }
  }
}
