package org.layerbench.app.gui;

import java.nio.file.Path;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.ProjectTextData;

/**
 * A text dataset's separate validation and test files as a project saved elsewhere must write them:
 * like the dataset itself, relative paths are re-relativized to the new project file's folder so
 * they keep pointing at the same files.
 */
final class TextFiles {
  private TextFiles() {}

  static ProjectTextData rebased(Project p, Path newFile) {
    ProjectTextData t = p.text();
    if (t == null || p.file() == null) {
      return t;
    }
    return t.withFiles(rebase(p, t.valData(), newFile), rebase(p, t.testData(), newFile));
  }

  private static String rebase(Project p, String stored, Path newFile) {
    if (stored == null || Path.of(stored).isAbsolute()) {
      return stored;
    }
    Path target = p.resolve(stored).toAbsolutePath().normalize();
    Path dir = newFile.toAbsolutePath().normalize().getParent();
    try {
      return dir.relativize(target).toString().replace('\\', '/');
    } catch (IllegalArgumentException e) {
      return target.toString(); // another drive or root: keep it absolute
    }
  }
}
