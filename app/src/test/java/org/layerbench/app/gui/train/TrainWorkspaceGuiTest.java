package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javafx.application.Platform;
import javafx.scene.chart.LineChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.train.TrainViewModel.RunState;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Train workspace in the real window (TestFX, headless Monocle) training the sample project for
 * real on the engine thread: settings typed into the form, Start, live charts and the epoch table
 * filling, the run in the history and its folder complete; and a run paused, resumed and stopped
 * mid-epoch that ends as "stopped" with its files saved.
 */
@ExtendWith(ApplicationExtension.class)
class TrainWorkspaceGuiTest {
  static final Path SAMPLE = Path.of("../sample-data/project");

  @TempDir Path tmp;
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "test-io");
            t.setDaemon(true);
            return t;
          });
  private WorkbenchViewModel vm;
  private WorkbenchView view;
  private Path projectFile;

  @Start
  void start(Stage stage) throws IOException {
    projectFile = copySample(tmp.resolve("project"));
    vm = new WorkbenchViewModel(io, io, Platform::runLater, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
  }

  @AfterEach
  void tearDown() {
    io.shutdownNow();
  }

  /** The sample project and its dataset, copied so runs/ is written under the test's folder. */
  static Path copySample(Path to) throws IOException {
    try (Stream<Path> files = Files.walk(SAMPLE)) {
      for (Path p : files.toList()) {
        Path rel = SAMPLE.relativize(p);
        if (rel.startsWith("runs")) {
          continue;
        }
        Path target = to.resolve(rel.toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
    return to.resolve("sample.lbproj");
  }

  private TrainViewModel train() {
    return view.trainWorkspace().viewModel();
  }

  private static void await(long seconds, BooleanSupplier condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void openSample(FxRobot robot) throws Exception {
    robot.interact(() -> vm.open(projectFile));
    await(
        30, () -> vm.projectProperty().get() != null && train().trainImagesProperty().get() == 450);
    Frames.showTrain(robot);
  }

  /** Types into a form field, as a person who tabbed to it (the form scrolls it into view). */
  private void type(FxRobot robot, String id, String text) {
    robot.interact(() -> robot.lookup(id).query().requestFocus());
    robot.doubleClickOn(id).write(text).push(KeyCode.ENTER);
  }

  private static int size(LineChart<Number, Number> chart, int series) {
    return chart.getData().get(series).getData().size();
  }

  private static final String RUN = "first-run-of-the-shapes-sample";

  @Test
  void trainsOneEpochOfTheSampleFromTheGui(FxRobot robot) throws Exception {
    openSample(robot);
    // The sample has train/ and val/ folders: the split field does not apply, and says why.
    javafx.scene.control.TextField split =
        robot.lookup("#train-valSplit").queryAs(javafx.scene.control.TextField.class);
    await(30, split::isDisabled);
    assertThat(split.getTooltip().getText()).contains("val/ folder").contains("not used");
    type(robot, "#train-epochs", "1");
    type(robot, "#train-batchSize", "32");
    type(robot, "#train-workers", "1");
    var training = vm.projectProperty().get().training();
    assertThat(training.epochs()).isEqualTo(1);
    assertThat(training.batchSize()).isEqualTo(32);
    assertThat(training.workers()).isEqualTo(1);
    // a name longer than the run list is wide: the name gives way to the status badge
    robot.clickOn("#train-run-name").write(RUN);
    // From Start to the end-of-run banner, nothing above the charts may change height: a shift
    // makes JavaFX lay out and redraw every chart, the longest stall of the window
    // (TrainBenchmark). The banner takes the place of the progress and status lines.
    List<String> shifts = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    robot.interact(
        () ->
            view.trainWorkspace()
                .live()
                .localToSceneTransformProperty()
                .addListener(
                    (obs, before, after) -> {
                      if (train().stateProperty().get() != RunState.IDLE
                          && before.getTy() != after.getTy()) {
                        shifts.add(before.getTy() + " -> " + after.getTy());
                      }
                    }));

    robot.clickOn("#train-start");
    assertThat(train().stateProperty().get()).isIn(RunState.STARTING, RunState.RUNNING);
    assertThat(vm.projectProperty().get().runs()).containsExactly("runs/" + RUN);
    await(180, () -> !train().stateProperty().get().active());

    assertThat(train().stateProperty().get())
        .as(String.valueOf(train().bannerProperty().get()))
        .isEqualTo(RunState.FINISHED);
    robot.sleep(300); // the frames that lay out the banner
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(shifts).as("the charts moved while training or as the run ended").isEmpty();
    LiveCharts live = view.trainWorkspace().live();
    assertThat(size(live.lossChart(), 0)).as("batch loss points").isEqualTo(15);
    assertThat(size(live.lossChart(), 1)).as("train loss per epoch").isEqualTo(1);
    assertThat(size(live.lossChart(), 2)).as("validation loss per epoch").isEqualTo(1);
    assertThat(size(live.accuracyChart(), 0)).isEqualTo(1);
    assertThat(size(live.rateChart(), 0)).isEqualTo(15);
    TableView<LiveMetrics.EpochRow> table = robot.lookup("#train-epoch-table").queryTableView();
    assertThat(table.getItems()).singleElement().satisfies(r -> assertThat(r.epoch()).isEqualTo(1));
    assertThat(robot.lookup("#train-banner-message").tryQuery()).isPresent();
    assertThat(robot.lookup("#status-engine").queryAs(Label.class).getText())
        .isEqualTo("Engine: idle");
    assertThat(train().live().epochProgressProperty().get()).isEqualTo(1.0);

    Path run = tmp.resolve("project/runs/" + RUN);
    assertThat(run.resolve("metrics.csv")).isRegularFile();
    assertThat(run.resolve("model.lbmodel")).isRegularFile();
    assertThat(run.resolve("checkpoints/best.lbmodel")).isRegularFile();
    assertThat(Files.readString(run.resolve("run.json"))).contains("\"status\" : \"finished\"");

    await(
        10,
        () ->
            !train().runs().records().isEmpty()
                && train().runs().records().getFirst().status().equals("finished"));
    ListView<RunRecord> history = robot.lookup("#train-history").queryListView();
    assertThat(history.getItems())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo(RUN);
              assertThat(r.epochs()).isEqualTo(1);
              assertThat(r.bestValAccuracy()).isBetween(0.0, 1.0);
            });
    javafx.scene.Node cell = runCell(robot, RUN);
    Label name = robot.from(cell).lookup(".run-name").queryAs(Label.class);
    Label status = robot.from(cell).lookup(".run-status").queryAs(Label.class);
    assertThat(name.isTextTruncated()).as("the long name is cut short").isTrue();
    assertThat(status.getText()).isEqualTo("finished");
    assertThat(status.isTextTruncated()).as("the status badge reads in full").isFalse();
    robot.clickOn(cell);
    assertThat(train().runs().compared())
        .singleElement()
        .satisfies(r -> assertThat(r.curves()).hasSize(1));
  }

  @Test
  void pausesResumesAndStopsMidRunAndTheRunEndsStopped(FxRobot robot) throws Exception {
    openSample(robot);
    type(robot, "#train-epochs", "3");
    type(robot, "#train-batchSize", "8");
    type(robot, "#train-workers", "1");
    LiveCharts live = view.trainWorkspace().live();
    // The sample trains at ~50 batches a second here, faster than a pointer travels to Pause, so
    // Pause is pressed from the FX thread as soon as the chart holds enough batches (fire() does
    // what a click does, and nothing while the button is disabled).
    Button pauseButton = robot.lookup("#train-pause").queryButton();
    java.util.concurrent.atomic.AtomicInteger pauseAt =
        new java.util.concurrent.atomic.AtomicInteger(3);
    train()
        .live()
        .batchLoss()
        .addListener(
            (javafx.collections.ListChangeListener<javafx.geometry.Point2D>)
                c -> {
                  if (train().live().batchLoss().size() >= pauseAt.get()
                      && pauseButton.isVisible()) {
                    pauseButton.fire();
                  }
                });
    robot.clickOn("#train-start");
    await(120, () -> train().stateProperty().get() == RunState.PAUSED);
    pauseAt.set(Integer.MAX_VALUE);
    assertThat(robot.lookup("#status-engine").queryAs(Label.class).getText())
        .isEqualTo("Engine: paused");
    Thread.sleep(800); // the batch under way when Pause was pressed may still end
    WaitForAsyncUtils.waitForFxEvents();
    int paused = size(live.lossChart(), 0);
    Thread.sleep(1500);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(size(live.lossChart(), 0)).as("no batch while paused").isEqualTo(paused);

    pauseAt.set(paused + 2);
    robot.clickOn("#train-resume");
    assertThat(train().stateProperty().get()).isIn(RunState.RUNNING, RunState.PAUSED);
    await(60, () -> train().stateProperty().get() == RunState.PAUSED);
    assertThat(size(live.lossChart(), 0)).as("went on after Resume").isGreaterThan(paused);

    // Stop ends a paused run too.
    robot.clickOn("#train-stop");
    assertThat(train().stateProperty().get()).isIn(RunState.STOPPING, RunState.STOPPED);
    await(120, () -> !train().stateProperty().get().active());
    assertThat(train().stateProperty().get()).isEqualTo(RunState.STOPPED);
    assertThat(size(live.lossChart(), 0)).isLessThan(57); // stopped inside the first epoch
    assertThat(train().live().epochs()).hasSize(1);

    String entry = vm.projectProperty().get().runs().getFirst();
    Path run = vm.projectProperty().get().runDir(entry);
    assertThat(Files.readString(run.resolve("run.json"))).contains("\"status\" : \"stopped\"");
    assertThat(run.resolve("model.lbmodel")).isRegularFile();
    await(
        10,
        () ->
            !train().runs().records().isEmpty()
                && train().runs().records().getFirst().status().equals("stopped"));

    // Started without a name: the header and the run list say what it was, not a timestamp; the
    // folder is in the row's tooltip.
    String title = vm.projectProperty().get().model().name() + " · ";
    assertThat(train().runNameProperty().get()).startsWith(title).matches(".* · \\d\\d:\\d\\d");
    assertThat(run.resolve("name.json")).isRegularFile();
    assertThat(train().runs().records().getFirst().title())
        .isEqualTo(train().runNameProperty().get());
    ListView<RunRecord> history = robot.lookup("#train-history").queryListView();
    assertThat(robot.from(history).lookup(".run-name").queryAs(Label.class).getText())
        .isEqualTo(train().runNameProperty().get());
  }

  @Test
  void aDivergingRunFailsAndTheBannerSaysWhy(FxRobot robot) throws Exception {
    openSample(robot);
    type(robot, "#train-epochs", "1");
    type(robot, "#train-lr", "1e6");
    robot.clickOn("#train-start");
    await(120, () -> !train().stateProperty().get().active());
    assertThat(train().stateProperty().get()).isEqualTo(RunState.FAILED);
    var banner = train().bannerProperty().get();
    assertThat(banner.kind()).isEqualTo(TrainViewModel.Banner.Kind.DANGER);
    assertThat(banner.text())
        .containsAnyOf("NaN", "diverged", "infinite")
        .contains("lower the learning rate");
    assertThat(robot.lookup("#train-banner-details").tryQuery()).isPresent();
    await(10, () -> train().runs().records().getFirst().status().equals("failed"));
    assertThat(robot.lookup("#status-engine").queryAs(Label.class).getText())
        .isEqualTo("Engine: idle");
  }

  /**
   * The run list's cell that shows a run: the list also keeps cells it made and does not show now
   * (the one its priming made, for one), which a plain lookup may find first.
   */
  static javafx.scene.Node runCell(FxRobot robot, String name) {
    return robot
        .lookup("#train-history .list-cell")
        .match(
            (javafx.scene.control.ListCell<RunRecord> c) ->
                c.isVisible() && c.getItem() != null && c.getItem().name().equals(name))
        .query();
  }
}
