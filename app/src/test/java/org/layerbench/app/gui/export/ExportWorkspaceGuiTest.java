package org.layerbench.app.gui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.SampleRuns;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.engine.io.export.Export;
import org.layerbench.engine.io.export.Verification;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Export workspace in the real window (TestFX, headless Monocle): File → Export… opens it on
 * the project's newest run (trained on the sample for the test), Export writes every format into
 * the run's export/ folder on the engine thread, and the window lists the files and the checks.
 */
@ExtendWith(ApplicationExtension.class)
class ExportWorkspaceGuiTest {
  private static List<Path> runs;
  private final ExecutorService io = Executors.newSingleThreadExecutor();
  @TempDir Path tmp;
  private WorkbenchViewModel vm;
  private WorkbenchView view;

  @BeforeAll
  static void train() throws Exception {
    runs = SampleRuns.two();
  }

  @Start
  void start(Stage stage) {
    vm = new WorkbenchViewModel(io, Runnable::run, Platform::runLater, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.newProject();
    vm.editProject(
        "Add runs",
        p ->
            p.withDataset(SampleRuns.DATA.toString())
                .withRuns(runs.stream().map(Path::toString).toList()));
  }

  @AfterEach
  void stopIo() {
    io.shutdownNow();
  }

  static void waitFor(BooleanSupplier condition) throws Exception {
    WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, condition::getAsBoolean);
    WaitForAsyncUtils.waitForFxEvents();
  }

  private ExportViewModel openFromTheFileMenu(FxRobot robot) {
    robot.clickOn("#menu-bar .menu:first-child"); // File
    robot.clickOn("Export…");
    WaitForAsyncUtils.waitForFxEvents();
    ExportWorkspace ws = robot.lookup("#export-workspace").queryAs(ExportWorkspace.class);
    assertThat(ws.isVisible()).isTrue();
    return ws.viewModel();
  }

  @Test
  void exportsATrainedRunFromTheWindowAndShowsTheFilesAndTheirChecks(FxRobot robot)
      throws Exception {
    ExportViewModel evm = openFromTheFileMenu(robot);
    waitFor(() -> evm.runProperty().get() != null);
    assertThat(evm.runProperty().get().name()).isEqualTo("run-2"); // the newest
    Path target = runs.get(1).resolve("export");
    assertThat(robot.lookup("#export-target").queryAs(Label.class).getText())
        .isEqualTo(target.toString());
    for (String id : List.of("pytorch", "onnx", "lightning", "safetensors")) {
      CheckBox c = robot.lookup("#export-format-" + id).queryAs(CheckBox.class);
      assertThat(c.isSelected()).as(id).isTrue();
      assertThat(c.isDisabled()).as(id).isFalse();
    }

    robot.clickOn("#export-button");
    assertThat(evm.runningProperty().get()).isTrue();
    waitFor(() -> !evm.runningProperty().get());
    assertThat(evm.failureProperty().get()).isNull();
    Export.Result r = evm.doneProperty().get().result();
    for (String f :
        List.of(
            "model.py",
            "state_dict.pt",
            "labels.json",
            "predict.py",
            "model.onnx",
            "train_lightning.py",
            "model.safetensors",
            "README.md",
            "export.json")) {
      assertThat(target.resolve(f)).as(f).isNotEmptyFile();
    }
    TableView<Export.WrittenFile> files = robot.lookup("#export-files").queryTableView();
    assertThat(files.getItems()).hasSize(9);
    assertThat(files.getItems())
        .allSatisfy(f -> assertThat(Files.size(target.resolve(f.name()))).isEqualTo(f.bytes()));

    TableView<Verification> checks = robot.lookup("#export-checks").queryTableView();
    assertThat(checks.getItems()).isNotEmpty().isEqualTo(r.checks());
    assertThat(checks.getItems()).noneMatch(v -> v.status() == Verification.Status.FAILED);
    // ONNX Runtime is LayerBench's own dependency: that check runs everywhere and passes
    Verification onnx =
        checks.getItems().stream()
            .filter(v -> v.file().equals("model.onnx"))
            .findFirst()
            .orElseThrow();
    assertThat(onnx.status()).isEqualTo(Verification.Status.PASSED);
    assertThat(onnx.maxAbsDiff()).isLessThanOrEqualTo(1e-4);
    assertThat(robot.lookup("#export-checks .check-passed").queryAll()).isNotEmpty();
    assertThat(robot.lookup("#export-result-title").queryAs(Label.class).getText())
        .isEqualTo("Exported run-2 to " + target);
    assertThat(robot.lookup("#export-commands").queryAs(TextArea.class).getText())
        .startsWith("cd " + target + "\npython predict.py IMAGE... --top 3\n")
        .contains("torchrun --nproc_per_node N train_lightning.py --data " + SampleRuns.DATA);
  }

  @Test
  void theCurrentModelExportsAsCodeOnly(FxRobot robot) throws Exception {
    ExportViewModel evm = openFromTheFileMenu(robot);
    robot.clickOn("#export-from-model");
    assertThat(robot.lookup("#export-format-onnx").queryAs(CheckBox.class).isDisabled()).isTrue();
    assertThat(robot.lookup("#export-format-pytorch").queryAs(CheckBox.class).isDisabled())
        .isFalse();
    Path target = tmp.resolve("code");
    robot.interact(() -> evm.targetOverrideProperty().set(target));
    robot.clickOn("#export-button");
    waitFor(() -> !evm.runningProperty().get());
    assertThat(evm.failureProperty().get()).isNull();
    assertThat(target.resolve("model.py")).isNotEmptyFile();
    assertThat(target.resolve("state_dict.pt")).doesNotExist();
    assertThat(robot.lookup("#export-result-title").queryAs(Label.class).getText())
        .isEqualTo("Exported the current model (code only) to " + target);
  }
}
