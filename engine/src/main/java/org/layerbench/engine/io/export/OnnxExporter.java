package org.layerbench.engine.io.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code model.onnx}: opset 17, input {@code input} with a dynamic batch (and for a model whose
 * recurrent layers honour sequence lengths, dynamic steps and a second input {@code lengths}),
 * output {@code logits}.
 */
final class OnnxExporter implements Exporter {
  static final String FILE = "model.onnx";

  @Override
  public String id() {
    return "onnx";
  }

  @Override
  public String displayName() {
    return "ONNX";
  }

  @Override
  public boolean needsWeights() {
    return true;
  }

  @Override
  public List<String> write(ExportSource source, Path dir) throws ExportException {
    OnnxModelWriter.write(source.analysis(), source.weights(), dir.resolve(FILE));
    return List.of(FILE);
  }

  @Override
  public List<Verification> verify(ExportSource source, Path dir, ReferenceInputs inputs)
      throws IOException {
    List<Verification> checks = new ArrayList<>();
    String how = "ONNX Runtime " + ortVersion();
    try {
      float[][] logits =
          OnnxRuntimeCheck.run(dir.resolve(FILE), inputs.data(), inputs.shape(), inputs.lengths());
      checks.add(Verification.compared(FILE, how, Logits.compare(inputs.logits(), logits)));
    } catch (ExportException e) {
      checks.add(Verification.failed(FILE, how, null, e.getMessage()));
    }
    checks.add(checker(dir));
    return checks;
  }

  /** onnx's own checker with full_check (shape inference included), where Python has onnx. */
  private static Verification checker(Path dir) throws IOException {
    String how = "onnx.checker.check_model(full_check=True)";
    Python.Lookup lookup = Python.find();
    if (lookup.python().isEmpty()) {
      return Verification.skipped(FILE, how, lookup.whyNot());
    }
    Python python = lookup.python().get();
    if (!python.imports("onnx")) {
      return Verification.skipped(FILE, how, python.executable() + " has no onnx module");
    }
    Python.Result r =
        python.run(
            dir,
            Duration.ofMinutes(5),
            "-c",
            "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True);"
                + " print(onnx.__version__)",
            dir.resolve(FILE).toAbsolutePath().toString());
    if (!r.ok()) {
      return Verification.failed(FILE, how, null, PyTorchExporter.lastLine(r.stderr()));
    }
    return Verification.passed(FILE, how + " in onnx " + r.stdout().strip(), null);
  }

  private static String ortVersion() {
    try {
      return ai.onnxruntime.OrtEnvironment.getEnvironment().getVersion();
    } catch (RuntimeException | LinkageError e) {
      return "";
    }
  }

  @Override
  public String readme(ExportSource source) {
    if (OnnxModelWriter.takesLengths(source.analysis())) {
      return """
          ## ONNX: model.onnx

          Opset 17, two inputs: `input`, token ids of shape [batch, steps] (int64; batch and steps
          are free), and `lengths`, each sequence's real length (int64 [batch]); the recurrent
          layers stop at each sequence's end (their `sequence_lens`). One output `logits`. With
          ONNX Runtime:

          ```python
          import numpy as np
          import onnxruntime as ort

          session = ort.InferenceSession("model.onnx")
          logits = session.run(["logits"], {"input": ids.astype(np.int64),
                                            "lengths": lengths.astype(np.int64)})[0]
          ```

          `ids` are padded with 1 (`<pad>`) after each text's end; `predict.py`'s `encode`
          makes them.
          """;
    }
    var input = source.graph().inputNode().orElseThrow();
    List<Integer> shape = input.type().args(input.params()).intList("shape");
    String dims = String.join(", ", shape.stream().map(String::valueOf).toList());
    return """
        ## ONNX: model.onnx

        Opset 17, one input `input` of shape [batch, %s] (the batch size is free), one output
        `logits`. With ONNX Runtime:

        ```python
        import numpy as np
        import onnxruntime as ort

        session = ort.InferenceSession("model.onnx")
        logits = session.run(["logits"], {"input": batch.astype(np.float32)})[0]
        ```

        `batch` is preprocessed as `predict.py` does it.
        """
        .formatted(dims);
  }
}
