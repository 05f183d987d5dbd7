package org.layerbench.engine.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SequencedMap;
import org.layerbench.engine.graph.ModelFormatException;

/**
 * Reads a state_dict from any of the weight files LayerBench accepts, chosen by extension: a {@code
 * torch.save} {@code .pt}/{@code .pth} (restricted unpickler, {@link TorchPickle}), a model bundle
 * {@code .lbmodel} (its weights), or safetensors (anything else). The CLI's {@code --weights} and
 * {@code import-weights} and the workbench's File → Import Weights read through it.
 */
public final class StateDictFiles {
  private StateDictFiles() {}

  /** The extensions a file chooser offers, as {@code *.ext} patterns. */
  public static final java.util.List<String> PATTERNS =
      java.util.List.of("*.safetensors", "*.pt", "*.pth", "*.lbmodel");

  /**
   * The file's tensors by PyTorch name, in the file's order.
   *
   * @throws IOException when it cannot be read
   * @throws ModelFormatException when it is not a weight file of its kind (the message names it)
   */
  public static SequencedMap<String, TensorData> read(Path file)
      throws IOException, ModelFormatException {
    return load(file).tensors();
  }

  /**
   * A weight file's tensors, and what a person should be told about how they were found.
   *
   * @param note null, or one line to print (with the file's name before it): a {@code .pt} that
   *     held a training checkpoint rather than a bare state_dict says which entry was read
   */
  public record Loaded(SequencedMap<String, TensorData> tensors, String note) {}

  /** As {@link #read}, with the note callers print (see {@link Loaded#note}). */
  public static Loaded load(Path file) throws IOException, ModelFormatException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".pt") || name.endsWith(".pth")) {
      TorchPickle.Contents c = TorchPickle.load(file);
      return new Loaded(c.tensors(), c.note());
    }
    if (name.endsWith(".lbmodel")) {
      return new Loaded(ModelBundle.read(file).weights(), null);
    }
    return new Loaded(Safetensors.read(file).tensors(), null);
  }
}
