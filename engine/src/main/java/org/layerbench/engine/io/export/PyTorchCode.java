package org.layerbench.engine.io.export;

import java.util.List;
import java.util.Map;
import org.layerbench.engine.graph.GraphAnalysis;

/**
 * The {@code model.py} of a model graph: the {@code nn.Module} a person would have written for it.
 * Submodules are declared in {@code __init__} under the graph's own names, so {@code state_dict()}
 * has exactly the graph's tensor names; a group whose members form a chain becomes an {@code
 * nn.Sequential} (as torchvision writes {@code features} and {@code layer1}), any other group a
 * class named after its kind ({@code BasicBlock}) whose {@code forward} follows the graph's wiring
 * (Add → {@code +}, Concat → {@code torch.cat}, Flatten → {@code torch.flatten(x, 1)}). Group
 * classes take their submodules as constructor arguments, so one class serves every block of the
 * same wiring whatever its channel counts.
 *
 * <p>What each layer computes is what {@code nn/Network.java} computes, in eval mode, so the
 * exported module gives LayerBench's logits (checked by the export's verification).
 *
 * <p>This is the entry point; the work is in {@link ModelPyWriter} (classes and Sequentials),
 * {@link ForwardCode} (forward bodies), {@link ModuleTree} (members and wiring), {@link
 * PyTorchExpr} (constructor layout), {@link PyTorchModules} (one layer's module) and {@link
 * PyTorchListing} with {@link CodeTags} (the Code tab's line map).
 */
public final class PyTorchCode {
  private PyTorchCode() {}

  /**
   * The source of {@code model.py}.
   *
   * @param header the module docstring's text (what the model is, how to load it), or null
   * @throws ExportException when the graph has errors, or a name cannot be a PyTorch attribute
   */
  public static String modelPy(GraphAnalysis analysis, String header) throws ExportException {
    if (!analysis.ok()) {
      throw new ExportException(
          "the model has errors: " + analysis.problems().getFirst().message());
    }
    return new ModelPyWriter(analysis, new CodeTags(false)).generate(header);
  }

  /**
   * What the Code tab shows: the text of {@code model.py} and, per node id, the (0-based) lines
   * that declare or call it, in {@code __init__} and {@code forward} of every class it appears in.
   *
   * @param text the code; for a valid graph exactly {@link #modelPy}'s text
   * @param lines node id → sorted line numbers (a node inside a group also maps to the lines that
   *     call the group)
   * @param error the sentence of the first error, or null when the graph is valid
   * @param errorLine the first line of the comment holding {@code error}, or -1
   */
  public record Listing(
      String text, Map<String, List<Integer>> lines, String error, int errorLine) {
    public Listing {
      lines = Map.copyOf(lines);
    }
  }

  /**
   * The listing of a graph, never failing: a valid graph gives {@link #modelPy}'s text; a graph
   * with errors gives the code of the layers computed before its first error (in evaluation order)
   * with the error's sentence as a comment where that layer's call would be.
   */
  public static Listing listing(GraphAnalysis analysis, String header) {
    return PyTorchListing.of(analysis, header);
  }

  /** The Python class name of the model: its name in CamelCase ({@code resnet18} → Resnet18). */
  public static String className(String modelName) {
    StringBuilder sb = new StringBuilder();
    for (String part : modelName.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        sb.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    String name = sb.isEmpty() ? "Model" : sb.toString();
    return Character.isDigit(name.charAt(0)) ? "Model" + name : name;
  }
}
