package org.layerbench.engine.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.Templates;

class ProjectFileTest {

  private static final Path SAMPLE = Path.of("../sample-data/project/sample.lbproj");

  @Test
  void theSampleProjectCarriesItsTransforms() throws Exception {
    Project p = ProjectFile.read(SAMPLE);
    assertThat(p.transforms()).isNotNull();
    assertThat(p.transforms().train().random()).isTrue();
    assertThat(p.transforms().val().random()).isFalse();
    assertThat(p.transforms())
        .isEqualTo(PipelineFile.read(Path.of("../sample-data/project/augment.json")));
  }

  @Test
  void transformsRoundTripAndAreOptional(@TempDir Path dir) throws Exception {
    var model = Templates.find("smallcnn").orElseThrow().create(3, List.of(3, 32, 32));
    PipelineFile t =
        new PipelineFile(
            Pipeline.of(
                Step.of(TransformType.RANDOM_CROP, "size", 32, "padding", 4),
                Step.of(TransformType.RANDOM_HORIZONTAL_FLIP)),
            Pipeline.standard(32));
    Project with =
        new Project(
            "p", null, "data", model, TrainingSettings.DEFAULTS.with("epochs", 3), List.of(), t);
    Path file = dir.resolve("p.lbproj");
    ProjectFile.write(with, file);
    assertThat(ProjectFile.read(file).transforms()).isEqualTo(t);
    ProjectFile.write(with.withTransforms(null), file);
    assertThat(Files.readString(file)).doesNotContain("transforms");
    assertThat(ProjectFile.read(file).transforms()).isNull();
  }

  /**
   * A pipeline still being edited into shape (a bad value, Normalize before ToTensor) is saved and
   * opens again as it was: the editor shows the error on the step, and training refuses it.
   */
  @Test
  void aProjectWithAnUnfinishedPipelineOpensAgain(@TempDir Path dir) throws Exception {
    String text =
        Files.readString(SAMPLE).replace("\"brightness\": 0.2", "\"brightness\": \"bright\"");
    assertThat(text).contains("\"bright\"");
    Path file = dir.resolve("unfinished.lbproj");
    Files.writeString(file, text);
    Project p = ProjectFile.read(file);
    assertThat(p.transforms().train().steps().get(3).params().get("brightness"))
        .isEqualTo("bright");
    assertThatThrownBy(() -> p.transforms().train().compile())
        .hasMessageStartingWith("step 4 (ColorJitter): brightness");
    ProjectFile.write(p, dir.resolve("again.lbproj"));
    assertThat(ProjectFile.read(dir.resolve("again.lbproj")).transforms())
        .isEqualTo(p.transforms());
  }

  @Test
  void anUnknownStepTypeNamesTheFileAndTheStep(@TempDir Path dir) throws Exception {
    String text =
        Files.readString(SAMPLE).replace("\"type\": \"ColorJitter\"", "\"type\": \"Jitter\"");
    Path file = dir.resolve("bad.lbproj");
    Files.writeString(file, text);
    assertThatThrownBy(() -> ProjectFile.read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith(file + ": transforms: train step 4: unknown transform 'Jitter'");
  }
}
