package org.layerbench.app.gui.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.engine.data.ScanReport.ClassCount;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Data workspace in the real window (TestFX, headless Monocle) with the bundled sample project:
 * the class list and counts, thumbnails decoded off the FX thread for the visible cells only, and
 * the augmentation preview redrawn when a parameter changes or a step is switched off.
 */
@ExtendWith(ApplicationExtension.class)
class DataWorkspaceGuiTest {
  static final Path SAMPLE = Path.of("../sample-data/project/sample.lbproj");

  private WorkbenchViewModel vm;
  private WorkbenchView view;

  @Start
  void start(Stage stage) {
    vm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.open(SAMPLE);
  }

  private DataWorkspace data() {
    return view.dataWorkspace();
  }

  private static void waitFor(String what, java.util.concurrent.Callable<Boolean> condition)
      throws Exception {
    try {
      WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, condition);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("timed out waiting for " + what, e);
    }
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** The pixels of every preview tile, as drawn. */
  private int[] previewPixels(FxRobot robot) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < DataViewModel.PREVIEW_COUNT; i++) {
      Image img = robot.lookup("#preview-" + i).queryAs(ImageView.class).getImage();
      assertThat(img).as("preview tile " + i).isNotNull();
      int w = (int) img.getWidth();
      int h = (int) img.getHeight();
      int[] px = new int[w * h];
      img.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), px, 0, w);
      for (int p : px) {
        all.add(p);
      }
    }
    return all.stream().mapToInt(Integer::intValue).toArray();
  }

  private void openDataWorkspace(FxRobot robot) throws Exception {
    robot.clickOn("#ws-data");
    waitFor("the scan", () -> data().viewModel().reportProperty().get() != null);
    waitFor("the preview", () -> data().viewModel().previewProperty().get() != null);
  }

  @Test
  void theSampleShowsThreeClassesWith150TrainingAnd50ValidationImagesEach(FxRobot robot)
      throws Exception {
    openDataWorkspace(robot);
    TableView<ClassCount> table = robot.lookup("#data-classes").queryTableView();
    assertThat(table.getItems())
        .containsExactly(
            new ClassCount("circle", 150, 50, 0),
            new ClassCount("square", 150, 50, 0),
            new ClassCount("triangle", 150, 50, 0));
    // what is drawn: the cells of the first row
    List<String> firstRow = new ArrayList<>();
    robot
        .from(table)
        .lookup(".table-row-cell")
        .nth(0)
        .lookup(".table-cell")
        .queryAll()
        .forEach(c -> firstRow.add(((javafx.scene.control.Labeled) c).getText()));
    assertThat(firstRow).startsWith("circle", "150", "50");
    assertThat(robot.lookup("#data-path").queryAs(Label.class).getText()).isEqualTo("data/shapes");
    assertThat(robot.lookup("#data-layout").queryAs(Label.class).getText())
        .contains("train/ and val/ folders")
        .contains("3 classes")
        .contains("600 images");
    assertThat(robot.lookup("#data-imbalance").query().isVisible()).isFalse();
    assertThat(robot.lookup("#tab-data-problems .tab-label").queryAs(Label.class).getText())
        .isEqualTo("Problems");
    assertThat(data().viewModel().problems()).isEmpty();
    assertThat(robot.lookup("#data-details-facts").queryAs(Label.class).getText())
        .contains("64 × 64 px")
        .contains("mode RGB");
  }

  @Test
  void thumbnailsAreDecodedOffTheFxThreadForTheVisibleCellsOnly(FxRobot robot) throws Exception {
    openDataWorkspace(robot);
    ThumbnailLoader loader = data().thumbnails();
    waitFor(
        "thumbnails in the visible cells",
        () ->
            robot.lookup("#data-grid .thumb-cell").queryAll().stream()
                    .filter(Node::isVisible)
                    .map(c -> robot.from(c).lookup(".image-view").queryAs(ImageView.class))
                    .filter(v -> v.getImage() != null)
                    .count()
                >= 8);
    assertThat(loader.decodedOnFxThread()).isZero();
    int visible = robot.lookup("#data-grid .thumb-cell").queryAll().size();
    assertThat(loader.decodedCount())
        .isGreaterThanOrEqualTo(8)
        .isLessThan(Math.max(120, visible * 3));

    // Jump to the end: the FX thread keeps answering while the new cells' images decode.
    var flow =
        robot
            .lookup("#data-grid .virtual-flow")
            .queryAs(javafx.scene.control.skin.VirtualFlow.class);
    long before = loader.decodedCount();
    robot.interact(() -> flow.scrollTo(flow.getCellCount() - 1));
    CountDownLatch answered = new CountDownLatch(1);
    long t0 = System.nanoTime();
    Platform.runLater(answered::countDown);
    assertThat(answered.await(2, TimeUnit.SECONDS)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2000);
    waitFor("thumbnails after scrolling", () -> loader.decodedCount() > before);
    assertThat(loader.decodedOnFxThread()).isZero();
    assertThat(loader.decodedCount()).isLessThan(600);
  }

  @Test
  void aMouseWheelNotchScrollsTheThumbnailsOneRow(FxRobot robot) throws Exception {
    openDataWorkspace(robot);
    Node grid = robot.lookup("#data-grid").query();
    var flow =
        robot
            .lookup("#data-grid .virtual-flow")
            .queryAs(javafx.scene.control.skin.VirtualFlow.class);
    double row = flow.getFirstVisibleCell().getHeight();
    double before = flow.getFirstVisibleCell().getLayoutY();
    // Three notches down as a wheel sends them (40 pixels each).
    for (int i = 0; i < 3; i++) {
      robot.interact(
          () ->
              javafx.event.Event.fireEvent(
                  grid,
                  new javafx.scene.input.ScrollEvent(
                      grid,
                      grid,
                      javafx.scene.input.ScrollEvent.SCROLL,
                      100,
                      100,
                      100,
                      100,
                      false,
                      false,
                      false,
                      false,
                      false,
                      false,
                      0,
                      -40,
                      0,
                      -40,
                      javafx.scene.input.ScrollEvent.HorizontalTextScrollUnits.NONE,
                      0,
                      javafx.scene.input.ScrollEvent.VerticalTextScrollUnits.NONE,
                      0,
                      0,
                      null)));
    }
    WaitForAsyncUtils.waitForFxEvents();
    javafx.scene.control.IndexedCell<?> first = flow.getFirstVisibleCell();
    // Three rows down, the first visible row aligned as before.
    assertThat(first.getIndex()).isEqualTo(3);
    assertThat(first.getLayoutY()).isCloseTo(before, org.assertj.core.data.Offset.offset(1.0));
    assertThat(row).isGreaterThan(100);
  }

  @Test
  void changingBrightnessOrDisablingAStepRedrawsThePreview(FxRobot robot) throws Exception {
    openDataWorkspace(robot);
    int[] before = previewPixels(robot);

    robot.clickOn("#step-4"); // ColorJitter
    assertThat(robot.lookup("#step-editor-title").queryAs(Label.class).getText())
        .isEqualTo("Step 4: ColorJitter");
    robot.doubleClickOn("#step-param-brightness").write("0.9").push(KeyCode.ENTER);
    assertThat(vm.current().transforms().train().steps().get(3).params())
        .containsEntry("brightness", 0.9);
    waitFor("a new preview", () -> !Arrays.equals(before, previewPixels(robot)));
    int[] brighter = previewPixels(robot);

    Node rotation = robot.lookup("#step-3").query();
    robot.clickOn(robot.from(rotation).lookup(".check-box").queryAs(CheckBox.class));
    assertThat(vm.current().transforms().train().steps().get(2).enabled()).isFalse();
    waitFor("the preview without rotation", () -> !Arrays.equals(brighter, previewPixels(robot)));

    // Undo (Ctrl+Z) twice brings the first preview back, pixel for pixel.
    robot.clickOn("#data-steps");
    robot.push(KeyCode.CONTROL, KeyCode.Z);
    robot.push(KeyCode.CONTROL, KeyCode.Z);
    waitFor("the original preview", () -> Arrays.equals(before, previewPixels(robot)));
    assertThat(vm.isDirty()).isFalse();
  }

  @Test
  void aRefusedValueSnapsBackAndSaysWhyUnderTheFields(FxRobot robot) throws Exception {
    openDataWorkspace(robot);
    robot.clickOn("#step-4");
    robot.doubleClickOn("#step-param-brightness").write("-2").push(KeyCode.ENTER);
    assertThat(robot.lookup("#step-editor-message").queryAs(Label.class).getText())
        .contains("brightness")
        .contains("≥ 0");
    assertThat(
            robot
                .lookup("#step-param-brightness")
                .queryAs(javafx.scene.control.TextField.class)
                .getText())
        .isEqualTo("0.2");
    assertThat(vm.isDirty()).isFalse();
  }

  @Test
  void theSplitSliderResplitsAFolderOfClassFoldersAsOneUndoableEdit(FxRobot robot)
      throws Exception {
    Path dir =
        TestImages.classFolders(
            java.nio.file.Files.createTempDirectory("layerbench-split"),
            new String[] {"a", "b"},
            new int[] {20, 20});
    robot.clickOn("#ws-data");
    robot.interact(() -> data().viewModel().openDataset(dir));
    waitFor(
        "the new dataset",
        () ->
            data().viewModel().reportProperty().get() != null
                && data().viewModel().indexProperty().get().classes().equals(List.of("a", "b")));
    assertThat(robot.lookup("#data-layout").queryAs(Label.class).getText())
        .contains("one folder per class");
    assertThat(data().viewModel().counts().get(0)).isEqualTo(new ClassCount("a", 16, 4, 0));
    javafx.scene.control.Slider slider = robot.lookup("#data-val-split").query();
    assertThat(slider.isDisabled()).isFalse();
    robot.clickOn(slider.lookup(".thumb")).push(KeyCode.RIGHT);
    waitFor("the new split", () -> data().viewModel().counts().get(0).val() == 5);
    assertThat(vm.current().training().valSplit()).isEqualTo(0.25);
    assertThat(robot.lookup("#data-val-split-value").queryAs(Label.class).getText())
        .isEqualTo("25%");
    assertThat(vm.commands().undoLabelProperty().get()).isEqualTo("Validation Split 25%");
    robot.interact(() -> vm.commands().undo());
    waitFor("the old split", () -> data().viewModel().counts().get(0).val() == 4);
    assertThat(slider.getValue()).isEqualTo(0.2);
  }
}
