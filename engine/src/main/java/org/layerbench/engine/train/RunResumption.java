package org.layerbench.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;

/**
 * Builds the run that continues a run folder ({@link TrainingRun#resume}): data, configuration,
 * pipelines and progressive resizing from run.json, the model and its state from the last
 * checkpoint.
 */
final class RunResumption {
  private RunResumption() {}

  static TrainingRun open(Path runDir, Integer epochs) throws IOException, TrainingFailedException {
    if (Files.isDirectory(runDir)) {
      // A run still writing has no checkpoint yet, or a newer one coming: its writer is the news.
      // The lock itself decides (a pid alone could be a killed writer's, reused); call() takes it
      // again for the run.
      RunLock.acquire(runDir).close();
    }
    Path runJson = runDir.resolve("run.json");
    Path last = runDir.resolve("checkpoints").resolve("last.lbmodel");
    if (!Files.exists(runJson) || !Files.exists(last)) {
      throw new TrainingFailedException(
          runDir + " is not a run folder with a checkpoint (run.json, checkpoints/last.lbmodel)");
    }
    RunManifest manifest;
    TrainConfig config;
    try {
      manifest = RunManifest.read(runJson);
      config = manifest.trainConfig();
    } catch (IOException e) {
      throw new TrainingFailedException(e.getMessage(), e);
    }
    if (manifest.data() == null) {
      throw new TrainingFailedException(runJson + " names no dataset (\"data\")");
    }
    if (epochs != null) {
      config = config.withEpochs(epochs);
    }
    BundleContents checkpoint;
    try {
      checkpoint = ModelBundle.read(last);
    } catch (ModelFormatException e) {
      throw new TrainingFailedException(e.getMessage(), e);
    }
    TrainingRun run;
    if (manifest.text() != null) {
      TextRunJson.Text text;
      try {
        text = TextRunJson.parse(manifest.text());
      } catch (IOException e) {
        throw new TrainingFailedException(runJson + ": " + e.getMessage(), e);
      }
      run =
          TrainingRun.onText(text.files(), text.settings(), checkpoint.model(), config, runDir)
              .continuingFrom(checkpoint);
    } else {
      run =
          new TrainingRun(manifest.data(), checkpoint.model(), config, runDir)
              .continuingFrom(checkpoint);
    }
    try {
      if (manifest.transforms() != null) {
        run.withTransforms(PipelineFile.parse(manifest.transforms().toString()));
      }
      if (manifest.progressiveResizing() != null) {
        run.withProgressiveResizing(manifest.progressiveResizing());
      }
    } catch (IllegalArgumentException e) {
      throw new TrainingFailedException(runJson + ": " + e.getMessage(), e);
    }
    return run;
  }
}
