package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.data.DataViewModel.JobState;
import org.layerbench.engine.data.ChannelStats;

/**
 * Normalize's mean and std: the ImageNet values every pretrained torchvision model expects, where
 * they come from and when to use your own, and a button that measures this dataset's training
 * images (with progress and Cancel) and can put the result into the pipelines.
 */
final class NormalizationView extends VBox {

  NormalizationView(DataViewModel vm) {
    getStyleClass().add("normalization-view");
    setId("data-normalization");
    setSpacing(8);
    Label title = new Label("Normalization (mean / std)");
    title.getStyleClass().add("pane-title");

    GridPane values = new GridPane();
    values.getStyleClass().add("norm-values");
    values.setHgap(6);
    values.setVgap(3);
    Label head = new Label("");
    Label r = header("R");
    Label g = header("G");
    Label b = header("B");
    values.addRow(0, head, new Label(""), r, g, b);
    ChannelStats imagenet = ChannelStats.imagenet();
    row(values, 1, "ImageNet", "mean", imagenet.mean());
    row(values, 2, "", "std", imagenet.std());
    Label[] datasetMean = row(values, 3, "Dataset", "mean", null);
    Label[] datasetStd = row(values, 4, "", "std", null);
    datasetMean[0].setId("data-mean-r");

    Label explanation = new Label(ChannelStats.IMAGENET_EXPLANATION);
    explanation.setId("data-imagenet-explanation");
    explanation.setWrapText(true);
    explanation.getStyleClass().addAll(Styles.TEXT_SMALL, "norm-explanation");
    explanation.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
    Tooltip definition = new Tooltip(ChannelStats.DEFINITION);
    definition.setWrapText(true);
    definition.setMaxWidth(420);

    Button measure =
        new Button("Compute from training images", new FontIcon(Material2MZ.PLAY_ARROW));
    measure.setId("data-stats-compute");
    measure.setTooltip(definition);
    measure.setOnAction(e -> vm.computeStats());
    measure
        .disableProperty()
        .bind(vm.indexProperty().isNull().or(vm.statsStateProperty().isEqualTo(JobState.RUNNING)));
    Button cancel = new Button("Cancel");
    cancel.setId("data-stats-cancel");
    cancel.getStyleClass().add(Styles.DANGER);
    cancel.setOnAction(e -> vm.cancelStats());
    ProgressBar progress = new ProgressBar();
    progress.setId("data-stats-progress");
    progress.progressProperty().bind(vm.statsProgressProperty());
    progress.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(progress, Priority.ALWAYS);
    HBox running = new HBox(8, progress, cancel);
    running.setAlignment(Pos.CENTER_LEFT);
    running.visibleProperty().bind(vm.statsStateProperty().isEqualTo(JobState.RUNNING));
    running.managedProperty().bind(running.visibleProperty());
    measure.visibleProperty().bind(running.visibleProperty().not());
    measure.managedProperty().bind(measure.visibleProperty());

    Label message = new Label();
    message.setId("data-stats-message");
    message.setWrapText(true);
    message.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    message.textProperty().bind(vm.statsMessageProperty());
    message.visibleProperty().bind(vm.statsMessageProperty().isNotEmpty());
    message.managedProperty().bind(message.visibleProperty());

    Button useDataset = new Button("Use in Normalize");
    useDataset.setId("data-stats-use");
    useDataset.getStyleClass().add(Styles.SMALL);
    useDataset.setTooltip(
        new Tooltip("Write these values into the Normalize step of both pipelines (undoable)"));
    useDataset.setOnAction(
        e -> vm.useNormalization(vm.statsProperty().get(), "Use Dataset Mean/Std"));
    useDataset.disableProperty().bind(vm.statsProperty().isNull());
    Button useImagenet = new Button("Use ImageNet");
    useImagenet.setId("data-stats-imagenet");
    useImagenet.getStyleClass().add(Styles.SMALL);
    useImagenet.setTooltip(new Tooltip("Write ImageNet's values into both Normalize steps"));
    useImagenet.setOnAction(
        e -> vm.useNormalization(ChannelStats.imagenet(), "Use ImageNet Mean/Std"));
    Label inUse = new Label();
    inUse.setId("data-norm-in-use");
    inUse.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    inUse.setWrapText(true);
    inUse
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> inUse(vm), vm.pipelinesProperty(), vm.statsProperty()));
    HBox use = new HBox(6, useDataset, useImagenet);
    use.setAlignment(Pos.CENTER_LEFT);

    vm.statsProperty()
        .addListener(
            (obs, o, s) -> {
              for (int i = 0; i < 3; i++) {
                datasetMean[i].setText(s == null ? "—" : fmt(s.mean()[i]));
                datasetStd[i].setText(s == null ? "—" : fmt(s.std()[i]));
              }
            });
    getChildren().addAll(title, values, measure, running, message, use, inUse, explanation);
  }

  private static String inUse(DataViewModel vm) {
    ChannelStats s = vm.normalizationInUse();
    if (s == null) {
      return "The train pipeline does not normalize.";
    }
    ChannelStats imagenet = ChannelStats.imagenet();
    if (close(s.mean(), imagenet.mean()) && close(s.std(), imagenet.std())) {
      return "The pipelines now use ImageNet's values.";
    }
    ChannelStats measured = vm.statsProperty().get();
    if (measured != null && close(s.mean(), measured.mean()) && close(s.std(), measured.std())) {
      return "The pipelines now use this dataset's values.";
    }
    return String.format(
        Locale.ROOT,
        "The pipelines now use mean %s/%s/%s, std %s/%s/%s.",
        fmt(s.mean()[0]),
        fmt(s.mean()[1]),
        fmt(s.mean()[2]),
        fmt(s.std()[0]),
        fmt(s.std()[1]),
        fmt(s.std()[2]));
  }

  private static boolean close(double[] a, double[] b) {
    for (int i = 0; i < 3; i++) {
      if (Math.abs(a[i] - b[i]) > 5e-4) {
        return false;
      }
    }
    return true;
  }

  private static Label header(String text) {
    Label l = new Label(text);
    l.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED, "norm-channel");
    return l;
  }

  private static Label[] row(GridPane grid, int at, String source, String what, double[] v) {
    Label s = new Label(source);
    s.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_BOLD);
    Label w = new Label(what);
    w.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    Label[] cells = new Label[3];
    for (int i = 0; i < 3; i++) {
      cells[i] = new Label(v == null ? "—" : fmt(v[i]));
      cells[i].getStyleClass().addAll(Styles.TEXT_SMALL, "norm-number");
    }
    grid.addRow(at, s, w, cells[0], cells[1], cells[2]);
    return cells;
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.3f", d);
  }
}
