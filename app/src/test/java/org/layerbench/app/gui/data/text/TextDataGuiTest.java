package org.layerbench.app.gui.data.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.SharedText;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A CSV opened in the real window (TestFX, headless Monocle): the Data workspace switches to the
 * text view and shows the rows table and the token-length histogram, read off the FX thread.
 */
@ExtendWith(ApplicationExtension.class)
class TextDataGuiTest {
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
    vm.newProject();
  }

  @Test
  void aCsvOpensAsTextWithItsRowsAndTheTokenLengthHistogram(FxRobot robot) throws Exception {
    Path csv = SharedText.file(SharedText.SENTIMENT140);
    robot.clickOn("#ws-data");
    TextDataViewModel text = view.dataWorkspace().viewModel().text();
    Platform.runLater(() -> view.dataWorkspace().viewModel().openDataset(csv));
    WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text.statsProperty().get() != null);
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(robot.lookup("#text-data-view").query().isVisible()).isTrue();
    assertThat(robot.lookup("#data-grid").tryQuery()).isEmpty();
    TableView<TextRow> table = robot.lookup("#text-rows-table").queryTableView();
    assertThat(table.getItems()).hasSize(20_000);
    assertThat(robot.from(table).lookup(".table-row-cell").queryAll().size())
        .as("a virtualised table draws only the visible rows")
        .isBetween(5, 100);
    assertThat(robot.lookup("#text-row-count").queryAs(Label.class).getText())
        .isEqualTo("20,000 rows");
    TokenLengthChart chart = robot.lookup("#text-length-chart").queryAs(TokenLengthChart.class);
    assertThat(chart.isVisible()).isTrue();
    assertThat(chart.getWidth()).isGreaterThan(200);
    assertThat(chart.getHeight()).isGreaterThan(100);
    assertThat(robot.lookup("#data-layout").queryAs(Label.class).getText())
        .contains("2 classes")
        .contains("20,000 rows");
    assertThat(robot.lookup("#text-format-reasons").queryAs(Label.class).getText())
        .contains("utf-8-replace");

    robot.clickOn((javafx.scene.Node) robot.from(table).lookup(".table-row-cell").nth(2).query());
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(text.previewProperty().get()).isNotNull();
    assertThat(robot.lookup("#text-token-preview").queryParent().getChildrenUnmodifiable())
        .isNotEmpty();
  }
}
