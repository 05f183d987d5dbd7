package org.layerbench.app.gui.predict;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.ErrorBanner;
import org.layerbench.app.gui.RunCell;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.Sidebar;
import org.layerbench.app.gui.Thumbnails;
import org.layerbench.app.gui.WorkbenchContext;

/**
 * The Predict workspace: drop images on it (or open them) and see each one's top classes as
 * probability bars, from one run or an ensemble of several whose softmax outputs are averaged. For
 * a text model the images give way to a text area ({@link TextPredictPane}).
 */
public final class PredictWorkspace extends BorderPane {
  private static final String CSS = "/org/layerbench/app/gui/evaluate/results.css";

  private final PredictViewModel vm;
  private final Thumbnails thumbnails;
  private final FlowPane cards = new FlowPane(12, 12);
  private final Map<Path, PredictionCard> byFile = new HashMap<>();
  private final ListView<RunEntry> models = new ListView<>();

  public PredictWorkspace(WorkbenchContext context) {
    this(new PredictViewModel(context), context);
  }

  public PredictWorkspace(PredictViewModel vm, WorkbenchContext context) {
    this.vm = vm;
    this.thumbnails = new Thumbnails(context.fx());
    setId("predict-workspace");
    getStyleClass().add("results-workspace");
    var css = PredictWorkspace.class.getResource(CSS);
    if (css != null) {
      getStylesheets().add(css.toExternalForm());
    }
    ScrollPane side = new ScrollPane(sidebar());
    side.setFitToWidth(true);
    side.setFitToHeight(true);
    side.getStyleClass().addAll("edge-to-edge", "results-sidebar");
    side.setMinWidth(250);
    side.setPrefWidth(280);
    side.setMaxWidth(320);
    setLeft(side);

    ErrorBanner banner = new ErrorBanner(vm.failureProperty(), vm::dismissFailure);
    banner.setId("predict-error");
    Node images = imagesArea();
    TextPredictPane texts = new TextPredictPane(vm);
    var isText = Bindings.equal("text", vm.modalityProperty());
    texts.visibleProperty().bind(isText);
    images.visibleProperty().bind(isText.not());
    BorderPane main = new BorderPane(new StackPane(images, texts));
    HBox bar = toolbar();
    bar.getChildren().stream()
        .filter(n -> n instanceof Button)
        .forEach(
            b -> {
              b.visibleProperty().bind(isText.not());
              b.managedProperty().bind(b.visibleProperty());
            });
    main.setTop(new VBox(bar, banner));
    setCenter(main);

    vm.images().addListener((ListChangeListener<ImageResult>) c -> syncCards());
    vm.topKProperty().addListener((obs, o, n) -> byFile.values().forEach(this::reshow));
    vm.chosen().addListener((ListChangeListener<RunEntry>) c -> models.refresh());
    parentProperty()
        .addListener(
            (obs, o, n) -> {
              if (n != null) {
                vm.runs().refresh();
              }
            });
    vm.runs().refresh();
  }

  public PredictViewModel viewModel() {
    return vm;
  }

  // ---- models ----

  private VBox sidebar() {
    Label title = Sidebar.section("Models");
    models.setId("predict-models");
    models.setItems(vm.runs().entries());
    models.setCellFactory(l -> new ChoiceCell());
    models.setPlaceholder(Sidebar.hint("No runs yet. Train one, or open a .lbmodel file."));
    models.setPrefHeight(230);
    models.setMinHeight(120);
    models.setFixedCellSize(50);
    models.getStyleClass().add("run-choices");
    Button open = new Button("Open model file…", new FontIcon(Material2AL.FOLDER_OPEN));
    open.setId("predict-open-model");
    open.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(open, Priority.ALWAYS);
    open.setOnAction(e -> chooseModel());
    Button refresh = new Button(null, new FontIcon(Material2MZ.REFRESH));
    refresh.getStyleClass().add(Styles.BUTTON_ICON);
    refresh.setTooltip(new Tooltip("Read the run folders again"));
    refresh.setOnAction(e -> vm.runs().refresh());
    Label hint =
        Sidebar.hint(
            "Check one run, or several to average their softmax outputs (an ensemble). Each"
                + " model applies the preprocessing it was trained with.");
    Label using = new Label();
    using.setId("predict-using");
    using.getStyleClass().add("result-title");
    using.setWrapText(true);
    using
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    switch (vm.chosen().size()) {
                      case 0 -> "No model chosen";
                      case 1 -> "Using " + vm.chosen().getFirst().name();
                      default -> "Ensemble of " + vm.chosen().size() + " models";
                    },
                vm.chosen()));
    Spinner<Integer> top = new Spinner<>(1, 20, vm.topKProperty().get());
    top.setId("predict-topk");
    top.setEditable(true);
    top.setPrefWidth(90);
    top.valueProperty().addListener((obs, o, n) -> vm.topKProperty().set(n));
    Label topLabel = new Label("Top classes shown");
    HBox topRow = new HBox(8, topLabel, top);
    topRow.setAlignment(Pos.CENTER_LEFT);
    VBox box =
        new VBox(
            6,
            title,
            models,
            new HBox(6, open, refresh),
            hint,
            using,
            Sidebar.gap(6),
            Sidebar.section("Display"),
            topRow);
    box.setPadding(new Insets(12));
    return box;
  }

  /** A run with a check box: checked runs form the ensemble. */
  private final class ChoiceCell extends ListCell<RunEntry> {
    private final CheckBox box = new CheckBox();

    ChoiceCell() {
      setPrefWidth(0); // the list's width decides; long names are cut, not scrolled
    }

    @Override
    protected void updateItem(RunEntry item, boolean empty) {
      super.updateItem(item, empty);
      if (empty || item == null) {
        setGraphic(null);
        setText(null);
        setTooltip(null);
        return;
      }
      box.setSelected(vm.chosen().contains(item));
      box.setDisable(!item.usable());
      box.setOnAction(e -> vm.setChosen(item, box.isSelected()));
      box.setId("predict-use-" + item.name());
      Label name = new Label(item.name(), RunCell.iconFor(item));
      name.getStyleClass().add("run-name");
      Label info =
          new Label(
              item.dir() == null
                  ? "model file"
                  : item.status()
                      + (item.bestAccuracy() == null ? "" : " · best " + item.accuracyText()));
      info.getStyleClass().add("run-info");
      VBox l = new VBox(1, name, info);
      l.setMinWidth(0);
      if (!item.usable()) {
        l.getStyleClass().add("run-unusable");
      }
      HBox row = new HBox(8, box, l);
      row.setAlignment(Pos.CENTER_LEFT);
      setGraphic(row);
      setText(null);
      setTooltip(new Tooltip(item.details()));
    }
  }

  private void chooseModel() {
    org.layerbench.app.gui.RunList.chooseModelFile(getScene().getWindow())
        .ifPresent(vm::openModelFile);
  }

  // ---- images ----

  private HBox toolbar() {
    Button open = new Button("Open images…", new FontIcon(Material2AL.ADD_PHOTO_ALTERNATE));
    open.setId("predict-open-images");
    open.getStyleClass().add(Styles.ACCENT);
    open.setOnAction(e -> chooseImages());
    Button again = new Button("Classify again", new FontIcon(Material2MZ.REFRESH));
    again.setId("predict-again");
    again.setOnAction(e -> vm.predictAll());
    again.disableProperty().bind(Bindings.isEmpty(vm.images()).or(vm.runningProperty()));
    Button clear = new Button("Clear", new FontIcon(Material2AL.CLEAR_ALL));
    clear.setId("predict-clear");
    clear.setOnAction(e -> vm.clear());
    clear.disableProperty().bind(Bindings.isEmpty(vm.images()));
    ProgressBar progress = new ProgressBar();
    progress.setId("predict-progress");
    progress.setPrefWidth(140);
    progress.progressProperty().bind(vm.progressProperty());
    Button cancel = new Button("Cancel");
    cancel.setId("predict-cancel");
    cancel.getStyleClass().add(Styles.SMALL);
    cancel.setOnAction(e -> vm.cancel());
    HBox running = new HBox(6, progress, cancel);
    running.setAlignment(Pos.CENTER_LEFT);
    running.visibleProperty().bind(vm.runningProperty());
    running.managedProperty().bind(running.visibleProperty());
    Label status = new Label();
    status.setId("predict-status");
    status.getStyleClass().add("status-text");
    status.textProperty().bind(vm.statusProperty());
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    HBox bar = new HBox(8, open, again, clear, spacer, running, status);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(8, 12, 8, 12));
    bar.getStyleClass().add("predict-toolbar");
    return bar;
  }

  private Node imagesArea() {
    cards.setId("prediction-cards");
    cards.setPadding(new Insets(4, 12, 12, 12));
    ScrollPane scroll = new ScrollPane(cards);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("edge-to-edge");
    Node drop = dropZone();
    StackPane area = new StackPane(scroll, drop);
    area.getStyleClass().add("prediction-list");
    drop.visibleProperty().bind(Bindings.isEmpty(vm.images()));
    scroll.visibleProperty().bind(drop.visibleProperty().not());
    area.setOnDragOver(this::dragOver);
    area.setOnDragEntered(
        e -> {
          if (e.getDragboard().hasFiles()) {
            area.getStyleClass().add("drop-target");
          }
        });
    area.setOnDragExited(e -> area.getStyleClass().remove("drop-target"));
    area.setOnDragDropped(
        e -> {
          boolean ok = e.getDragboard().hasFiles();
          if (ok) {
            vm.addImages(e.getDragboard().getFiles().stream().map(File::toPath).toList());
          }
          e.setDropCompleted(ok);
          e.consume();
        });
    return area;
  }

  private void dragOver(DragEvent e) {
    if (e.getDragboard().hasFiles()) {
      e.acceptTransferModes(TransferMode.COPY);
    }
    e.consume();
  }

  private Node dropZone() {
    FontIcon icon = new FontIcon(Material2AL.IMAGE_SEARCH);
    icon.getStyleClass().add("placeholder-icon");
    Label title = new Label("Drop images here");
    title.getStyleClass().add("placeholder-title");
    Label text =
        Sidebar.hint(
            "Drag image files or folders from your file manager onto this area, or press Open"
                + " images. Each image gets its most probable classes with their probabilities.");
    text.setMaxWidth(440);
    text.getStyleClass().add("placeholder-text");
    Button open = new Button("Open images…", new FontIcon(Material2AL.ADD_PHOTO_ALTERNATE));
    open.setOnAction(e -> chooseImages());
    VBox zone = new VBox(10, icon, title, text, open);
    zone.setAlignment(Pos.CENTER);
    zone.getStyleClass().add("drop-zone");
    zone.setMaxSize(560, 320);
    zone.setId("predict-drop-zone");
    StackPane holder = new StackPane(zone);
    holder.setPadding(new Insets(20));
    return holder;
  }

  private void chooseImages() {
    FileChooser fc = new FileChooser();
    fc.setTitle("Images to classify");
    fc.getExtensionFilters()
        .addAll(
            new FileChooser.ExtensionFilter(
                "Images", "*.png", "*.jpg", "*.jpeg", "*.bmp", "*.gif", "*.PNG", "*.JPG"),
            new FileChooser.ExtensionFilter("All files", "*"));
    List<File> files = fc.showOpenMultipleDialog(getScene().getWindow());
    if (files != null && !files.isEmpty()) {
      vm.addImages(files.stream().map(File::toPath).toList());
    }
  }

  /** Keeps one card per image, in the list's order, each showing its current result. */
  private void syncCards() {
    Map<Path, PredictionCard> keep = new HashMap<>();
    List<Node> order = new java.util.ArrayList<>();
    for (ImageResult r : vm.images()) {
      PredictionCard card = byFile.get(r.file());
      if (card == null) {
        card = new PredictionCard(r, thumbnails, () -> vm.remove(r.file()));
      }
      if (card.shown() != r) {
        card.show(r, vm.topKProperty().get());
      }
      keep.put(r.file(), card);
      order.add(card);
    }
    byFile.clear();
    byFile.putAll(keep);
    cards.getChildren().setAll(order);
  }

  private void reshow(PredictionCard c) {
    c.show(c.shown(), vm.topKProperty().get());
  }

  /** The cards shown (for tests). */
  public List<Node> cards() {
    return cards.getChildren();
  }
}
