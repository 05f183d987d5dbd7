package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.model.ElkLayout;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.project.ProjectFile;

/** The window's view-model on same-thread executors: open, edit, dirty, save, reopen, recover. */
class WorkbenchViewModelTest {
  static final Path SAMPLE = Path.of("../sample-data/project/sample.lbproj");

  @TempDir Path tmp;
  private WorkbenchViewModel vm;
  private final List<String> errors = new ArrayList<>();

  @BeforeEach
  void setUp() {
    vm = newViewModel();
  }

  private WorkbenchViewModel newViewModel() {
    WorkbenchViewModel w =
        new WorkbenchViewModel(
            Runnable::run,
            Runnable::run,
            Runnable::run,
            Settings.inMemory(),
            tmp.resolve("autosave"));
    w.setErrorHandler(errors::add);
    return w;
  }

  @Test
  void opensTheSampleLaidOutValidAndClean() {
    vm.open(SAMPLE);
    assertThat(errors).isEmpty();
    assertThat(vm.model().graph().nodes()).hasSize(16);
    assertThat(ElkLayout.needsLayout(vm.model().graph())).isFalse();
    assertThat(vm.model().analysis().ok()).isTrue();
    assertThat(vm.isDirty()).isFalse();
    assertThat(vm.titleProperty().get()).isEqualTo("Shapes sample — sample.lbproj — LayerBench");
    assertThat(vm.datasetSummaryProperty().get()).contains("circle");
    assertThat(vm.recentFiles()).containsExactly(SAMPLE.toAbsolutePath().normalize());
  }

  @Test
  void theFirstStartOpensWhatItLocatesOrANewProject() {
    vm.openOrNew(() -> Optional.of(SAMPLE));
    assertThat(vm.titleProperty().get()).startsWith("Shapes sample — sample.lbproj");

    WorkbenchViewModel none = newViewModel();
    none.openOrNew(Optional::empty);
    assertThat(none.model().graph().nodes()).hasSize(1);
    assertThat(errors).isEmpty();
  }

  @Test
  void anEditMarksTheTitleAndUndoingItClearsTheMark() {
    vm.open(SAMPLE);
    vm.model().addNode(LayerType.RELU, 0, 0);
    assertThat(vm.isDirty()).isTrue();
    assertThat(vm.titleProperty().get()).startsWith("*Shapes sample");
    vm.commands().undo();
    assertThat(vm.isDirty()).isFalse();
  }

  @Test
  void savedAndReopenedProjectHasTheSameGraph() throws Exception {
    vm.open(SAMPLE);
    String relu = vm.model().addNode(LayerType.RELU, 400, 40);
    vm.model().connect("fc", relu, 0);
    vm.model().setParam("features.0", "out_channels", "24");
    Path file = tmp.resolve("copy.lbproj");
    vm.saveAs(file);
    assertThat(errors).isEmpty();
    assertThat(vm.isDirty()).isFalse();
    assertThat(vm.titleProperty().get()).contains("copy.lbproj").doesNotStartWith("*");

    WorkbenchViewModel other = newViewModel();
    other.open(file);
    assertThat(other.model().graph()).isEqualTo(vm.model().graph());
    // Saved in another folder, the dataset reference still points at the sample's images.
    assertThat(other.current().datasetDir())
        .isEqualTo(SAMPLE.toAbsolutePath().getParent().resolve("data/shapes").normalize());
    assertThat(other.datasetSummaryProperty().get()).contains("circle");
    assertThat(ProjectFile.read(file).training()).isEqualTo(ProjectFile.read(SAMPLE).training());
    assertThat(ProjectFile.read(file).transforms())
        .isNotNull()
        .isEqualTo(ProjectFile.read(SAMPLE).transforms());
  }

  @Test
  void aBrokenFileIsReportedAndNothingChanges() throws Exception {
    vm.open(SAMPLE);
    Path bad = tmp.resolve("bad.lbproj");
    Files.writeString(bad, "{ not json");
    vm.open(bad);
    assertThat(errors).singleElement().asString().contains("not valid JSON");
    assertThat(vm.model().graph().nodes()).hasSize(16);
    assertThat(vm.busyProperty().get()).isFalse();
  }

  @Test
  void fileErrorsNameTheFileAndSayWhy() throws Exception {
    vm.open(SAMPLE);
    Path missing = tmp.resolve("gone.lbproj");
    vm.open(missing);
    assertThat(errors).singleElement().asString().contains(missing.toString()).contains("no such");
    errors.clear();

    // Saving onto a folder: the OS refuses the rename, and the dialog says so.
    Path folder = Files.createDirectories(tmp.resolve("taken.lbproj"));
    Files.writeString(folder.resolve("inside"), "x");
    vm.saveAs(folder);
    assertThat(errors)
        .singleElement()
        .asString()
        .startsWith("Cannot write " + folder + ": ")
        .doesNotContain(".tmp")
        .endsWith(".");
    assertThat(vm.isDirty()).isFalse();
  }

  @Test
  void saveToAReadOnlyDiskSaysSo() throws Exception {
    Path ro = Files.createDirectories(tmp.resolve("ro"));
    Process p =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", ro.toString())
            .redirectErrorStream(true)
            .start();
    p.getInputStream().readAllBytes();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        p.waitFor() == 0, "cannot mount a tmpfs here (not root, or no CAP_SYS_ADMIN)");
    try {
      vm.open(SAMPLE);
      Path target = ro.resolve("sample.lbproj");
      vm.saveAs(target);
      assertThat(errors).containsExactly("Cannot write " + target + ": read-only file system.");
    } finally {
      new ProcessBuilder("umount", ro.toString()).start().waitFor();
    }
  }

  @Test
  void newFromTemplateUsesClassesAndInputSize() {
    vm.newFromTemplate("resnet18", 10, List.of(3, 128, 128));
    assertThat(vm.model().analysis().ok()).isTrue();
    assertThat(vm.model().analysis().output().orElseThrow().toString()).isEqualTo("10");
    assertThat(vm.model().analysis().params()).isEqualTo(11_181_642L);
    assertThat(ElkLayout.needsLayout(vm.model().graph())).isFalse();
    assertThat(vm.current().file()).isNull();
    assertThat(vm.titleProperty().get()).contains("not saved");
  }

  @Test
  void newProjectHasOnlyAnInput() {
    vm.newProject();
    assertThat(vm.model().graph().nodes())
        .extracting(n -> n.type())
        .containsExactly(LayerType.INPUT);
  }

  @Test
  void autosaveIsOfferedAfterACrashAndRecoversTheEdits() {
    vm.open(SAMPLE);
    vm.model().addNode(LayerType.DROPOUT, 300, 300);
    vm.autosave();
    var edited = vm.model().graph();

    // A new session (the old one "crashed" without deleting its autosave).
    WorkbenchViewModel next = newViewModel();
    var recovery = next.pendingRecovery();
    assertThat(recovery).isPresent();
    assertThat(recovery.get().origin()).isEqualTo(SAMPLE.toAbsolutePath());
    next.recover(recovery.get());
    assertThat(next.model().graph()).isEqualTo(edited);
    assertThat(next.isDirty()).isTrue();
    assertThat(next.current().file()).isEqualTo(SAMPLE.toAbsolutePath());
    // The status says when in local time, as the prompt did, not as an ISO instant.
    assertThat(next.statusProperty().get())
        .matches("Recovered the changes autosaved at \\d\\d:\\d\\d")
        .doesNotContain("Z");

    next.deleteAutosave();
    assertThat(newViewModel().pendingRecovery()).isEmpty();
  }

  @Test
  void nothingIsAutosavedWhenClean() {
    vm.open(SAMPLE);
    vm.autosave();
    assertThat(vm.pendingRecovery()).isEmpty();
  }
}
