package org.layerbench.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the sample project the workbench opens on first launch: the path in the system property
 * {@code layerbench.sample} (the {@code ./layerbench} launcher sets it to the repository's
 * sample-data), else {@code sample-data/project/sample.lbproj} under the working directory, else
 * the bundled sample copied to the user's home by {@link BundledSample} (the installed app, whose
 * own folder is read-only).
 */
public final class SampleProject {
  public static final String PROPERTY = "layerbench.sample";

  private SampleProject() {}

  /** May copy files (the first start of an installed app): call it off the FX thread. */
  public static Optional<Path> locate() {
    String configured = System.getProperty(PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    Path local = Path.of("sample-data", "project", "sample.lbproj");
    if (Files.isRegularFile(local)) {
      return Optional.of(local);
    }
    Path folder = BundledSample.defaultFolder();
    try {
      return Optional.of(BundledSample.copyTo(folder));
    } catch (IOException e) {
      // The window still opens, on a new project; the reason goes where launch problems go.
      System.err.println(
          "layerbench: could not copy the sample project to " + folder + ": " + e.getMessage());
      return Optional.empty();
    }
  }
}
