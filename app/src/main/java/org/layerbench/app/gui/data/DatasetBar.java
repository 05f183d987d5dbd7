package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The bar above the Data workspace: the open button, the dataset folder and how it is laid out, and
 * the validation split, which applies only when the folder has no val/ folder.
 */
final class DatasetBar extends HBox {

  private final Slider split = new Slider(0, 0.5, DataViewModel.DEFAULT_VAL_SPLIT);
  private boolean syncing;

  DatasetBar(DataViewModel vm, Runnable choose, Runnable chooseText) {
    getStyleClass().add("dataset-bar");
    setId("dataset-bar");
    setAlignment(Pos.CENTER_LEFT);
    setSpacing(12);

    Button open = new Button("Open Dataset Folder…", new FontIcon(Material2AL.FOLDER_OPEN));
    open.setId("data-open");
    open.getStyleClass().add(Styles.ACCENT);
    open.setOnAction(e -> choose.run());
    open.setTooltip(
        new Tooltip(
            "A folder with one sub-folder of images per class, or train/ and val/ folders holding"
                + " those. You can also drop a folder onto this workspace."));

    Button openText = new Button("Open CSV/TSV…", new FontIcon(Material2AL.DESCRIPTION));
    openText.setId("data-open-text");
    openText.setOnAction(e -> chooseText.run());
    openText.setTooltip(
        new Tooltip(
            "A CSV or TSV file of labelled texts (.csv, .tsv, .txt): one row per text, a text"
                + " column and a label column. The format is detected and can be changed."));

    Label path = new Label();
    path.setId("data-path");
    path.getStyleClass().addAll(Styles.TEXT_BOLD, "dataset-path");
    path.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> shownPath(vm), vm.datasetLabelProperty(), vm.indexProperty()));
    Label layout = new Label();
    layout.setId("data-layout");
    layout.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
    layout
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> summary(vm),
                vm.indexProperty(),
                vm.loadingProperty(),
                vm.counts(),
                vm.text().activeProperty(),
                vm.text().statsProperty()));
    path.tooltipProperty()
        .bind(
            Bindings.createObjectBinding(
                () ->
                    vm.datasetLabelProperty().get().isEmpty()
                        ? null
                        : new Tooltip(
                            "Stored in the project as "
                                + vm.datasetLabelProperty().get()
                                + (vm.projectFile() == null
                                    ? " (absolute: the project is not saved yet)"
                                    : Path.of(vm.datasetLabelProperty().get()).isAbsolute()
                                        ? ""
                                        : " (relative to the project file, so the two can move"
                                            + " together)")),
                vm.datasetLabelProperty(),
                vm.indexProperty()));
    VBox where = new VBox(1, path, layout);
    where.setAlignment(Pos.CENTER_LEFT);

    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);

    split.setId("data-val-split");
    split.setPrefWidth(150);
    split.setMajorTickUnit(0.1);
    split.setBlockIncrement(0.05);
    Label splitLabel = new Label("Validation split");
    splitLabel.getStyleClass().add(Styles.TEXT_SMALL);
    Label splitValue = new Label();
    splitValue.setId("data-val-split-value");
    splitValue.setMinWidth(34);
    splitValue
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  DatasetIndex i = vm.indexProperty().get();
                  return i != null && !i.layout().usesRatio()
                      ? "from val/"
                      : String.format(Locale.ROOT, "%.0f%%", split.getValue() * 100);
                },
                split.valueProperty(),
                vm.indexProperty()));
    HBox splitBox = new HBox(8, splitLabel, split, splitValue);
    splitBox.setAlignment(Pos.CENTER_LEFT);
    splitBox.getStyleClass().add("split-box");
    Tooltip splitTip = new Tooltip();
    splitTip.setWrapText(true);
    splitTip.setMaxWidth(360);
    splitTip
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  DatasetIndex i = vm.indexProperty().get();
                  return i != null && !i.layout().usesRatio()
                      ? "This dataset has its own val/ folder, so the split ratio is not used."
                      : "The share of each class's images kept aside for validation (the same"
                          + " ones every time for the project's seed). Training never sees"
                          + " them; they measure how well the model does on new images.";
                },
                vm.indexProperty()));
    Tooltip.install(splitBox, splitTip);
    splitBox
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () ->
                    vm.indexProperty().get() != null
                        && !vm.indexProperty().get().layout().usesRatio(),
                vm.indexProperty()));
    split.setValue(vm.valSplitProperty().get());
    vm.valSplitProperty()
        .addListener(
            (obs, o, n) -> {
              syncing = true;
              split.setValue(n.doubleValue());
              syncing = false;
            });
    // One undoable edit when the person lets go, not one per pixel of the drag.
    split
        .valueChangingProperty()
        .addListener(
            (obs, was, changing) -> {
              if (!changing) {
                commit(vm);
              }
            });
    split
        .valueProperty()
        .addListener(
            (obs, o, n) -> {
              if (!syncing && !split.isValueChanging()) {
                commit(vm);
              }
            });

    Button refresh = new Button(null, new FontIcon(Material2MZ.REFRESH));
    refresh.setId("data-refresh");
    refresh.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    refresh.setTooltip(new Tooltip("Read the folder again (after adding or removing files)"));
    refresh.setOnAction(e -> vm.refresh());
    refresh.disableProperty().bind(vm.datasetLabelProperty().isEmpty());

    // The text view has its own validation split beside the format.
    splitBox.visibleProperty().bind(vm.text().activeProperty().not());
    splitBox.managedProperty().bind(splitBox.visibleProperty());
    refresh.visibleProperty().bind(vm.text().activeProperty().not());
    getChildren().addAll(open, openText, where, gap, splitBox, refresh);
  }

  private void commit(DataViewModel vm) {
    double v = Math.round(split.getValue() * 100) / 100.0;
    if (Math.abs(v - vm.valSplitProperty().get()) > 1e-9) {
      vm.setValSplit(v);
    }
  }

  /**
   * The folder as stored when it is inside the project's folder ("data/shapes"), else its full
   * path: "../../../../tmp/pets" says less than "/tmp/pets".
   */
  private static String shownPath(DataViewModel vm) {
    String label = vm.datasetLabelProperty().get();
    if (label == null || label.isEmpty()) {
      return "No dataset";
    }
    DatasetIndex i = vm.indexProperty().get();
    return label.startsWith("..") && i != null ? i.root().toString() : label;
  }

  private static String summary(DataViewModel vm) {
    if (vm.text().activeProperty().get()) {
      var s = vm.text().statsProperty().get();
      var l = vm.text().loadedProperty().get();
      return s == null || l == null
          ? "CSV/TSV file of labelled texts"
          : String.format(
              Locale.ROOT,
              "Labelled texts  ·  %d classes  ·  %,d rows",
              l.dataset().classes().size(),
              s.rows().size());
    }
    DatasetIndex i = vm.indexProperty().get();
    if (vm.loadingProperty().get()) {
      return "Reading the folder…";
    }
    if (i == null) {
      return vm.datasetLabelProperty().get().isEmpty()
          ? "Open a folder of images, or drop one here"
          : "Not readable";
    }
    int total = 0;
    for (var c : vm.counts()) {
      total += c.total();
    }
    return String.format(
        Locale.ROOT,
        "Layout: %s  ·  %d classes  ·  %,d images",
        i.layout().description(),
        i.classes().size(),
        total);
  }
}
