package org.layerbench.app.gui;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the bundled sample project the workbench opens on first launch: the path in the system
 * property {@code layerbench.sample} (the {@code layerbench} launcher sets it to the repository's
 * sample-data), else {@code sample-data/project/sample.lbproj} under the working directory.
 */
public final class SampleProject {
  public static final String PROPERTY = "layerbench.sample";

  private SampleProject() {}

  public static Optional<Path> locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    Path local = Path.of("sample-data", "project", "sample.lbproj");
    return Files.isRegularFile(local) ? Optional.of(local) : Optional.empty();
  }
}
