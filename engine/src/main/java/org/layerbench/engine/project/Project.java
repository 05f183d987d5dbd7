package org.layerbench.engine.project;

import java.nio.file.Path;
import java.util.List;
import org.layerbench.engine.graph.ModelGraph;

/**
 * A LayerBench project: a dataset reference, the model graph, the training settings and the runs
 * made so far. Stored as one versioned JSON file ({@code *.lbproj}, see {@link ProjectFile}).
 *
 * @param name shown in the window title
 * @param file where it was read from or last saved (null for a new, unsaved project)
 * @param dataset the dataset folder as written in the file, relative to the project file's folder
 * @param model the model graph
 * @param training the training settings (never null; {@link TrainingSettings#DEFAULTS} when the
 *     file has none)
 * @param runs names of run folders, oldest first
 * @param transforms the train and validation transform pipelines, or null for the default (resize
 *     to the training size, ImageNet normalization)
 */
public record Project(
    String name,
    Path file,
    String dataset,
    ModelGraph model,
    TrainingSettings training,
    List<String> runs,
    org.layerbench.engine.data.transform.PipelineFile transforms) {

  /** A project with the default transforms. */
  public Project(
      String name,
      Path file,
      String dataset,
      ModelGraph model,
      TrainingSettings training,
      List<String> runs) {
    this(name, file, dataset, model, training, runs, null);
  }

  /** A copy with other transform pipelines (null: the default). */
  public Project withTransforms(org.layerbench.engine.data.transform.PipelineFile t) {
    return new Project(name, file, dataset, model, training, runs, t);
  }

  public Project withTraining(TrainingSettings newTraining) {
    return new Project(name, file, dataset, model, newTraining, runs, transforms);
  }

  public Project withRuns(List<String> newRuns) {
    return new Project(name, file, dataset, model, training, newRuns, transforms);
  }

  public Project withDataset(String newDataset) {
    return new Project(name, file, newDataset, model, training, runs, transforms);
  }

  /**
   * A run folder as listed in {@link #runs()}: relative paths are resolved against the project
   * file's folder (or the working directory for an unsaved project), absolute ones kept.
   */
  public Path runDir(String run) {
    Path p = Path.of(run);
    if (p.isAbsolute()) {
      return p.normalize();
    }
    Path base = file == null ? Path.of("") : file.toAbsolutePath().getParent();
    return base.resolve(p).normalize();
  }

  public Project {
    training = training == null ? TrainingSettings.DEFAULTS : training;
    runs = List.copyOf(runs);
  }

  /** The dataset folder resolved against the project file's folder. */
  public Path datasetDir() {
    if (dataset == null) {
      return null;
    }
    Path base = file == null ? Path.of("") : file.toAbsolutePath().getParent();
    return base.resolve(dataset).normalize();
  }
}
