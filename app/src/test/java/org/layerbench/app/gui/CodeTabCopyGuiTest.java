package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * In the whole window, whose Edit menu owns Ctrl+C: Copy in the Model workspace's Code tab copies
 * the code, not the graph's selection.
 */
@ExtendWith(ApplicationExtension.class)
class CodeTabCopyGuiTest {
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
    vm.newFromTemplate("simplenet", 3, java.util.List.of(3, 32, 32));
  }

  private CodeArea area() {
    return view.modelWorkspace().code().area();
  }

  private static String clipboard(FxRobot robot) {
    String[] s = new String[1];
    robot.interact(() -> s[0] = Clipboard.getSystemClipboard().getString());
    return s[0];
  }

  private void select(FxRobot robot, String text) {
    robot.interact(
        () -> {
          ClipboardContent c = new ClipboardContent();
          c.putString("before");
          Clipboard.getSystemClipboard().setContent(c);
          int at = area().getText().indexOf(text);
          area().requestFocus();
          area().selectRange(at, at + text.length());
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void ctrlCAndEditCopyCopyTheCodeTabsSelection(FxRobot robot) {
    robot.clickOn("#tab-code");
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(area().getText()).contains("import torch");

    select(robot, "import torch");
    robot.push(KeyCode.CONTROL, KeyCode.C);
    assertThat(clipboard(robot)).isEqualTo("import torch");

    select(robot, "nn.Module");
    javafx.scene.control.MenuBar bar =
        robot.lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class);
    javafx.scene.control.MenuItem copy =
        bar.getMenus().get(1).getItems().stream()
            .filter(i -> "_Copy".equals(i.getText()))
            .findFirst()
            .orElseThrow();
    robot.interact(copy::fire); // Edit → Copy, as clicking it does
    assertThat(clipboard(robot)).isEqualTo("nn.Module");
    assertThat(vm.model().graph().nodes()).hasSizeGreaterThan(1); // the graph was not touched
  }
}
