package org.layerbench.app.gui.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.SampleRuns;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.engine.train.Evaluation;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Evaluate workspace in the real window (TestFX, headless Monocle) on real runs trained on the
 * sample: the run picker lists them, Evaluate runs on the engine thread, the heat map and table
 * show the result, and clicking a cell shows exactly that cell's images, worst first.
 */
@ExtendWith(ApplicationExtension.class)
class EvaluateWorkspaceGuiTest {
  private static List<Path> runs;
  private final ExecutorService io = Executors.newSingleThreadExecutor();
  private WorkbenchViewModel vm;
  private WorkbenchView view;
  private EvaluateWorkspace workspace;

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
    view.showWorkspace("Evaluate");
    workspace = (EvaluateWorkspace) stage.getScene().lookup("#evaluate-workspace");
  }

  @AfterEach
  void stopIo() {
    io.shutdownNow();
  }

  static void waitFor(BooleanSupplier condition) throws Exception {
    WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, condition::getAsBoolean);
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void evaluatesARunAndAClickedCellShowsThoseImages(FxRobot robot) throws Exception {
    EvaluateViewModel evm = workspace.viewModel();
    ComboBox<RunEntry> picker = robot.lookup("#evaluate-run").queryComboBox();
    waitFor(() -> picker.getItems().size() == 2 && picker.getValue() != null);
    assertThat(picker.getItems())
        .extracting(RunEntry::name, RunEntry::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("run-1", "finished"),
            org.assertj.core.groups.Tuple.tuple("run-2", "finished"));
    assertThat(picker.getItems()).allSatisfy(e -> assertThat(e.bestAccuracy()).isNotNull());
    assertThat(picker.getValue().name()).isEqualTo("run-2"); // the newest
    assertThat(robot.lookup("#evaluate-data").queryAs(Label.class).getText())
        .isEqualTo(SampleRuns.DATA.toString());

    robot.clickOn("#evaluate-run-button");
    waitFor(() -> evm.resultProperty().get() != null);
    Evaluation e = evm.resultProperty().get().evaluation();
    assertThat(e.samples()).hasSize(150);
    assertThat(e.classes()).containsExactly("circle", "square", "triangle");
    assertThat(robot.lookup("#eval-images").queryAs(Label.class).getText()).isEqualTo("150");
    assertThat(robot.lookup("#eval-accuracy").queryAs(Label.class).getText())
        .isEqualTo(String.format(java.util.Locale.ROOT, "%.1f %%", 100 * e.accuracy()));
    TableView<?> table = robot.lookup("#class-metrics").queryTableView();
    assertThat(table.getItems()).hasSize(4); // three classes and the macro average

    // the heat map: one cell per (true, predicted) pair showing its count
    int worstRow = 0;
    int worstCol = 0;
    int worst = -1;
    for (int r = 0; r < 3; r++) {
      for (int c = 0; c < 3; c++) {
        Node cell = robot.lookup("#cm-cell-" + r + "-" + c).query();
        Label count = robot.from(cell).lookup(".cm-count").queryAs(Label.class);
        assertThat(count.getText()).isEqualTo(Integer.toString(e.confusion()[r][c]));
        if (r != c && e.confusion()[r][c] > worst) {
          worst = e.confusion()[r][c];
          worstRow = r;
          worstCol = c;
        }
      }
    }
    if (worst <= 0) { // a perfect model: show the diagonal's first cell instead
      worstRow = 0;
      worstCol = 0;
    }
    int n = e.confusion()[worstRow][worstCol];

    robot.clickOn("#cm-cell-" + worstRow + "-" + worstCol);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(evm.cellProperty().get()).isEqualTo(new EvaluateViewModel.Cell(worstRow, worstCol));
    TabPane tabs = robot.lookup("#evaluate-galleries").queryAs(TabPane.class);
    Tab selected = tabs.getSelectionModel().getSelectedItem();
    assertThat(selected.getId()).isEqualTo("tab-cell");
    assertThat(selected.getText())
        .isEqualTo(
            "True "
                + e.classes().get(worstRow)
                + " → predicted "
                + e.classes().get(worstCol)
                + " ("
                + n
                + ")");
    List<Node> tiles = workspace.cellGallery().tiles();
    assertThat(tiles).hasSize(Math.min(n, SampleGallery.LIMIT));
    List<Evaluation.SampleResult> expected = EvaluateViewModel.cellSamples(e, worstRow, worstCol);
    assertThat(expected).isSortedAccordingTo((a, b) -> Double.compare(b.loss(), a.loss()));
    for (int i = 0; i < tiles.size(); i++) {
      Evaluation.SampleResult s = expected.get(i);
      assertThat(s.label()).isEqualTo(worstRow);
      assertThat(s.predicted()).isEqualTo(worstCol);
      assertThat(Path.of(s.file()))
          .startsWith(SampleRuns.DATA.resolve("val").resolve(e.classes().get(worstRow)));
      Label truth = robot.from(tiles.get(i)).lookup(".tile-true").queryAs(Label.class);
      assertThat(truth.getText()).isEqualTo("true " + e.classes().get(worstRow));
      Label pred = robot.from(tiles.get(i)).lookup(".tile-pred").queryAs(Label.class);
      assertThat(pred.getText()).isEqualTo("→ " + e.classes().get(worstCol));
      Label loss = robot.from(tiles.get(i)).lookup(".tile-loss").queryAs(Label.class);
      assertThat(loss.getText())
          .isEqualTo(
              String.format(
                  java.util.Locale.ROOT,
                  "%.0f%% · loss %.2f",
                  100 * s.probabilities()[worstCol],
                  s.loss()));
    }
    // thumbnails are decoded off the FX thread and arrive shortly after
    ImageView first = robot.from(tiles.getFirst()).lookup(".image-view").queryAs(ImageView.class);
    waitFor(() -> first.getImage() != null);
    assertThat(first.getImage().getWidth()).isEqualTo(64); // the sample's 64-px images, unscaled

    // the worst-mistakes tab lists every misclassified image, highest loss first
    int mistakes = 150 - (int) Math.round(e.accuracy() * 150);
    assertThat(workspace.mistakesGallery().tiles())
        .hasSize(Math.min(mistakes, SampleGallery.LIMIT));
  }

  @Test
  void aQueuedEvaluationCanBeCancelled(FxRobot robot) throws Exception {
    EvaluateViewModel evm = workspace.viewModel();
    waitFor(() -> evm.runProperty().get() != null);
    CountDownLatch release = new CountDownLatch(1);
    view.context().engine().submit(() -> release.await(60, TimeUnit.SECONDS)); // engine busy
    robot.clickOn("#evaluate-run-button");
    assertThat(evm.runningProperty().get()).isTrue();
    assertThat(evm.statusProperty().get()).isEqualTo("Waiting for the engine…");
    robot.clickOn("#evaluate-cancel");
    release.countDown();
    waitFor(() -> !evm.runningProperty().get());
    assertThat(evm.statusProperty().get()).isEqualTo("Evaluation cancelled");
    assertThat(evm.resultProperty().get()).isNull();
    assertThat(evm.failureProperty().get()).isNull();
  }

  @Test
  void aModelWithoutADatasetSaysWhatToDo(FxRobot robot) throws Exception {
    EvaluateViewModel evm = workspace.viewModel();
    waitFor(() -> evm.runProperty().get() != null);
    robot.interact(
        () -> {
          vm.editProject("No dataset", p -> p.withDataset(null));
          evm.openModelFile(runs.getFirst().resolve("model.lbmodel"));
        });
    assertThat(evm.dataDirProperty().get()).isNull();
    robot.clickOn("#evaluate-run-button");
    assertThat(robot.lookup("#evaluate-error").query().isVisible()).isTrue();
    assertThat(robot.lookup("#evaluate-error .error-message").queryAs(Label.class).getText())
        .isEqualTo(
            "Could not evaluate model.lbmodel: the project has no dataset — choose a data"
                + " folder.");
  }
}
