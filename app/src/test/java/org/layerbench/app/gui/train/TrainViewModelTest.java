package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.EngineService;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.TrainingSettings;

/**
 * The Train view-model on same-thread executors: settings edits are undoable project edits, the
 * schedule preview follows them, run folders are named and read, and a run that cannot start says
 * why without touching the engine.
 */
class TrainViewModelTest {
  static final Path SAMPLE = Path.of("../sample-data/project/sample.lbproj");

  @TempDir Path tmp;
  private WorkbenchViewModel vm;
  private EngineService engine;
  private TrainViewModel train;

  @BeforeEach
  void setUp() {
    vm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    engine = new EngineService();
    train =
        new TrainViewModel(
            new WorkbenchContext(
                vm, engine, Runnable::run, Runnable::run, tmp.resolve("home"), n -> {}));
  }

  @AfterEach
  void tearDown() {
    engine.close();
  }

  @Test
  void theFormShowsTheProjectsSettingsAndAnEditIsOneUndoableStep() {
    vm.open(SAMPLE);
    assertThat(train.text("epochs")).isEqualTo("8");
    assertThat(train.text("batchSize")).isEqualTo("16");
    assertThat(train.isSet("schedule")).isTrue(); // the sample trains with a one-cycle rate
    assertThat(train.text("schedule")).isEqualTo("onecycle");
    assertThat(train.isSet("weightDecay")).isFalse();
    assertThat(train.trainImagesProperty().get()).isEqualTo(450);
    assertThat(train.batchesPerEpoch()).isEqualTo(29);
    assertThat(train.datasetInfoProperty().get())
        .contains("450 training and 150 validation images in 3 classes")
        .contains("the project's transforms");

    assertThat(train.set("lr", "0.01")).isNull();
    assertThat(vm.projectProperty().get().training().lr()).isEqualTo(0.01);
    assertThat(vm.isDirty()).isTrue();
    assertThat(vm.commands().undoLabelProperty().get()).isEqualTo("Set learning rate");
    vm.commands().undo();
    assertThat(train.text("lr")).isEqualTo("0.003");
    assertThat(vm.isDirty()).isFalse();
  }

  @Test
  void theValidationSplitIsUnusedOnlyWhenTheDatasetHasAValFolder() throws Exception {
    vm.open(SAMPLE); // data/shapes: train/ and val/
    assertThat(train.valSplitUnusedProperty().get()).contains("val/ folder");

    Path classes = tmp.resolve("classes");
    for (String c : List.of("cat", "dog")) {
      Files.createDirectories(classes.resolve(c));
      Files.write(classes.resolve(c).resolve("1.png"), new byte[0]); // listed, never decoded
      Files.write(classes.resolve(c).resolve("2.png"), new byte[0]);
    }
    vm.editProject("Open Dataset", p -> p.withDataset(classes.toString()));
    assertThat(train.trainImagesProperty().get()).isPositive();
    assertThat(train.valSplitUnusedProperty().get()).isNull();
  }

  @Test
  void aRefusedValueChangesNothingAndSaysWhy() {
    vm.open(SAMPLE);
    assertThat(train.set("batchSize", "-4")).isEqualTo("Batch size must be at least 1, got -4.");
    assertThat(train.text("batchSize")).isEqualTo("16");
    assertThat(vm.commands().canUndoProperty().get()).isFalse();
    assertThat(train.set("epochs", "2")).isNull();
    assertThat(train.set(TrainSettings.PROGRESSIVE, "5:96")).isNull();
    assertThat(train.configProblemProperty().get())
        .isEqualTo("Progressive resizing starts at epoch 5 but the run has only 2 epochs.");
    assertThat(train.canStart()).isFalse();
  }

  @Test
  void theSchedulePreviewFollowsTheSettings() {
    vm.open(SAMPLE);
    // the sample's one-cycle rate: from a 25th of the peak up to 0.003 and down to almost nothing
    var pts = train.schedulePreview();
    assertThat(pts).isNotEmpty();
    assertThat(pts.getFirst().getY())
        .isEqualTo(0.003 / 25, org.assertj.core.api.Assertions.within(1e-12));
    double peak = pts.stream().mapToDouble(p -> p.getY()).max().orElseThrow();
    assertThat(peak).isCloseTo(0.003, org.assertj.core.api.Assertions.within(1e-4));
    assertThat(pts.getLast().getY()).isLessThan(1e-6);
    assertThat(pts.getLast().getX()).isEqualTo(8.0);
    train.set("schedule", "constant");
    assertThat(pts).isNotEmpty();
    assertThat(pts).allSatisfy(p -> assertThat(p.getY()).isEqualTo(0.003));
    assertThat(pts.getLast().getX()).isEqualTo(8.0);
  }

  /** Before a run, the charts' epoch axis is the configured run's, so Start does not redo it. */
  @Test
  void theEpochAxisFollowsTheSettingsUntilARunShows() {
    assertThat(train.live().runEpochsProperty().get()).isEqualTo(10); // the default setting
    vm.open(SAMPLE);
    assertThat(train.live().runEpochsProperty().get()).isEqualTo(8);
    train.set("epochs", "3");
    assertThat(train.live().runEpochsProperty().get()).isEqualTo(3);
    // a run's curves on show keep their axis when the settings change
    train
        .live()
        .apply(
            List.of(
                new org.layerbench.engine.train.TrainingEvent.EpochEnded(
                    1, 0.9, 0.8, 0.5, 1.0, 10.0)));
    train.set("epochs", "12");
    assertThat(train.live().runEpochsProperty().get()).isEqualTo(3);
  }

  @Test
  void runFoldersGoUnderTheProjectOrUnderHomeAndNeverClash() throws Exception {
    Path file = tmp.resolve("p").resolve("x.lbproj");
    Project saved =
        new Project("x", file, null, vm.current().model(), TrainingSettings.DEFAULTS, List.of());
    LocalDateTime t = LocalDateTime.of(2025, 3, 4, 5, 6, 7);
    var a = RunFolders.next(saved, tmp.resolve("home"), "", t);
    assertThat(a.entry()).isEqualTo("runs/20250304-050607");
    assertThat(a.dir()).isEqualTo(tmp.resolve("p/runs/20250304-050607"));
    Files.createDirectories(a.dir());
    assertThat(RunFolders.next(saved, tmp.resolve("home"), "", t).entry())
        .isEqualTo("runs/20250304-050607-2");
    assertThat(RunFolders.next(saved, tmp, "my run: lr/3", t).entry())
        .isEqualTo("runs/my-run-lr-3");
    Project unsaved =
        new Project("y", null, null, vm.current().model(), TrainingSettings.DEFAULTS, List.of());
    var b = RunFolders.next(unsaved, tmp.resolve("home"), "first", t);
    assertThat(b.dir()).isEqualTo(tmp.resolve("home/runs/first").toAbsolutePath());
    assertThat(b.entry()).isEqualTo(b.dir().toString());
  }

  @Test
  void theHistoryReadsEachRunFolderAndComparesTheSelectedOnes() throws Exception {
    Path project = tmp.resolve("proj");
    Files.createDirectories(project);
    Path file = project.resolve("p.lbproj");
    writeRun(
        project.resolve("runs/a"),
        "finished",
        List.of("1,1.1,1.0,0.40,0.003", "2,0.9,0.8,0.70,0.003"));
    writeRun(project.resolve("runs/b"), "stopped", List.of("1,1.2,1.1,0.35,0.003"));
    Files.createDirectories(project.resolve("runs/c"));
    Files.writeString(
        project.resolve("runs/c/metrics.csv"),
        "epoch,train_loss,val_loss,val_accuracy,lr\n1,1.0,NaN,NaN,0.01\n");
    org.layerbench.engine.project.ProjectFile.write(
        new Project(
            "p",
            file,
            null,
            vm.current().model(),
            TrainingSettings.DEFAULTS,
            List.of("runs/a", "runs/b", "runs/c", "runs/gone")),
        file);
    vm.open(file);
    assertThat(train.runs().records())
        .extracting(RunRecord::name)
        .containsExactly("a", "b", "c", "gone");
    assertThat(train.runs().records())
        .extracting(RunRecord::status)
        .containsExactly("finished", "stopped", "incomplete", "missing");
    RunRecord a = train.runs().records().getFirst();
    assertThat(a.epochs()).isEqualTo(2);
    assertThat(a.bestValAccuracy()).isEqualTo(0.7);
    assertThat(a.curves()).hasSize(2);
    assertThat(train.runs().records().get(2).curves().getFirst().valLoss()).isNaN();

    train.runs().compare(List.of("runs/a", "runs/b"));
    assertThat(train.runs().compared()).extracting(RunRecord::name).containsExactly("a", "b");

    train.runs().forget("runs/b");
    assertThat(vm.projectProperty().get().runs()).containsExactly("runs/a", "runs/c", "runs/gone");
    assertThat(train.runs().compared()).extracting(RunRecord::name).containsExactly("a");
    assertThat(project.resolve("runs/b")).isDirectory();
    vm.commands().undo();
    assertThat(train.runs().records()).hasSize(4);
  }

  @Test
  void aRunIsCalledByItsReadableNameWhichARenameKeepsInItsFolder() throws Exception {
    assertThat(
            org.layerbench.app.gui.RunName.initial(
                "smallcnn", LocalDateTime.of(2026, 12, 7, 12, 54, 30)))
        .isEqualTo("smallcnn · 12:54");
    Path project = tmp.resolve("proj");
    Path file = project.resolve("p.lbproj");
    Path run = project.resolve("runs/20261207-125430");
    writeRun(run, "finished", List.of("1,1.1,1.0,0.40,0.003"));
    org.layerbench.engine.project.ProjectFile.write(
        new Project(
            "p",
            file,
            null,
            vm.current().model(),
            TrainingSettings.DEFAULTS,
            List.of("runs/20261207-125430")),
        file);
    vm.open(file);
    RunRecord r = train.runs().records().getFirst();
    assertThat(r.title()).as("no name yet: the folder's").isEqualTo("20261207-125430");

    train.renameRun(r, "  first try  ");
    assertThat(train.runs().records().getFirst().title()).isEqualTo("first try");
    assertThat(train.runs().records().getFirst().name()).isEqualTo("20261207-125430");
    assertThat(run.resolve("name.json")).content().contains("\"name\" : \"first try\"");
    assertThat(vm.isDirty()).as("the project file does not change").isFalse();

    // Read back as the window reads it after a restart; a blank name gives the folder's back.
    assertThat(RunRecord.read("runs/20261207-125430", run).title()).isEqualTo("first try");
    train.renameRun(train.runs().records().getFirst(), " ");
    assertThat(train.runs().records().getFirst().title()).isEqualTo("20261207-125430");
    assertThat(run.resolve("name.json")).doesNotExist();
  }

  /**
   * A run whose window was closed or killed mid-run: its run.json journal says running, no process
   * holds the folder, so it reads as interrupted and Continue applies; a run folder in runs/ that
   * the project file does not list (it was never saved) is listed again as one undoable edit.
   */
  @Test
  void interruptedAndUnlistedRunsAreRebuiltFromTheirFolders() throws Exception {
    Path project = tmp.resolve("proj");
    Path file = project.resolve("p.lbproj");
    var model = vm.current().model();
    writeRun(project.resolve("runs/a"), "finished", List.of("1,1.1,1.0,0.40,0.003"));
    writeRun(project.resolve("runs/killed"), "running", List.of("1,1.2,1.1,0.35,0.003"));
    Files.createDirectories(project.resolve("runs/killed/checkpoints"));
    Files.writeString(project.resolve("runs/killed/checkpoints/last.lbmodel"), "a checkpoint");
    // a writer killed with -9 leaves its pid behind; it no longer runs
    Files.writeString(project.resolve("runs/killed/.lock"), "999999999\n");
    Files.createDirectories(project.resolve("runs/not-a-run"));
    org.layerbench.engine.project.ProjectFile.write(
        new Project("p", file, null, model, TrainingSettings.DEFAULTS, List.of("runs/a")), file);
    // Folder reading waits until the project is open, as the window's I/O thread does (a view
    // model of its own: the one of setUp reads folders at once).
    java.util.ArrayDeque<Runnable> io = new java.util.ArrayDeque<>();
    vm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    train =
        new TrainViewModel(
            new WorkbenchContext(vm, engine, io::add, Runnable::run, tmp.resolve("home"), n -> {}));
    vm.open(file);
    while (!io.isEmpty()) {
      io.poll().run();
    }
    assertThat(vm.projectProperty().get().runs()).containsExactly("runs/a", "runs/killed");
    assertThat(train.runs().records())
        .extracting(RunRecord::status)
        .containsExactly("finished", "interrupted");
    assertThat(train.continuableRuns()).extracting(RunRecord::name).containsExactly("killed");
    assertThat(train.canContinueProperty().get()).isTrue();
    vm.commands().undo(); // the recovery is an edit like any other, and stays undone
    while (!io.isEmpty()) {
      io.poll().run();
    }
    assertThat(vm.projectProperty().get().runs()).containsExactly("runs/a");
    assertThat(train.runs().records()).extracting(RunRecord::name).containsExactly("a");
  }

  @Test
  void aProjectWithoutADatasetCannotStartAndSaysSo() {
    vm.newProject();
    train.start("");
    assertThat(train.bannerProperty().get().title()).isEqualTo("No dataset");
    assertThat(train.bannerProperty().get().text()).contains("Data workspace");
    assertThat(train.stateProperty().get()).isEqualTo(TrainViewModel.RunState.IDLE);
    assertThat(vm.projectProperty().get().runs()).isEmpty();
  }

  private static void writeRun(Path dir, String status, List<String> rows) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(
        dir.resolve("metrics.csv"),
        "epoch,train_loss,val_loss,val_accuracy,lr\n" + String.join("\n", rows) + "\n");
    double best =
        rows.stream().mapToDouble(r -> Double.parseDouble(r.split(",")[3])).max().orElse(0);
    Files.writeString(
        dir.resolve("run.json"),
        "{\"format\":\"layerbench.run\",\"version\":1,\"status\":\""
            + status
            + "\",\"epochs\":"
            + rows.size()
            + ",\"bestValAccuracy\":"
            + best
            + ",\"finished\":\"2025-03-04T05:06:07Z\"}\n");
  }

  @Test
  void aModelWhoseOutputDoesNotFitTheClassesIsRefusedBeforeARunExists() throws Exception {
    vm.open(SAMPLE);
    assertThat(vm.model().datasetClassesProperty().get()).isEqualTo(3);
    var out = vm.model().analysis().outputNode().orElseThrow();
    assertThat(vm.model().setParam(out.id(), "out_features", "5")).isEmpty();
    assertThat(vm.model().classMismatchProperty().get()).isNotNull();
    Path projectDir = SAMPLE.toAbsolutePath().getParent();
    List<Path> before;
    try (var s = Files.walk(projectDir)) {
      before = s.toList();
    }

    train.start("mismatch");

    assertThat(train.bannerProperty().get().title())
        .isEqualTo("The model does not fit the dataset");
    assertThat(train.bannerProperty().get().text())
        .contains("gives 5 outputs but the dataset has 3 classes", "Set out_features to 3");
    assertThat(vm.projectProperty().get().runs()).isEmpty();
    assertThat(tmp.resolve("home")).doesNotExist();
    try (var s = Files.walk(projectDir)) {
      assertThat(s.toList()).containsExactlyInAnyOrderElementsOf(before);
    }
  }
}
