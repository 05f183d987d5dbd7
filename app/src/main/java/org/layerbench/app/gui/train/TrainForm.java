package org.layerbench.app.gui.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.collections.ListChangeListener;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The training settings as a form: one row per setting of {@link TrainSettings}, grouped as a
 * person thinks about them. Text is committed on Enter or when the field loses focus; a refused
 * value snaps back and its reason shows in red at the top. A value the project does not set shows
 * its default, greyed. Every change is an undoable project edit; undo refreshes the form.
 */
final class TrainForm extends ScrollPane {
  private final TrainViewModel vm;
  private final Label problem = new Label();
  private final Label configProblem = new Label();
  private final Map<String, Control> fields = new LinkedHashMap<>();
  private final VBox content = new VBox();
  private final Label scheduleCaption = new Label();
  private boolean refreshing;

  TrainForm(TrainViewModel vm) {
    this.vm = vm;
    setId("train-form");
    getStyleClass().add("train-form");
    setFitToWidth(true);
    setHbarPolicy(ScrollBarPolicy.NEVER);
    content.setPadding(new Insets(10, 10, 12, 10));
    content.setSpacing(4);
    scheduleCaption.setWrapText(true);
    scheduleCaption.getStyleClass().add("train-note");
    scheduleCaption.setId("train-schedule-caption");
    Label title = new Label("Training settings");
    title.getStyleClass().add("pane-title");
    problem.setId("train-form-problem");
    problem.getStyleClass().add("train-problem");
    configProblem.setId("train-config-problem");
    configProblem.getStyleClass().add("train-problem");
    for (Label l : List.of(problem, configProblem)) {
      l.setWrapText(true);
      l.managedProperty().bind(l.visibleProperty());
      l.visibleProperty().bind(l.textProperty().isNotEmpty());
    }
    configProblem.textProperty().bind(vm.configProblemProperty());
    content.getChildren().addAll(title, problem, configProblem);

    section(
        "Optimization",
        row("Epochs", text("epochs", "How many passes over the training images.")),
        row("Batch size", text("batchSize", "Images per optimizer step.")),
        row(
            "Optimizer",
            choice(
                "optimizer",
                TrainSettings.OPTIMIZERS,
                "adam and adamw (decoupled weight decay; 0.01 when left at 0), SGD with momentum 0.9"
                    + " (plain or Nesterov), RMSprop (alpha 0.99) — torch.optim's defaults.")),
        row("Learning rate", text("lr", "The base rate; the schedule scales it per step.")),
        row(
            "Weight decay",
            text("weightDecay", "L2 penalty (adam, sgd, rmsprop) or decoupled decay (adamw).")),
        row(
            "Clip gradients",
            text("clipNorm", "Clip the gradients' global L2 norm to this; 0 = off.")),
        row("Seed", text("seed", "Seeds weights, shuffling, augmentation and dropout.")));

    LineChart<Number, Number> plot = schedulePlot();
    section(
        "Learning-rate schedule",
        row(
            "Schedule",
            choice(
                "schedule",
                TrainSettings.SCHEDULES,
                "constant; step (×0.1 at 50 % and 75 % of the run); cosine (to 0); onecycle (warm"
                    + " up over 30 % from lr/25, then anneal to lr/25e4).")),
        plot,
        scheduleCaption);

    Label dataset = new Label();
    dataset.setId("train-dataset-info");
    dataset.getStyleClass().add("train-note");
    dataset.setWrapText(true);
    dataset.textProperty().bind(vm.datasetInfoProperty());
    section(
        "Images",
        row(
            "Image size",
            imageOnly(
                text(
                    "imageSize",
                    "Images are resized (or cropped by the transforms) to size×size."))),
        row(
            "Progressive resizing",
            imageOnly(
                text(
                    TrainSettings.PROGRESSIVE,
                    "epoch:size pairs, e.g. 4:96, 7:128 — from that epoch on, train at that size"
                        + " with the same weights. The model needs global pooling before its"
                        + " Linear layers."))),
        row("Validation split", valSplit()),
        dataset);

    Label checkpoints =
        new Label(
            "Every epoch: checkpoints/last.lbmodel. The best epoch (highest validation accuracy,"
                + " then lowest loss): checkpoints/best.lbmodel, and model.lbmodel when the run"
                + " ends. Both carry the optimizer state, so a run can continue.");
    checkpoints.setId("train-checkpoint-policy");
    checkpoints.getStyleClass().add("train-note");
    checkpoints.setWrapText(true);
    section(
        "Early stopping and checkpoints",
        row(
            "Patience",
            text("patience", "Stop after this many epochs without improvement; 0 = off.")),
        row("Watch", choice("monitor", TrainSettings.MONITORS, "What early stopping watches.")),
        checkpoints);

    section(
        "Transfer learning",
        row(
            "Freeze",
            text(
                "groups.freeze",
                "Module prefixes whose weights do not train, e.g. features, layer1 — or all."
                    + " A replaced head always trains.")),
        row("", check("groups.trainBatchNorm", "Train BatchNorm in frozen parts")),
        row("", check("groups.frozenBatchNormEval", "Frozen BatchNorm in eval mode")),
        row(
            "Rate multipliers",
            text(
                "groups.lrMultipliers",
                "Differential learning rates: module=factor, e.g. layer4=0.33, layer3=0.11."
                    + " The longest matching prefix wins.")),
        row(
            "Unfreeze at epoch",
            text("groups.unfreezeAt", "From this epoch on nothing is frozen; 0 = never.")));

    section(
        "Hardware",
        row(
            "Device",
            choice("device", TrainSettings.DEVICES, "auto uses a GPU when PyTorch sees one.")),
        row("Threads", text("threads", "PyTorch's threads; 0 = one per core.")),
        row("Loader workers", text("workers", "Threads decoding and augmenting images.")));

    setContent(content);
    // A field reached with Tab (or focused by a test) scrolls into view.
    fields
        .values()
        .forEach(
            f ->
                f.focusedProperty()
                    .addListener(
                        (obs, was, now) -> {
                          if (now) {
                            reveal(f);
                          }
                        }));
    vm.trainingProperty().addListener((obs, o, n) -> refresh());
    vm.schedulePreview().addListener((ListChangeListener<Point2D>) c -> updateScheduleCaption());
    refresh();
  }

  /** Scrolls the form so that this node shows whole. */
  void reveal(Node n) {
    double contentHeight = content.getBoundsInLocal().getHeight();
    double viewport = getViewportBounds().getHeight();
    if (contentHeight <= viewport) {
      return;
    }
    var b = content.sceneToLocal(n.localToScene(n.getBoundsInLocal()));
    double top = getVvalue() * (contentHeight - viewport);
    double y = top;
    if (b.getMinY() < top) {
      y = b.getMinY() - 8;
    } else if (b.getMaxY() > top + viewport) {
      y = b.getMaxY() - viewport + 8;
    }
    setVvalue(Math.max(0, Math.min(1, y / (contentHeight - viewport))));
  }

  private LineChart<Number, Number> schedulePlot() {
    LineChart<Number, Number> chart = Charts.lineChart("train-schedule-plot", "");
    chart.setLegendVisible(false);
    chart.setPrefSize(240, 130);
    chart.setMinHeight(120);
    chart.getStyleClass().addAll("schedule-plot", "rate-chart");
    ((NumberAxis) chart.getXAxis()).setLabel(null);
    ((NumberAxis) chart.getYAxis()).setForceZeroInRange(true);
    XYChart.Series<Number, Number> s = Charts.series("learning rate");
    Charts.bind(vm.schedulePreview(), s, false);
    // The run's epochs exactly, as the live charts show them (auto-ranging ran 8 epochs to 9).
    Runnable fit =
        () -> {
          List<Point2D> pts = vm.schedulePreview();
          if (!pts.isEmpty()) {
            Charts.epochAxis(chart, (int) Math.round(pts.getLast().getX()));
          }
        };
    vm.schedulePreview()
        .addListener((javafx.collections.ListChangeListener<Point2D>) c -> fit.run());
    fit.run();
    chart.getData().add(s);
    return chart;
  }

  private void updateScheduleCaption() {
    List<Point2D> pts = vm.schedulePreview();
    if (pts.isEmpty()) {
      scheduleCaption.setText("");
      return;
    }
    double max = pts.stream().mapToDouble(Point2D::getY).max().orElse(0);
    int perEpoch = vm.batchesPerEpoch();
    String steps =
        perEpoch > 0
            ? perEpoch + " steps per epoch"
            : "steps per epoch not known yet (100 assumed)";
    scheduleCaption.setText(
        String.format(
            Locale.ROOT,
            "From %s, peak %s, to %s over %s epochs; %s.",
            TrainSettings.number(pts.get(0).getY(), 3),
            TrainSettings.number(max, 3),
            TrainSettings.number(pts.get(pts.size() - 1).getY(), 3),
            TrainSettings.number(Math.round(pts.get(pts.size() - 1).getX())),
            steps));
  }

  /** A titled group of rows; each is a {@link Row} or a node across both columns. */
  private void section(String name, Object... rows) {
    Label title = new Label(name);
    title.getStyleClass().add("train-section");
    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(5);
    ColumnConstraints c0 = new ColumnConstraints();
    // One label width for every section, so the fields line up down the form.
    c0.setMinWidth(148);
    c0.setPrefWidth(148);
    c0.setHalignment(HPos.LEFT);
    ColumnConstraints c1 = new ColumnConstraints();
    c1.setHgrow(Priority.ALWAYS);
    c1.setFillWidth(true);
    grid.getColumnConstraints().addAll(c0, c1);
    int r = 0;
    for (Object o : rows) {
      if (o instanceof Row row && !row.label().isEmpty()) {
        Label l = new Label(row.label());
        l.getStyleClass().add("train-label");
        l.setLabelFor(row.control());
        // A disabled control shows no tooltip; its label still says why.
        l.setTooltip(row.control().getTooltip());
        grid.add(l, 0, r);
        grid.add(row.control(), 1, r);
      } else if (o instanceof Row row) {
        grid.add(row.control(), 0, r, 2, 1);
      } else {
        grid.add((Node) o, 0, r, 2, 1);
      }
      r++;
    }
    content.getChildren().addAll(title, grid);
  }

  /** A label and its control; an empty label lets the control span both columns. */
  private record Row(String label, Control control) {}

  private static Row row(String label, Control control) {
    return new Row(label, control);
  }

  private static String id(String key) {
    return "train-" + key.replace('.', '-');
  }

  /** The split field, disabled with the reason when the dataset has its own val/ folder. */
  private TextField valSplit() {
    String tip = "Fraction held out when the dataset has no val/ folder.";
    TextField f = text("valSplit", tip);
    f.disableProperty().bind(vm.valSplitUnusedProperty().isNotNull());
    f.getTooltip()
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.createStringBinding(
                () ->
                    vm.valSplitUnusedProperty().get() == null
                        ? tip
                        : vm.valSplitUnusedProperty().get(),
                vm.valSplitUnusedProperty()));
    return f;
  }

  /** A setting only image runs use: disabled for a text project, its tooltip saying why. */
  private TextField imageOnly(TextField f) {
    String tip = f.getTooltip().getText();
    f.disableProperty().bind(vm.textDatasetProperty());
    f.getTooltip()
        .textProperty()
        .bind(
            javafx.beans.binding.Bindings.when(vm.textDatasetProperty())
                .then(
                    "Not used: this project trains on texts, which are tokenized and cut to the"
                        + " Data workspace's max length rather than resized.")
                .otherwise(tip));
    return f;
  }

  private TextField text(String key, String tip) {
    TextField f = new TextField();
    f.setId(id(key));
    f.setTooltip(new Tooltip(tip));
    f.setPrefColumnCount(5);
    f.setOnAction(e -> commit(key, f));
    f.focusedProperty()
        .addListener(
            (obs, was, now) -> {
              if (!now) {
                commit(key, f);
              }
            });
    fields.put(key, f);
    return f;
  }

  private ComboBox<String> choice(String key, List<String> options, String tip) {
    ComboBox<String> c = new ComboBox<>();
    c.getItems().setAll(options);
    c.setId(id(key));
    c.setTooltip(new Tooltip(tip));
    c.setMaxWidth(Double.MAX_VALUE);
    c.setPrefWidth(90);
    c.setOnAction(
        e -> {
          if (!refreshing && c.getValue() != null && !c.getValue().equals(vm.text(key))) {
            show(vm.set(key, c.getValue()));
          }
        });
    fields.put(key, c);
    return c;
  }

  private CheckBox check(String key, String text) {
    CheckBox c = new CheckBox(text);
    c.setId(id(key));
    c.setOnAction(
        e -> {
          if (!refreshing) {
            show(vm.set(key, String.valueOf(c.isSelected())));
          }
        });
    fields.put(key, c);
    return c;
  }

  private void commit(String key, TextField f) {
    if (refreshing || f.getText().strip().equals(vm.text(key))) {
      f.setText(vm.text(key));
      return;
    }
    String why = vm.set(key, f.getText());
    show(why);
    f.setText(vm.text(key)); // the value taken, or the old one when refused
    mark(key, f);
  }

  private void show(String why) {
    problem.setText(why == null ? "" : why);
  }

  private void refresh() {
    refreshing = true;
    try {
      fields.forEach(
          (key, control) -> {
            switch (control) {
              case TextField f -> f.setText(vm.text(key));
              case ComboBox<?> c -> {
                @SuppressWarnings("unchecked")
                ComboBox<String> s = (ComboBox<String>) c;
                s.setValue(vm.text(key));
              }
              case CheckBox c -> c.setSelected(Boolean.parseBoolean(vm.text(key)));
              default -> {}
            }
            mark(key, control);
          });
    } finally {
      refreshing = false;
    }
    updateScheduleCaption();
  }

  /** Greys a value the project does not set (its default applies). */
  private void mark(String key, Control control) {
    List<String> classes = new ArrayList<>(control.getStyleClass());
    boolean isDefault = !vm.isSet(key);
    if (isDefault && !classes.contains("train-default")) {
      control.getStyleClass().add("train-default");
    } else if (!isDefault) {
      control.getStyleClass().remove("train-default");
    }
  }
}
