package org.layerbench.app.gui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.data.DataViewModel.JobState;
import org.layerbench.app.gui.data.DataViewModel.Which;
import org.layerbench.engine.data.ChannelStats;
import org.layerbench.engine.data.ScanReport.ClassCount;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;

/**
 * The Data workspace's view-model on same-thread executors with the real sample project and real
 * image folders: listing and scan, filters, the dataset and split as undoable project edits,
 * mean/std, pipeline edits with their refusals and errors, and the preview's pixels.
 */
class DataViewModelTest {
  static final Path SAMPLE = Path.of("../sample-data/project/sample.lbproj");

  @TempDir Path tmp;
  private WorkbenchViewModel vm;
  private DataViewModel data;
  private final List<String> errors = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    vm.setErrorHandler(errors::add);
    data = new DataViewModel(vm, DataExecutors.sameThread());
  }

  private void openSample() {
    vm.open(SAMPLE);
    assertThat(errors).isEmpty();
  }

  private StepPath stepOf(TransformType type) {
    var steps = data.activePipelineProperty().get().steps();
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).type() == type) {
        return StepPath.of(i);
      }
    }
    throw new AssertionError("no " + type);
  }

  private byte[] previewPixels() {
    assertThat(data.previewProperty().get()).as(data.previewMessageProperty().get()).isNotNull();
    List<Image8> v = data.previewProperty().get().variants();
    int n = 0;
    for (Image8 i : v) {
      n += i.data().length;
    }
    byte[] all = new byte[n];
    int at = 0;
    for (Image8 i : v) {
      System.arraycopy(i.data(), 0, all, at, i.data().length);
      at += i.data().length;
    }
    return all;
  }

  @Test
  void theSampleHasThreeClassesOf150TrainingAnd50ValidationImages() {
    openSample();
    DatasetIndex idx = data.indexProperty().get();
    assertThat(idx.layout()).isEqualTo(DatasetIndex.Layout.SPLIT_FOLDERS);
    assertThat(data.counts())
        .containsExactly(
            new ClassCount("circle", 150, 50, 0),
            new ClassCount("square", 150, 50, 0),
            new ClassCount("triangle", 150, 50, 0));
    assertThat(data.scanStateProperty().get()).isEqualTo(JobState.DONE);
    assertThat(data.reportProperty().get().images()).isEqualTo(600);
    assertThat(data.problems()).isEmpty();
    assertThat(data.balanceWarningProperty().get()).isNull();
    assertThat(data.shownImages()).hasSize(600);
    assertThat(data.selectedProperty().get().file().getFileName().toString())
        .isEqualTo("circle_000.png");
    var d = data.detailsProperty().get();
    assertThat(d.width()).isEqualTo(64);
    assertThat(d.height()).isEqualTo(64);
    assertThat(d.mode()).isEqualTo("RGB");
    assertThat(d.bytes()).isEqualTo(idx.images().get(0).file().toFile().length());
  }

  @Test
  void filtersByClassAndSplit() {
    openSample();
    data.classFilterProperty().set("square");
    assertThat(data.shownImages()).hasSize(200).allMatch(i -> i.className().equals("square"));
    data.splitFilterProperty().set("val");
    assertThat(data.shownImages()).hasSize(50).allMatch(i -> i.split().equals("val"));
    assertThat(data.selectedProperty().get().className()).isEqualTo("square");
    assertThat(data.selectedProperty().get().split()).isEqualTo("val");
  }

  @Test
  void openingAFolderIsOneUndoableEditStoredRelativeToTheSavedProject() throws Exception {
    openSample();
    Path other =
        TestImages.classFolders(
            tmp.resolve("pets"), new String[] {"cat", "dog"}, new int[] {10, 10});
    data.openDataset(other);
    Path projectDir = SAMPLE.toAbsolutePath().normalize().getParent();
    assertThat(vm.current().dataset())
        .isEqualTo(projectDir.relativize(other.toAbsolutePath()).toString());
    assertThat(vm.isDirty()).isTrue();
    assertThat(data.indexProperty().get().classes()).containsExactly("cat", "dog");
    assertThat(data.indexProperty().get().layout()).isEqualTo(DatasetIndex.Layout.CLASS_FOLDERS);
    // 20% of each class goes to validation by default
    assertThat(data.counts())
        .containsExactly(new ClassCount("cat", 8, 2, 0), new ClassCount("dog", 8, 2, 0));
    vm.commands().undo();
    assertThat(vm.current().dataset()).isEqualTo("data/shapes");
    assertThat(data.indexProperty().get().classes())
        .containsExactly("circle", "square", "triangle");
    assertThat(vm.isDirty()).isFalse();
  }

  @Test
  void anUnsavedProjectKeepsTheFolderAbsolute() throws Exception {
    vm.newProject();
    assertThat(data.datasetMessageProperty().get()).contains("no dataset yet");
    Path dir = TestImages.classFolders(tmp.resolve("d"), new String[] {"a", "b"}, new int[] {4, 4});
    data.openDataset(dir);
    assertThat(vm.current().dataset()).isEqualTo(dir.toAbsolutePath().normalize().toString());
    assertThat(data.datasetMessageProperty().get()).isEmpty();
    assertThat(data.counts()).hasSize(2);
  }

  @Test
  void theValidationSplitIsAnUndoableTrainingSettingThatResplitsClassFolders() throws Exception {
    vm.newProject();
    Path dir =
        TestImages.classFolders(tmp.resolve("d"), new String[] {"a", "b"}, new int[] {20, 20});
    data.openDataset(dir);
    assertThat(data.counts().get(0).val()).isEqualTo(4);
    data.setValSplit(0.25);
    assertThat(vm.current().training().valSplit()).isEqualTo(0.25);
    assertThat(data.valSplitProperty().get()).isEqualTo(0.25);
    assertThat(data.counts().get(0)).isEqualTo(new ClassCount("a", 15, 5, 0));
    vm.commands().undo();
    assertThat(vm.current().training().isSet("valSplit")).isFalse();
    assertThat(data.counts().get(0)).isEqualTo(new ClassCount("a", 16, 4, 0));
  }

  @Test
  void imbalancedClassesGetAWarningThatSaysWhatItMeans() throws Exception {
    vm.newProject();
    Path dir =
        TestImages.classFolders(tmp.resolve("d"), new String[] {"few", "many"}, new int[] {10, 20});
    data.openDataset(dir);
    assertThat(data.balanceWarningProperty().get())
        .contains("'many' has 2.0× as many training images as 'few'")
        .contains("accuracy hides it");
  }

  @Test
  void brokenFilesAreProblemsWithReasonsAndLeftOutOfTheCounts() throws Exception {
    vm.newProject();
    Path dir = TestImages.classFolders(tmp.resolve("d"), new String[] {"a", "b"}, new int[] {5, 5});
    Files.write(dir.resolve("a").resolve("zero.png"), new byte[0]);
    Files.writeString(dir.resolve("b").resolve("notes.txt"), "not an image");
    Files.copy(dir.resolve("a/img_0000.png"), dir.resolve("a/copy.png"));
    data.openDataset(dir);
    assertThat(data.scanStateProperty().get()).isEqualTo(JobState.DONE);
    assertThat(data.problems())
        .extracting(DataProblem::kind)
        .containsExactlyInAnyOrder("zero bytes", "duplicate", "skipped");
    DataProblem zero =
        data.problems().stream().filter(p -> p.kind().equals("zero bytes")).findFirst().get();
    assertThat(zero.excluded()).isTrue();
    assertThat(data.scanTextProperty().get())
        .contains("1 left out of training")
        .contains("1 duplicate (still used for training)");
    int listed = data.indexProperty().get().images().size();
    int usable = data.counts().stream().mapToInt(ClassCount::total).sum();
    assertThat(usable).isEqualTo(listed - 1);
  }

  @Test
  void meanAndStdOfTheTrainingImages() throws Exception {
    openSample();
    data.computeStats();
    assertThat(data.statsStateProperty().get()).isEqualTo(JobState.DONE);
    ChannelStats s = data.statsProperty().get();
    assertThat(s.images()).isEqualTo(450);
    // the same numbers as the scan's own streaming sums over the training split
    var scan =
        org.layerbench.engine.data.DatasetScan.scan(
            data.indexProperty().get().root(),
            org.layerbench.engine.data.ScanOptions.defaults(),
            org.layerbench.engine.data.ProgressMonitor.NONE);
    assertThat(s).isEqualTo(scan.trainStats());

    assertThat(data.useNormalization(s, "Use Dataset Mean/Std")).isEmpty();
    ChannelStats inUse = data.normalizationInUse();
    assertThat(inUse.mean()[0]).isCloseTo(s.mean()[0], org.assertj.core.data.Offset.offset(6e-4));
    Step valNormalize = vm.current().transforms().val().steps().get(3);
    assertThat(valNormalize.params().get("std"))
        .isEqualTo(vm.current().transforms().train().steps().get(6).params().get("std"));
    vm.commands().undo();
    assertThat(data.normalizationInUse().mean()).containsExactly(0.485, 0.456, 0.406);
  }

  @Test
  void cancellingTheStatisticsMeasuresNothing() {
    List<Runnable> queued = new ArrayList<>();
    Executor now = Runnable::run;
    data = new DataViewModel(vm, new DataExecutors(queued::add, now, now, now));
    openSample();
    drain(queued); // the listing, then the scan it starts
    assertThat(data.scanStateProperty().get()).isEqualTo(JobState.DONE);
    data.computeStats();
    assertThat(data.statsStateProperty().get()).isEqualTo(JobState.RUNNING);
    data.cancelStats();
    drain(queued);
    assertThat(data.statsStateProperty().get()).isEqualTo(JobState.CANCELLED);
    assertThat(data.statsProperty().get()).isNull();
    assertThat(data.statsMessageProperty().get()).contains("Cancelled");
  }

  private static void drain(List<Runnable> queued) {
    while (!queued.isEmpty()) {
      queued.remove(0).run();
    }
  }

  @Test
  void changingColorJitterBrightnessChangesThePreviewAndUndoRestoresIt() {
    openSample();
    byte[] before = previewPixels();
    assertThat(data.previewProperty().get().variants()).hasSize(DataViewModel.PREVIEW_COUNT);
    StepPath jitter = stepOf(TransformType.COLOR_JITTER);
    assertThat(data.setParamText(jitter, "brightness", "0.9")).isEmpty();
    assertThat(vm.current().transforms().train().steps().get(jitter.last()).params())
        .containsEntry("brightness", 0.9);
    byte[] after = previewPixels();
    assertThat(Arrays.equals(before, after)).isFalse();
    vm.commands().undo();
    assertThat(previewPixels()).isEqualTo(before);
  }

  @Test
  void disablingAStepChangesThePreview() {
    openSample();
    byte[] before = previewPixels();
    assertThat(data.setEnabled(stepOf(TransformType.RANDOM_ROTATION), false)).isEmpty();
    assertThat(Arrays.equals(before, previewPixels())).isFalse();
    assertThat(vm.commands().undoLabelProperty().get()).isEqualTo("Disable RandomRotation (train)");
  }

  @Test
  void rerollDrawsOtherVariants() {
    openSample();
    byte[] before = previewPixels();
    long seed = data.previewProperty().get().seed();
    data.reroll();
    assertThat(data.previewProperty().get().seed()).isNotEqualTo(seed);
    // a seed short enough to read and quote in the preview's caption
    assertThat(data.previewProperty().get().seed()).isBetween(1L, 999_999L);
    assertThat(Arrays.equals(before, previewPixels())).isFalse();
  }

  @Test
  void aValueTheStepRefusesIsNotAppliedAndSaysWhy() {
    openSample();
    var before = vm.current().transforms();
    StepPath jitter = stepOf(TransformType.COLOR_JITTER);
    assertThat(data.setParamText(jitter, "brightness", "-1"))
        .hasValueSatisfying(m -> assertThat(m).contains("brightness").contains("≥ 0"));
    assertThat(data.setParamText(jitter, "brightness", "lots"))
        .hasValueSatisfying(m -> assertThat(m).contains("brightness"));
    assertThat(vm.current().transforms()).isEqualTo(before);
    assertThat(vm.commands().canUndoProperty().get()).isFalse();
    assertThat(data.editMessageProperty().get()).isNotEmpty();
    assertThat(data.setParamText(jitter, "brightness", "0.5")).isEmpty();
    assertThat(data.editMessageProperty().get()).isEmpty();
  }

  @Test
  void aRefusalIsForgottenWhenTheEditIsUndoneOrAnotherDatasetOpens() throws Exception {
    openSample();
    StepPath jitter = stepOf(TransformType.COLOR_JITTER);
    assertThat(data.setParamText(jitter, "brightness", "0.9")).isEmpty();
    assertThat(data.setParamText(jitter, "brightness", "-1")).isPresent();
    assertThat(data.editMessageProperty().get()).isNotEmpty();

    vm.commands().undo();
    assertThat(data.editMessageProperty().get()).isEmpty();

    assertThat(data.setParamText(jitter, "brightness", "-1")).isPresent();
    data.openDataset(
        TestImages.classFolders(
            tmp.resolve("pets"), new String[] {"cat", "dog"}, new int[] {3, 3}));
    assertThat(data.editMessageProperty().get()).isEmpty();
  }

  @Test
  void aStepOutOfOrderShowsItsErrorAndNoPreview() {
    openSample();
    StepPath normalize = stepOf(TransformType.NORMALIZE);
    StepPath toTensor = stepOf(TransformType.TO_TENSOR);
    assertThat(data.moveStep(normalize, StepPath.ROOT, toTensor.last())).isEmpty();
    assertThat(data.stepErrorsProperty().get())
        .containsOnlyKeys(toTensor)
        .hasEntrySatisfying(toTensor, m -> assertThat(m).contains("add ToTensor before it"));
    assertThat(data.previewMessageProperty().get()).contains("error");
    vm.commands().undo();
    assertThat(data.stepErrorsProperty().get()).isEmpty();
    assertThat(data.previewMessageProperty().get()).isEmpty();
  }

  @Test
  void addRemoveAndNestInsideRandomApply() {
    openSample();
    int n = data.activePipelineProperty().get().steps().size();
    data.selectedStepProperty().set(null);
    assertThat(data.addStep(TransformType.GAUSSIAN_BLUR, false)).isEmpty();
    // image steps go before ToTensor when nothing is selected
    StepPath blur = data.selectedStepProperty().get();
    assertThat(data.step(blur).type()).isEqualTo(TransformType.GAUSSIAN_BLUR);
    assertThat(data.step(blur.parent().child(blur.last() + 1)).type())
        .isEqualTo(TransformType.TO_TENSOR);
    StepPath apply = stepOf(TransformType.RANDOM_APPLY);
    data.selectedStepProperty().set(apply);
    assertThat(data.addStep(TransformType.RANDOM_GRAYSCALE, true)).isEmpty();
    assertThat(data.selectedStepProperty().get()).isEqualTo(apply.child(1));
    assertThat(data.step(apply).steps())
        .extracting(Step::type)
        .containsExactly(TransformType.GRAYSCALE, TransformType.RANDOM_GRAYSCALE);
    assertThat(data.setParamText(apply, "p", "0.75")).isEmpty();
    assertThat(data.step(apply).params()).containsEntry("p", 0.75);
    assertThat(data.removeStep(apply.child(0))).isEmpty();
    assertThat(data.step(apply).steps())
        .extracting(Step::type)
        .containsExactly(TransformType.RANDOM_GRAYSCALE);
    assertThat(data.activePipelineProperty().get().steps()).hasSize(n + 1);
    assertThat(data.stepErrorsProperty().get()).isEmpty();
  }

  @Test
  void theValidationPipelineRefusesRandomSteps() {
    openSample();
    data.activeProperty().set(Which.VAL);
    var before = vm.current().transforms();
    assertThat(data.addStep(TransformType.RANDOM_HORIZONTAL_FLIP, false))
        .hasValueSatisfying(m -> assertThat(m).contains("train pipeline"));
    assertThat(vm.current().transforms()).isEqualTo(before);
    assertThat(data.previewProperty().get().random()).isFalse();
    assertThat(data.previewProperty().get().variants()).hasSize(1);
    assertThat(data.previewProperty().get().width()).isEqualTo(64);
  }

  @Test
  void aProjectWithoutTransformsEditsTheDefaultAndResetGoesBack() {
    vm.newProject();
    assertThat(data.defaultPipelinesProperty().get()).isTrue();
    assertThat(data.activePipelineProperty().get().steps())
        .extracting(Step::type)
        .containsExactly(TransformType.RESIZE, TransformType.TO_TENSOR, TransformType.NORMALIZE);
    data.selectedStepProperty().set(StepPath.of(0));
    assertThat(data.addStep(TransformType.RANDOM_HORIZONTAL_FLIP, false)).isEmpty();
    assertThat(data.defaultPipelinesProperty().get()).isFalse();
    assertThat(vm.current().transforms().train().steps()).hasSize(4);
    data.resetPipelines();
    assertThat(vm.current().transforms()).isNull();
    assertThat(data.defaultPipelinesProperty().get()).isTrue();
  }

  @Test
  void aFolderThatDoesNotExistSaysSo() {
    vm.newProject();
    data.openDataset(tmp.resolve("missing"));
    assertThat(data.indexProperty().get()).isNull();
    assertThat(data.datasetMessageProperty().get())
        .startsWith("The dataset cannot be used: dataset folder not found");
  }
}
