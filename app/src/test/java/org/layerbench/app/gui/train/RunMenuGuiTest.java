package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Labeled;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.lr.LrViewModel;
import org.layerbench.app.gui.train.TrainViewModel.RunState;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.TensorSpec;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.Safetensors;
import org.layerbench.engine.io.TensorData;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Run menu, continuing a stopped run and starting from imported weights, in the real window
 * (TestFX, headless Monocle) with real training of the sample project: the menu's items start,
 * pause, resume and stop a run and are enabled exactly when they apply; a run stopped after its
 * first epoch is continued from the run list in its own folder to its last epoch; a run started
 * from a previous run's model.lbmodel starts from its weights; and weights that do not fit say so
 * in sentences.
 */
@ExtendWith(ApplicationExtension.class)
class RunMenuGuiTest {
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
    projectFile = TrainWorkspaceGuiTest.copySample(tmp.resolve("project"));
    vm = new WorkbenchViewModel(io, io, Platform::runLater, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
  }

  @AfterEach
  void tearDown() throws Exception {
    // A run left going by a failed test must not outlive it (its file work would be refused).
    if (view != null && train().stateProperty().get().active()) {
      Platform.runLater(() -> train().stop());
      await(120, () -> !train().stateProperty().get().active());
    }
    io.shutdownNow();
  }

  private TrainViewModel train() {
    return view.trainWorkspace().viewModel();
  }

  private static void await(long seconds, BooleanSupplier condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** Opens the sample with small, quick settings (batches of 32: 15 per epoch). */
  private void openSample(FxRobot robot, int epochs) throws Exception {
    robot.interact(() -> vm.open(projectFile));
    await(
        30, () -> vm.projectProperty().get() != null && train().trainImagesProperty().get() == 450);
    robot.interact(
        () -> {
          assertThat(train().set("epochs", Integer.toString(epochs))).isNull();
          assertThat(train().set("batchSize", "32")).isNull();
          assertThat(train().set("workers", "1")).isNull();
        });
  }

  private MenuItem item(FxRobot robot, String id) {
    MenuBar bar = robot.lookup("#menu-bar").queryAs(MenuBar.class);
    return bar.getMenus().stream()
        .flatMap(m -> m.getItems().stream())
        .filter(i -> id.equals(i.getId()))
        .findFirst()
        .orElseThrow();
  }

  /** Opens a menu of the menu bar and clicks one of its items, by their texts. */
  private void menu(FxRobot robot, String menu, String item) {
    Node button =
        robot
            .lookup("#menu-bar .menu")
            .match((Node n) -> n instanceof Labeled l && menu.equals(shown(l)))
            .query();
    robot.clickOn(button);
    Node entry =
        robot
            .lookup(".context-menu .menu-item .label")
            .match((Node n) -> n instanceof Labeled l && item.equals(shown(l)))
            .query();
    robot.clickOn(entry);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** A label's text as shown: without the mnemonic's underscore. */
  private static String shown(Labeled l) {
    return l.getText() == null ? null : l.getText().replace("_", "");
  }

  private static int batches(TrainViewModel t) {
    return t.live().batchLoss().size();
  }

  private boolean trainShown() {
    return view.trainWorkspace().getScene() != null;
  }

  @Test
  void theRunMenuStartsPausesAndStopsARunAndItsItemsFollowTheState(FxRobot robot) throws Exception {
    openSample(robot, 10);
    MenuItem findLr = item(robot, "menu-find-lr");
    MenuItem start = item(robot, "menu-start");
    MenuItem pause = item(robot, "menu-pause");
    MenuItem stop = item(robot, "menu-stop");
    MenuItem resume = item(robot, "menu-continue");
    MenuItem blocked = item(robot, "menu-start-blocked");
    assertThat(findLr.isDisable()).isFalse();
    assertThat(start.isDisable()).isFalse();
    assertThat(pause.isDisable()).isTrue();
    assertThat(stop.isDisable()).isTrue();
    assertThat(resume.isDisable()).as("no stopped run yet").isTrue();
    assertThat(blocked.isVisible()).isFalse();

    // Start is unavailable for the reason the Train workspace gives under its Start button.
    robot.interact(() -> train().set(TrainSettings.PROGRESSIVE, "11:96"));
    assertThat(start.isDisable()).isTrue();
    assertThat(blocked.isVisible()).isTrue();
    assertThat(blocked.getText())
        .isEqualTo(
            "Cannot start: Progressive resizing starts at epoch 11 but the run has only 10 epochs.");
    robot.interact(() -> vm.commands().undo());
    assertThat(start.isDisable()).isFalse();
    assertThat(blocked.isVisible()).isFalse();

    menu(robot, "Run", "Start Training");
    Frames.pass(Frames.REHEARSAL);
    assertThat(trainShown()).as("Start Training shows the Train workspace").isTrue();
    assertThat(train().stateProperty().get()).isIn(RunState.STARTING, RunState.RUNNING);
    assertThat(vm.projectProperty().get().runs()).hasSize(1);
    assertThat(start.isDisable()).isTrue();
    assertThat(stop.isDisable()).isFalse();
    assertThat(pause.isDisable()).isFalse();
    assertThat(robot.lookup("#train-start").queryButton().isDisabled()).isTrue();
    await(120, () -> batches(train()) >= 2);

    robot.push(KeyCode.F6);
    assertThat(train().stateProperty().get()).isEqualTo(RunState.PAUSED);
    assertThat(pause.getText()).isEqualTo("_Resume");
    menu(robot, "Run", "Resume");
    assertThat(train().stateProperty().get()).isEqualTo(RunState.RUNNING);
    assertThat(pause.getText()).isEqualTo("_Pause");

    // Paused again, so the run is surely still going when Stop is chosen (a fast machine trains
    // the sample in seconds).
    robot.push(KeyCode.F6);
    assertThat(train().stateProperty().get()).isEqualTo(RunState.PAUSED);
    menu(robot, "Run", "Stop");
    assertThat(train().stateProperty().get()).isIn(RunState.STOPPING, RunState.STOPPED);
    assertThat(stop.isDisable()).as("already stopping").isTrue();
    await(120, () -> !train().stateProperty().get().active());
    assertThat(train().stateProperty().get()).isEqualTo(RunState.STOPPED);
    assertThat(stop.isDisable()).isTrue();
    assertThat(pause.isDisable()).isTrue();
    assertThat(start.isDisable()).isFalse();
    Path run = vm.projectProperty().get().runDir(vm.projectProperty().get().runs().getFirst());
    assertThat(Files.readString(run.resolve("run.json"))).contains("\"status\" : \"stopped\"");
    await(10, () -> !resume.isDisable());

    // Find Learning Rate shows its workspace and sweeps with its settings there.
    var sweep = view.lrWorkspace().viewModel();
    List<Object> phases = new java.util.concurrent.CopyOnWriteArrayList<>();
    List<Boolean> disabledWhileBusy = new java.util.concurrent.CopyOnWriteArrayList<>();
    sweep
        .phaseProperty()
        .addListener(
            (obs, o, n) -> {
              phases.add(n);
              if (n.busy()) {
                disabledWhileBusy.add(findLr.isDisable());
              }
            });
    menu(robot, "Run", "Find Learning Rate");
    assertThat(view.lrWorkspace().getScene()).isNotNull();
    await(120, () -> !sweep.phaseProperty().get().busy());
    assertThat(phases)
        .as(String.valueOf(sweep.messageProperty().get()))
        .contains(LrViewModel.Phase.RUNNING);
    assertThat(sweep.phaseProperty().get()).isEqualTo(LrViewModel.Phase.DONE);
    assertThat(disabledWhileBusy).isNotEmpty().containsOnly(true);
    assertThat(findLr.isDisable()).isFalse();
  }

  @Test
  void aRunStoppedAfterItsFirstEpochContinuesInItsOwnFolderFromTheRunList(FxRobot robot)
      throws Exception {
    openSample(robot, 4);
    robot.interact(() -> train().set("batchSize", "16"));
    Frames.showTrain(robot);
    robot.clickOn("#train-run-name").write("resumable");
    // Stop as soon as the first epoch shows (what a person clicking Stop then would do), once.
    var once = new java.util.concurrent.atomic.AtomicBoolean();
    train()
        .live()
        .epochs()
        .addListener(
            (javafx.collections.ListChangeListener<LiveMetrics.EpochRow>)
                c -> {
                  if (!train().live().epochs().isEmpty() && once.compareAndSet(false, true)) {
                    train().stop();
                  }
                });
    robot.clickOn("#train-start");
    await(180, () -> !train().stateProperty().get().active());
    assertThat(train().stateProperty().get()).isEqualTo(RunState.STOPPED);
    Path run = tmp.resolve("project/runs/resumable");
    List<String> before = metricsRows(run);
    // Epoch 1, and a partial epoch 2 when it had begun
    assertThat(before).hasSizeBetween(1, 3).first().asString().startsWith("1,");

    await(10, () -> train().canContinueProperty().get());
    ListView<RunRecord> history = robot.lookup("#train-history").queryListView();
    assertThat(robot.lookup("#train-continue").queryButton().isDisabled())
        .as("nothing selected")
        .isTrue();
    robot.clickOn(TrainWorkspaceGuiTest.runCell(robot, "resumable"));
    assertThat(history.getSelectionModel().getSelectedItem().continuable()).isTrue();
    List<String> shown = new java.util.concurrent.CopyOnWriteArrayList<>();
    history
        .getItems()
        .addListener(
            (javafx.collections.ListChangeListener<RunRecord>)
                c -> history.getItems().forEach(r -> shown.add(r.status())));
    robot.clickOn("#train-continue");
    assertThat(train().stateProperty().get()).isIn(RunState.STARTING, RunState.RUNNING);
    assertThat(train().runNameProperty().get()).isEqualTo("resumable");
    await(180, () -> !train().stateProperty().get().active());
    assertThat(shown).as("the list shows the run as running meanwhile").contains("running");

    assertThat(train().stateProperty().get())
        .as(String.valueOf(train().bannerProperty().get()))
        .isEqualTo(RunState.FINISHED);
    List<String> after = metricsRows(run);
    assertThat(after).hasSizeGreaterThan(before.size());
    assertThat(after)
        .extracting(r -> r.substring(0, r.indexOf(',')))
        .containsExactly("1", "2", "3", "4");
    assertThat(after.getFirst()).as("epoch 1 kept as it was").isEqualTo(before.getFirst());
    assertThat(Files.readString(run.resolve("run.json")))
        .contains("\"status\" : \"finished\"")
        .contains("\"epochs\" : 4");
    assertThat(vm.projectProperty().get().runs()).containsExactly("runs/resumable");
    // The charts go on from the epochs trained before.
    assertThat(train().live().epochs())
        .extracting(LiveMetrics.EpochRow::epoch)
        .containsExactly(1, 2, 3, 4);
    assertThat(train().live().trainLoss()).hasSize(4);
    // Epoch 1, trained before Continue, keeps its time, rate and batch curves.
    LiveMetrics.EpochRow first = train().live().epochs().getFirst();
    assertThat(first.seconds()).isFinite().isPositive();
    assertThat(first.imagesPerSecond()).isFinite().isPositive();
    assertThat(train().live().batchLoss()).anyMatch(q -> q.getX() < 1);
    assertThat(train().live().learningRate()).anyMatch(q -> q.getX() < 1);
    await(
        10,
        () ->
            history.getItems().size() == 1
                && history.getItems().getFirst().status().equals("finished")
                && history.getItems().getFirst().epochs() == 4);
    assertThat(train().canContinueProperty().get()).isFalse();

    // A finished run goes on for more epochs (the list's "Continue for more epochs…").
    RunRecord finished = history.getItems().getFirst();
    assertThat(finished.continuable()).isFalse();
    assertThat(finished.resumable()).isTrue();
    robot.interact(() -> train().continueRun(finished, 5));
    await(180, () -> !train().stateProperty().get().active());
    assertThat(train().stateProperty().get()).isEqualTo(RunState.FINISHED);
    assertThat(metricsRows(run)).hasSize(5).startsWith(after.toArray(String[]::new));
    assertThat(Files.readString(run.resolve("run.json"))).contains("\"epochs\" : 5");
  }

  private static List<String> metricsRows(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.csv")).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("epoch"))
        .toList();
  }

  @Test
  void theNextRunStartsFromImportedWeights(FxRobot robot) throws Exception {
    openSample(robot, 2);
    Frames.showTrain(robot);
    robot.interact(() -> train().start("source"));
    await(240, () -> !train().stateProperty().get().active());
    assertThat(train().stateProperty().get()).isEqualTo(RunState.FINISHED);
    double freshFirstLoss = train().live().batchLoss().getFirst().getY();
    Path source = tmp.resolve("project/runs/source/model.lbmodel");

    assertThat(item(robot, "menu-import-weights").isDisable()).isFalse();
    robot.interact(() -> train().importWeights(source));
    await(30, () -> train().weightsFitProperty().get() != null);
    assertThat(train().weightsProperty().get()).isEqualTo(source.toAbsolutePath().normalize());
    // under the project's folder: stored relative to it, so it moves with the project
    assertThat(vm.projectProperty().get().training().weights())
        .isEqualTo("runs/source/model.lbmodel");
    assertThat(vm.commands().undoLabelProperty().get()).isEqualTo("Import weights model.lbmodel");
    assertThat(robot.lookup("#train-weights").query().isVisible()).isTrue();
    assertThat(robot.lookup("#train-weights-file").queryLabeled().getText())
        .isEqualTo("model.lbmodel");
    int tensors =
        GraphAnalysis.of(vm.projectProperty().get().model().withInputShape(List.of(3, 64, 64)))
            .stateDict()
            .size();
    assertThat(robot.lookup("#train-weights-fit").queryLabeled().getText())
        .isEqualTo("All " + tensors + " tensors of the model load from model.lbmodel.");

    // A rate so small the weights barely move: the run's model is the imported one.
    String[] starting = new String[1];
    robot.interact(
        () -> {
          train().set("epochs", "1");
          train().set("lr", "1e-9");
          train().start("imported");
          starting[0] = train().statusProperty().get();
        });
    assertThat(starting[0]).startsWith("Starting imported from the weights in model.lbmodel");
    await(240, () -> !train().stateProperty().get().active());
    assertThat(train().stateProperty().get()).isEqualTo(RunState.FINISHED);
    double importedFirstLoss = train().live().batchLoss().getFirst().getY();
    // Same seed, so the same first batch: the trained weights already do better on it (two epochs
    // of the sample bring 1.18 to 1.07); that the run starts from them is checked exactly below.
    assertThat(importedFirstLoss).isLessThan(freshFirstLoss - 0.05);

    Path imported = tmp.resolve("project/runs/imported");
    assertThat(Files.readString(imported.resolve("run.json")))
        .contains("\"weights\" : \"" + source.toAbsolutePath().normalize())
        .contains(tensors + " of " + tensors + " tensors loaded; every key matched");
    var from = ModelBundle.read(source).weights();
    var to = ModelBundle.read(imported.resolve("model.lbmodel")).weights();
    for (String name : List.of("features.0.weight", "features.4.weight", "fc.weight", "fc.bias")) {
      assertThat(maxDifference(from.get(name), to.get(name))).as(name).isLessThan(1e-5);
    }

    robot.clickOn("#train-weights-clear");
    assertThat(train().weightsProperty().get()).isNull();
    assertThat(vm.projectProperty().get().training().weights()).isNull();
    assertThat(robot.lookup("#train-weights").query().isVisible()).isFalse();
    assertThat(robot.lookup("#train-weights-problems").query().isVisible()).isFalse();
  }

  private static double maxDifference(TensorData a, TensorData b) {
    var x = java.nio.ByteBuffer.wrap(a.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    var y = java.nio.ByteBuffer.wrap(b.data()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    assertThat(a.shape()).isEqualTo(b.shape());
    double max = 0;
    for (int i = 0; i < a.data().length; i += 4) {
      max = Math.max(max, Math.abs(x.getFloat(i) - y.getFloat(i)));
    }
    return max;
  }

  @Test
  void weightsThatDoNotFitTheModelSaySoInSentences(FxRobot robot) throws Exception {
    openSample(robot, 1);
    Frames.showTrain(robot);
    GraphAnalysis analysis =
        GraphAnalysis.of(vm.projectProperty().get().model().withInputShape(List.of(3, 64, 64)));
    SequencedMap<String, TensorData> tensors = new LinkedHashMap<>();
    for (TensorSpec t : analysis.stateDict()) {
      List<Integer> shape = t.shape();
      if (t.name().equals("fc.weight")) {
        shape = List.of(4, shape.get(1)); // a head for four classes, not three
      } else if (t.name().equals("fc.bias")) {
        shape = List.of(4);
      }
      tensors.put(t.name(), StartingWeightsTest.zeros(shape));
    }
    tensors.put("head.extra", StartingWeightsTest.zeros(List.of(2)));
    Path misShaped = tmp.resolve("four-classes.safetensors");
    Safetensors.write(misShaped, tensors, Map.of());

    robot.interact(() -> train().importWeights(misShaped));
    await(30, () -> train().weightsFitProperty().get() != null);
    int all = analysis.stateDict().size();
    String fc1 =
        analysis.stateDict().stream()
            .filter(t -> t.name().equals("fc.weight"))
            .findFirst()
            .orElseThrow()
            .shape()
            .get(1)
            .toString();
    assertThat(robot.lookup("#train-weights-fit").queryLabeled().getText())
        .isEqualTo(
            (all - 2) + " of the model's " + all + " tensors load from four-classes.safetensors.");
    assertThat(robot.lookup("#train-weights-problems").queryLabeled().getText())
        .isEqualTo(
            "2 tensors of the model have another shape in the file and keep their initialisation:"
                + " fc.weight (4×"
                + fc1
                + " in the file, 3×"
                + fc1
                + " in the model), fc.bias (4 in the file, 3 in the model).\n1 tensor in the file"
                + " is not in the model and is left out: head.extra.");
    assertThat(robot.lookup("#train-weights-problems").queryLabeled().getStyleClass())
        .contains("train-warning");

    // Nothing fits: refused, and the weights stay as they were.
    Path unrelated = tmp.resolve("unrelated.safetensors");
    SequencedMap<String, TensorData> other = new LinkedHashMap<>();
    other.put("encoder.weight", StartingWeightsTest.zeros(List.of(8, 8)));
    Safetensors.write(unrelated, other, Map.of());
    robot.interact(() -> train().importWeights(unrelated));
    await(30, () -> train().bannerProperty().get() != null);
    assertThat(train().bannerProperty().get().title()).isEqualTo("Weights not imported");
    assertThat(train().bannerProperty().get().text())
        .startsWith("None of the model's " + all + " tensors fit unrelated.safetensors.")
        .contains(all + " tensors of the model are not in the file");
    assertThat(train().weightsProperty().get()).isEqualTo(misShaped.toAbsolutePath());

    Path junk = Files.writeString(tmp.resolve("junk.pt"), "not a zip");
    robot.interact(() -> train().importWeights(junk));
    await(
        30,
        () ->
            train().bannerProperty().get() != null
                && train().bannerProperty().get().text().contains("junk.pt"));
    assertThat(train().bannerProperty().get().text())
        .startsWith("The weights in junk.pt cannot be read: ");
    assertThat(robot.lookup("#train-banner-message").tryQuery()).isPresent();
  }
}
