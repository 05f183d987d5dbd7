package org.layerbench.app.gui.lr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.gui.WorkbenchView;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.lr.LrViewModel.Phase;
import org.layerbench.app.gui.lr.LrViewModel.Suggestion;
import org.layerbench.engine.train.LrFinder;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Learning-rate workspace in the real window (TestFX, headless Monocle) with a real sweep on
 * the sample project on the engine thread: the curve grows while it runs, the suggestions appear,
 * the crosshair reads out the curve, a click and the Pick buttons choose a rate, and "Use this
 * rate" writes it into the training settings (undoable) and moves to Train.
 */
@ExtendWith(ApplicationExtension.class)
class LrWorkspaceGuiTest {
  private WorkbenchViewModel vm;
  private LrWorkspace workspace;

  @Start
  void start(Stage stage) {
    // The first-run guide's strip (above every workspace) is dismissed, as a returning user has
    // it: with it shown, the side panel's "Use" button ends below the fold at 1280x800 in a full
    // suite run, and a click on it lands elsewhere.
    TestSettings settings = new TestSettings();
    settings.put(org.layerbench.app.gui.guide.StartGuide.DISMISSED, "true");
    vm = new WorkbenchViewModel(Runnable::run, Runnable::run, Platform::runLater, settings, null);
    WorkbenchView view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.open(TestSettings.SAMPLE);
  }

  private LrViewModel lr() {
    return workspace.viewModel();
  }

  @Test
  void aSweepOnTheSampleSuggestsRatesAndThePickedOneGoesIntoTheTrainingSettings(FxRobot robot)
      throws Exception {
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(vm.projectProperty().get().training().lr()).isEqualTo(0.003);
    robot.clickOn("#ws-learning-rate");
    workspace = robot.lookup("#lr-workspace").queryAs(LrWorkspace.class);
    assertThat(robot.lookup("#lr-batch").queryTextInputControl().getText()).isEqualTo("16");
    assertThat(robot.lookup("#lr-size").queryTextInputControl().getText()).isEqualTo("64");

    robot.doubleClickOn("#lr-steps").write("30").push(KeyCode.ENTER);
    assertThat(lr().settingsProperty().get().steps()).isEqualTo(30);

    AtomicInteger deliveries = new AtomicInteger();
    AtomicInteger growing = new AtomicInteger();
    robot.interact(
        () ->
            lr().points()
                .addListener(
                    (ListChangeListener<LrFinder.Point>)
                        c -> {
                          deliveries.incrementAndGet();
                          if (lr().phaseProperty().get().busy() && !lr().points().isEmpty()) {
                            growing.incrementAndGet();
                          }
                        }));
    robot.clickOn("#lr-run");
    assertThat(lr().phaseProperty().get().busy()).isTrue();
    assertThat(robot.lookup("#lr-cancel").queryButton().isDisabled()).isFalse();
    WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !lr().phaseProperty().get().busy());
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(lr().messageProperty().get())
        .satisfiesAnyOf(
            m -> assertThat(m).isNull(),
            m -> assertThat(m.kind()).isNotEqualTo(LrViewModel.Message.Kind.ERROR));
    assertThat(lr().phaseProperty().get()).isEqualTo(Phase.DONE);
    assertThat(growing.get()).as("points arrived while the sweep ran").isPositive();
    LrFinder.Result result = lr().resultProperty().get();
    assertThat(result.lrs()).hasSizeBetween(16, 30);
    assertThat(lr().points()).hasSameSizeAs(result.lrs());
    XYPlot plot = workspace.chart().viewer().getChart().getXYPlot();
    assertThat(plot.getDataset(0).getItemCount(0)).isEqualTo(result.lrs().size());
    assertThat(plot.getDataset(0).getItemCount(1)).isEqualTo(result.lrs().size());
    // three suggestion lines and the picked one
    assertThat(plot.getDomainMarkers(Layer.FOREGROUND)).hasSize(4);
    for (Suggestion s : Suggestion.values()) {
      String id = "#lr-value-" + s.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
      assertThat(robot.lookup(id).queryAs(Label.class).getText())
          .isEqualTo(LrFormat.rate(s.of(result)))
          .isNotEqualTo("—");
    }
    assertThat(lr().pickedProperty().get()).isEqualTo(Suggestion.VALLEY.of(result));

    // The crosshair reads the curve under the pointer; a click picks the rate there.
    double middle = Math.sqrt(result.lrs().get(4) * result.lrs().get(result.lrs().size() - 5));
    robot.moveTo(workspace.chart().screenPointOf(middle));
    assertThat(robot.lookup("#lr-readout").queryAs(Label.class).getText())
        .startsWith("lr ")
        .contains("smoothed loss");
    robot.clickOn(workspace.chart().screenPointOf(middle));
    assertThat(Math.log10(lr().pickedProperty().get())).isCloseTo(Math.log10(middle), within(0.05));
    assertThat(robot.lookup("#lr-picked").queryAs(Label.class).getText())
        .isEqualTo(LrFormat.rate(lr().pickedProperty().get()));

    robot.clickOn("#lr-pick-steepest");
    double steepest = Suggestion.STEEPEST.of(result);
    assertThat(lr().pickedProperty().get()).isEqualTo(steepest);
    robot.clickOn("#lr-pick-min-tenth");
    double picked = Suggestion.MIN_TENTH.of(result);
    assertThat(lr().pickedProperty().get()).isEqualTo(picked);

    robot.clickOn("#lr-use");
    // the Train workspace it switches to rehearses in its first frames (Frames says why to wait)
    org.layerbench.app.gui.train.Frames.pass(org.layerbench.app.gui.train.Frames.REHEARSAL);
    assertThat(vm.projectProperty().get().training().lr()).isEqualTo(picked);
    assertThat(vm.isDirty()).isTrue();
    assertThat(robot.lookup("#ws-train").queryAs(ToggleButton.class).isSelected()).isTrue();
    assertThat(robot.from(workspace).lookup("#lr-current").queryAs(Label.class).getText())
        .contains(LrFormat.rate(picked));

    robot.push(KeyCode.CONTROL, KeyCode.Z);
    assertThat(vm.projectProperty().get().training().lr()).isEqualTo(0.003);
    assertThat(vm.isDirty()).isFalse();
  }
}
