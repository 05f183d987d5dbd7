package org.layerbench.app.gui.train;

import atlantafx.base.theme.Styles;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The project's runs, newest first, each with its status and best validation accuracy. Selecting
 * runs (Ctrl/Shift+click for several) overlays their curves in the Compare tab; a stopped run (or
 * one that failed after a checkpoint) can be continued from its checkpoint, any run with one
 * trained for more epochs, and a run removed from the project (its folder stays).
 */
final class RunHistoryView extends VBox {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

  private final TrainViewModel vm;
  private final ListView<RunRecord> list = new ListView<>();

  /** The list's own items; while its cells are primed the list shows a throwaway list. */
  private final javafx.collections.ObservableList<RunRecord> shown = list.getItems();

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
                  if (updating || list.getItems() != shown) {
                    return; // filling, or primed: not the person's selection
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
    var selected = list.getSelectionModel().getSelectedItems();
    BooleanBinding oneContinuable =
        Bindings.createBooleanBinding(
            () ->
                !vm.stateProperty().get().active()
                    && selected.size() == 1
                    && selected.getFirst().continuable(),
            selected,
            vm.stateProperty());
    BooleanBinding oneResumable =
        Bindings.createBooleanBinding(
            () ->
                !vm.stateProperty().get().active()
                    && selected.size() == 1
                    && selected.getFirst().resumable(),
            selected,
            vm.stateProperty());
    MenuItem continueItem = new MenuItem("Continue from its checkpoint");
    continueItem.setOnAction(e -> continueSelected());
    continueItem.disableProperty().bind(oneContinuable.not());
    MenuItem more = new MenuItem("Continue for more epochs…");
    more.setOnAction(e -> continueForMore());
    more.disableProperty().bind(oneResumable.not());
    MenuItem rename = new MenuItem("Rename…");
    rename.setId("train-history-rename");
    rename.setOnAction(e -> renameSelected());
    rename.disableProperty().bind(Bindings.size(selected).isNotEqualTo(1));
    list.setContextMenu(
        new ContextMenu(continueItem, more, new SeparatorMenuItem(), rename, forget));

    Button continueButton = new Button("Continue", new FontIcon(Material2MZ.PLAY_ARROW));
    continueButton.setId("train-continue");
    continueButton.setMaxWidth(Double.MAX_VALUE);
    continueButton.disableProperty().bind(oneContinuable.not());
    continueButton.setOnAction(e -> continueSelected());
    continueButton.setTooltip(
        new Tooltip(
            "Continue the selected stopped run from its last checkpoint, in its own folder, with"
                + " the settings it started with"));
    getChildren().addAll(title, list, continueButton, hint);
    fill();
    Rehearsal.primeCells(list, list.itemsProperty(), MADE_UP_RUN, this::fill);
  }

  private void continueSelected() {
    var selected = list.getSelectionModel().getSelectedItems();
    if (selected.size() == 1 && selected.getFirst().continuable()) {
      vm.continueRun(selected.getFirst(), null);
    }
  }

  /** The selected run gets the name the person types (blank: its folder's name again). */
  private void renameSelected() {
    var selected = list.getSelectionModel().getSelectedItems();
    if (selected.size() != 1) {
      return;
    }
    RunRecord r = selected.getFirst();
    TextInputDialog d = new TextInputDialog(r.title());
    d.initOwner(getScene().getWindow());
    d.setTitle("Rename " + r.title());
    d.setHeaderText("The run's folder stays " + r.dir() + ".");
    d.setContentText("Name:");
    d.showAndWait().ifPresent(text -> vm.renameRun(r, text));
  }

  /** The selected run, continued to a total number of epochs the person types. */
  private void continueForMore() {
    var selected = list.getSelectionModel().getSelectedItems();
    if (selected.size() != 1 || !selected.getFirst().resumable()) {
      return;
    }
    RunRecord r = selected.getFirst();
    TextInputDialog d =
        new TextInputDialog(Integer.toString(r.epochs() + Math.max(1, r.epochs() / 2)));
    d.initOwner(getScene().getWindow());
    d.setTitle("Continue " + r.title());
    d.setHeaderText(
        r.title()
            + " has trained "
            + r.epochs()
            + (r.epochs() == 1 ? " epoch" : " epochs")
            + ". It goes on from its last checkpoint with the settings it started with.");
    d.setContentText("Epochs in all:");
    d.showAndWait()
        .ifPresent(
            text -> {
              try {
                int epochs = Integer.parseInt(text.strip());
                if (epochs > r.epochs()) {
                  vm.continueRun(r, epochs);
                }
              } catch (NumberFormatException ignored) {
                // not a number: nothing to do
              }
            });
  }

  /** Selects this run (the only one selected). */
  void select(RunRecord r) {
    for (int i = 0; i < shown.size(); i++) {
      if (shown.get(i).entry().equals(r.entry())) {
        list.getSelectionModel().clearAndSelect(i);
        return;
      }
    }
  }

  /** Shows the history newest first, keeping the runs being compared selected. */
  private void fill() {
    updating = true;
    try {
      List<RunRecord> items = new ArrayList<>(vm.runs().records());
      java.util.Collections.reverse(items);
      if (items.size() == shown.size()) {
        // an epoch of the running run: update its row alone, not every cell
        for (int i = 0; i < items.size(); i++) {
          if (!items.get(i).equals(shown.get(i))) {
            shown.set(i, items.get(i));
          }
        }
      } else {
        shown.setAll(items);
      }
      if (list.getItems() != shown) {
        return; // primed: the selection is made again when the list is back (fill)
      }
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

  /**
   * The run that rehearsals and the run list's priming show, never a real one. Its reason makes the
   * cell build its whole tooltip text (the first string concatenations of a call site link a method
   * handle: a running run's first cell did that in the frame where the run started).
   */
  static final RunRecord MADE_UP_RUN =
      new RunRecord(
          "runs/rehearsal",
          java.nio.file.Path.of("runs", "rehearsal"),
          "running",
          "made up",
          0.5,
          1,
          null,
          List.of(),
          false,
          null);

  /** A run list with one made-up run in it (Rehearsal). */
  static javafx.scene.layout.Region rehearsal() {
    RunRecord run = MADE_UP_RUN;
    // records compare themselves through a method handle linked on first use
    boolean same = run.equals(run.withStatus("finished"));
    ListView<RunRecord> l = new ListView<>();
    l.setCellFactory(v -> new RunCell());
    l.getItems().add(same ? run : run.withStatus("paused"));
    return new VBox(l);
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
    private String tip;

    RunCell() {
      // The tooltip (a popup window of its own) is made on the first hover, not with each item:
      // making one per update stalled the window at the end of the first epoch of a run.
      setOnMouseEntered(
          e -> {
            if (tip != null) {
              if (getTooltip() == null) {
                setTooltip(new Tooltip());
              }
              getTooltip().setText(tip);
            }
          });
      name.getStyleClass().add("run-name");
      status.getStyleClass().add("run-status");
      // The name has the row's whole width (beside the status it was cut to "model · …"); in
      // a narrow list the details give way, never the status.
      status.setMinWidth(Region.USE_PREF_SIZE);
      details.getStyleClass().add("run-details");
      details.setMinWidth(0);
      Region gap = new Region();
      HBox.setHgrow(gap, Priority.ALWAYS);
      HBox bottom = new HBox(6, details, gap, status);
      bottom.setAlignment(Pos.CENTER_LEFT);
      box = new VBox(2, name, bottom);
      setPrefWidth(0);
    }

    @Override
    protected void updateItem(RunRecord r, boolean empty) {
      super.updateItem(r, empty);
      if (empty || r == null) {
        setGraphic(null);
        tip = null;
        setTooltip(null);
        return;
      }
      name.setText(r.title());
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
      tip =
          (r.finished() == null ? "" : "Ended " + WHEN.format(r.finished()) + "\n")
              + "Folder: "
              + r.dir()
              + (r.reason() == null ? "" : "\n" + TrainViewModel.sentence(r.reason()));
      if (getTooltip() != null) {
        getTooltip().setText(tip);
      }
      setGraphic(box);
    }
  }
}
