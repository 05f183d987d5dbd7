package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.data.DataExecutors;
import org.layerbench.app.gui.data.DataViewModel;
import org.layerbench.app.gui.lr.LrSettings;
import org.layerbench.app.gui.lr.LrViewModel;
import org.layerbench.app.gui.service.EngineService;
import org.layerbench.app.gui.train.TrainSettings;
import org.layerbench.app.gui.train.TrainViewModel;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.project.ProjectFile;

/**
 * The Train, Learning-rate and Data workspaces over one project share one set of training settings:
 * the image size set in one is the size the others use, and the file holds it once (issue 21: Train
 * wrote imageSize, the LR workspace size, and each read only its own).
 */
class SharedTrainingSettingsTest {
  @TempDir Path tmp;
  private WorkbenchViewModel vm;
  private EngineService engine;
  private TrainViewModel train;
  private LrViewModel lr;
  private DataViewModel data;

  @BeforeEach
  void setUp() {
    vm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    engine = new EngineService();
    WorkbenchContext context =
        new WorkbenchContext(
            vm, engine, Runnable::run, Runnable::run, tmp.resolve("home"), n -> {});
    train = new TrainViewModel(context);
    lr = new LrViewModel(context);
    data = new DataViewModel(vm, DataExecutors.sameThread());
  }

  @AfterEach
  void tearDown() {
    data.close();
    engine.close();
  }

  @Test
  void theImageSizeSetInOneWorkspaceIsTheSizeOfAll() throws Exception {
    assertThat(train.set("imageSize", "128")).isNull();
    assertThat(lr.sizeProperty().get()).isEqualTo(128);
    assertThat(LrSettings.config(vm.current().training()).imageSize()).isEqualTo(128);
    assertThat(data.trainingSize()).isEqualTo(128);
    assertThat(data.pipelinesProperty().get()).isEqualTo(PipelineFile.standard(128));

    assertThat(lr.setSize(96)).isNull();
    assertThat(train.text("imageSize")).isEqualTo("96");
    assertThat(TrainSettings.config(train.trainingProperty().get()).imageSize()).isEqualTo(96);
    assertThat(data.pipelinesProperty().get()).isEqualTo(PipelineFile.standard(96));

    assertThat(lr.setBatch(32)).isNull();
    assertThat(train.text("batchSize")).isEqualTo("32");

    Path file = tmp.resolve("p.lbproj");
    ProjectFile.write(vm.current(), file);
    var training = new ObjectMapper().readTree(Files.readString(file)).get("training");
    assertThat(training.get("imageSize").asInt()).isEqualTo(96);
    assertThat(training.get("batchSize").asInt()).isEqualTo(32);
    assertThat(training.has("size")).isFalse();
    assertThat(training.has("batch")).isFalse();

    // Undo walks back through the shared settings, one edit at a time.
    vm.commands().undo();
    vm.commands().undo();
    assertThat(lr.sizeProperty().get()).isEqualTo(128);
    assertThat(train.text("imageSize")).isEqualTo("128");
    vm.commands().redo();
    assertThat(data.trainingSize()).isEqualTo(96);
  }
}
