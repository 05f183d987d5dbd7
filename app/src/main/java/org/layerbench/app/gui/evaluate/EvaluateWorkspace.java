package org.layerbench.app.gui.evaluate;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.ErrorBanner;
import org.layerbench.app.gui.RunCell;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.RunList;
import org.layerbench.app.gui.Sidebar;
import org.layerbench.app.gui.Thumbnails;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.engine.train.Evaluation;

/**
 * The Evaluate workspace: pick a run (or a model file), a split and the data, evaluate on the
 * engine thread; see accuracy and loss, the confusion matrix as a heat map whose cells open their
 * images, per-class precision/recall/F1, and the worst mistakes.
 */
public final class EvaluateWorkspace extends BorderPane {
  static final String CSS = "/org/layerbench/app/gui/evaluate/results.css";

  private final EvaluateViewModel vm;
  private final Thumbnails thumbnails;
  private final ConfusionMatrixView matrix;
  private final ClassMetricsTable table = new ClassMetricsTable();
  private final SampleGallery mistakes;
  private final SampleGallery cellGallery;
  private final Label legend = new Label();
  private Label imagesName;
  private final TextSamplesTable mistakeTexts = new TextSamplesTable("mistakes-texts");
  private final TextSamplesTable cellTexts = new TextSamplesTable("cell-texts");
  private final TabPane galleries = new TabPane();
  private final Tab mistakesTab = new Tab("Worst mistakes");
  private final Tab cellTab = new Tab("Cell");
  private final Label accuracy = stat("eval-accuracy");
  private final Label loss = stat("eval-loss");
  private final Label images = stat("eval-images");
  private final Label wrong = stat("eval-mistakes");
  private final Label resultTitle = new Label();
  private final StackPane center = new StackPane();
  private final Node results;
  private final Node placeholder;

  public EvaluateWorkspace(WorkbenchContext context) {
    this(new EvaluateViewModel(context), context);
  }

  public EvaluateWorkspace(EvaluateViewModel vm, WorkbenchContext context) {
    this.vm = vm;
    this.thumbnails = new Thumbnails(context.fx());
    setId("evaluate-workspace");
    getStyleClass().add("results-workspace");
    var css = EvaluateWorkspace.class.getResource(CSS);
    if (css != null) {
      getStylesheets().add(css.toExternalForm());
    }
    matrix = new ConfusionMatrixView(vm::selectCell);
    mistakes = new SampleGallery("mistakes-gallery", thumbnails);
    cellGallery = new SampleGallery("cell-gallery", thumbnails);

    results = results();
    placeholder = placeholder();
    center.getChildren().addAll(placeholder, results);
    results.setVisible(false);

    VBox side = sidebar();
    ScrollPane sideScroll = new ScrollPane(side);
    sideScroll.setFitToWidth(true);
    sideScroll.getStyleClass().addAll("edge-to-edge", "results-sidebar");
    sideScroll.setMinWidth(260);
    sideScroll.setPrefWidth(290);
    sideScroll.setMaxWidth(320);

    ErrorBanner banner = new ErrorBanner(vm.failureProperty(), vm::dismissFailure);
    banner.setId("evaluate-error");
    BorderPane main = new BorderPane(center);
    main.setTop(banner);
    setLeft(sideScroll);
    setCenter(main);

    vm.resultProperty().addListener((obs, o, n) -> show(n));
    vm.cellProperty().addListener((obs, o, n) -> showCell(n));
    Sidebar.refreshWhenShown(this, vm.runs()::refresh);
  }

  public EvaluateViewModel viewModel() {
    return vm;
  }

  // ---- the sidebar: what to evaluate ----

  private VBox sidebar() {
    ComboBox<RunEntry> runs = new ComboBox<>(vm.runs().entries());
    runs.setId("evaluate-run");
    runs.setMaxWidth(Double.MAX_VALUE);
    runs.setCellFactory(l -> new RunCell());
    runs.setButtonCell(new RunCell(true));
    runs.valueProperty().bindBidirectional(vm.runProperty());
    runs.setPromptText("No runs yet — train one");
    Button open = new Button("Open model file…", new FontIcon(Material2AL.FOLDER_OPEN));
    open.setId("evaluate-open-model");
    open.setOnAction(e -> chooseModel());
    open.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(open, Priority.ALWAYS);
    Button refresh = new Button(null, new FontIcon(Material2MZ.REFRESH));
    refresh.getStyleClass().add(Styles.BUTTON_ICON);
    refresh.setTooltip(new Tooltip("Read the run folders again"));
    refresh.setOnAction(e -> vm.runs().refresh());
    HBox modelButtons = new HBox(6, open, refresh);

    ComboBox<String> split = new ComboBox<>();
    split.getItems().setAll(EvaluateViewModel.SPLITS);
    split.setId("evaluate-split");
    split.valueProperty().bindBidirectional(vm.splitProperty());
    split.setMaxWidth(Double.MAX_VALUE);
    split.setCellFactory(l -> new SplitCell());
    split.setButtonCell(new SplitCell());

    Label data = new Label();
    data.setId("evaluate-data");
    data.getStyleClass().add("path-label");
    data.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
    data.setMaxWidth(Double.MAX_VALUE);
    data.textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  Path p = vm.dataDirProperty().get();
                  return p == null ? "none — choose a folder" : p.toString();
                },
                vm.dataDirProperty()));
    Tooltip dataTip = new Tooltip();
    dataTip.textProperty().bind(data.textProperty());
    data.setTooltip(dataTip);
    Hyperlink change = new Hyperlink("Change…");
    change.setOnAction(e -> chooseData());
    Hyperlink textFile = new Hyperlink("Text file…");
    textFile.setId("evaluate-text-file");
    textFile.setTooltip(new Tooltip("A CSV/TSV file of labelled texts, for a text model"));
    textFile.setOnAction(e -> chooseTextFile());
    Hyperlink reset = new Hyperlink("Use the run's");
    reset.visibleProperty().bind(vm.dataOverrideProperty().isNotNull());
    reset.managedProperty().bind(reset.visibleProperty());
    reset.setOnAction(e -> vm.dataOverrideProperty().set(null));
    HBox dataLinks = new HBox(4, change, textFile, reset);

    Button evaluate = new Button("Evaluate", new FontIcon(Material2MZ.PLAY_ARROW));
    evaluate.setId("evaluate-run-button");
    evaluate.getStyleClass().add(Styles.ACCENT);
    evaluate.setDefaultButton(false);
    evaluate.setMaxWidth(Double.MAX_VALUE);
    evaluate.disableProperty().bind(vm.runningProperty().or(vm.runProperty().isNull()));
    evaluate.setOnAction(e -> vm.evaluate());

    ProgressBar progress = new ProgressBar();
    progress.setId("evaluate-progress");
    progress.progressProperty().bind(vm.progressProperty());
    progress.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(progress, Priority.ALWAYS);
    Button cancel = new Button("Cancel");
    cancel.setId("evaluate-cancel");
    cancel.getStyleClass().add(Styles.SMALL);
    cancel.setOnAction(e -> vm.cancel());
    HBox running = new HBox(6, progress, cancel);
    running.setAlignment(Pos.CENTER_LEFT);
    running.visibleProperty().bind(vm.runningProperty());
    running.managedProperty().bind(running.visibleProperty());
    Label status = new Label();
    status.setId("evaluate-status");
    status.getStyleClass().add("status-text");
    status.setWrapText(true);
    status.textProperty().bind(vm.statusProperty());

    GridPane stats = new GridPane();
    stats.getStyleClass().add("stat-grid");
    stats.setHgap(8);
    stats.setVgap(8);
    stats.add(tile("Accuracy", accuracy), 0, 0);
    stats.add(tile("Loss", loss), 1, 0);
    stats.add(tile("Images", images), 0, 1);
    imagesName = (Label) ((VBox) images.getParent()).getChildren().get(1);
    stats.add(tile("Mistakes", wrong), 1, 1);
    var col = new javafx.scene.layout.ColumnConstraints();
    col.setPercentWidth(50);
    stats.getColumnConstraints().addAll(col, col);
    resultTitle.getStyleClass().add("result-title");
    resultTitle.setWrapText(true);
    VBox result = new VBox(6, new Separator(), Sidebar.section("Result"), resultTitle, stats);
    result.visibleProperty().bind(vm.resultProperty().isNotNull());
    result.managedProperty().bind(result.visibleProperty());

    VBox box =
        new VBox(
            6,
            Sidebar.section("Model"),
            runs,
            modelButtons,
            Sidebar.section("Split"),
            split,
            Sidebar.section("Data folder"),
            data,
            dataLinks,
            Sidebar.gap(4),
            evaluate,
            running,
            status,
            Sidebar.gap(4),
            result);
    box.setPadding(new Insets(12));
    box.getStyleClass().add("sidebar-box");
    return box;
  }

  private static final class SplitCell extends javafx.scene.control.ListCell<String> {
    @Override
    protected void updateItem(String s, boolean empty) {
      super.updateItem(s, empty);
      setText(
          empty || s == null
              ? null
              : switch (s) {
                case "val" -> "Validation (val/)";
                case "test" -> "Test (test/)";
                default -> "Training (train/)";
              });
    }
  }

  private static Label stat(String id) {
    Label l = new Label("—");
    l.setId(id);
    l.getStyleClass().add("stat-value");
    return l;
  }

  private static VBox tile(String name, Label value) {
    Label n = new Label(name);
    n.getStyleClass().add("stat-name");
    VBox v = new VBox(2, value, n);
    v.getStyleClass().add("stat-tile");
    v.setMaxWidth(Double.MAX_VALUE);
    return v;
  }

  private void chooseModel() {
    RunList.chooseModelFile(getScene().getWindow()).ifPresent(vm::openModelFile);
  }

  private void chooseData() {
    DirectoryChooser dc = new DirectoryChooser();
    dc.setTitle("Dataset folder (with train/, val/ and test/ or one folder per class)");
    Path now = vm.dataDirProperty().get();
    if (now != null && now.toFile().isDirectory()) {
      dc.setInitialDirectory(now.toFile());
    }
    File f = dc.showDialog(getScene().getWindow());
    if (f != null) {
      vm.dataOverrideProperty().set(f.toPath());
    }
  }

  private void chooseTextFile() {
    FileChooser fc = new FileChooser();
    fc.setTitle("CSV/TSV file of labelled texts");
    fc.getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter("Texts", "*.csv", "*.tsv", "*.txt"),
            new FileChooser.ExtensionFilter("All files", "*"));
    File f = fc.showOpenDialog(getScene().getWindow());
    if (f != null) {
      vm.dataOverrideProperty().set(f.toPath());
    }
  }

  // ---- the results ----

  private Node placeholder() {
    FontIcon icon = new FontIcon(Material2AL.ASSESSMENT);
    icon.getStyleClass().add("placeholder-icon");
    Label title = new Label("Evaluate a trained model");
    title.getStyleClass().add("placeholder-title");
    Label text =
        new Label(
            "Choose a run on the left (or open a .lbmodel file) and press Evaluate. You will see"
                + " its accuracy and loss, a confusion matrix whose cells open the images they"
                + " count, precision, recall and F1 per class, and its worst mistakes.");
    text.setWrapText(true);
    text.setMaxWidth(520);
    text.getStyleClass().add("placeholder-text");
    VBox box = new VBox(10, icon, title, text);
    box.setAlignment(Pos.CENTER);
    box.setId("evaluate-placeholder");
    return box;
  }

  private Node results() {
    Label cmTitle = new Label("Confusion matrix");
    cmTitle.getStyleClass().add("pane-heading");
    legend.setText(
        "Rows: true class · columns: predicted class · colour: share of the row (blue"
            + " correct, red mistaken) · click a cell to see its images");
    legend.getStyleClass().add("legend");
    legend.setWrapText(true);
    VBox.setVgrow(matrix, Priority.ALWAYS);
    VBox left = new VBox(6, cmTitle, matrix, legend);
    left.setPadding(new Insets(10, 10, 10, 12));
    left.getStyleClass().add("results-pane");

    Label tableTitle = new Label("Per-class metrics");
    tableTitle.getStyleClass().add("pane-heading");
    mistakesTab.setContent(mistakes);
    mistakesTab.setId("tab-mistakes");
    cellTab.setContent(cellGallery);
    cellTab.setId("tab-cell");
    cellTab.setDisable(true);
    galleries.getTabs().addAll(mistakesTab, cellTab);
    galleries.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    galleries.setId("evaluate-galleries");
    VBox.setVgrow(galleries, Priority.ALWAYS);
    VBox right = new VBox(6, tableTitle, table, galleries);
    right.setPadding(new Insets(10, 12, 10, 10));

    SplitPane split = new SplitPane(left, right);
    split.setOrientation(Orientation.HORIZONTAL);
    split.setDividerPositions(0.5);
    return split;
  }

  private void show(EvaluateViewModel.Result r) {
    results.setVisible(r != null);
    placeholder.setVisible(r == null);
    if (r == null) {
      return;
    }
    Evaluation e = r.evaluation();
    int n = e.samples().size();
    int correct = (int) Math.round(e.accuracy() * n);
    accuracy.setText(String.format(Locale.ROOT, "%.1f %%", 100 * e.accuracy()));
    loss.setText(String.format(Locale.ROOT, "%.3f", e.loss()));
    images.setText(Integer.toString(n));
    wrong.setText(Integer.toString(n - correct));
    resultTitle.setText(r.run().name() + " on the " + splitName(r.split()) + " split");
    matrix.show(e.classes(), e.confusion());
    table.show(e);
    List<Evaluation.SampleResult> worst;
    if (r.texts()) {
      worst = EvaluateViewModel.worstTextMistakes(e);
      mistakeTexts.show(e.classes(), worst, "No mistakes: every text was classified correctly.");
      mistakesTab.setContent(mistakeTexts);
      cellTab.setContent(cellTexts);
      imagesName.setText("Texts");
      table.sampleNoun("Texts");
      legend.setText(legend.getText().replace("see its images", "see its texts"));
    } else {
      worst = EvaluateViewModel.worstMistakes(e);
      mistakes.show(e.classes(), worst, "No mistakes: every image was classified correctly.");
      mistakesTab.setContent(mistakes);
      cellTab.setContent(cellGallery);
      legend.setText(legend.getText().replace("see its texts", "see its images"));
      imagesName.setText("Images");
      table.sampleNoun("Images");
    }
    mistakesTab.setText("Worst mistakes (" + worst.size() + ")");
    cellTab.setText("Cell");
    cellTab.setDisable(true);
    galleries.getSelectionModel().select(mistakesTab);
  }

  private static String splitName(String s) {
    return switch (s) {
      case "val" -> "validation";
      case "test" -> "test";
      default -> "training";
    };
  }

  private void showCell(EvaluateViewModel.Cell c) {
    EvaluateViewModel.Result r = vm.resultProperty().get();
    if (c == null || r == null) {
      matrix.select(-1, -1);
      return;
    }
    Evaluation e = r.evaluation();
    matrix.select(c.row(), c.column());
    String t = e.classes().get(c.row());
    String p = e.classes().get(c.column());
    List<Evaluation.SampleResult> s;
    if (r.texts()) {
      s = EvaluateViewModel.cellTexts(e, c.row(), c.column());
      cellTexts.show(e.classes(), s, "No " + t + " text was predicted as " + p + ".");
    } else {
      s = EvaluateViewModel.cellSamples(e, c.row(), c.column());
      cellGallery.show(e.classes(), s, "No " + t + " image was predicted as " + p + ".");
    }
    cellTab.setText("True " + t + " → predicted " + p + " (" + s.size() + ")");
    cellTab.setDisable(false);
    galleries.getSelectionModel().select(cellTab);
  }

  /** The gallery of the clicked confusion-matrix cell (for tests). */
  public SampleGallery cellGallery() {
    return cellGallery;
  }

  /** The texts of the clicked cell, for a text model (for tests). */
  public TableView<Evaluation.SampleResult> cellTexts() {
    return cellTexts;
  }

  public SampleGallery mistakesGallery() {
    return mistakes;
  }
}
