package org.layerbench.app.gui.train;

import atlantafx.base.theme.Styles;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.train.TrainViewModel.RunState;

/**
 * Start, Pause, Resume and Stop with the run's name; the weights the next run starts from; progress
 * over the epochs and over the current epoch's batches, images per second, time elapsed and left,
 * the status line and the last checkpoint. The end-of-run banner takes the place of the progress
 * and status lines, in the same stack.
 */
final class RunControls extends VBox {

  /**
   * @param banner the end-of-run banner, visible while there is one
   */
  RunControls(TrainViewModel vm, Region banner) {
    setId("train-controls");
    getStyleClass().add("train-controls");
    setSpacing(6);
    setPadding(new Insets(10, 12, 8, 12));
    var state = vm.stateProperty();

    TextField name = new TextField();
    name.setId("train-run-name");
    name.setPromptText("run name (optional)");
    // narrow enough that the current run's readable name beside it fits at 1280 px
    name.setPrefColumnCount(10);
    name.setTooltip(new Tooltip("The run folder's name under the project's runs/ folder"));
    name.textProperty().bindBidirectional(vm.nextRunNameProperty());

    // Enabled as the Run menu's items are: both bind to the view-model's can* properties.
    Button start = button("Start", Material2MZ.PLAY_ARROW, "train-start");
    start.getStyleClass().add(Styles.ACCENT);
    start.setOnAction(e -> vm.start());
    BooleanBinding active = Bindings.createBooleanBinding(() -> state.get().active(), state);
    start.disableProperty().bind(vm.canStartProperty().not());
    name.disableProperty().bind(active);

    Button pause = button("Pause", Material2MZ.PAUSE, "train-pause");
    pause.setOnAction(e -> vm.pause());
    pause.disableProperty().bind(vm.canPauseProperty().not());
    Button resume = button("Resume", Material2MZ.PLAY_CIRCLE_OUTLINE, "train-resume");
    resume.setOnAction(e -> vm.resume());
    BooleanBinding paused = state.isEqualTo(RunState.PAUSED);
    resume.visibleProperty().bind(paused);
    resume.managedProperty().bind(paused);
    pause.visibleProperty().bind(paused.not());
    pause.managedProperty().bind(paused.not());

    Button stop = button("Stop", Material2MZ.STOP, "train-stop");
    stop.getStyleClass().add(Styles.DANGER);
    stop.setOnAction(e -> vm.stop());
    stop.setTooltip(
        new Tooltip("Stop after the current batch; the run validates and saves what it has"));
    stop.disableProperty().bind(vm.canStopProperty().not());

    Label runLabel = new Label();
    runLabel.getStyleClass().add("train-run-label");
    runLabel.textProperty().bind(vm.runNameProperty());
    runLabel.setId("train-run-label");
    runLabel.setMinWidth(0);
    Tooltip fullName = new Tooltip();
    fullName.textProperty().bind(vm.runNameProperty());
    runLabel.setTooltip(fullName);
    Label chip = new Label();
    chip.setId("train-run-state");
    chip.getStyleClass().add("run-status");
    chip.setMinWidth(Region.USE_PREF_SIZE);
    chip.visibleProperty().bind(vm.runNameProperty().isNotEmpty());
    state.addListener(
        (obs, o, n) -> {
          chip.setText(stateText(n));
          chip.getStyleClass()
              .removeAll(Styles.SUCCESS, Styles.ACCENT, Styles.WARNING, Styles.DANGER);
          chip.getStyleClass().add(RunHistoryView.statusClass(stateText(n)));
        });
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox buttons = new HBox(8, start, pause, resume, stop, name, gap, runLabel, chip);
    buttons.setAlignment(Pos.CENTER_LEFT);

    ProgressBar epochs = new ProgressBar();
    epochs.setId("train-epoch-progress");
    epochs.progressProperty().bind(vm.live().epochProgressProperty());
    ProgressBar batches = new ProgressBar();
    batches.setId("train-batch-progress");
    batches.progressProperty().bind(vm.live().batchProgressProperty());
    for (ProgressBar b : new ProgressBar[] {epochs, batches}) {
      b.setMaxWidth(Double.MAX_VALUE);
      b.setPrefHeight(8);
      b.getStyleClass().add(Styles.SMALL);
    }
    Label epochText = label(vm.live().epochTextProperty(), "train-epoch-text");
    Label batchText = label(vm.live().batchTextProperty(), "train-batch-text");
    Label speed = label(vm.live().speedProperty(), "train-speed");
    Label eta = label(vm.live().etaProperty(), "train-eta");
    GridPane progress = new GridPane();
    progress.setHgap(10);
    progress.setVgap(3);
    progress.add(epochText, 0, 0);
    progress.add(epochs, 1, 0);
    progress.add(speed, 2, 0);
    progress.add(batchText, 0, 1);
    progress.add(batches, 1, 1);
    progress.add(eta, 2, 1);
    var c0 = new javafx.scene.layout.ColumnConstraints(150);
    var c1 = new javafx.scene.layout.ColumnConstraints();
    c1.setHgrow(Priority.ALWAYS);
    var c2 = new javafx.scene.layout.ColumnConstraints(200);
    progress.getColumnConstraints().addAll(c0, c1, c2);

    Label status = new Label();
    status.setId("train-status");
    status.getStyleClass().add("train-status");
    status.textProperty().bind(vm.statusProperty());
    status.setWrapText(true);
    // Two lines are kept for it (the run's description wraps), so the layout below stays put.
    status
        .minHeightProperty()
        .bind(
            Bindings.createDoubleBinding(
                () -> Math.max(status.prefHeight(-1), 2.7 * status.getFont().getSize()),
                status.fontProperty(),
                status.textProperty(),
                status.widthProperty()));
    Label checkpoint = label(vm.live().checkpointProperty(), "train-checkpoint");
    checkpoint.getStyleClass().add("train-note");
    // The progress rows are always there (empty before a run), and the checkpoint line keeps its
    // place while no banner shows: text appearing at Start or at the first checkpoint then changes
    // no layout, so the charts below are not laid out and drawn again at a new size (that redraw
    // was the longest stall of the window while training).
    // Why Start is disabled, where the person looks for it (the form may be scrolled away).
    Label blocked = new Label();
    blocked.setId("train-blocked");
    blocked.getStyleClass().add("train-problem");
    blocked.setWrapText(true);
    blocked.setMinHeight(Region.USE_PREF_SIZE);
    blocked
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    vm.configProblemProperty().get() == null
                        ? ""
                        : "Cannot start: " + vm.configProblemProperty().get(),
                vm.configProblemProperty()));
    blocked.visibleProperty().bind(blocked.textProperty().isNotEmpty().and(active.not()));
    blocked.managedProperty().bind(blocked.visibleProperty());
    checkpoint.setMinHeight(Region.USE_PREF_SIZE);
    // The end-of-run banner says what the progress and status lines would, in their place: they
    // are hidden under it but keep their room, so a banner no taller than they are (a finished
    // run's, at the window's usual widths) changes no layout, and the charts below are not laid
    // out again at a new size in the frame where a run ends. Shown above them it pushed the charts
    // down: a CSS and layout phase of 47-80 ms in that frame (TrainBenchmark, CNNNet).
    // A banner while a run trains (weights refused for the next run) goes under the lines instead,
    // so that the run's progress stays in view.
    VBox run = new VBox(6, progress, status, checkpoint);
    run.visibleProperty().bind(vm.bannerProperty().isNull().or(active));
    StackPane runOrBanner = new StackPane(run, banner);
    runOrBanner.setAlignment(Pos.TOP_LEFT);
    javafx.beans.InvalidationListener place =
        o ->
            StackPane.setMargin(
                banner,
                active.get() ? new Insets(run.getHeight() + getSpacing(), 0, 0, 0) : Insets.EMPTY);
    active.addListener(place);
    run.heightProperty().addListener(place);
    // The next run's starting weights come last: what is above is about the run shown.
    getChildren().addAll(buttons, blocked, runOrBanner, new WeightsRow(vm));
  }

  static String stateText(RunState s) {
    return switch (s) {
      case IDLE -> "";
      case STARTING -> "starting";
      case RUNNING -> "training";
      case PAUSED -> "paused";
      case STOPPING -> "stopping";
      case FINISHED -> "finished";
      case STOPPED -> "stopped";
      case FAILED -> "failed";
    };
  }

  private static Label label(javafx.beans.value.ObservableValue<String> text, String id) {
    Label l = new Label();
    l.setId(id);
    l.textProperty().bind(text);
    l.getStyleClass().add("train-figure");
    return l;
  }

  private static Button button(String text, org.kordamp.ikonli.Ikon icon, String id) {
    Button b = new Button(text, new FontIcon(icon));
    b.setId(id);
    b.setMinWidth(Region.USE_PREF_SIZE);
    return b;
  }
}
