package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** New from Template: no empty problem box, and the classes default to the open dataset's. */
@ExtendWith(ApplicationExtension.class)
class TemplateDialogGuiTest {
  @Start
  void start(Stage stage) {
    stage.show();
  }

  private static Dialog<WorkbenchDialogs.TemplateChoice> dialog(FxRobot robot, int classes) {
    @SuppressWarnings("unchecked")
    Dialog<WorkbenchDialogs.TemplateChoice>[] d = new Dialog[1];
    robot.interact(() -> d[0] = WorkbenchDialogs.templateDialog(null, classes));
    return d[0];
  }

  @Test
  void theClassesDefaultToTheDatasetsAndNoProblemBoxShowsUntilThereIsOne(FxRobot robot) {
    var d = dialog(robot, 2);
    var pane = d.getDialogPane();
    @SuppressWarnings("unchecked")
    Spinner<Integer> classes = (Spinner<Integer>) pane.lookup("#template-classes");
    Label problem = (Label) pane.lookup("#template-problem");
    assertThat(classes.getValue()).isEqualTo(2);
    assertThat(problem.isVisible()).isFalse();
    assertThat(problem.isManaged()).isFalse();

    robot.interact(() -> problem.setText("Input size is whole numbers ≥ 1 such as 3, 224, 224"));
    assertThat(problem.isVisible()).isTrue();
    robot.interact(() -> ((TextField) pane.lookup("#template-input")).setText("3, 32, 32"));
    assertThat(problem.isVisible()).isFalse();
  }

  @Test
  void withoutADatasetEachTemplateKeepsItsOwnDefault(FxRobot robot) {
    var d = dialog(robot, 0);
    @SuppressWarnings("unchecked")
    Spinner<Integer> classes = (Spinner<Integer>) d.getDialogPane().lookup("#template-classes");
    assertThat(classes.getValue()).isEqualTo(1000); // resnet18's ImageNet head
  }
}
