package org.layerbench.app.gui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds the sample project the workbench opens on first launch: the path in the system property
 * {@code layerbench.sample} (set from {@code LAYERBENCH_SAMPLE} by the {@code ./layerbench}
 * launcher), else the bundled sample copied to the user's folder by {@link BundledSample}. A
 * checkout's launcher opens that copy too, as the installed app does: runs are written next to the
 * project, so opening {@code sample-data/project} in place made training write into the checkout.
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
