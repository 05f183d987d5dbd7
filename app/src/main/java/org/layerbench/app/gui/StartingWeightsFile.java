package org.layerbench.app.gui;

import java.nio.file.Path;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.TrainingSettings;

/**
 * Where the project's starting weights file is: the {@code weights} training setting, resolved
 * against the project's folder. Shared by the Train and Learning-rate workspaces (both start from
 * these weights) and by Save As, so it lives here rather than in either workspace.
 */
public final class StartingWeightsFile {
  private StartingWeightsFile() {}

  /**
   * The weight file the project's next run starts from, or null. A file under the project's folder
   * is stored relative to it, so it moves with the project (as the dataset does); any other file is
   * stored as an absolute path.
   */
  public static Path of(Project p) {
    String s = p == null ? null : p.training().weights();
    if (s == null) {
      return null;
    }
    Path stored = Path.of(s);
    if (stored.isAbsolute() || p.file() == null) {
      return stored.toAbsolutePath().normalize();
    }
    return p.file().toAbsolutePath().getParent().resolve(stored).normalize();
  }

  /** The project with this file as the starting weights (null: none). */
  public static Project with(Project p, Path file) {
    return p.withTraining(stored(p.training(), p.file(), file));
  }

  /**
   * The training settings as the project saved at {@code newFile} must write them: a weight file
   * under the project's folder is stored again relative to the new folder, or absolute when it is
   * not under it (Save As into another folder).
   */
  public static TrainingSettings rebased(Project p, Path newFile) {
    Path file = of(p);
    return file == null ? p.training() : stored(p.training(), newFile, file);
  }

  private static TrainingSettings stored(TrainingSettings training, Path projectFile, Path file) {
    if (file == null) {
      return training.withWeights(null);
    }
    Path absolute = file.toAbsolutePath().normalize();
    Path dir = projectFile == null ? null : projectFile.toAbsolutePath().normalize().getParent();
    return training.withWeights(
        dir != null && absolute.startsWith(dir)
            ? dir.relativize(absolute).toString().replace('\\', '/')
            : absolute.toString());
  }
}
