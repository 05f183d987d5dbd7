package org.layerbench.app.gui.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ObservableList;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.engine.data.ChannelStats;
import org.layerbench.engine.data.ScanReport;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.TrainingSettings;

/**
 * The Data workspace's state and commands, without controls, as one face for its views. The jobs
 * live in their own classes: the dataset listed and scanned ({@link DatasetListing}), the image
 * grid and its selection ({@link ImageBrowser}), the training images' mean/std ({@link
 * ChannelStatsJob}), the pipelines being edited ({@link PipelineEditor}) and the augmentation
 * preview ({@link AugmentationPreview}); this class follows the project and wires them. Every
 * change to the project is one undoable {@link WorkbenchViewModel#editProject} edit. Slow work runs
 * as {@link org.layerbench.app.gui.service.BackgroundJob}s on {@link DataExecutors}.
 */
public final class DataViewModel {
  private DatasetListing.Key shownKey;

  /** Which pipeline the editor shows. */
  public enum Which {
    TRAIN("train"),
    VAL("validation");

    private final String label;

    Which(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** A background job's state. */
  public enum JobState {
    IDLE,
    RUNNING,
    DONE,
    CANCELLED,
    FAILED
  }

  /** What the selected image's file holds. */
  public record ImageDetails(
      DataImage image,
      int width,
      int height,
      long bytes,
      String format,
      String mode,
      int orientation,
      String error) {}

  /**
   * The augmentation preview: the selected image and what the pipeline makes of it.
   *
   * @param variants one per seeded run of the pipeline (one for a pipeline without random steps)
   * @param random whether the pipeline has random steps (else every variant is the same)
   * @param width the pipeline's output width (variants larger than the preview are shrunk)
   * @param height the pipeline's output height
   */
  public record Preview(
      Image8 original, List<Image8> variants, long seed, boolean random, int width, int height) {}

  /** Variants in the preview of a random pipeline. */
  public static final int PREVIEW_COUNT = AugmentationPreview.COUNT;

  /** Default validation share when the project does not set one (as {@code layerbench train}). */
  public static final double DEFAULT_VAL_SPLIT = TrainingSettings.DEFAULTS.valSplit();

  private final WorkbenchViewModel vm;
  private final DataExecutors ex;
  private final DatasetListing listing;
  private final ImageBrowser browser;
  private final ChannelStatsJob stats;
  private final PipelineEditor editor;
  private final AugmentationPreview preview;
  private final org.layerbench.app.gui.data.text.TextDataViewModel text;

  private final ReadOnlyStringWrapper datasetLabel = new ReadOnlyStringWrapper("");
  private final ReadOnlyDoubleWrapper valSplit = new ReadOnlyDoubleWrapper(DEFAULT_VAL_SPLIT);

  private ImageBrowser.Loaded selection;
  private int size = 64;

  public DataViewModel(WorkbenchViewModel vm, DataExecutors executors) {
    this.vm = vm;
    this.ex = executors;
    this.preview = new AugmentationPreview(executors);
    this.stats = new ChannelStatsJob(executors);
    this.browser = new ImageBrowser(executors, this::selectionDecoded);
    this.listing = new DatasetListing(executors, stats::reset, browser::show);
    this.editor = new PipelineEditor(vm, () -> size, this::requestPreview);
    this.text = new org.layerbench.app.gui.data.text.TextDataViewModel(vm, executors);
    vm.projectProperty().addListener((obs, o, n) -> projectChanged(n));
    projectChanged(vm.projectProperty().get());
  }

  // ---- the project ----

  private void projectChanged(Project p) {
    if (p == null) {
      return;
    }
    size = p.training().imageSize();
    valSplit.set(valSplitOf(p));
    datasetLabel.set(p.dataset() == null ? "" : p.dataset());
    // A CSV/TSV dataset is the text view's ({@link #text()}); the image listing has no folder then.
    Path dir =
        p.datasetDir() == null || p.textDataset()
            ? null
            : p.datasetDir().toAbsolutePath().normalize();
    DatasetListing.Key key = new DatasetListing.Key(dir, valSplit.get(), p.training().seed());
    if (!key.equals(shownKey)) {
      shownKey = key;
      editor.datasetChanged();
    }
    listing.show(key);
    editor.projectChanged(p);
  }

  static double valSplitOf(Project p) {
    return p.training().valSplit();
  }

  /** Stops the background work for good (the window closed). */
  public void close() {
    text.abandon();
    listing.abandon();
    stats.reset();
    browser.abandon();
    preview.abandon();
    ex.close();
  }

  /** The view-model of the text view, for a dataset that is a CSV/TSV file of labelled texts. */
  public org.layerbench.app.gui.data.text.TextDataViewModel text() {
    return text;
  }

  /** The project's file, or null while it is unsaved. */
  public Path projectFile() {
    Project p = vm.projectProperty().get();
    return p == null ? null : p.file();
  }

  /** The training image size (the project's imageSize), what new crop and resize steps use. */
  public int trainingSize() {
    return size;
  }

  /**
   * Makes {@code dir} the project's dataset (one undoable edit): a folder, or a .csv/.tsv/.txt file
   * of labelled texts read in the format detection proposes. The path is stored relative to the
   * project file when the project has one, absolute otherwise.
   */
  public void openDataset(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    vm.editProject(
        "Open Dataset " + name,
        p ->
            p.withDataset(storedPath(p, abs))
                .withText(
                    org.layerbench.engine.project.ProjectTextData.isTextFile(abs)
                        ? org.layerbench.engine.project.ProjectTextData.defaults()
                            .withSettings(
                                p.text() == null
                                    ? org.layerbench.engine.data.text.TextSettings.defaults()
                                    : p.text().settings())
                        : null));
  }

  /** How the project file writes {@code dir}: relative to its folder, absolute when unsaved. */
  static String storedPath(Project p, Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    if (p.file() == null) {
      return abs.toString();
    }
    Path base = p.file().toAbsolutePath().normalize().getParent();
    try {
      String rel = base.relativize(abs).toString().replace('\\', '/');
      return rel.isEmpty() ? "." : rel;
    } catch (IllegalArgumentException e) {
      return abs.toString(); // another drive or root
    }
  }

  /** Sets the validation share used when the dataset has no val/ folder (one undoable edit). */
  public void setValSplit(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("the validation split must be in [0, 1), got " + fraction);
    }
    double rounded = Math.round(fraction * 100) / 100.0;
    vm.editProject(
        String.format(Locale.ROOT, "Validation Split %.0f%%", rounded * 100),
        p -> p.withTraining(p.training().withValSplit(rounded)));
  }

  // ---- listing, scan and statistics ----

  /** Lists and scans the dataset folder again (after files changed on disk). */
  public void refresh() {
    listing.refresh();
  }

  /** Stops the running scan (the problems stay unknown until the next). */
  public void cancelScan() {
    listing.cancelScan();
  }

  /** Computes the training images' per-channel mean and std, with progress; cancellable. */
  public void computeStats() {
    DatasetIndex idx = listing.indexProperty().get();
    if (idx != null) {
      stats.compute(idx.trainFiles());
    }
  }

  public void cancelStats() {
    stats.cancel();
  }

  // ---- pipelines ----

  /**
   * Writes {@code s}'s mean and std (rounded to 3 decimals) into every Normalize step of both
   * pipelines, as one undoable edit.
   */
  public Optional<String> useNormalization(ChannelStats s, String label) {
    return editor.useNormalization(s, label);
  }

  /**
   * The mean and std the train pipeline's first enabled Normalize step uses, or null when it has
   * none.
   */
  public ChannelStats normalizationInUse() {
    return editor.normalizationInUse();
  }

  /** The step at {@code path} of the active pipeline. */
  public Step step(StepPath path) {
    return editor.step(path);
  }

  /**
   * Adds a new {@code type} step to the active pipeline: after the selected step (inside it when it
   * is a RandomApply and {@code inside} is true), else where the stage fits. Selects it.
   */
  public Optional<String> addStep(TransformType type, boolean inside) {
    return editor.addStep(type, inside);
  }

  public Optional<String> removeStep(StepPath path) {
    return editor.removeStep(path);
  }

  /** Moves a step (drag and drop); see {@link PipelineEdits#move}. */
  public Optional<String> moveStep(StepPath from, StepPath toParent, int index) {
    return editor.moveStep(from, toParent, index);
  }

  public Optional<String> setEnabled(StepPath path, boolean on) {
    return editor.setEnabled(path, on);
  }

  /**
   * Sets a parameter from the text typed into its field; an empty field means the default. A value
   * the step refuses is not applied: the reason is returned (and shown) instead.
   */
  public Optional<String> setParamText(StepPath path, String name, String text) {
    return editor.setParamText(path, name, text);
  }

  /** Sets a parameter to a JSON value (null: the default), refusing what the step refuses. */
  public Optional<String> setParam(StepPath path, String name, Object value) {
    return editor.setParam(path, name, value);
  }

  /** Back to the default pipelines (resize to the training size, ImageNet normalization). */
  public void resetPipelines() {
    editor.resetPipelines();
  }

  // ---- preview ----

  /** Renders the preview again with a new seed. */
  public void reroll() {
    preview.reroll();
    requestPreview();
  }

  private void selectionDecoded(ImageBrowser.Loaded loaded) {
    selection = loaded;
    if (loaded == null) {
      preview.clear("Select an image to see what the pipeline makes of it.");
    } else {
      requestPreview();
    }
  }

  private void requestPreview() {
    Pipeline p = editor.activePipelineProperty().get();
    if (p == null) {
      return;
    }
    Image8 image = selection == null ? null : selection.image();
    if (image == null) {
      ImageDetails d = selection == null ? null : selection.details();
      preview.clear(
          d != null && d.error() != null
              ? "This image cannot be decoded (" + d.error() + ")."
              : listing.indexProperty().get() == null
                  ? "Open a dataset to see what the pipeline makes of its images."
                  : "Select an image to see what the pipeline makes of it.");
      return;
    }
    preview.render(p, editor.stepErrorsProperty().get(), image);
  }

  static String readable(Throwable t) {
    Throwable e = org.layerbench.app.gui.Failure.unwrap(t);
    if (e instanceof ImageDecodeException d) {
      return d.reason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static String sentence(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    // Not capitalised: messages often start with a parameter's name ("brightness must be ≥ 0").
    return s.endsWith(".") ? s : s + ".";
  }

  // ---- properties ----

  /** The listed dataset, or null (no dataset, not readable, or still listing). */
  public ReadOnlyObjectProperty<DatasetIndex> indexProperty() {
    return listing.indexProperty();
  }

  /** Why there is no dataset to show ("" when there is one). */
  public ReadOnlyStringProperty datasetMessageProperty() {
    return listing.datasetMessageProperty();
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return listing.loadingProperty();
  }

  /** The dataset folder as the project file writes it. */
  public ReadOnlyStringProperty datasetLabelProperty() {
    return datasetLabel.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty valSplitProperty() {
    return valSplit.getReadOnlyProperty();
  }

  /** Images per class and split: files listed, then usable images once the scan is done. */
  public ObservableList<ScanReport.ClassCount> counts() {
    return listing.counts();
  }

  /** The class-imbalance warning, or null. */
  public ReadOnlyStringProperty balanceWarningProperty() {
    return listing.balanceWarningProperty();
  }

  public ReadOnlyObjectProperty<JobState> scanStateProperty() {
    return listing.scanStateProperty();
  }

  public ReadOnlyDoubleProperty scanProgressProperty() {
    return listing.scanProgressProperty();
  }

  public ReadOnlyStringProperty scanTextProperty() {
    return listing.scanTextProperty();
  }

  /** The finished scan, or null. */
  public ReadOnlyObjectProperty<ScanReport> reportProperty() {
    return listing.reportProperty();
  }

  public ObservableList<DataProblem> problems() {
    return listing.problems();
  }

  /** The images the grid shows (filtered by class and split). */
  public ObservableList<DataImage> shownImages() {
    return browser.shownImages();
  }

  /** Class name to show, or null for all. */
  public ObjectProperty<String> classFilterProperty() {
    return browser.classFilterProperty();
  }

  /** "train", "val", "test", or null for all. */
  public ObjectProperty<String> splitFilterProperty() {
    return browser.splitFilterProperty();
  }

  public ObjectProperty<DataImage> selectedProperty() {
    return browser.selectedProperty();
  }

  public ReadOnlyObjectProperty<ImageDetails> detailsProperty() {
    return browser.detailsProperty();
  }

  public ReadOnlyObjectProperty<JobState> statsStateProperty() {
    return stats.stateProperty();
  }

  public ReadOnlyDoubleProperty statsProgressProperty() {
    return stats.progressProperty();
  }

  /** The measured mean/std, or null. */
  public ReadOnlyObjectProperty<ChannelStats> statsProperty() {
    return stats.statsProperty();
  }

  public ReadOnlyStringProperty statsMessageProperty() {
    return stats.messageProperty();
  }

  /** The train and validation pipelines in effect (the project's, or the default). */
  public ReadOnlyObjectProperty<PipelineFile> pipelinesProperty() {
    return editor.pipelinesProperty();
  }

  /** True while the project uses the default pipelines. */
  public ReadOnlyBooleanProperty defaultPipelinesProperty() {
    return editor.defaultPipelinesProperty();
  }

  /** Which pipeline the editor shows and edits. */
  public ObjectProperty<Which> activeProperty() {
    return editor.activeProperty();
  }

  public ReadOnlyObjectProperty<Pipeline> activePipelineProperty() {
    return editor.activePipelineProperty();
  }

  public ObjectProperty<StepPath> selectedStepProperty() {
    return editor.selectedStepProperty();
  }

  /** Errors of the active pipeline by step ({@link StepPath#ROOT}: the pipeline as a whole). */
  public ReadOnlyObjectProperty<Map<StepPath, String>> stepErrorsProperty() {
    return editor.stepErrorsProperty();
  }

  /** Why the last edit was refused ("" after one that was applied). */
  public ReadOnlyStringProperty editMessageProperty() {
    return editor.editMessageProperty();
  }

  public ReadOnlyObjectProperty<Preview> previewProperty() {
    return preview.previewProperty();
  }

  /** Why there is no (fresh) preview, or "". */
  public ReadOnlyStringProperty previewMessageProperty() {
    return preview.messageProperty();
  }

  public ReadOnlyBooleanProperty previewBusyProperty() {
    return preview.busyProperty();
  }
}
