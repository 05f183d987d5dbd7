package org.layerbench.app.gui.train;

import atlantafx.base.theme.Styles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * The project's runs, newest first, each with its status and best validation accuracy. Selecting
 * runs (Ctrl/Shift+click for several) overlays their curves in the Compare tab; a run can be
 * removed from the project (its folder stays).
 */
final class RunHistoryView extends VBox {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

  private final TrainViewModel vm;
  private final ListView<RunRecord> list = new ListView<>();
  private boolean updating;

  RunHistoryView(TrainViewModel vm, Runnable showCompare) {
    this.vm = vm;
    setId("train-history-pane");
    getStyleClass().add("train-history");
    setSpacing(6);
    setPadding(new Insets(10, 8, 8, 8));
    Label title = new Label("Runs");
    title.getStyleClass().add("pane-title");
    Label hint =
        new Label("Select runs (Ctrl+click for several) to overlay their curves under Compare.");
    hint.setWrapText(true);
    hint.getStyleClass().add("train-note");
    list.setId("train-history");
    list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    list.setCellFactory(v -> new RunCell());
    list.setPlaceholder(new Label("No runs yet.\nPress Start to train."));
    VBox.setVgrow(list, Priority.ALWAYS);
    list.getSelectionModel()
        .getSelectedItems()
        .addListener(
            (ListChangeListener<RunRecord>)
                c -> {
                  if (updating) {
                    return;
                  }
                  List<String> entries = new ArrayList<>();
                  list.getSelectionModel().getSelectedItems().forEach(r -> entries.add(r.entry()));
                  vm.runs().compare(entries);
                  if (entries.size() >= 2) {
                    showCompare.run();
                  }
                });
    vm.runs().records().addListener((ListChangeListener<RunRecord>) c -> fill());
    MenuItem forget = new MenuItem("Remove from project (keeps the folder)");
    forget.setOnAction(
        e ->
            new ArrayList<>(list.getSelectionModel().getSelectedItems())
                .forEach(r -> vm.runs().forget(r.entry())));
    list.setContextMenu(new ContextMenu(forget));
    getChildren().addAll(title, list, hint);
    fill();
  }

  /** Shows the history newest first, keeping the runs being compared selected. */
  private void fill() {
    updating = true;
    try {
      List<RunRecord> items = new ArrayList<>(vm.runs().records());
      java.util.Collections.reverse(items);
      list.getItems().setAll(items);
      List<String> keep = vm.runs().compared().stream().map(RunRecord::entry).toList();
      list.getSelectionModel().clearSelection();
      for (int i = 0; i < items.size(); i++) {
        if (keep.contains(items.get(i).entry())) {
          list.getSelectionModel().select(i);
        }
      }
    } finally {
      updating = false;
    }
  }

  ListView<RunRecord> list() {
    return list;
  }

  static String statusClass(String status) {
    return switch (status) {
      case "finished" -> Styles.SUCCESS;
      case "running", "paused", "training", "starting", "stopping" -> Styles.ACCENT;
      case "stopped", "early-stopped", "incomplete" -> Styles.WARNING;
      default -> Styles.DANGER;
    };
  }

  private static final class RunCell extends ListCell<RunRecord> {
    private final Label name = new Label();
    private final Label status = new Label();
    private final Label details = new Label();
    private final VBox box;

    RunCell() {
      name.getStyleClass().add("run-name");
      status.getStyleClass().add("run-status");
      details.getStyleClass().add("run-details");
      Region gap = new Region();
      HBox.setHgrow(gap, Priority.ALWAYS);
      HBox top = new HBox(6, name, gap, status);
      top.setAlignment(Pos.CENTER_LEFT);
      box = new VBox(2, top, details);
      setPrefWidth(0);
    }

    @Override
    protected void updateItem(RunRecord r, boolean empty) {
      super.updateItem(r, empty);
      if (empty || r == null) {
        setGraphic(null);
        setTooltip(null);
        return;
      }
      name.setText(r.name());
      status.setText(r.status());
      status
          .getStyleClass()
          .removeAll(Styles.SUCCESS, Styles.ACCENT, Styles.WARNING, Styles.DANGER);
      status.getStyleClass().add(statusClass(r.status()));
      List<String> parts = new ArrayList<>();
      parts.add(r.epochs() + (r.epochs() == 1 ? " epoch" : " epochs"));
      if (!Double.isNaN(r.bestValAccuracy())) {
        parts.add(String.format(Locale.ROOT, "best %.1f %%", 100 * r.bestValAccuracy()));
      }
      details.setText(String.join(" · ", parts));
      setTooltip(
          new Tooltip(
              (r.finished() == null ? "" : "Ended " + WHEN.format(r.finished()) + "\n")
                  + r.dir()
                  + (r.reason() == null ? "" : "\n" + TrainViewModel.sentence(r.reason()))));
      setGraphic(box);
    }
  }
}
