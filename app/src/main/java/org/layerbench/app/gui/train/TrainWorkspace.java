package org.layerbench.app.gui.train;

import atlantafx.base.controls.Message;
import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.engine.io.StateDictFiles;

/**
 * The Train workspace: the training settings on the left, the run's controls, progress and live
 * charts in the middle (with a Compare tab for finished runs), and the project's runs on the right.
 * A banner says how the last run ended.
 */
public final class TrainWorkspace extends BorderPane {
  private static final String CSS = "/org/layerbench/app/gui/train/train.css";

  private final TrainViewModel vm;
  private final LiveCharts live;
  private final CompareCharts compare;
  private final RunHistoryView history;
  private final VBox bannerBox = new VBox();
  private final TabPane tabs = new TabPane();

  public TrainWorkspace(WorkbenchContext context) {
    this(new TrainViewModel(context));
  }

  public TrainWorkspace(TrainViewModel vm) {
    this.vm = vm;
    setId("train-workspace");
    var css = TrainWorkspace.class.getResource(CSS);
    if (css != null) {
      getStylesheets().add(css.toExternalForm());
    }
    TrainForm form = new TrainForm(vm);
    live = new LiveCharts(vm);
    compare = new CompareCharts(vm);
    Tab liveTab = new Tab("Live", live);
    liveTab.setId("train-tab-live");
    Tab compareTab = new Tab("Compare", compare);
    compareTab.setId("train-tab-compare");
    tabs.getTabs().addAll(liveTab, compareTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getStyleClass().add("workspace-tabs");
    history = new RunHistoryView(vm, () -> tabs.getSelectionModel().select(compareTab));
    vm.stateProperty()
        .addListener(
            (obs, o, n) -> {
              if (n == TrainViewModel.RunState.STARTING) {
                tabs.getSelectionModel().select(liveTab);
              }
            });

    bannerBox.setId("train-banner");
    bannerBox.managedProperty().bind(bannerBox.visibleProperty());
    vm.bannerProperty().addListener((obs, o, n) -> showBanner(n));
    showBanner(vm.bannerProperty().get());

    VBox middle = new VBox(new RunControls(vm, bannerBox), tabs);
    middle.getStyleClass().add("train-middle");
    VBox.setVgrow(tabs, Priority.ALWAYS);

    SplitPane main = new SplitPane(form, middle, history);
    main.setDividerPositions(0.235, 0.82);
    SplitPane.setResizableWithParent(form, false);
    SplitPane.setResizableWithParent(history, false);
    form.setMinWidth(250);
    history.setMinWidth(200);
    setCenter(main);
    List<java.util.function.Supplier<javafx.scene.layout.Region>> parts =
        new java.util.ArrayList<>(LiveCharts.rehearsals());
    parts.add(RunHistoryView::rehearsal);
    parts.add(TrainWorkspace::bannerRehearsal);
    Rehearsal.inside(live, parts);
  }

  public TrainViewModel viewModel() {
    return vm;
  }

  /** Asks for a weight file to start from: safetensors, a torch.save .pt/.pth, or a .lbmodel. */
  public static Optional<Path> chooseWeights(Window owner) {
    FileChooser fc = new FileChooser();
    fc.setTitle("Import weights to start the next run from");
    fc.getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter(
                "Weights (safetensors, PyTorch state_dict, LayerBench model)",
                StateDictFiles.PATTERNS),
            new FileChooser.ExtensionFilter("All files", "*"));
    File f = fc.showOpenDialog(owner);
    return Optional.ofNullable(f).map(File::toPath);
  }

  /**
   * Run → Continue Stopped Run…: the run selected in the list when Continue applies to it, else one
   * chosen from the runs it applies to (newest first).
   */
  public void continueStoppedRun() {
    var selected = history.list().getSelectionModel().getSelectedItems();
    if (selected.size() == 1 && selected.getFirst().continuable()) {
      vm.continueRun(selected.getFirst(), null);
      return;
    }
    List<RunRecord> runs = vm.continuableRuns();
    if (runs.isEmpty()) {
      return;
    }
    Map<String, RunRecord> byLabel = new LinkedHashMap<>();
    for (RunRecord r : runs) {
      byLabel.put(
          r.title()
              + " — "
              + r.status()
              + " after "
              + r.epochs()
              + (r.epochs() == 1 ? " epoch" : " epochs"),
          r);
    }
    ChoiceDialog<String> d =
        new ChoiceDialog<>(byLabel.keySet().iterator().next(), byLabel.keySet());
    if (getScene() != null) {
      d.initOwner(getScene().getWindow());
    }
    d.setTitle("Continue a stopped run");
    d.setHeaderText(
        "The run goes on from its last checkpoint, in its own folder, with the settings it started"
            + " with.");
    d.setContentText("Run:");
    d.showAndWait()
        .map(byLabel::get)
        .ifPresent(
            r -> {
              history.select(r);
              vm.continueRun(r, null);
            });
  }

  private void showBanner(TrainViewModel.Banner b) {
    bannerBox.getChildren().clear();
    bannerBox.setVisible(b != null);
    if (b == null) {
      return;
    }
    Message m = message(b);
    m.setId("train-banner-message");
    m.setOnClose(e -> vm.dismissBanner());
    bannerBox.getChildren().add(m);
    if (b.kind() == TrainViewModel.Banner.Kind.DANGER && b.details() != null) {
      TextArea text = new TextArea(b.details());
      text.setEditable(false);
      text.setWrapText(true);
      text.setPrefRowCount(4);
      TitledPane details = new TitledPane("Details", text);
      details.setExpanded(false);
      details.setId("train-banner-details");
      details.getStyleClass().add(Styles.DENSE);
      bannerBox.getChildren().add(details);
    }
  }

  /** The banner's message: its icon and colours say how the run ended. */
  private static Message message(TrainViewModel.Banner b) {
    FontIcon icon =
        new FontIcon(
            switch (b.kind()) {
              case SUCCESS -> Material2AL.CHECK_CIRCLE_OUTLINE;
              case WARNING -> Material2MZ.PAUSE_CIRCLE_OUTLINE;
              case DANGER -> Material2AL.ERROR_OUTLINE;
            });
    Message m = new Message(b.title(), b.text(), icon);
    m.getStyleClass()
        .add(
            switch (b.kind()) {
              case SUCCESS -> Styles.SUCCESS;
              case WARNING -> Styles.WARNING;
              case DANGER -> Styles.DANGER;
            });
    return m;
  }

  /**
   * A finished run's banner, closable like the real one (Rehearsal): the first banner of a process
   * otherwise laid out for 50-93 ms in the frame where CNNNet's run ended, against under 20 ms for
   * the next run's.
   */
  private static javafx.scene.layout.Region bannerRehearsal() {
    Message m =
        message(
            new TrainViewModel.Banner(
                TrainViewModel.Banner.Kind.SUCCESS,
                "Run finished",
                "Finished after 1 epoch.",
                null));
    m.setOnClose(e -> {});
    return new VBox(m);
  }

  LiveCharts live() {
    return live;
  }

  CompareCharts compare() {
    return compare;
  }

  RunHistoryView history() {
    return history;
  }
}
