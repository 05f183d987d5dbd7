package org.layerbench.engine.io.export;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.io.AtomicFiles;

/**
 * {@code train_lightning.py} beside {@code model.py}, {@code state_dict.pt} and {@code
 * labels.json}: the run's training as a LightningModule and LightningDataModule, to continue on
 * many GPUs and nodes ({@link LightningScript}).
 */
final class LightningExporter implements Exporter {
  @Override
  public String id() {
    return "lightning";
  }

  @Override
  public String displayName() {
    return "Lightning training script";
  }

  @Override
  public boolean needsWeights() {
    return true;
  }

  @Override
  public String unsupported(ExportSource source) {
    return source.text() == null
        ? null
        : "the Lightning export does not cover text models yet: its script would need to read the"
            + " CSV/TSV file with the run's tokenizer and vocabulary; export --format pytorch,"
            + " onnx or safetensors";
  }

  @Override
  public List<String> write(ExportSource source, Path dir) throws IOException, ExportException {
    String refused = unsupported(source);
    if (refused != null) {
      throw new ExportException(refused);
    }
    RunSettings run =
        source.runDir() == null ? RunSettings.defaults() : RunSettings.read(source.runDir());
    String script = LightningScript.generate(run, source.preprocessing());
    List<String> files = new ArrayList<>(PyTorchExporter.writeModel(source, dir));
    files.addAll(PyTorchExporter.writeWeights(source, dir));
    AtomicFiles.writeString(dir.resolve(LightningScript.FILE_NAME), script);
    files.add(LightningScript.FILE_NAME);
    return files;
  }

  @Override
  public List<Verification> verify(ExportSource source, Path dir, ReferenceInputs inputs)
      throws IOException {
    List<Verification> checks = new ArrayList<>();
    checks.add(PyTorchExporter.torchCheck(source, dir, inputs));
    String file = LightningScript.FILE_NAME;
    String how = "compiled and imported (its torch parts; Lightning itself is not run here)";
    Python.Lookup lookup = Python.find();
    if (lookup.python().isEmpty()) {
      checks.add(Verification.skipped(file, how, lookup.whyNot()));
      return checks;
    }
    Python python = lookup.python().get();
    if (!python.imports("torchvision")) {
      checks.add(Verification.skipped(file, how, python.executable() + " has no torchvision"));
      return checks;
    }
    Python.Result r =
        python.run(
            dir,
            Duration.ofMinutes(5),
            "-c",
            "import sys; sys.path.insert(0, '.'); sys.dont_write_bytecode = True;"
                + " import train_lightning",
            dir.toString());
    checks.add(
        r.ok()
            ? Verification.passed(file, how, null)
            : Verification.failed(file, how, null, PyTorchExporter.lastLine(r.stderr())));
    return checks;
  }

  @Override
  public String readme(ExportSource source) {
    return LightningScript.readmeSection();
  }
}
