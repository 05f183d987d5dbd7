package org.layerbench.app.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SequencedMap;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.Safetensors;
import org.layerbench.engine.io.TensorData;
import org.layerbench.engine.io.TorchPickle;

/** Reads a state_dict from safetensors, a torch.save .pt/.pth (restricted), or a bundle. */
final class StateDicts {
  private StateDicts() {}

  static SequencedMap<String, TensorData> read(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      if (name.endsWith(".pt") || name.endsWith(".pth")) {
        return TorchPickle.read(file);
      }
      if (name.endsWith(".lbmodel")) {
        return ModelBundle.read(file).weights();
      }
      return Safetensors.read(file).tensors();
    } catch (IOException | ModelFormatException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new UserException(
          message.startsWith(file.toString()) ? message : file + ": " + message);
    }
  }
}
