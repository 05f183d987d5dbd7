package org.layerbench.app.gui.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.TextModels;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.engine.train.Predictor;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The Predict workspace in the real window (TestFX, headless Monocle) with a text model: the text
 * area replaces the image drop zone, a typed text is classified with Classify, and its bars show
 * the engine Predictor's top classes.
 */
@ExtendWith(ApplicationExtension.class)
class PredictTextGuiTest {
  private static Path bundle;
  private final ExecutorService io = Executors.newSingleThreadExecutor();
  private WorkbenchView view;
  private PredictWorkspace workspace;

  @BeforeAll
  static void bundle() throws Exception {
    Path dir = Files.createTempDirectory("predict-text");
    bundle = TextModels.bundle(dir.resolve("reviews.lbmodel"), List.of("neg", "pos"), 21);
  }

  @Start
  void start(Stage stage) {
    WorkbenchViewModel vm =
        new WorkbenchViewModel(io, Runnable::run, Platform::runLater, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.newProject();
    view.showWorkspace("Predict");
    workspace = (PredictWorkspace) stage.getScene().lookup("#predict-workspace");
  }

  @AfterEach
  void stopIo() {
    io.shutdownNow();
  }

  /** Whether {@code n} and all its parents are visible. */
  private static boolean shown(javafx.scene.Node n) {
    for (javafx.scene.Node x = n; x != null; x = x.getParent()) {
      if (!x.isVisible()) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aTypedTextIsClassifiedIntoTopKBars(FxRobot robot) throws Exception {
    PredictViewModel pvm = workspace.viewModel();
    robot.interact(() -> pvm.openModelFile(bundle));
    PredictWorkspaceGuiTest.waitFor(() -> "text".equals(pvm.modalityProperty().get()));
    assertThat(shown(robot.lookup("#predict-text").query())).isTrue();
    assertThat(shown(robot.lookup("#predict-drop-zone").query())).isFalse();
    assertThat(shown(robot.lookup("#predict-open-images").query())).isFalse();

    robot.clickOn("#predict-text").write("The service was very good!");
    robot.clickOn("#predict-classify-text");
    PredictWorkspaceGuiTest.waitFor(
        () -> pvm.textResults().size() == 1 && !pvm.runningProperty().get());

    Predictor.Prediction expected =
        view.context()
            .engine()
            .submit(
                () -> {
                  try (Predictor p = new Predictor(List.of(bundle))) {
                    return p.predictText("The service was very good!", 2);
                  }
                })
            .get(120, TimeUnit.SECONDS);
    List<String> labels =
        robot
            .from(robot.lookup("#predict-text-results").queryParent())
            .lookup(".bar-label")
            .queryAllAs(Label.class)
            .stream()
            .map(Label::getText)
            .toList();
    List<String> percents =
        robot.lookup("#predict-text-results .bar-percent").queryAllAs(Label.class).stream()
            .map(l -> l.getText().strip())
            .toList();
    assertThat(labels)
        .containsExactlyElementsOf(expected.top().stream().map(Predictor.Ranked::label).toList());
    assertThat(percents)
        .containsExactlyElementsOf(
            expected.top().stream()
                .map(r -> String.format(Locale.ROOT, "%.1f %%", 100 * r.probability()))
                .toList());
    assertThat(robot.lookup("#predict-status").queryAs(Label.class).getText())
        .isEqualTo("Classified 1 text with reviews.lbmodel.");
  }
}
