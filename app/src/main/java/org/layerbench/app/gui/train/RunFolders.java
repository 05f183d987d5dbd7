package org.layerbench.app.gui.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import org.layerbench.engine.project.Project;

/**
 * Where a new run's folder goes: {@code runs/<name>} next to a saved project (listed relative, so
 * the project folder can move), or {@code <home>/runs/<name>} for a project not saved yet (listed
 * absolute). The name is the one given, made safe for a file name, or the start time; a name taken
 * by a folder or a listed run gets {@code -2}, {@code -3}, ...
 */
final class RunFolders {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private RunFolders() {}

  /** A run's list entry and its folder. */
  record NewRun(String entry, Path dir) {}

  static NewRun next(Project project, Path home, String requestedName, LocalDateTime now) {
    String base = safeName(requestedName);
    if (base.isEmpty()) {
      base = STAMP.format(now);
    }
    boolean saved = project.file() != null;
    Path parent =
        saved
            ? project.file().toAbsolutePath().getParent().resolve("runs")
            : home.toAbsolutePath().resolve("runs");
    Collection<String> listed = project.runs();
    for (int i = 1; ; i++) {
      String name = i == 1 ? base : base + "-" + i;
      Path dir = parent.resolve(name).normalize();
      String entry = saved ? "runs/" + name : dir.toString();
      if (!Files.exists(dir) && !listed.contains(entry)) {
        return new NewRun(entry, dir);
      }
    }
  }

  /** Letters, digits, dot, dash and underscore; anything else becomes a dash. */
  static String safeName(String name) {
    if (name == null) {
      return "";
    }
    String s = name.strip().replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[.-]+|-+$", "");
    return s.length() > 80 ? s.substring(0, 80) : s;
  }
}
