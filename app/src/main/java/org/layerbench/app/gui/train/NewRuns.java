package org.layerbench.app.gui.train;

import java.nio.file.Path;
import org.layerbench.app.gui.ProjectText;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.train.TrainConfig;
import org.layerbench.engine.train.TrainingRun;

/**
 * The one place that chooses what kind of run Start makes of a project: a text run ({@link
 * TrainingRun#onText}) when its dataset is a CSV/TSV file of labelled texts, an image run with its
 * transforms and progressive resizing otherwise. Continue needs no choice: run.json says which.
 */
final class NewRuns {
  private NewRuns() {}

  /**
   * How the engine thread makes the new run in {@code dir}: an image run is built here (its
   * settings checked now), a text run there (detecting the file's format reads it).
   *
   * @param weights the file the run's weights start from, or null
   * @throws IllegalArgumentException when the image settings make no run (a reason)
   */
  static RunSession.Preparation of(Project p, TrainConfig config, Path dir, Path weights) {
    if (p.textDataset()) {
      return () -> {
        TrainingRun r =
            TrainingRun.onText(
                ProjectText.files(p), ProjectText.settings(p), p.model(), config, dir);
        if (weights != null) {
          r.startFrom(weights);
        }
        return r;
      };
    }
    TrainingRun r = new TrainingRun(p.datasetDir(), p.model(), config, dir);
    if (p.transforms() != null) {
      r.withTransforms(p.transforms());
    }
    var sizes = TrainSettings.progressiveResizing(p.training());
    if (!sizes.isEmpty()) {
      r.withProgressiveResizing(sizes);
    }
    if (weights != null) {
      r.startFrom(weights);
    }
    return () -> r;
  }
}
