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
 * @param text for a dataset that is a CSV/TSV file of labelled texts: its format, separate files
 *     and text settings; null for a folder dataset (and for a text file read with the detected
 *     format and default settings)
 */
public record Project(
    String name,
    Path file,
    String dataset,
    ModelGraph model,
    TrainingSettings training,
    List<String> runs,
    org.layerbench.engine.data.transform.PipelineFile transforms,
    ProjectTextData text) {

  /** A project without text data settings. */
  public Project(
      String name,
      Path file,
      String dataset,
      ModelGraph model,
      TrainingSettings training,
      List<String> runs,
      org.layerbench.engine.data.transform.PipelineFile transforms) {
    this(name, file, dataset, model, training, runs, transforms, null);
  }

  /** A project with the default transforms. */
  public Project(
      String name,
      Path file,
      String dataset,
      ModelGraph model,
      TrainingSettings training,
      List<String> runs) {
    this(name, file, dataset, model, training, runs, null, null);
  }

  /** A copy with other transform pipelines (null: the default). */
  public Project withTransforms(org.layerbench.engine.data.transform.PipelineFile t) {
    return new Project(name, file, dataset, model, training, runs, t, text);
  }

  public Project withTraining(TrainingSettings newTraining) {
    return new Project(name, file, dataset, model, newTraining, runs, transforms, text);
  }

  public Project withRuns(List<String> newRuns) {
    return new Project(name, file, dataset, model, training, newRuns, transforms, text);
  }

  public Project withDataset(String newDataset) {
    return new Project(name, file, newDataset, model, training, runs, transforms, text);
  }

  /** A copy with other text data settings (null: none). */
  public Project withText(ProjectTextData newText) {
    return new Project(name, file, dataset, model, training, runs, transforms, newText);
  }

  /** A copy with another model graph. */
  public Project withModel(ModelGraph newModel) {
    return new Project(name, file, dataset, newModel, training, runs, transforms, text);
  }

  /** A copy at another file and name, everything else kept (paths are not re-relativized). */
  public Project at(String newName, Path newFile) {
    return new Project(newName, newFile, dataset, model, training, runs, transforms, text);
  }

  /**
   * True when the dataset is a CSV/TSV file of labelled texts: the project has text data settings,
   * or the dataset's name ends in .csv, .tsv or .txt. Decided without touching the disk (the window
   * asks on its FX thread).
   */
  public boolean textDataset() {
    return dataset != null && (text != null || ProjectTextData.hasTextExtension(dataset));
  }

  /**
   * A path the project file writes (the dataset, a validation file), resolved against its folder.
   */
  public Path resolve(String stored) {
    if (stored == null) {
      return null;
    }
    Path base = file == null ? Path.of("") : file.toAbsolutePath().getParent();
    return base.resolve(stored).normalize();
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
