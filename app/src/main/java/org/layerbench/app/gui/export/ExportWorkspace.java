package org.layerbench.app.gui.export;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.ErrorBanner;
import org.layerbench.app.gui.RunCell;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.RunList;
import org.layerbench.app.gui.Sidebar;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.engine.io.export.Export;
import org.layerbench.engine.io.export.Verification;

/**
 * The Export workspace: choose a run (or a model file, or the current model as code only), the
 * formats and a folder; export on the engine thread with progress and Cancel; then see every file
 * written with its size, how each was checked against LayerBench, and the commands that use them.
 */
public final class ExportWorkspace extends BorderPane {
  private static final String RESULTS_CSS = "/org/layerbench/app/gui/evaluate/results.css";
  private static final String CSS = "/org/layerbench/app/gui/export/export.css";

  private final ExportViewModel vm;
  private final TableView<Export.WrittenFile> files = new TableView<>();
  private final TableView<Verification> checks = new TableView<>();
  private final Label resultTitle = new Label();
  private final Label checksNote = new Label();
  private final Node results;
  private final Node placeholder;

  public ExportWorkspace(WorkbenchContext context) {
    this(new ExportViewModel(context));
  }

  public ExportWorkspace(ExportViewModel vm) {
    this.vm = vm;
    setId("export-workspace");
    getStyleClass().addAll("results-workspace", "export-workspace");
    for (String css : new String[] {RESULTS_CSS, CSS}) {
      var url = ExportWorkspace.class.getResource(css);
      if (url != null) {
        getStylesheets().add(url.toExternalForm());
      }
    }
    ScrollPane side = new ScrollPane(sidebar());
    side.setFitToWidth(true);
    side.getStyleClass().addAll("edge-to-edge", "results-sidebar");
    side.setMinWidth(270);
    side.setPrefWidth(300);
    side.setMaxWidth(330);
    setLeft(side);

    results = results();
    placeholder = placeholder();
    StackPane center = new StackPane(placeholder, results);
    ErrorBanner banner = new ErrorBanner(vm.failureProperty(), vm::dismissFailure);
    banner.setId("export-error");
    BorderPane main = new BorderPane(center);
    main.setTop(banner);
    setCenter(main);
    show(vm.doneProperty().get());
    vm.doneProperty().addListener((obs, o, n) -> show(n));
    Sidebar.refreshWhenShown(this, vm.runs()::refresh);
  }

  public ExportViewModel viewModel() {
    return vm;
  }

  // ---- the sidebar: what, how and where ----

  private VBox sidebar() {
    ToggleGroup from = new ToggleGroup();
    RadioButton fromRun = new RadioButton("A trained run or model file");
    fromRun.setId("export-from-run");
    fromRun.setToggleGroup(from);
    RadioButton fromModel = new RadioButton("The current model, code only");
    fromModel.setId("export-from-model");
    fromModel.setToggleGroup(from);
    fromModel.setTooltip(
        new Tooltip(
            "The graph of the Model workspace as it is now, as PyTorch code (model.py) with"
                + " freshly initialised weights: it has not been trained."));
    (vm.codeOnlyProperty().get() ? fromModel : fromRun).setSelected(true);
    from.selectedToggleProperty()
        .addListener(
            (obs, o, n) -> {
              if (n != null) {
                vm.codeOnlyProperty().set(n == fromModel);
              }
            });
    vm.codeOnlyProperty().addListener((obs, o, n) -> (n ? fromModel : fromRun).setSelected(true));

    ComboBox<RunEntry> runs = new ComboBox<>(vm.runs().entries());
    runs.setId("export-run");
    runs.setMaxWidth(Double.MAX_VALUE);
    runs.setCellFactory(l -> new RunCell());
    runs.setButtonCell(new RunCell(true));
    runs.valueProperty().bindBidirectional(vm.runProperty());
    runs.setPromptText("No runs yet — train one");
    runs.disableProperty().bind(vm.codeOnlyProperty());
    Button open = new Button("Open model file…", new FontIcon(Material2AL.FOLDER_OPEN));
    open.setId("export-open-model");
    open.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(open, Priority.ALWAYS);
    open.setOnAction(
        e -> RunList.chooseModelFile(getScene().getWindow()).ifPresent(vm::openModelFile));
    Button refresh = new Button(null, new FontIcon(Material2MZ.REFRESH));
    refresh.getStyleClass().add(Styles.BUTTON_ICON);
    refresh.setTooltip(new Tooltip("Read the run folders again"));
    refresh.setOnAction(e -> vm.runs().refresh());
    HBox modelButtons = new HBox(6, open, refresh);
    modelButtons.disableProperty().bind(vm.codeOnlyProperty());
    VBox runBox = new VBox(6, runs, modelButtons);
    runBox.setPadding(new Insets(0, 0, 0, 24));

    VBox formatBox = new VBox(6);
    for (ExportViewModel.FormatChoice f : vm.formats()) {
      CheckBox c = new CheckBox(f.exporter().displayName());
      c.setMnemonicParsing(false); // "state_dict" keeps its underscore
      c.setId("export-format-" + f.exporter().id());
      c.selectedProperty().bindBidirectional(f.selectedProperty());
      c.disableProperty().bind(f.availableProperty().not());
      c.setTooltip(new Tooltip(formatTip(f.exporter().id())));
      formatBox.getChildren().add(c);
    }
    Label weightsHint =
        Sidebar.hint(
            "Code only: the other formats need a trained model's weights. Train a run first.");
    weightsHint.visibleProperty().bind(vm.codeOnlyProperty());
    weightsHint.managedProperty().bind(weightsHint.visibleProperty());

    Label folder = new Label();
    folder.setId("export-target");
    folder.getStyleClass().add("path-label");
    folder.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
    folder.setMaxWidth(Double.MAX_VALUE);
    folder
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  Path p = vm.targetProperty().get();
                  return p == null ? "none — choose a run or a folder" : p.toString();
                },
                vm.targetProperty()));
    Tooltip folderTip = new Tooltip();
    folderTip.textProperty().bind(folder.textProperty());
    folder.setTooltip(folderTip);
    Hyperlink change = new Hyperlink("Change…");
    change.setId("export-change-target");
    change.setOnAction(e -> chooseFolder());
    Hyperlink reset = new Hyperlink("Use the default");
    reset.visibleProperty().bind(vm.targetOverrideProperty().isNotNull());
    reset.managedProperty().bind(reset.visibleProperty());
    reset.setOnAction(e -> vm.targetOverrideProperty().set(null));
    HBox folderLinks = new HBox(4, change, reset);

    CheckBox verify = new CheckBox("Check every file against LayerBench");
    verify.setId("export-verify");
    verify.selectedProperty().bindBidirectional(vm.verifyProperty());
    verify.setWrapText(true);
    verify.setTooltip(
        new Tooltip(
            "Runs each exported model (PyTorch, ONNX Runtime) on validation images and compares"
                + " its logits with LayerBench's (largest |Δlogit| ≤ 1e-4)."));
    CheckBox force = new CheckBox("Write beside other files");
    force.setId("export-force");
    force.selectedProperty().bindBidirectional(vm.forceProperty());
    force.setWrapText(true);
    force.setTooltip(
        new Tooltip(
            "Export into a folder that holds files LayerBench did not write; they are left"
                + " alone, and only files of the same names are replaced."));

    Button export = new Button("Export", new FontIcon(Material2MZ.SAVE_ALT));
    export.setId("export-button");
    export.getStyleClass().add(Styles.ACCENT);
    export.setMaxWidth(Double.MAX_VALUE);
    export.disableProperty().bind(vm.canExportProperty().not());
    export.setOnAction(e -> vm.export());

    ProgressBar progress = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
    progress.setId("export-progress");
    progress.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(progress, Priority.ALWAYS);
    Button cancel = new Button("Cancel");
    cancel.setId("export-cancel");
    cancel.getStyleClass().add(Styles.SMALL);
    cancel.setOnAction(e -> vm.cancel());
    HBox running = new HBox(6, progress, cancel);
    running.setAlignment(Pos.CENTER_LEFT);
    running.visibleProperty().bind(vm.runningProperty());
    running.managedProperty().bind(running.visibleProperty());
    Label status = new Label();
    status.setId("export-status");
    status.getStyleClass().add("status-text");
    status.setWrapText(true);
    status.textProperty().bind(vm.statusProperty());

    VBox box =
        new VBox(
            6,
            Sidebar.section("Export"),
            fromRun,
            runBox,
            fromModel,
            Sidebar.gap(4),
            Sidebar.section("Formats"),
            formatBox,
            weightsHint,
            Sidebar.gap(4),
            Sidebar.section("Folder"),
            folder,
            folderLinks,
            verify,
            force,
            Sidebar.gap(4),
            export,
            running,
            status);
    box.setPadding(new Insets(12));
    box.getStyleClass().add("sidebar-box");
    return box;
  }

  private static String formatTip(String id) {
    return switch (id) {
      case "pytorch" ->
          "model.py (an nn.Module whose names are the state_dict's), state_dict.pt, labels.json"
              + " and predict.py, which classifies images with the run's preprocessing";
      case "onnx" -> "model.onnx: opset 17, dynamic batch, for ONNX Runtime";
      case "lightning" ->
          "train_lightning.py: trains model.py as the run did, on one CPU or many GPUs (DDP)";
      case "safetensors" -> "model.safetensors: the weights alone, under PyTorch's names";
      default -> id;
    };
  }

  private void chooseFolder() {
    DirectoryChooser dc = new DirectoryChooser();
    dc.setTitle("Folder to export to (new or empty)");
    Path now = vm.targetProperty().get();
    for (Path p = now; p != null; p = p.getParent()) {
      if (p.toFile().isDirectory()) {
        dc.setInitialDirectory(p.toFile());
        break;
      }
    }
    File f = dc.showDialog(getScene().getWindow());
    if (f != null) {
      vm.targetOverrideProperty().set(f.toPath());
    }
  }

  // ---- the result ----

  private Node placeholder() {
    FontIcon icon = new FontIcon(Material2MZ.SAVE_ALT);
    icon.getStyleClass().add("placeholder-icon");
    Label title = new Label("Export a trained model");
    title.getStyleClass().add("placeholder-title");
    Label text =
        new Label(
            "Choose a run on the left, the formats and a folder, and press Export. LayerBench"
                + " writes PyTorch code with its state_dict and a predict.py, an ONNX model, a"
                + " PyTorch Lightning training script and safetensors weights, then runs every"
                + " exported model on validation images and compares its outputs with its own."
                + " The current model of the Model workspace exports as PyTorch code alone.");
    text.setWrapText(true);
    text.setMaxWidth(560);
    text.getStyleClass().add("placeholder-text");
    VBox box = new VBox(10, icon, title, text);
    box.setAlignment(Pos.CENTER);
    box.setId("export-placeholder");
    return box;
  }

  private Node results() {
    resultTitle.setId("export-result-title");
    resultTitle.getStyleClass().add("pane-heading");
    resultTitle.setWrapText(true);
    Button openFolder = new Button("Open folder", new FontIcon(Material2AL.FOLDER_OPEN));
    openFolder.setId("export-open-folder");
    openFolder.setOnAction(e -> vm.openFolder());
    Button copy = new Button("Copy commands", new FontIcon(Material2AL.CONTENT_COPY));
    copy.setId("export-copy-commands");
    copy.setOnAction(e -> vm.copyCommands());
    copy.disableProperty().bind(vm.commandsProperty().isEmpty());
    openFolder
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> vm.doneProperty().get() == null || vm.doneProperty().get().result().failed(),
                vm.doneProperty()));
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox head = new HBox(8, resultTitle, spacer, openFolder, copy);
    head.setAlignment(Pos.CENTER_LEFT);

    filesTable();
    checksTable();
    Label filesTitle = Sidebar.heading("Files");
    Label checksTitle = Sidebar.heading("Verification");
    checksNote.getStyleClass().add("hint-text");
    checksNote.setWrapText(true);
    checksNote.setMinHeight(Region.USE_PREF_SIZE);
    checksNote.setId("export-checks-note");

    TextArea commands = new TextArea();
    commands.setId("export-commands");
    commands.setEditable(false);
    commands.setPrefRowCount(4);
    commands.setMinHeight(112);
    commands.getStyleClass().add("export-commands");
    commands.textProperty().bind(vm.commandsProperty());
    Label commandsTitle = Sidebar.heading("Commands");
    Label commandsHint =
        Sidebar.hint(
            "Run from the export folder; N is the number of GPUs. README.md in the folder"
                + " explains every file and the commands for several machines.");
    VBox commandBox = new VBox(6, commandsTitle, commandsHint, commands);
    commandBox.visibleProperty().bind(vm.commandsProperty().isNotEmpty());
    commandBox.managedProperty().bind(commandBox.visibleProperty());

    HBox top = new HBox(16, vbox(filesTitle, files), vbox(checksTitle, checksNote, checks));
    HBox.setHgrow(top.getChildren().get(1), Priority.ALWAYS);
    VBox.setVgrow(top, Priority.ALWAYS);
    VBox.setVgrow(files, Priority.ALWAYS);
    VBox.setVgrow(checks, Priority.ALWAYS);
    VBox box = new VBox(10, head, top, commandBox);
    box.setPadding(new Insets(12));
    box.setId("export-results");
    return box;
  }

  private static VBox vbox(Node... nodes) {
    VBox v = new VBox(6, nodes);
    return v;
  }

  private void filesTable() {
    files.setId("export-files");
    TableColumn<Export.WrittenFile, String> name = new TableColumn<>("File");
    name.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().name()));
    name.setPrefWidth(140);
    TableColumn<Export.WrittenFile, String> size = new TableColumn<>("Size");
    size.setCellValueFactory(
        c -> new ReadOnlyStringWrapper(ExportViewModel.size(c.getValue().bytes())));
    size.setPrefWidth(82);
    size.setMinWidth(82);
    size.setMaxWidth(92);
    size.setStyle("-fx-alignment: CENTER-RIGHT;");
    files.getColumns().setAll(java.util.List.of(name, size));
    files.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
    files.setPrefWidth(250);
    files.setMinWidth(230);
    files.setMaxWidth(260);
    files.setPlaceholder(new Label("Nothing was written."));
    files.getStyleClass().add(Styles.DENSE);
  }

  private void checksTable() {
    checks.setId("export-checks");
    TableColumn<Verification, String> file = new TableColumn<>("File");
    file.setCellValueFactory(c -> new ReadOnlyStringWrapper(c.getValue().file()));
    file.setCellFactory(c -> new WrapCell());
    file.setPrefWidth(150);
    file.setMinWidth(140);
    TableColumn<Verification, String> how = new TableColumn<>("Checked with");
    how.setCellValueFactory(c -> new ReadOnlyStringWrapper(howText(c.getValue())));
    how.setCellFactory(c -> new WrapCell());
    how.setPrefWidth(300);
    TableColumn<Verification, String> diff = new TableColumn<>("max |Δlogit|");
    diff.setCellValueFactory(
        c -> new ReadOnlyStringWrapper(ExportViewModel.diff(c.getValue().maxAbsDiff())));
    diff.setPrefWidth(110);
    diff.setMinWidth(110);
    diff.setStyle("-fx-alignment: CENTER-RIGHT;");
    TableColumn<Verification, Verification> result = new TableColumn<>("Result");
    result.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    result.setCellFactory(c -> new ResultCell());
    result.setPrefWidth(150);
    checks.getColumns().setAll(java.util.List.of(file, how, diff, result));
    checks.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
    checks.setPlaceholder(new Label("Not verified."));
    checks.getStyleClass().add(Styles.DENSE);
  }

  /** What a check ran, without the inputs the note above the table already names. */
  private String howText(Verification v) {
    ExportViewModel.Done d = vm.doneProperty().get();
    String inputs = d == null ? null : d.result().inputs();
    return inputs == null ? v.how() : v.how().replace(" on " + inputs, "");
  }

  /** Text that wraps to the column's width, so long descriptions grow the row, not get cut. */
  private static class WrapCell extends TableCell<Verification, String> {
    final javafx.scene.text.Text text = new javafx.scene.text.Text();

    WrapCell() {
      text.getStyleClass().add("wrap-text");
      text.wrappingWidthProperty()
          .bind(
              Bindings.createDoubleBinding(
                  () -> getTableColumn() == null ? 100 : getTableColumn().getWidth() - inset(),
                  tableColumnProperty(),
                  widthProperty()));
      setPrefHeight(javafx.scene.control.Control.USE_COMPUTED_SIZE);
    }

    double inset() {
      return 14;
    }

    @Override
    protected void updateItem(String item, boolean empty) {
      super.updateItem(item, empty);
      setText(null);
      text.setText(empty || item == null ? "" : item);
      setGraphic(empty || item == null ? null : text);
    }
  }

  /** "passed", "failed: why" or "skipped: why", coloured and wrapped. */
  private static final class ResultCell extends TableCell<Verification, Verification> {
    private final javafx.scene.text.Text text = new javafx.scene.text.Text();
    private final FontIcon icon = new FontIcon();
    private final HBox box = new HBox(5, icon, text);

    ResultCell() {
      text.getStyleClass().add("wrap-text");
      icon.getStyleClass().add("check-icon");
      box.setAlignment(Pos.CENTER_LEFT);
      text.wrappingWidthProperty()
          .bind(
              Bindings.createDoubleBinding(
                  () -> getTableColumn() == null ? 100 : getTableColumn().getWidth() - 36,
                  tableColumnProperty(),
                  widthProperty()));
    }

    @Override
    protected void updateItem(Verification v, boolean empty) {
      super.updateItem(v, empty);
      getStyleClass().removeAll("check-passed", "check-failed", "check-skipped");
      setText(null);
      if (empty || v == null) {
        setGraphic(null);
        return;
      }
      String word = v.status().word();
      text.setText(v.detail() == null ? word : word + ": " + v.detail());
      getStyleClass().add("check-" + word);
      icon.setIconCode(
          switch (v.status()) {
            case PASSED -> Material2AL.CHECK_CIRCLE_OUTLINE;
            case FAILED -> Material2AL.ERROR_OUTLINE;
            case SKIPPED -> Material2MZ.REMOVE_CIRCLE_OUTLINE;
          });
      setGraphic(box);
    }
  }

  private void show(ExportViewModel.Done d) {
    results.setVisible(d != null);
    placeholder.setVisible(d == null);
    if (d == null) {
      files.getItems().clear();
      checks.getItems().clear();
      return;
    }
    Export.Result r = d.result();
    resultTitle.setText(
        r.failed()
            ? "Export of " + d.what() + " did not verify: nothing was written"
            : "Exported " + d.what() + (r.codeOnly() ? " (code only)" : "") + " to " + r.target());
    files.getItems().setAll(r.failed() ? java.util.List.of() : r.files());
    checks.getItems().setAll(r.checks());
    checksNote.setText(
        r.inputs() == null
            ? "The files were not checked (the check was turned off)."
            : "Each exported model ran on "
                + r.inputs()
                + "; its logits must match LayerBench's within 1e-4.");
  }
}
