package org.layerbench.app.gui.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.TrainingSettings;

/**
 * The Train workspace's state and commands, without controls, as one face for its views: the
 * training settings ({@link TrainingSetup}), the starting weights ({@link WeightsChoice}) and the
 * run with its history ({@link RunSession}: start, pause, resume, stop, continue; the buttons and
 * the Run menu bind to the same properties). This class follows the project and wires them.
 */
public final class TrainViewModel {
  /** The shortest time between two updates of the charts and progress. */
  public static final long UPDATE_MILLIS = 50;

  /** Where a run is. */
  public enum RunState {
    IDLE,
    STARTING,
    RUNNING,
    PAUSED,
    STOPPING,
    FINISHED,
    STOPPED,
    FAILED;

    /** Whether a run is on the engine thread. */
    public boolean active() {
      return this == STARTING || this == RUNNING || this == PAUSED || this == STOPPING;
    }
  }

  /** The message shown when a run ends or cannot start. */
  public record Banner(Kind kind, String title, String text, String details) {
    public enum Kind {
      SUCCESS,
      WARNING,
      DANGER
    }
  }

  /** How long closing the window waits for a stopping run to save. */
  static final long EXIT_SAVE_SECONDS = 60;

  private final LiveMetrics live = new LiveMetrics();
  private final TrainingSetup setup;
  private final RunSession session;
  private final WeightsChoice weights;
  private final javafx.beans.property.ReadOnlyBooleanWrapper textDataset =
      new javafx.beans.property.ReadOnlyBooleanWrapper(this, "textDataset");

  public TrainViewModel(WorkbenchContext context) {
    this.setup = new TrainingSetup(context);
    this.session = new RunSession(context, live, setup.configProblemProperty());
    this.weights = new WeightsChoice(context, session);
    context.vm().projectProperty().addListener((obs, o, n) -> projectChanged(o, n));
    projectChanged(null, context.vm().projectProperty().get());
  }

  private void projectChanged(Project before, Project after) {
    textDataset.set(after != null && after.textDataset());
    setup.projectChanged(before, after);
    TrainingSettings t = setup.trainingProperty().get();
    if (!session.stateProperty().get().active()) {
      live.planEpochs(t.epochs());
    }
    if (before == null
        || after == null
        || !Objects.equals(before.training().weights(), t.weights())
        || before.model() != after.model()
        || before.training().imageSize() != t.imageSize()) {
      weights.check(after);
    }
    RunHistory history = session.history();
    if (before == null
        || after == null
        || !before.runs().equals(after.runs())
        || !Objects.equals(before.file(), after.file())) {
      history.refresh();
    }
    if (after != null && (before == null || !Objects.equals(before.file(), after.file()))) {
      history.recoverUnlisted();
    }
  }

  /**
   * True when the project's dataset is a file of labelled texts: the image settings (size,
   * progressive resizing) mean nothing to its runs.
   */
  public ReadOnlyBooleanProperty textDatasetProperty() {
    return textDataset.getReadOnlyProperty();
  }

  /** The live view of the run being trained or last trained. */
  public LiveMetrics live() {
    return live;
  }

  /** The project's runs. */
  public RunHistory runs() {
    return session.history();
  }

  // ---- settings ----

  /** The project's training settings. */
  public ReadOnlyObjectProperty<TrainingSettings> trainingProperty() {
    return setup.trainingProperty();
  }

  /** Why the settings do not make a run (a sentence), or null when they do. */
  public ReadOnlyStringProperty configProblemProperty() {
    return setup.configProblemProperty();
  }

  /** Training images with the current validation split, or -1 before they are counted. */
  public ReadOnlyIntegerProperty trainImagesProperty() {
    return setup.trainImagesProperty();
  }

  /** One line on the dataset: images per split, classes, transforms. */
  public ReadOnlyStringProperty datasetInfoProperty() {
    return setup.datasetInfoProperty();
  }

  /** The learning rate over the run the settings describe (x: epoch, y: rate). */
  public ObservableList<Point2D> schedulePreview() {
    return setup.schedulePreview();
  }

  /** A form key's value as text. */
  public String text(String key) {
    return setup.text(key);
  }

  /** Whether the project sets the key (else its default shows). */
  public boolean isSet(String key) {
    return setup.isSet(key);
  }

  /**
   * Sets a training setting from the form's text as one undoable project edit; an empty text
   * restores the default.
   *
   * @return null when taken, else why not (a sentence), and nothing changes
   */
  public String set(String key, String text) {
    return setup.set(key, text);
  }

  /**
   * Why the validation split does not apply, or null: a dataset with train/ and val/ folders
   * validates on val/, whatever the split says.
   */
  public ReadOnlyStringProperty valSplitUnusedProperty() {
    return setup.valSplitUnusedProperty();
  }

  /** Batches per epoch for the settings, or 0 when unknown. */
  public int batchesPerEpoch() {
    return setup.batchesPerEpoch();
  }

  // ---- starting weights ----

  /** The weight file the next run starts from (File → Import Weights), or null. */
  public ReadOnlyObjectProperty<Path> weightsProperty() {
    return weights.weightsProperty();
  }

  /** How the starting weights fit the model, in sentences; null while checked or when none. */
  public ReadOnlyObjectProperty<StartingWeights.Fit> weightsFitProperty() {
    return weights.weightsFitProperty();
  }

  /**
   * Makes this file (safetensors, a torch.save .pt, or a .lbmodel) the starting weights of the next
   * runs, once it has been read and matched to the model; see {@link WeightsChoice#importWeights}.
   */
  public void importWeights(Path file) {
    weights.importWeights(file);
  }

  /** The next runs start from PyTorch's initialisation again (an undoable project edit). */
  public void clearWeights() {
    weights.clearWeights();
  }

  // ---- the run ----

  public ReadOnlyObjectProperty<RunState> stateProperty() {
    return session.stateProperty();
  }

  /** What the run is doing, in a sentence. */
  public ReadOnlyStringProperty statusProperty() {
    return session.statusProperty();
  }

  /** For the status bar: "Engine: idle", "Engine: training epoch 2/8", "Engine: paused", ... */
  public ReadOnlyStringProperty engineStateProperty() {
    return session.engineStateProperty();
  }

  /** For the status bar: where the last run trained ("Device: CPU"). */
  public ReadOnlyStringProperty deviceProperty() {
    return session.deviceProperty();
  }

  /** The name of the run being trained or last trained. */
  public ReadOnlyStringProperty runNameProperty() {
    return session.runNameProperty();
  }

  /** The name the next run's folder gets (blank: the start time); cleared when a run starts. */
  public StringProperty nextRunNameProperty() {
    return session.nextRunNameProperty();
  }

  /** The message about the last run's end (or a refused start); null when dismissed. */
  public ReadOnlyObjectProperty<Banner> bannerProperty() {
    return session.bannerProperty();
  }

  public void dismissBanner() {
    session.dismissBanner();
  }

  /**
   * Start applies: no run is active and the settings are valid ({@link #configProblemProperty}).
   */
  public ReadOnlyBooleanProperty canStartProperty() {
    return session.commands().canStartProperty();
  }

  /** Pause applies: a run is starting or training. */
  public ReadOnlyBooleanProperty canPauseProperty() {
    return session.commands().canPauseProperty();
  }

  /** Resume applies: the run is paused. */
  public ReadOnlyBooleanProperty canResumeProperty() {
    return session.commands().canResumeProperty();
  }

  /** Stop applies: a run is active and not already stopping. */
  public ReadOnlyBooleanProperty canStopProperty() {
    return session.commands().canStopProperty();
  }

  /** Continue applies: no run is active and one of the project's runs is continuable. */
  public ReadOnlyBooleanProperty canContinueProperty() {
    return session.commands().canContinueProperty();
  }

  public boolean canStart() {
    return session.commands().canStart();
  }

  /** The project's runs that Continue applies to, newest first. */
  public List<RunRecord> continuableRuns() {
    return session.continuableRuns();
  }

  /** Starts a run named by {@link #nextRunNameProperty} (what Start and Run → Start do). */
  public void start() {
    session.start();
  }

  /**
   * Starts a run of the project's model on its dataset with its settings, transforms and starting
   * weights, in a new folder (named {@code name}, or the time when blank) added to the project's
   * runs.
   */
  public void start(String name) {
    session.start(name);
  }

  /**
   * Continues a run from its last checkpoint in its own folder (the CLI's {@code train --resume});
   * {@code epochs}, when not null, is the run's new total.
   */
  public void continueRun(RunRecord record, Integer epochs) {
    session.continueRun(record, epochs);
  }

  /**
   * Gives a run a readable name (blank: its folder's name again), kept in its folder; the folder
   * itself is not renamed.
   */
  public void renameRun(RunRecord r, String name) {
    session.rename(r, name);
  }

  /** Asks the run to wait after the current batch. */
  public void pause() {
    session.pause();
  }

  public void resume() {
    session.resume();
  }

  /** Asks the run to stop after the current batch; it then validates, saves and ends "stopped". */
  public void stop() {
    session.stop();
  }

  /** The window closes: a running run stops and the process waits for it to save. */
  public void stopForExit() {
    session.stopForExit();
  }

  /** A message as a sentence: capital first letter, full stop at the end. */
  static String sentence(String s) {
    if (s == null || s.isEmpty()) {
      return "";
    }
    String t = Character.toUpperCase(s.charAt(0)) + s.substring(1);
    return t.endsWith(".") || t.endsWith("?") || t.endsWith("!") ? t : t + ".";
  }
}
