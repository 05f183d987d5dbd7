package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The first launch opens a copy of the sample in the user's folder, from a checkout as from the
 * installed app: runs are written next to the project, never into the checkout.
 */
class SampleProjectTest {
  @TempDir Path tmp;

  @Test
  void theSampleOpensFromACopyInTheUsersFolder() {
    String sample = System.clearProperty(SampleProject.PROPERTY);
    String folder = System.setProperty(BundledSample.FOLDER_PROPERTY, tmp.resolve("s").toString());
    try {
      assertThat(SampleProject.locate()).contains(tmp.resolve("s/sample.lbproj"));
      assertThat(tmp.resolve("s/data/shapes/train")).isDirectory();
    } finally {
      restore(SampleProject.PROPERTY, sample);
      restore(BundledSample.FOLDER_PROPERTY, folder);
    }
  }

  @Test
  void theCheckoutsLauncherDoesNotOpenTheRepositorysSampleInPlace() throws Exception {
    String launcher = Files.readString(Path.of("../layerbench"));
    assertThat(launcher).doesNotContain("sample-data/project/sample.lbproj");
    assertThat(launcher)
        .contains("${LAYERBENCH_SAMPLE:+\"-Dlayerbench.sample=$LAYERBENCH_SAMPLE\"}");
  }

  private static void restore(String key, String value) {
    if (value == null) {
      System.clearProperty(key);
    } else {
      System.setProperty(key, value);
    }
  }
}
