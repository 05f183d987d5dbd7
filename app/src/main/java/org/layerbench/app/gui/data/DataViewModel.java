package org.layerbench.app.gui.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.layerbench.app.FileErrors;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.FxThrottle;
import org.layerbench.engine.data.ChannelStatistics;
import org.layerbench.engine.data.ChannelStats;
import org.layerbench.engine.data.DatasetScan;
import org.layerbench.engine.data.ProgressMonitor;
import org.layerbench.engine.data.ScanOptions;
import org.layerbench.engine.data.ScanReport;
import org.layerbench.engine.data.image.DecodedImage;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.Previews;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformParam;
import org.layerbench.engine.data.transform.TransformType;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.TrainingSettings;

/**
 * The Data workspace's state and commands, without controls: the project's dataset (listed, then
 * scanned for problems), the image grid's filter and selection, the training images' mean/std, the
 * train and validation pipelines being edited, and the augmentation preview. Every change to the
 * project (dataset folder, validation split, pipelines) is one undoable {@link
 * WorkbenchViewModel#editProject} edit; the state here follows the project, so undo needs nothing
 * special. Slow work runs on {@link DataExecutors}; results are applied on its FX executor.
 */
public final class DataViewModel {

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
  public static final int PREVIEW_COUNT = 8;

  /** Default validation share when the project does not set one (as {@code layerbench train}). */
  public static final double DEFAULT_VAL_SPLIT = TrainingSettings.DEFAULTS.valSplit();

  private static final int PREVIEW_MAX_SIDE = 256;

  private final WorkbenchViewModel vm;
  private final DataExecutors ex;

  private final ReadOnlyObjectWrapper<DatasetIndex> index = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper datasetMessage = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper datasetLabel = new ReadOnlyStringWrapper("");
  private final ReadOnlyDoubleWrapper valSplit = new ReadOnlyDoubleWrapper(DEFAULT_VAL_SPLIT);
  private final ObservableList<ScanReport.ClassCount> counts = FXCollections.observableArrayList();
  // One read-only view each, kept: listeners on a fresh wrapper per call would be collected.
  private final ObservableList<ScanReport.ClassCount> countsView =
      FXCollections.unmodifiableObservableList(counts);
  private final ReadOnlyStringWrapper balanceWarning = new ReadOnlyStringWrapper();

  private final ReadOnlyObjectWrapper<JobState> scanState =
      new ReadOnlyObjectWrapper<>(JobState.IDLE);
  private final ReadOnlyDoubleWrapper scanProgress = new ReadOnlyDoubleWrapper();
  private final ReadOnlyStringWrapper scanText = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<ScanReport> report = new ReadOnlyObjectWrapper<>();
  private final ObservableList<DataProblem> problems = FXCollections.observableArrayList();
  private final ObservableList<DataProblem> problemsView =
      FXCollections.unmodifiableObservableList(problems);

  private final ObservableList<DataImage> images = FXCollections.observableArrayList();
  private final FilteredList<DataImage> shown = new FilteredList<>(images);
  private final ObjectProperty<String> classFilter = new SimpleObjectProperty<>();
  private final ObjectProperty<String> splitFilter = new SimpleObjectProperty<>();
  private final ObjectProperty<DataImage> selected = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<ImageDetails> details = new ReadOnlyObjectWrapper<>();

  private final ReadOnlyObjectWrapper<JobState> statsState =
      new ReadOnlyObjectWrapper<>(JobState.IDLE);
  private final ReadOnlyDoubleWrapper statsProgress = new ReadOnlyDoubleWrapper();
  private final ReadOnlyObjectWrapper<ChannelStats> stats = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper statsMessage = new ReadOnlyStringWrapper("");

  private final ReadOnlyObjectWrapper<PipelineFile> pipelines = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper defaultPipelines = new ReadOnlyBooleanWrapper(true);
  private final ObjectProperty<Which> active = new SimpleObjectProperty<>(Which.TRAIN);
  private final ReadOnlyObjectWrapper<Pipeline> activePipeline = new ReadOnlyObjectWrapper<>();
  private final ObjectProperty<StepPath> selectedStep = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<Map<StepPath, String>> stepErrors =
      new ReadOnlyObjectWrapper<>(Map.of());
  private final ReadOnlyStringWrapper editMessage = new ReadOnlyStringWrapper("");

  private final ReadOnlyObjectWrapper<Preview> preview = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper previewMessage = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper previewBusy = new ReadOnlyBooleanWrapper();

  private final LatestOnly detailsJobs;
  private final LatestOnly previewJobs;

  private DatasetKey datasetKey;
  private long datasetGeneration;
  private AtomicBoolean scanCancel = new AtomicBoolean();
  private AtomicBoolean statsCancel = new AtomicBoolean();
  private Image8 source;
  private long previewSeed = 1;
  private int size = 64;

  /** What the listing depends on: a change of any reloads the dataset. */
  private record DatasetKey(Path dir, double valSplit, long seed) {}

  public DataViewModel(WorkbenchViewModel vm, DataExecutors executors) {
    this.vm = vm;
    this.ex = executors;
    this.detailsJobs = new LatestOnly(executors.preview(), executors.fx());
    this.previewJobs = new LatestOnly(executors.debounced(), executors.fx());
    classFilter.addListener((obs, o, n) -> refilter());
    splitFilter.addListener((obs, o, n) -> refilter());
    selected.addListener((obs, o, n) -> loadSelected(n));
    active.addListener(
        (obs, o, n) -> {
          selectedStep.set(null);
          editMessage.set("");
          updateActive();
        });
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
    Path dir = p.datasetDir() == null ? null : p.datasetDir().toAbsolutePath().normalize();
    long seed = p.training().seed();
    DatasetKey key = new DatasetKey(dir, valSplit.get(), seed);
    if (!key.equals(datasetKey)) {
      datasetKey = key;
      editMessage.set(""); // a refusal is about the old dataset's pipelines
      reload(key);
    }
    PipelineFile eff = effective(p);
    defaultPipelines.set(p.transforms() == null);
    if (!eff.equals(pipelines.get())) {
      editMessage.set(""); // undone, redone, another project: the refusal is about another value
      pipelines.set(eff);
      updateActive();
    }
  }

  private PipelineFile effective(Project p) {
    return p.transforms() != null
        ? p.transforms()
        : PipelineFile.standard(p.training().imageSize());
  }

  static double valSplitOf(Project p) {
    return p.training().valSplit();
  }

  /** Stops the background work for good (the window closed). */
  public void close() {
    scanCancel.set(true);
    statsCancel.set(true);
    detailsJobs.cancel();
    previewJobs.cancel();
    ex.close();
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
   * Makes {@code dir} the project's dataset (one undoable edit). The folder is stored relative to
   * the project file when the project has one, absolute otherwise.
   */
  public void openDataset(Path dir) {
    Path abs = dir.toAbsolutePath().normalize();
    String name = abs.getFileName() == null ? abs.toString() : abs.getFileName().toString();
    vm.editProject("Open Dataset " + name, p -> p.withDataset(storedPath(p, abs)));
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

  // ---- listing and scan ----

  /** Lists and scans the dataset folder again (after files changed on disk). */
  public void refresh() {
    if (datasetKey != null) {
      reload(datasetKey);
    }
  }

  private void reload(DatasetKey key) {
    long g = ++datasetGeneration;
    scanCancel.set(true);
    statsCancel.set(true);
    stats.set(null);
    statsState.set(JobState.IDLE);
    statsMessage.set("");
    report.set(null);
    scanState.set(JobState.IDLE);
    scanText.set("");
    if (key.dir() == null) {
      applyIndex(null);
      datasetMessage.set(
          "This project has no dataset yet. Open a folder of images: one folder per class"
              + " (cat/, dog/, …), or train/ and val/ folders that each hold those.");
      return;
    }
    loading.set(true);
    ex.scan()
        .execute(
            () -> {
              try {
                DatasetIndex idx = DatasetIndex.list(key.dir(), key.valSplit(), key.seed());
                ex.fx()
                    .execute(
                        () -> {
                          if (g == datasetGeneration) {
                            loading.set(false);
                            datasetMessage.set("");
                            applyIndex(idx);
                            startScan(g, key);
                          }
                        });
              } catch (IOException | RuntimeException e) {
                String why = FileErrors.message(e);
                ex.fx()
                    .execute(
                        () -> {
                          if (g == datasetGeneration) {
                            loading.set(false);
                            applyIndex(null);
                            datasetMessage.set("The dataset cannot be used: " + why + ".");
                          }
                        });
              }
            });
  }

  private void applyIndex(DatasetIndex idx) {
    index.set(idx);
    classFilter.set(null);
    splitFilter.set(null);
    images.setAll(idx == null ? List.of() : idx.images());
    counts.setAll(idx == null ? List.of() : idx.counts());
    problems.setAll(idx == null ? List.of() : DataProblem.of(idx));
    updateBalance();
    selected.set(images.isEmpty() ? null : images.get(0));
  }

  private void updateBalance() {
    List<ClassBalance.Count> train = new ArrayList<>();
    for (ScanReport.ClassCount c : counts) {
      train.add(new ClassBalance.Count(c.name(), c.train()));
    }
    balanceWarning.set(ClassBalance.warning(train));
  }

  private record Progress(String stage, long done, long total) {}

  private void startScan(long g, DatasetKey key) {
    AtomicBoolean cancel = new AtomicBoolean();
    scanCancel = cancel;
    scanState.set(JobState.RUNNING);
    scanProgress.set(0);
    scanText.set("Checking every image…");
    FxThrottle<Progress> progress =
        new FxThrottle<>(
            ex.fx(),
            50,
            batch -> {
              if (g == datasetGeneration && scanState.get() == JobState.RUNNING) {
                Progress p = batch.get(batch.size() - 1);
                scanProgress.set(p.total() == 0 ? 1 : (double) p.done() / p.total());
                scanText.set(
                    p.stage().equals("duplicates")
                        ? "Looking for duplicates: " + p.done() + " of " + p.total() + " files"
                        : "Checking images: " + p.done() + " of " + p.total());
              }
            });
    ProgressMonitor monitor =
        new ProgressMonitor() {
          @Override
          public void progress(String stage, long done, long total) {
            progress.offer(new Progress(stage, done, total));
          }

          @Override
          public boolean isCancelled() {
            return cancel.get();
          }
        };
    ScanOptions options =
        ScanOptions.defaults().withSplit(key.valSplit(), key.seed()).withStatistics(false);
    ex.scan()
        .execute(
            () -> {
              try {
                ScanReport r = DatasetScan.scan(key.dir(), options, monitor);
                ex.fx().execute(() -> applyReport(g, r));
              } catch (CancellationException e) {
                ex.fx()
                    .execute(
                        () -> {
                          if (g == datasetGeneration) {
                            scanState.set(JobState.CANCELLED);
                            scanText.set("Check cancelled: problems are not known.");
                          }
                        });
              } catch (IOException | RuntimeException e) {
                String why = FileErrors.message(e);
                ex.fx()
                    .execute(
                        () -> {
                          if (g == datasetGeneration) {
                            scanState.set(JobState.FAILED);
                            scanText.set("The check failed: " + why);
                          }
                        });
              }
            });
  }

  private void applyReport(long g, ScanReport r) {
    if (g != datasetGeneration) {
      return;
    }
    report.set(r);
    scanState.set(JobState.DONE);
    scanProgress.set(1);
    counts.setAll(r.counts());
    problems.setAll(DataProblem.of(r));
    updateBalance();
    int unusable = r.unusable();
    Map<String, Integer> warnings = new LinkedHashMap<>();
    for (var p : r.problems()) {
      if (!p.kind().excludedFromTraining()) {
        warnings.merge(p.kind().label(), 1, Integer::sum);
      }
    }
    List<String> parts = new ArrayList<>();
    warnings.forEach((kind, n) -> parts.add(String.format(Locale.ROOT, "%,d %s", n, kind)));
    scanText.set(
        String.format(
            Locale.ROOT,
            "%,d of %,d images usable%s%s",
            r.images(),
            r.imageFiles(),
            unusable == 0 ? "" : String.format(Locale.ROOT, "; %,d left out of training", unusable),
            parts.isEmpty() ? "" : "; " + String.join(", ", parts) + " (still used for training)"));
  }

  /** Stops the running scan (the problems stay unknown until the next). */
  public void cancelScan() {
    scanCancel.set(true);
  }

  // ---- the grid ----

  private void refilter() {
    String c = classFilter.get();
    String s = splitFilter.get();
    shown.setPredicate(
        i -> (c == null || c.equals(i.className())) && (s == null || s.equals(i.split())));
    if (selected.get() != null && !shown.contains(selected.get())) {
      selected.set(shown.isEmpty() ? null : shown.get(0));
    }
  }

  private void loadSelected(DataImage image) {
    if (image == null) {
      detailsJobs.cancel();
      previewJobs.cancel();
      details.set(null);
      source = null;
      preview.set(null);
      previewMessage.set("Select an image to see what the pipeline makes of it.");
      return;
    }
    detailsJobs.submit(
        () -> {
          long bytes = Files.size(image.file());
          try {
            DecodedImage d = ImageDecoder.read(image.file());
            return new Loaded(
                new ImageDetails(
                    image,
                    d.image().width(),
                    d.image().height(),
                    bytes,
                    d.format(),
                    d.mode(),
                    d.orientation(),
                    null),
                Image8.of(d.image()));
          } catch (ImageDecodeException e) {
            return new Loaded(
                new ImageDetails(image, 0, 0, bytes, null, null, 1, e.reason()), null);
          }
        },
        loaded -> {
          details.set(loaded.details());
          source = loaded.image();
          requestPreview();
        },
        e -> {
          details.set(new ImageDetails(image, 0, 0, -1, null, null, 1, readable(e)));
          source = null;
          requestPreview();
        });
  }

  private record Loaded(ImageDetails details, Image8 image) {}

  // ---- mean and std ----

  /** Computes the training images' per-channel mean and std, with progress; cancellable. */
  public void computeStats() {
    DatasetIndex idx = index.get();
    if (idx == null || statsState.get() == JobState.RUNNING) {
      return;
    }
    List<Path> files = idx.trainFiles();
    long g = datasetGeneration;
    AtomicBoolean cancel = new AtomicBoolean();
    statsCancel = cancel;
    statsState.set(JobState.RUNNING);
    statsProgress.set(0);
    statsMessage.set("Measuring " + files.size() + " training images…");
    FxThrottle<Progress> progress =
        new FxThrottle<>(
            ex.fx(),
            50,
            batch -> {
              if (g == datasetGeneration && statsState.get() == JobState.RUNNING) {
                Progress p = batch.get(batch.size() - 1);
                statsProgress.set((double) p.done() / Math.max(1, p.total()));
                statsMessage.set(
                    "Measuring training images: " + p.done() + " of " + p.total() + "…");
              }
            });
    ProgressMonitor monitor =
        new ProgressMonitor() {
          @Override
          public void progress(String stage, long done, long total) {
            progress.offer(new Progress(stage, done, total));
          }

          @Override
          public boolean isCancelled() {
            return cancel.get();
          }
        };
    ex.scan()
        .execute(
            () -> {
              try {
                ChannelStats s = ChannelStatistics.compute(files, monitor);
                ex.fx()
                    .execute(
                        () -> {
                          if (g == datasetGeneration) {
                            stats.set(s);
                            statsState.set(JobState.DONE);
                            statsProgress.set(1);
                            statsMessage.set(
                                "Measured on "
                                    + s.images()
                                    + " training images ("
                                    + String.format(Locale.ROOT, "%,d", s.pixels())
                                    + " pixels).");
                          }
                        });
              } catch (CancellationException e) {
                ex.fx()
                    .execute(
                        () -> {
                          if (g == datasetGeneration) {
                            statsState.set(JobState.CANCELLED);
                            statsMessage.set("Cancelled; nothing was measured.");
                          }
                        });
              } catch (IOException | RuntimeException e) {
                ex.fx()
                    .execute(
                        () -> {
                          if (g == datasetGeneration) {
                            statsState.set(JobState.FAILED);
                            statsMessage.set("Could not measure: " + readable(e));
                          }
                        });
              }
            });
  }

  public void cancelStats() {
    statsCancel.set(true);
  }

  /**
   * Writes {@code s}'s mean and std (rounded to 3 decimals) into every Normalize step of both
   * pipelines, as one undoable edit.
   */
  public Optional<String> useNormalization(ChannelStats s, String label) {
    List<Double> mean = rounded(s.mean());
    List<Double> std = rounded(s.std());
    UnaryOperator<Pipeline> set =
        p -> {
          List<Step> out = new ArrayList<>();
          for (Step step : p.steps()) {
            out.add(
                step.type() == TransformType.NORMALIZE
                    ? step.withParam("mean", mean).withParam("std", std)
                    : step);
          }
          return new Pipeline(out);
        };
    PipelineFile f = pipelines.get();
    if (f == null
        || (f.train().steps().stream().noneMatch(t -> t.type() == TransformType.NORMALIZE)
            && f.val().steps().stream().noneMatch(t -> t.type() == TransformType.NORMALIZE))) {
      String m = "The pipelines have no Normalize step to take these values; add one first.";
      editMessage.set(m);
      return Optional.of(m);
    }
    return edit(
        label,
        p -> {
          PipelineFile e = effective(p);
          return new PipelineFile(set.apply(e.train()), set.apply(e.val()));
        });
  }

  private static List<Double> rounded(double[] v) {
    List<Double> out = new ArrayList<>();
    for (double d : v) {
      out.add(Math.round(d * 1000) / 1000.0);
    }
    return out;
  }

  /**
   * The mean and std the train pipeline's first enabled Normalize step uses, or null when it has
   * none.
   */
  public ChannelStats normalizationInUse() {
    PipelineFile f = pipelines.get();
    if (f == null) {
      return null;
    }
    for (Step s : f.train().steps()) {
      if (s.enabled()
          && s.type() == TransformType.NORMALIZE
          && s.params().get("mean") instanceof List<?> m
          && s.params().get("std") instanceof List<?> d
          && m.size() == 3
          && d.size() == 3) {
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int i = 0; i < 3; i++) {
          if (!(m.get(i) instanceof Number a) || !(d.get(i) instanceof Number b)) {
            return null;
          }
          mean[i] = a.doubleValue();
          std[i] = b.doubleValue();
        }
        return new ChannelStats(mean, std, 0, 0);
      }
    }
    return null;
  }

  // ---- pipelines ----

  private void updateActive() {
    PipelineFile f = pipelines.get();
    if (f == null) {
      return;
    }
    Pipeline p = active.get() == Which.TRAIN ? f.train() : f.val();
    activePipeline.set(p);
    stepErrors.set(PipelineCheck.errors(p, active.get() == Which.VAL));
    if (selectedStep.get() != null && !PipelineEdits.exists(p, selectedStep.get())) {
      selectedStep.set(null);
    }
    requestPreview();
  }

  /** The step at {@code path} of the active pipeline. */
  public Step step(StepPath path) {
    return PipelineEdits.get(activePipeline.get(), path);
  }

  /**
   * Adds a new {@code type} step to the active pipeline: after the selected step (inside it when it
   * is a RandomApply and {@code inside} is true), else where the stage fits. Selects it.
   */
  public Optional<String> addStep(TransformType type, boolean inside) {
    Pipeline p = activePipeline.get();
    if (active.get() == Which.VAL && type.random()) {
      String m =
          type.jsonName()
              + " is random; the validation pipeline must score every epoch the same way, so"
              + " random steps belong in the train pipeline.";
      editMessage.set(m);
      return Optional.of(m);
    }
    StepPath sel = selectedStep.get();
    StepPath parent;
    int at;
    if (sel != null && PipelineEdits.exists(p, sel)) {
      if (inside && PipelineEdits.get(p, sel).type() == TransformType.RANDOM_APPLY) {
        parent = sel;
        at = PipelineEdits.get(p, sel).steps().size();
      } else {
        parent = sel.parent();
        at = sel.last() + 1;
      }
    } else {
      parent = StepPath.ROOT;
      at = PipelineEdits.defaultIndex(p, type);
    }
    Step step = PipelineEdits.newStep(type, size);
    Optional<String> r =
        editActive("Add " + type.jsonName(), q -> PipelineEdits.insert(q, parent, at, step));
    if (r.isEmpty()) {
      selectedStep.set(parent.child(at));
    }
    return r;
  }

  public Optional<String> removeStep(StepPath path) {
    String name = step(path).type().jsonName();
    Optional<String> r = editActive("Remove " + name, q -> PipelineEdits.remove(q, path));
    if (r.isEmpty()) {
      selectedStep.set(null);
    }
    return r;
  }

  /** Moves a step (drag and drop); see {@link PipelineEdits#move}. */
  public Optional<String> moveStep(StepPath from, StepPath toParent, int index) {
    Pipeline p = activePipeline.get();
    PipelineEdits.Moved moved;
    try {
      moved = PipelineEdits.move(p, from, toParent, index);
    } catch (IllegalArgumentException e) {
      editMessage.set(sentence(e.getMessage()));
      return Optional.of(editMessage.get());
    }
    if (moved.pipeline().equals(p)) {
      return Optional.empty();
    }
    Optional<String> r =
        editActive("Move " + PipelineEdits.get(p, from).type().jsonName(), q -> moved.pipeline());
    if (r.isEmpty()) {
      selectedStep.set(moved.path());
    }
    return r;
  }

  public Optional<String> setEnabled(StepPath path, boolean on) {
    Step s = step(path);
    if (s.enabled() == on) {
      return Optional.empty();
    }
    return editActive(
        (on ? "Enable " : "Disable ") + s.type().jsonName(),
        q -> PipelineEdits.replace(q, path, s.withEnabled(on)));
  }

  /**
   * Sets a parameter from the text typed into its field; an empty field means the default. A value
   * the step refuses is not applied: the reason is returned (and shown) instead.
   */
  public Optional<String> setParamText(StepPath path, String name, String text) {
    TransformParam param = step(path).type().param(name);
    Object value;
    try {
      value = ParamValues.parse(param, text);
    } catch (IllegalArgumentException e) {
      editMessage.set(sentence(e.getMessage()));
      return Optional.of(editMessage.get());
    }
    return setParam(path, name, value);
  }

  /** Sets a parameter to a JSON value (null: the default), refusing what the step refuses. */
  public Optional<String> setParam(StepPath path, String name, Object value) {
    Step s = step(path);
    if (Objects.equals(s.params().get(name), value)) {
      editMessage.set("");
      return Optional.empty();
    }
    Step changed = s.withParam(name, value);
    String error = PipelineCheck.checkAlone(changed);
    if (error != null) {
      editMessage.set(error);
      return Optional.of(error);
    }
    return editActive(
        "Set " + s.type().jsonName() + " " + name, q -> PipelineEdits.replace(q, path, changed));
  }

  /** Back to the default pipelines (resize to the training size, ImageNet normalization). */
  public void resetPipelines() {
    vm.editProject("Default Transforms", p -> p.withTransforms(null));
  }

  private Optional<String> editActive(String label, UnaryOperator<Pipeline> change) {
    Which w = active.get();
    return edit(
        label + (w == Which.TRAIN ? " (train)" : " (validation)"),
        p -> {
          PipelineFile f = effective(p);
          return w == Which.TRAIN
              ? new PipelineFile(change.apply(f.train()), f.val())
              : new PipelineFile(f.train(), change.apply(f.val()));
        });
  }

  private Optional<String> edit(
      String label, java.util.function.Function<Project, PipelineFile> f) {
    try {
      vm.editProject(label, p -> p.withTransforms(f.apply(p)));
      editMessage.set("");
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      editMessage.set(sentence(e.getMessage()));
      return Optional.of(editMessage.get());
    }
  }

  // ---- preview ----

  /** Renders the preview again with a new seed. */
  public void reroll() {
    // a seed a person can read and quote (the preview shows it), not a 19-digit long
    previewSeed = new java.util.SplittableRandom(previewSeed).nextInt(1, 1_000_000);
    requestPreview();
  }

  private void requestPreview() {
    Pipeline p = activePipeline.get();
    Image8 image = source;
    if (p == null) {
      return;
    }
    if (image == null) {
      previewJobs.cancel();
      preview.set(null);
      previewBusy.set(false);
      ImageDetails d = details.get();
      previewMessage.set(
          d != null && d.error() != null
              ? "This image cannot be decoded (" + d.error() + ")."
              : index.get() == null
                  ? "Open a dataset to see what the pipeline makes of its images."
                  : "Select an image to see what the pipeline makes of it.");
      return;
    }
    Pipeline.Compiled compiled;
    try {
      compiled = p.compile();
      if (!stepErrors.get().isEmpty()) {
        throw new IllegalArgumentException(stepErrors.get().values().iterator().next());
      }
    } catch (IllegalArgumentException e) {
      previewJobs.cancel();
      previewBusy.set(false);
      previewMessage.set("No preview until the pipeline's error is fixed.");
      return;
    }
    boolean random = p.random();
    int n = random ? PREVIEW_COUNT : 1;
    long seed = previewSeed;
    previewBusy.set(true);
    previewJobs.submit(
        () -> {
          List<Image8> out = new ArrayList<>();
          List<Image8> variants = Previews.variants(image, compiled, n, seed);
          for (Image8 v : variants) {
            out.add(fit(v));
          }
          Image8 first = variants.get(0);
          return new Preview(
              fit(image), List.copyOf(out), seed, random, first.width(), first.height());
        },
        r -> {
          previewBusy.set(false);
          previewMessage.set("");
          preview.set(r);
        },
        e -> {
          previewBusy.set(false);
          previewMessage.set("The preview failed: " + readable(e));
        });
  }

  /** Shrinks an image larger than the preview shows (display only; the pipeline saw it whole). */
  private static Image8 fit(Image8 image) {
    return Math.max(image.width(), image.height()) > PREVIEW_MAX_SIDE
        ? ThumbnailLoader.shrink(image, PREVIEW_MAX_SIDE)
        : image;
  }

  private static String readable(Exception e) {
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
    return index.getReadOnlyProperty();
  }

  /** Why there is no dataset to show ("" when there is one). */
  public ReadOnlyStringProperty datasetMessageProperty() {
    return datasetMessage.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
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
    return countsView;
  }

  /** The class-imbalance warning, or null. */
  public ReadOnlyStringProperty balanceWarningProperty() {
    return balanceWarning.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<JobState> scanStateProperty() {
    return scanState.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty scanProgressProperty() {
    return scanProgress.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty scanTextProperty() {
    return scanText.getReadOnlyProperty();
  }

  /** The finished scan, or null. */
  public ReadOnlyObjectProperty<ScanReport> reportProperty() {
    return report.getReadOnlyProperty();
  }

  public ObservableList<DataProblem> problems() {
    return problemsView;
  }

  /** The images the grid shows (filtered by class and split). */
  public ObservableList<DataImage> shownImages() {
    return shown;
  }

  /** Class name to show, or null for all. */
  public ObjectProperty<String> classFilterProperty() {
    return classFilter;
  }

  /** "train", "val", "test", or null for all. */
  public ObjectProperty<String> splitFilterProperty() {
    return splitFilter;
  }

  public ObjectProperty<DataImage> selectedProperty() {
    return selected;
  }

  public ReadOnlyObjectProperty<ImageDetails> detailsProperty() {
    return details.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<JobState> statsStateProperty() {
    return statsState.getReadOnlyProperty();
  }

  public ReadOnlyDoubleProperty statsProgressProperty() {
    return statsProgress.getReadOnlyProperty();
  }

  /** The measured mean/std, or null. */
  public ReadOnlyObjectProperty<ChannelStats> statsProperty() {
    return stats.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty statsMessageProperty() {
    return statsMessage.getReadOnlyProperty();
  }

  /** The train and validation pipelines in effect (the project's, or the default). */
  public ReadOnlyObjectProperty<PipelineFile> pipelinesProperty() {
    return pipelines.getReadOnlyProperty();
  }

  /** True while the project uses the default pipelines. */
  public ReadOnlyBooleanProperty defaultPipelinesProperty() {
    return defaultPipelines.getReadOnlyProperty();
  }

  /** Which pipeline the editor shows and edits. */
  public ObjectProperty<Which> activeProperty() {
    return active;
  }

  public ReadOnlyObjectProperty<Pipeline> activePipelineProperty() {
    return activePipeline.getReadOnlyProperty();
  }

  public ObjectProperty<StepPath> selectedStepProperty() {
    return selectedStep;
  }

  /** Errors of the active pipeline by step ({@link StepPath#ROOT}: the pipeline as a whole). */
  public ReadOnlyObjectProperty<Map<StepPath, String>> stepErrorsProperty() {
    return stepErrors.getReadOnlyProperty();
  }

  /** Why the last edit was refused ("" after one that was applied). */
  public ReadOnlyStringProperty editMessageProperty() {
    return editMessage.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Preview> previewProperty() {
    return preview.getReadOnlyProperty();
  }

  /** Why there is no (fresh) preview, or "". */
  public ReadOnlyStringProperty previewMessageProperty() {
    return previewMessage.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty previewBusyProperty() {
    return previewBusy.getReadOnlyProperty();
  }
}
