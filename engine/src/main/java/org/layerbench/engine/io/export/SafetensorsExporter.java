package org.layerbench.engine.io.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.layerbench.engine.io.Safetensors;

/** The weights alone, as safetensors under their PyTorch state_dict names. */
final class SafetensorsExporter implements Exporter {
  static final String FILE = "model.safetensors";

  @Override
  public String id() {
    return "safetensors";
  }

  @Override
  public String displayName() {
    return "safetensors weights";
  }

  @Override
  public boolean needsWeights() {
    return true;
  }

  @Override
  public List<String> write(ExportSource source, Path dir) throws IOException {
    Safetensors.write(
        dir.resolve(FILE), source.weights(), Map.of("format", "pt", "producer", "LayerBench"));
    return List.of(FILE);
  }

  @Override
  public List<Verification> verify(ExportSource source, Path dir, ReferenceInputs inputs)
      throws IOException {
    var back = Safetensors.read(dir.resolve(FILE)).tensors();
    String how = "read back by LayerBench's safetensors reader";
    return List.of(
        StateDictCheck.sameTensors(source.weights(), back)
            .map(why -> Verification.failed(FILE, how, null, why))
            .orElse(Verification.passed(FILE, how + ": bitwise equal", null)));
  }

  @Override
  public String readme(ExportSource source) {
    return """
        ## model.safetensors

        The weights alone, under PyTorch's state_dict names, for `safetensors.torch.load_file`:

        ```python
        from safetensors.torch import load_file
        model.load_state_dict(load_file("model.safetensors"))
        ```
        """;
  }
}
