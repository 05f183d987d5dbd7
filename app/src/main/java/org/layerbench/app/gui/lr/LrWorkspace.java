package org.layerbench.app.gui.lr;

import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.layerbench.app.gui.WorkbenchContext;

/**
 * The Learning-rate workspace: the LR range test on the open project's data and model (what
 * Lightning's and fastai's {@code lr_find} do). The chart of loss against learning rate fills the
 * middle with a message line above it; settings, run, suggestions and "Use this rate" sit on the
 * right.
 *
 * <p>{@code -Dlayerbench.lr.autorun=true} starts a sweep the first time the workspace is shown (for
 * scripted screenshots).
 */
public final class LrWorkspace extends BorderPane {
  private final LrViewModel vm;
  private final LrChart chart;
  private Integer autorun = Integer.getInteger("layerbench.lr.autorun");
  private boolean watchingWindow;

  public LrWorkspace(WorkbenchContext context) {
    setId("lr-workspace");
    getStyleClass().add("lr-workspace");
    var css = LrWorkspace.class.getResource("lr.css");
    if (css != null) {
      getStylesheets().add(css.toExternalForm());
    }
    vm = new LrViewModel(context);
    chart = new LrChart(vm);
    MessageBar message = new MessageBar(vm.messageProperty());
    VBox middle = new VBox(8, message, chart);
    middle.setPadding(new Insets(10, 6, 6, 10));
    VBox.setVgrow(chart, Priority.ALWAYS);
    middle.getStyleClass().add("lr-middle");
    setCenter(middle);

    LrSidePanel side = new LrSidePanel(vm);
    ScrollPane scroll = new ScrollPane(side);
    scroll.setFitToWidth(true);
    scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    scroll.getStyleClass().add("lr-side-scroll");
    scroll.setPrefWidth(300);
    scroll.setMinWidth(260);
    setRight(scroll);

    // A sweep must not keep the engine busy after the window closed: ask it to stop then. The
    // workspace is in the scene only while shown, so the window is remembered the first time.
    sceneProperty()
        .addListener(
            (obs, o, scene) -> {
              if (scene != null && !watchingWindow && scene.getWindow() != null) {
                watchingWindow = true;
                scene
                    .getWindow()
                    .addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, e -> vm.cancel());
              }
            });
    parentProperty()
        .addListener(
            (obs, o, n) -> {
              if (n != null && autorun != null) {
                LrSettings s = vm.settingsProperty().get();
                vm.settingsProperty().set(new LrSettings(s.start(), s.end(), autorun));
                autorun = null;
                Platform.runLater(vm::run);
              }
            });
  }

  public LrViewModel viewModel() {
    return vm;
  }

  LrChart chart() {
    return chart;
  }
}
