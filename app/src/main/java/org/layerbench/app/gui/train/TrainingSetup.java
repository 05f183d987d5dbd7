package org.layerbench.app.gui.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import org.layerbench.app.gui.ProjectText;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.TrainingSettings;
import org.layerbench.engine.train.Schedule;
import org.layerbench.engine.train.TrainConfig;

/**
 * The Train workspace's settings side: the project's training settings (every change an undoable
 * project edit), whether they make a run, the training images they give (counted on the I/O
 * executor; the Model workspace learns the class count through {@link
 * org.layerbench.app.gui.ModelCheck}) and the learning rate they schedule.
 */
final class TrainingSetup {
  private final WorkbenchContext context;
  private final WorkbenchViewModel vm;
  private final ReadOnlyObjectWrapper<TrainingSettings> training =
      new ReadOnlyObjectWrapper<>(this, "training", TrainingSettings.DEFAULTS);
  private final ReadOnlyStringWrapper configProblem = new ReadOnlyStringWrapper(this, "problem");
  private final ReadOnlyIntegerWrapper trainImages = new ReadOnlyIntegerWrapper(this, "images", -1);
  private final ReadOnlyStringWrapper datasetInfo = new ReadOnlyStringWrapper(this, "dataset", "");
  private final ObservableList<Point2D> schedulePreview = FXCollections.observableArrayList();
  private final ObservableList<Point2D> schedulePreviewView =
      FXCollections.unmodifiableObservableList(schedulePreview);
  private final ReadOnlyStringWrapper valSplitUnused =
      new ReadOnlyStringWrapper(this, "valSplitUnused");
  private long countGeneration;

  TrainingSetup(WorkbenchContext context) {
    this.context = context;
    this.vm = context.vm();
  }

  /** Follows the project: its settings, and a recount when the images it trains on change. */
  void projectChanged(Project before, Project after) {
    TrainingSettings t = after == null ? TrainingSettings.DEFAULTS : after.training();
    training.set(t);
    String problem = TrainSettings.problem(t);
    configProblem.set(problem == null ? null : TrainViewModel.sentence(problem));
    if (before == null
        || after == null
        || !Objects.equals(before.datasetDir(), after.datasetDir())
        || !Objects.equals(before.training().valSplit(), t.valSplit())
        || !Objects.equals(before.transforms(), after.transforms())
        || !Objects.equals(before.text(), after.text())) {
      countImages(after);
    }
    updateSchedulePreview();
  }

  /** The project's training settings. */
  public ReadOnlyObjectProperty<TrainingSettings> trainingProperty() {
    return training.getReadOnlyProperty();
  }

  /** Why the settings do not make a run (a sentence), or null when they do. */
  public ReadOnlyStringProperty configProblemProperty() {
    return configProblem.getReadOnlyProperty();
  }

  /** Training images with the current validation split, or -1 before they are counted. */
  public ReadOnlyIntegerProperty trainImagesProperty() {
    return trainImages.getReadOnlyProperty();
  }

  /** One line on the dataset: images per split, classes, transforms. */
  public ReadOnlyStringProperty datasetInfoProperty() {
    return datasetInfo.getReadOnlyProperty();
  }

  /** The learning rate over the run the settings describe (x: epoch, y: rate). */
  public ObservableList<Point2D> schedulePreview() {
    return schedulePreviewView;
  }

  /** A form key's value as text. */
  public String text(String key) {
    return TrainSettings.text(training.get(), key);
  }

  /** Whether the project sets the key (else its default shows). */
  public boolean isSet(String key) {
    return TrainSettings.isSet(training.get(), key);
  }

  /**
   * Sets a training setting from the form's text as one undoable project edit; an empty text
   * restores the default.
   *
   * @return null when taken, else why not (a sentence), and nothing changes
   */
  public String set(String key, String text) {
    Object value;
    TrainingSettings now = training.get();
    try {
      value = TrainSettings.parse(key, text);
      if (TrainSettings.with(now, key, value).equals(now)) {
        return null;
      }
    } catch (IllegalArgumentException e) {
      return TrainViewModel.sentence(e.getMessage());
    }
    vm.editProject(
        "Set " + TrainSettings.label(key),
        p -> p.withTraining(TrainSettings.with(p.training(), key, value)));
    return null;
  }

  /** Why the validation split does not apply (the dataset has a val/ folder), or null. */
  ReadOnlyStringProperty valSplitUnusedProperty() {
    return valSplitUnused.getReadOnlyProperty();
  }

  /** Batches per epoch for the settings, or 0 when unknown. */
  public int batchesPerEpoch() {
    int images = trainImages.get();
    if (images <= 0 || configProblem.get() != null) {
      return 0;
    }
    int batch = TrainSettings.config(training.get()).batchSize();
    return (images + batch - 1) / batch;
  }

  private void countImages(Project p) {
    long generation = ++countGeneration;
    trainImages.set(-1);
    valSplitUnused.set(null);
    vm.modelCheck().setDatasetClasses(0);
    vm.modelCheck().setVocabularySize(0);
    if (p == null || p.datasetDir() == null) {
      datasetInfo.set("This project has no dataset yet — choose one in the Data workspace.");
      return;
    }
    if (p.textDataset()) {
      countTexts(p, generation);
      return;
    }
    Path dir = p.datasetDir();
    double split = p.training().valSplit();
    long seed = p.training().seed();
    String transforms =
        p.transforms() == null
            ? "default transforms (resize, ImageNet normalize)"
            : "the project's transforms ("
                + p.transforms().train().steps().size()
                + " train steps)";
    datasetInfo.set("Counting the images of " + p.dataset() + "…");
    context
        .io()
        .execute(
            () -> {
              String text;
              int count;
              int classes = 0;
              boolean valFolder = false;
              try {
                var splits = ImageFolder.scan(dir, split, seed);
                // As the engine splits: train/ + val/ folders make the ratio unused.
                valFolder =
                    ImageFolder.list(dir, split, seed).splitFolders()
                        && Files.isDirectory(dir.resolve("val"));
                count = splits.train().size();
                classes = splits.classes().size();
                text =
                    String.format(
                        Locale.ROOT,
                        "%s: %d training and %d validation images in %d classes; %s.",
                        p.dataset(),
                        splits.train().size(),
                        splits.val().size(),
                        splits.classes().size(),
                        transforms);
              } catch (Exception e) {
                count = -1;
                text = "The dataset " + p.dataset() + " cannot be read: " + e.getMessage();
              }
              int c = count;
              int k = classes;
              boolean fixed = valFolder;
              String info = text;
              context
                  .fx()
                  .execute(
                      () -> {
                        if (generation == countGeneration) {
                          trainImages.set(c);
                          valSplitUnused.set(
                              fixed
                                  ? "This dataset has its own val/ folder, so the validation split"
                                      + " is not used."
                                  : null);
                          // The Model workspace checks the model's output against it.
                          vm.modelCheck().setDatasetClasses(k);
                          datasetInfo.set(info);
                          updateSchedulePreview();
                        }
                      });
            });
  }

  /** A text project: its texts per split and classes, as a text run reads them. */
  private void countTexts(Project p, long generation) {
    double split = p.training().valSplit();
    long seed = p.training().seed();
    boolean separate = ProjectText.data(p).valData() != null;
    datasetInfo.set("Counting the texts of " + p.datasetDir().getFileName() + "…");
    context
        .io()
        .execute(
            () -> {
              String text;
              int count = -1;
              int classes = 0;
              int vocabulary = 0;
              try {
                var dataset = ProjectText.files(p).read(split, seed);
                vocabulary = ProjectText.vocabularySize(dataset, ProjectText.settings(p));
                var splits = dataset.splits();
                count = splits.train().size();
                classes = splits.classes().size();
                text =
                    String.format(
                        Locale.ROOT,
                        "%s: %d training and %d validation texts in %d classes; %s tokenizer,"
                            + " a vocabulary of %,d tokens, texts cut at %d tokens.",
                        p.datasetDir().getFileName(),
                        splits.train().size(),
                        splits.val().size(),
                        classes,
                        ProjectText.settings(p).tokenizer().id(),
                        vocabulary,
                        ProjectText.settings(p).maxLength());
              } catch (Exception e) {
                text =
                    "The dataset "
                        + p.datasetDir().getFileName()
                        + " cannot be read: "
                        + e.getMessage();
              }
              int c = count;
              int k = classes;
              int v = vocabulary;
              String info = text;
              context
                  .fx()
                  .execute(
                      () -> {
                        if (generation == countGeneration) {
                          trainImages.set(c);
                          valSplitUnused.set(
                              separate
                                  ? "This project validates on its own validation file, so the"
                                      + " validation split is not used."
                                  : null);
                          vm.modelCheck().setDatasetClasses(k);
                          // The Model workspace binds num_embeddings 0 to it.
                          vm.modelCheck().setVocabularySize(v);
                          datasetInfo.set(info);
                          updateSchedulePreview();
                        }
                      });
            });
  }

  private void updateSchedulePreview() {
    if (configProblem.get() != null) {
      schedulePreview.clear();
      return;
    }
    TrainConfig c = TrainSettings.config(training.get());
    int perEpoch = batchesPerEpoch() > 0 ? batchesPerEpoch() : 100;
    long total = (long) c.epochs() * perEpoch;
    int samples = (int) Math.min(total, 200);
    List<Point2D> pts = new ArrayList<>(samples);
    for (int i = 0; i < samples; i++) {
      long step = samples == 1 ? 0 : Math.round((double) i * (total - 1) / (samples - 1));
      pts.add(
          new Point2D(
              (double) (step + 1) / perEpoch, Schedule.lr(c.schedule(), c.lr(), step, total)));
    }
    // Any project edit lands here (a run added to the list at Start, too): redraw the plot only
    // when its points change.
    if (!pts.equals(schedulePreview)) {
      schedulePreview.setAll(pts);
    }
  }
}
