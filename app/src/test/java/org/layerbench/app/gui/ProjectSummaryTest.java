package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.Shape;

/** The bundled sample project opens, its model is valid and its dataset is where it says. */
class ProjectSummaryTest {

  static Path sample() {
    // Tests run in app/; the sample lives in the sibling module.
    return Path.of("..", "sample-data", "project", "sample.lbproj");
  }

  @Test
  void sampleProjectLoadsWithAValidModelAndItsDataset() throws Exception {
    ProjectSummary s = ProjectSummary.load(sample());
    assertThat(s.analysis().problems()).isEmpty();
    assertThat(s.analysis().output()).contains(Shape.of(3));
    assertThat(s.classes()).containsExactly("circle", "square", "triangle");
    assertThat(s.datasetCounts().get("train"))
        .isEqualTo(Map.of("circle", 150, "square", 150, "triangle", 150));
    assertThat(s.datasetCounts().get("val"))
        .isEqualTo(Map.of("circle", 50, "square", 50, "triangle", 50));
  }

  @Test
  void countsSkipHiddenAndNonImageFilesAndEmptyClasses(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("cat/nested"));
    Files.createDirectories(dir.resolve("dog"));
    Files.createDirectories(dir.resolve("empty"));
    Files.write(dir.resolve("cat/a.PNG"), new byte[] {1});
    Files.write(dir.resolve("cat/nested/b.jpg"), new byte[] {1});
    Files.write(dir.resolve("cat/.hidden.png"), new byte[] {1});
    Files.write(dir.resolve("cat/notes.txt"), new byte[] {1});
    Files.write(dir.resolve("dog/c.jpeg"), new byte[] {1});
    assertThat(ProjectSummary.countImages(dir))
        .isEqualTo(Map.of("all", Map.of("cat", 2, "dog", 1)));
  }
}
