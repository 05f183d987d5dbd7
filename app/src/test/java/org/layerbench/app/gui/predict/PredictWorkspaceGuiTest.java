package org.layerbench.app.gui.predict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
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
import org.layerbench.engine.train.Predictor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Predict workspace in the real window (TestFX, headless Monocle) on real runs trained on the
 * sample: two images classified by one run, then by an ensemble of two runs whose softmax outputs
 * are averaged, each shown as top-k probability bars that match the engine's own Predictor.
 */
@ExtendWith(ApplicationExtension.class)
class PredictWorkspaceGuiTest {
  private static List<Path> runs;
  private static final List<Path> IMAGES =
      List.of(
          SampleRuns.DATA.resolve("val/circle/circle_000.png"),
          SampleRuns.DATA.resolve("val/triangle/triangle_000.png"));
  private final ExecutorService io = Executors.newSingleThreadExecutor();
  private WorkbenchView view;
  private PredictWorkspace workspace;

  @BeforeAll
  static void train() throws Exception {
    runs = SampleRuns.two();
  }

  @Start
  void start(Stage stage) {
    WorkbenchViewModel vm =
        new WorkbenchViewModel(io, Runnable::run, Platform::runLater, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.newProject();
    vm.editProject(
        "Add runs",
        p ->
            p.withDataset(SampleRuns.DATA.toString())
                .withRuns(runs.stream().map(Path::toString).toList()));
    view.showWorkspace("Predict");
    workspace = (PredictWorkspace) stage.getScene().lookup("#predict-workspace");
  }

  @AfterEach
  void stopIo() {
    io.shutdownNow();
  }

  static void waitFor(BooleanSupplier condition) throws Exception {
    WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, condition::getAsBoolean);
    WaitForAsyncUtils.waitForFxEvents();
  }

  /** What the engine's Predictor says for the images with these bundles (the reference). */
  private List<Predictor.Prediction> reference(List<Path> bundles) throws Exception {
    return view.context()
        .engine()
        .submit(
            () -> {
              try (Predictor p = new Predictor(bundles)) {
                List<Predictor.Prediction> out = new java.util.ArrayList<>();
                for (Path image : IMAGES) {
                  out.add(p.predict(image, 3));
                }
                return out;
              }
            })
        .get(180, TimeUnit.SECONDS);
  }

  private static List<String> bars(FxRobot robot, Node card, String styleClass) {
    return robot.from(card).lookup("." + styleClass).queryAllAs(Label.class).stream()
        .map(Label::getText)
        .toList();
  }

  private boolean allDone(int members) {
    List<ImageResult> images = workspace.viewModel().images();
    return images.size() == IMAGES.size()
        && images.stream().allMatch(r -> !r.pending() && r.members().size() == members)
        && !workspace.viewModel().runningProperty().get();
  }

  @Test
  void oneRunThenAnEnsembleOfTwoGiveTopKBars(FxRobot robot) throws Exception {
    PredictViewModel pvm = workspace.viewModel();
    waitFor(() -> pvm.runs().entries().size() == 2 && pvm.chosen().size() == 1);
    assertThat(pvm.chosen()).extracting(RunEntry::name).containsExactly("run-2");
    Path b1 = runs.get(0).resolve("model.lbmodel");
    Path b2 = runs.get(1).resolve("model.lbmodel");

    robot.interact(() -> pvm.addImages(IMAGES));
    waitFor(() -> allDone(1));
    List<Node> cards = workspace.cards();
    assertThat(cards).hasSize(2);
    List<Predictor.Prediction> single = reference(List.of(b2));
    for (int i = 0; i < 2; i++) {
      List<String> labels = bars(robot, cards.get(i), "bar-label");
      List<String> percents = bars(robot, cards.get(i), "bar-percent");
      assertThat(labels).hasSize(3); // top 3 of the three classes
      assertThat(labels)
          .containsExactlyElementsOf(
              single.get(i).top().stream().map(Predictor.Ranked::label).toList());
      for (int k = 0; k < 3; k++) {
        assertThat(percents.get(k).strip())
            .isEqualTo(
                String.format(
                    java.util.Locale.ROOT,
                    "%.1f %%",
                    100 * single.get(i).top().get(k).probability()));
      }
      assertThat(robot.from(cards.get(i)).lookup(".bar-fill").queryAll()).hasSize(3);
    }
    assertThat(robot.lookup("#predict-status").queryAs(Label.class).getText())
        .isEqualTo("Classified 2 images with run-2.");

    // check run-1 as well: an ensemble of two, the mean of their softmax outputs
    robot.clickOn("#predict-use-run-1");
    waitFor(() -> allDone(2));
    assertThat(pvm.chosen()).extracting(RunEntry::name).containsExactlyInAnyOrder("run-1", "run-2");
    List<Predictor.Prediction> ensemble = reference(List.of(b1, b2));
    List<Predictor.Prediction> first = reference(List.of(b1));
    for (int i = 0; i < 2; i++) {
      ImageResult r = pvm.images().get(i);
      assertThat(r.file()).isEqualTo(IMAGES.get(i));
      for (int c = 0; c < 3; c++) {
        assertThat((double) r.probabilities()[c])
            .isCloseTo(ensemble.get(i).probabilities()[c], within(1e-6))
            .isCloseTo(
                (first.get(i).probabilities()[c] + single.get(i).probabilities()[c]) / 2,
                within(1e-5));
      }
      List<String> labels = bars(robot, workspace.cards().get(i), "bar-label");
      assertThat(labels)
          .containsExactlyElementsOf(
              ensemble.get(i).top().stream().map(Predictor.Ranked::label).toList());
      assertThat(bars(robot, workspace.cards().get(i), "member-line"))
          .hasSize(2)
          .satisfies(
              lines -> {
                assertThat(lines.get(0)).startsWith("run-1 says ");
                assertThat(lines.get(1)).startsWith("run-2 says ");
              });
    }
    assertThat(robot.lookup("#predict-using").queryAs(Label.class).getText())
        .isEqualTo("Ensemble of 2 models");

    // fewer classes shown: the bars follow at once, without predicting again
    Spinner<Integer> top = robot.lookup("#predict-topk").queryAs(Spinner.class);
    robot.interact(() -> top.getValueFactory().setValue(2));
    assertThat(bars(robot, workspace.cards().get(0), "bar-label")).hasSize(2);
  }

  @Test
  void aFileThatIsNotAnImageIsLeftOutWithAReason(FxRobot robot) throws Exception {
    PredictViewModel pvm = workspace.viewModel();
    waitFor(() -> pvm.chosen().size() == 1);
    Path notImage = runs.getFirst().resolve("metrics.csv");
    Path broken = java.nio.file.Files.createTempFile("broken", ".png");
    java.nio.file.Files.writeString(broken, "not really a PNG");
    robot.interact(() -> pvm.addImages(List.of(notImage, broken, IMAGES.getFirst())));
    waitFor(
        () ->
            pvm.images().size() == 2
                && pvm.images().stream().noneMatch(ImageResult::pending)
                && !pvm.runningProperty().get());
    assertThat(robot.lookup("#predict-error .error-message").queryAs(Label.class).getText())
        .isEqualTo("Not an image (png, jpg, jpeg, bmp or gif), left out: metrics.csv.");
    ImageResult bad = pvm.images().getFirst();
    assertThat(bad.error()).isEqualTo("not an image");
    assertThat(
            robot
                .from(workspace.cards().getFirst())
                .lookup(".prediction-error")
                .queryAs(Label.class)
                .getText())
        .isEqualTo("Cannot classify: not an image");
    assertThat(pvm.images().get(1).top(1)).hasSize(1);
  }
}
