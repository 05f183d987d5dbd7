package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.data.text.TextDataView;

/**
 * The Data workspace: what torchvision's {@code ImageFolder}, {@code transforms} and a look through
 * the folder do in PyTorch. The dataset bar on top; the classes, their balance and the
 * normalization values on the left; the images (and the scan's problems) in the middle; the
 * augmentation pipelines and their live preview on the right. A folder dropped anywhere on it
 * becomes the project's dataset.
 */
public final class DataWorkspace extends BorderPane {
  private static final String CSS = "/org/layerbench/ui/data.css";
  private static final PseudoClass DROP = PseudoClass.getPseudoClass("drop");

  private final DataViewModel vm;
  private final ThumbnailLoader thumbnails;
  private final TabPane tabs = new TabPane();

  /**
   * The workspace of the window, with its own background threads. Their results go to the FX thread
   * itself (not {@code context.fx()}, which tests make same-thread for the window's own file work).
   */
  public DataWorkspace(WorkbenchContext context) {
    this(
        new DataViewModel(context.vm(), DataExecutors.background(Platform::runLater)),
        new ThumbnailLoader(2, 1500, Platform::runLater));
  }

  public DataWorkspace(DataViewModel vm, ThumbnailLoader thumbnails) {
    this.vm = vm;
    this.thumbnails = thumbnails;
    setId("ws-data-pane");
    getStyleClass().add("data-workspace");
    var css = DataWorkspace.class.getResource(CSS);
    if (css != null) {
      getStylesheets().add(css.toExternalForm());
    }
    vm.indexProperty().addListener((obs, o, n) -> thumbnails.clear());

    setTop(new DatasetBar(vm, this::chooseFolder, this::chooseTextFile));

    ClassesView classes = new ClassesView(vm);
    NormalizationView norm = new NormalizationView(vm);
    VBox left = new VBox(18, classes, norm);
    left.getStyleClass().add("data-left");
    left.setPadding(new Insets(10, 12, 12, 12));
    ScrollPane leftScroll = new ScrollPane(left);
    leftScroll.setFitToWidth(true);
    leftScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    leftScroll.getStyleClass().add("data-left-scroll");
    leftScroll.setMinWidth(250);

    ImageGridView grid = new ImageGridView(vm, thumbnails);
    Tab images = new Tab("Images", grid);
    images.setId("tab-images");
    images.setGraphic(new FontIcon(Material2MZ.PHOTO_LIBRARY));
    DataProblemsView problems = new DataProblemsView(vm, this::reveal);
    Tab problemsTab = new Tab("Problems", problems);
    problemsTab.setId("tab-data-problems");
    FontIcon problemsIcon = new FontIcon(Material2AL.ERROR_OUTLINE);
    problemsTab.setGraphic(problemsIcon);
    problemsTab
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    vm.problems().isEmpty()
                        ? "Problems"
                        : "Problems (" + vm.problems().size() + ")",
                vm.problems()));
    vm.problems()
        .addListener(
            (javafx.collections.ListChangeListener<DataProblem>)
                c ->
                    problemsIcon.pseudoClassStateChanged(
                        PseudoClass.getPseudoClass("some"), !vm.problems().isEmpty()));
    tabs.getTabs().addAll(images, problemsTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getStyleClass().add("workspace-tabs");

    // The preview under the grid, its draws in one row: the augmentation column keeps its height
    // for the steps and their parameters (at 1280×800 it showed 5 of 7 steps and 3 rows).
    PreviewView preview = new PreviewView(vm);
    preview.setPadding(new Insets(6, 10, 8, 10));
    preview.setMinHeight(Region.USE_PREF_SIZE);
    preview.getStyleClass().add("data-preview-strip");
    BorderPane middle = new BorderPane(new StackPane(tabs, emptyState()));
    middle.setBottom(preview);

    AugmentationView augmentation = new AugmentationView(vm);
    augmentation.setPadding(new Insets(10, 12, 12, 12));
    ScrollPane rightScroll = new ScrollPane(augmentation);
    rightScroll.setFitToWidth(true);
    rightScroll.setFitToHeight(true);
    rightScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    rightScroll.getStyleClass().add("data-right-scroll");
    rightScroll.setMinWidth(330);

    SplitPane main = new SplitPane(leftScroll, middle, rightScroll);
    main.setOrientation(Orientation.HORIZONTAL);
    main.setDividerPositions(0.235, 0.66);
    SplitPane.setResizableWithParent(leftScroll, false);
    SplitPane.setResizableWithParent(rightScroll, false);
    // The view follows the dataset's kind: a CSV/TSV file of labelled texts gets the text view.
    TextDataView textView = new TextDataView(vm.text());
    setCenter(vm.text().activeProperty().get() ? textView : main);
    vm.text().activeProperty().addListener((obs, o, text) -> setCenter(text ? textView : main));

    setOnDragOver(this::dragOver);
    setOnDragExited(e -> pseudoClassStateChanged(DROP, false));
    setOnDragDropped(this::dragDropped);
  }

  /** Stops the workspace's threads (the window closed). */
  public void close() {
    vm.close();
    thumbnails.close();
  }

  /** The view-model (tests, and the window's menu). */
  public DataViewModel viewModel() {
    return vm;
  }

  public ThumbnailLoader thumbnails() {
    return thumbnails;
  }

  /** Asks for a dataset folder and opens it. */
  public void chooseFolder() {
    DirectoryChooser chooser = new DirectoryChooser();
    chooser.setTitle("Open a dataset folder (one folder per class, or train/ and val/)");
    DatasetIndex idx = vm.indexProperty().get();
    Path start = idx != null ? idx.root().getParent() : null;
    var project = vm.projectFile();
    if (start == null && project != null) {
      start = project.toAbsolutePath().getParent();
    }
    if (start != null && Files.isDirectory(start)) {
      chooser.setInitialDirectory(start.toFile());
    }
    File dir = chooser.showDialog(getScene() == null ? null : getScene().getWindow());
    if (dir != null) {
      vm.openDataset(dir.toPath());
    }
  }

  /** Asks for a CSV/TSV file of labelled texts and opens it. */
  public void chooseTextFile() {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Open a CSV/TSV file of labelled texts");
    chooser
        .getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Labelled texts", "*.csv", "*.tsv", "*.txt"));
    var project = vm.projectFile();
    if (project != null && project.toAbsolutePath().getParent() != null) {
      chooser.setInitialDirectory(project.toAbsolutePath().getParent().toFile());
    }
    File file = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
    if (file != null) {
      vm.openDataset(file.toPath());
    }
  }

  /** A dropped folder, or a dropped .csv/.tsv/.txt file. */
  private static Optional<Path> folder(DragEvent e) {
    if (!e.getDragboard().hasFiles()) {
      return Optional.empty();
    }
    List<File> files = e.getDragboard().getFiles();
    return files.size() == 1
            && (files.get(0).isDirectory()
                || org.layerbench.engine.project.ProjectTextData.isTextFile(files.get(0).toPath()))
        ? Optional.of(files.get(0).toPath())
        : Optional.empty();
  }

  private void dragOver(DragEvent e) {
    if (e.getGestureSource() == null && folder(e).isPresent()) {
      e.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
      pseudoClassStateChanged(DROP, true);
      e.consume();
    }
  }

  private void dragDropped(DragEvent e) {
    Optional<Path> dir = folder(e);
    pseudoClassStateChanged(DROP, false);
    if (dir.isPresent()) {
      vm.openDataset(dir.get());
      e.setDropCompleted(true);
      e.consume();
    }
  }

  /** Shows a problem's image in the grid (when it is one of the dataset's images). */
  private void reveal(DataProblem p) {
    DatasetIndex idx = vm.indexProperty().get();
    if (idx == null) {
      return;
    }
    idx.images().stream()
        .filter(i -> i.file().equals(p.file()))
        .findFirst()
        .ifPresent(
            i -> {
              vm.classFilterProperty().set(null);
              vm.splitFilterProperty().set(null);
              vm.selectedProperty().set(i);
              tabs.getSelectionModel().select(0);
            });
  }

  /** What the middle shows while there is no dataset to show. */
  private VBox emptyState() {
    FontIcon icon = new FontIcon(Material2MZ.PHOTO_LIBRARY);
    icon.getStyleClass().add("empty-icon");
    Label title = new Label("No dataset");
    title.getStyleClass().add(Styles.TITLE_3);
    Label text = new Label();
    text.setWrapText(true);
    text.setMaxWidth(440);
    text.getStyleClass().add(Styles.TEXT_MUTED);
    text.setAlignment(Pos.CENTER);
    text.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
    text.textProperty().bind(vm.datasetMessageProperty());
    Button open = new Button("Open Dataset Folder…", new FontIcon(Material2AL.FOLDER_OPEN));
    open.getStyleClass().add(Styles.ACCENT);
    open.setOnAction(e -> chooseFolder());
    Label drop = new Label("or drop a folder here");
    drop.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    VBox box = new VBox(12, icon, title, text, open, drop);
    box.setId("data-empty");
    box.setAlignment(Pos.CENTER);
    box.getStyleClass().add("data-empty");
    box.visibleProperty().bind(vm.datasetMessageProperty().isNotEmpty());
    return box;
  }
}
