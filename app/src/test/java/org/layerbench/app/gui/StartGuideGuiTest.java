package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.gui.data.DataWorkspace;
import org.layerbench.app.gui.guide.StartGuide;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The first-run guide in the real window: shown on a first start, its steps switch workspace and
 * tick what the open project has done, dismissing it is remembered by the next start of the view,
 * and Help → Getting Started brings it back.
 */
@ExtendWith(ApplicationExtension.class)
class StartGuideGuiTest {
  static final Path SAMPLE = Path.of("../sample-data/project/sample.lbproj");

  private final Settings settings = Settings.inMemory();
  private WorkbenchViewModel vm;
  private WorkbenchView view;

  @Start
  void start(Stage stage) {
    open(stage);
  }

  private void open(Stage stage) {
    vm = new WorkbenchViewModel(Runnable::run, Runnable::run, Runnable::run, settings, null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.newProject();
  }

  private static boolean ticked(FxRobot robot, String step) {
    Button b = robot.lookup("#guide-step-" + step).queryButton();
    return b.getGraphic().getStyleClass().contains("guide-done");
  }

  @Test
  void showsOnFirstStartAndAStepSwitchesWorkspace(FxRobot robot) {
    assertThat(robot.lookup("#start-guide").query().isVisible()).isTrue();
    // A new project has no dataset yet: that is the next step.
    assertThat(ticked(robot, "data")).isFalse();
    assertThat(robot.lookup("#guide-next").queryAs(Label.class).getText())
        .startsWith("Next: open a dataset folder");

    robot.clickOn("#guide-step-data");
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(robot.lookup("#ws-data").queryAs(ToggleButton.class).isSelected()).isTrue();
    assertThat(view.context().vm()).isSameAs(vm);
    assertThat(robot.lookup("#ws-data").queryAs(ToggleButton.class).getScene().getRoot())
        .matches(r -> ((javafx.scene.layout.BorderPane) r).getCenter() instanceof DataWorkspace);

    robot.clickOn("#guide-step-model");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#ws-model").queryAs(ToggleButton.class).isSelected()).isTrue();
  }

  @Test
  void ticksTheStepsTheOpenProjectHasDone(FxRobot robot) {
    robot.interact(() -> vm.open(SAMPLE));
    WaitForAsyncUtils.waitForFxEvents();

    // The sample has a dataset, a valid model and a learning rate, and no runs in the checkout.
    assertThat(ticked(robot, "data")).isTrue();
    assertThat(ticked(robot, "model")).isTrue();
    assertThat(ticked(robot, "learning-rate")).isTrue();
    assertThat(robot.lookup("#guide-next").queryAs(Label.class).getText())
        .startsWith("Next: press Start on the Train workspace");
  }

  @Test
  void dismissalPersistsAcrossARestartAndHelpBringsItBack(FxRobot robot) {
    robot.clickOn("#guide-dismiss");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#start-guide").query().isVisible()).isFalse();
    assertThat(settings.get(StartGuide.DISMISSED, "false")).isEqualTo("true");

    // A restart of the view with the same preferences starts without the guide.
    robot.interact(
        () -> {
          Stage stage = (Stage) view.modelWorkspace().getScene().getWindow();
          open(stage);
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(view.guide().isShown()).isFalse();
    assertThat(robot.lookup("#start-guide").query().isVisible()).isFalse();

    robot.clickOn("#menu-bar .menu:last-child"); // Help
    robot.clickOn("Getting Started");
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(robot.lookup("#start-guide").query().isVisible()).isTrue();
    assertThat(settings.get(StartGuide.DISMISSED, "true")).isEqualTo("false");
  }
}
