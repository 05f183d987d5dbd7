package org.layerbench.app.gui.lr;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.layerbench.app.FileErrors;
import org.layerbench.app.gui.ProjectText;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.train.LrFinder;
import org.layerbench.engine.train.TrainConfig;

/**
 * The Learning-rate workspace's state and commands, without controls: the sweep's settings (its own
 * range and steps; batch and image size shared with the project's training settings), a run on the
 * engine thread with progress and cooperative cancel, the curve as it grows, the suggestions, the
 * picked rate, and "use this rate", which writes it into the project's training settings as one
 * undoable edit. Every property changes on {@code context.fx()}; the sweep is a {@link
 * BackgroundJob} on the engine thread, whose progress reaches the FX thread throttled (DESIGN §4).
 */
public final class LrViewModel {
  /** Where a run stands. */
  public enum Phase {
    IDLE,
    WAITING,
    RUNNING,
    STOPPING,
    DONE,
    CANCELLED,
    FAILED;

    /** True while a sweep is queued or running. */
    public boolean busy() {
      return this == WAITING || this == RUNNING || this == STOPPING;
    }
  }

  /** LrFinder's three suggestions. */
  public enum Suggestion {
    STEEPEST("Steepest descent", "steepest", "where the smoothed loss falls fastest"),
    VALLEY("Valley", "valley", "two thirds down the longest fall of the loss (fastai)"),
    MIN_TENTH("Minimum ÷ 10", "min ÷ 10", "a tenth of the rate at the lowest loss");

    private final String label;
    private final String shortLabel;
    private final String explanation;

    Suggestion(String label, String shortLabel, String explanation) {
      this.label = label;
      this.shortLabel = shortLabel;
      this.explanation = explanation;
    }

    public String label() {
      return label;
    }

    public String shortLabel() {
      return shortLabel;
    }

    public String explanation() {
      return explanation;
    }

    /** This suggestion in a result, rounded as picked rates are (NaN when there is none). */
    public double of(LrFinder.Result r) {
      if (r == null) {
        return Double.NaN;
      }
      return LrFormat.round(
          switch (this) {
            case STEEPEST -> r.steepest();
            case VALLEY -> r.valley();
            case MIN_TENTH -> r.minimumTenth();
          });
    }
  }

  /** A sentence for the person: what happened, a warning, or why the sweep failed. */
  public record Message(Kind kind, String text, String details) {
    public enum Kind {
      INFO,
      WARNING,
      ERROR
    }
  }

  private final WorkbenchContext context;
  private final ObjectProperty<LrSettings> settings =
      new SimpleObjectProperty<>(this, "settings", LrSettings.DEFAULT);
  private final ReadOnlyIntegerWrapper batch = new ReadOnlyIntegerWrapper(this, "batch");
  private final ReadOnlyIntegerWrapper size = new ReadOnlyIntegerWrapper(this, "size");
  private final ReadOnlyDoubleWrapper projectLr = new ReadOnlyDoubleWrapper(this, "projectLr");
  private final ReadOnlyObjectWrapper<Phase> phase =
      new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
  private final ReadOnlyStringWrapper progressText =
      new ReadOnlyStringWrapper(this, "progressText", "");
  private final ObservableList<LrFinder.Point> points = FXCollections.observableArrayList();
  private final ObservableList<LrFinder.Point> pointsView =
      FXCollections.unmodifiableObservableList(points);
  private final ReadOnlyObjectWrapper<LrFinder.Result> result =
      new ReadOnlyObjectWrapper<>(this, "result");
  private final ReadOnlyObjectWrapper<LrSettings> swept =
      new ReadOnlyObjectWrapper<>(this, "swept", LrSettings.DEFAULT);
  private final ReadOnlyObjectWrapper<Message> message =
      new ReadOnlyObjectWrapper<>(this, "message");
  private final ReadOnlyDoubleWrapper picked =
      new ReadOnlyDoubleWrapper(this, "picked", Double.NaN);
  // The sweep's life (supersede, cancel, stale-result guard); phase says more (STOPPING, DONE).
  private final BackgroundJob job;

  public LrViewModel(WorkbenchContext context) {
    this.context = context;
    this.job = new BackgroundJob(context.fx());
    context.vm().projectProperty().addListener((obs, o, n) -> projectChanged(o, n));
    projectChanged(null, context.vm().projectProperty().get());
  }

  private void projectChanged(Project before, Project after) {
    var training =
        after == null ? org.layerbench.engine.project.TrainingSettings.DEFAULTS : after.training();
    batch.set(LrSettings.batch(training));
    size.set(LrSettings.size(training));
    projectLr.set(LrSettings.lr(training));
    boolean otherData =
        before != null && after != null && !Objects.equals(before.datasetDir(), after.datasetDir());
    if (otherData && !phase.get().busy()) {
      clearCurve(); // a curve measured on other data says nothing about this one
      phase.set(Phase.IDLE);
      message.set(null);
    }
  }

  // ---- settings ----

  /** The sweep's start, end and steps (validated when a run starts). */
  public ObjectProperty<LrSettings> settingsProperty() {
    return settings;
  }

  /** The batch size, from the project's training settings. */
  public ReadOnlyIntegerProperty batchProperty() {
    return batch.getReadOnlyProperty();
  }

  /** The image size, from the project's training settings. */
  public ReadOnlyIntegerProperty sizeProperty() {
    return size.getReadOnlyProperty();
  }

  /** The learning rate the project's training settings hold now. */
  public ReadOnlyDoubleProperty projectLrProperty() {
    return projectLr.getReadOnlyProperty();
  }

  /** Sets the project's batch size (undoable); returns why not, or null. */
  public String setBatch(int value) {
    if (value < 1 || value > 4096) {
      return "The batch size must be between 1 and 4096.";
    }
    editTraining("Set batch size to " + value, "batchSize", value);
    return null;
  }

  /** Sets the project's image size (undoable); returns why not, or null. */
  public String setSize(int value) {
    if (value < 8 || value > 1024) {
      return "The image size must be between 8 and 1024 pixels.";
    }
    editTraining("Set image size to " + value, "imageSize", value);
    return null;
  }

  private void editTraining(String label, String key, Object value) {
    context.vm().editProject(label, p -> p.withTraining(p.training().with(key, value)));
  }

  // ---- the run ----

  public ReadOnlyObjectProperty<Phase> phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  /** Steps done over steps, or -1 (indeterminate) while the sweep waits or sets up. */
  public ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  /** "Step 12 of 100 · lr 3.2e-4", or what the run is waiting for. */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText.getReadOnlyProperty();
  }

  /** The curve so far (grows during a run; replaced by the result's curve when it ends). */
  public ObservableList<LrFinder.Point> points() {
    return pointsView;
  }

  /** The settings of the sweep shown (the chart's horizontal range). */
  public ReadOnlyObjectProperty<LrSettings> sweptProperty() {
    return swept.getReadOnlyProperty();
  }

  /** The finished sweep with its suggestions, or null. */
  public ReadOnlyObjectProperty<LrFinder.Result> resultProperty() {
    return result.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Message> messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** The rate picked on the chart or from a suggestion (NaN when none). */
  public ReadOnlyDoubleProperty pickedProperty() {
    return picked.getReadOnlyProperty();
  }

  /**
   * Starts a sweep on the engine thread with the open project's dataset and model as they are now.
   * Problems that stop it before it starts (no dataset, settings out of range) become the message.
   */
  public void run() {
    if (phase.get().busy()) {
      return;
    }
    LrSettings s = settings.get();
    Project p = context.vm().current();
    String problem = s.problem();
    if (problem == null && p.dataset() == null) {
      problem =
          "This project has no dataset yet, so there is nothing to train on — choose a dataset"
              + " folder first.";
    }
    TrainConfig config = null;
    if (problem == null) {
      try {
        // Frozen as the first epoch of training will be (transfer learning).
        config = LrSettings.config(p.training());
      } catch (IllegalArgumentException e) {
        problem = "The training settings cannot be used: " + sentence(e.getMessage());
      }
    }
    if (problem != null) {
      phase.set(Phase.FAILED);
      message.set(new Message(Message.Kind.ERROR, problem, null));
      return;
    }
    clearCurve();
    swept.set(s);
    message.set(null);
    phase.set(Phase.WAITING);
    progress.set(-1);
    progressText.set("Waiting for the engine…");
    Path data = p.datasetDir();
    ModelGraph model = p.model();
    TrainConfig c = config;
    // The sweep starts where the next training run will: from the imported weights, frozen alike.
    Path weights = org.layerbench.app.gui.StartingWeightsFile.of(p);
    // ... and on the batches it will train on, augmentation included.
    var transforms = p.transforms();
    // A text project sweeps its texts as a text run reads them (the vocabulary bound).
    boolean text = p.textDataset();
    // A cancelled sweep still returns the curve so far, which is shown: kept for onCancelled.
    AtomicReference<LrFinder.Result> partial = new AtomicReference<>();
    job.task(
            "run the learning-rate test",
            progressOf -> {
              progressOf.publish(this::started);
              LrFinder.Monitor monitor =
                  new LrFinder.Monitor() {
                    @Override
                    public void point(LrFinder.Point point) {
                      progressOf.publish(() -> pointsArrived(List.of(point)));
                    }

                    @Override
                    public boolean stopRequested() {
                      return progressOf.cancelled();
                    }
                  };
              LrFinder.Result r =
                  text
                      ? LrFinder.sweepText(
                          ProjectText.files(p),
                          ProjectText.settings(p),
                          model,
                          c,
                          weights,
                          s.start(),
                          s.end(),
                          s.steps(),
                          monitor)
                      : LrFinder.sweep(
                          data,
                          model,
                          c,
                          weights,
                          transforms,
                          s.start(),
                          s.end(),
                          s.steps(),
                          monitor);
              partial.set(r);
              return r;
            })
        .onSuccess(r -> finished(r, false))
        .onCancelled(
            "",
            () -> {
              if (partial.get() == null) {
                cancelledBeforeStart();
              } else {
                finished(partial.get(), true);
              }
            })
        .onFailed(this::failed)
        .start(context.engine()::submit);
  }

  /** Asks the sweep to stop before its next batch; the weights are restored as always. */
  public void cancel() {
    if (phase.get().busy()) {
      job.cancel();
      phase.set(Phase.STOPPING);
      progressText.set("Stopping after this batch…");
    }
  }

  private void started() {
    if (phase.get() == Phase.WAITING) {
      phase.set(Phase.RUNNING);
      progressText.set("Loading the data and building the model…");
    }
  }

  private void pointsArrived(List<LrFinder.Point> batch) {
    if (batch.isEmpty()) {
      return;
    }
    points.addAll(batch);
    LrFinder.Point last = batch.getLast();
    if (phase.get() == Phase.WAITING) {
      phase.set(Phase.RUNNING);
    }
    progress.set((last.step() + 1) / (double) last.steps());
    if (phase.get() != Phase.STOPPING) {
      progressText.set(
          "Step "
              + (last.step() + 1)
              + " of "
              + last.steps()
              + " · lr "
              + LrFormat.rate(last.lr())
              + " · loss "
              + LrFormat.loss(last.loss()));
    }
  }

  private void cancelledBeforeStart() {
    phase.set(Phase.CANCELLED);
    progress.set(0);
    progressText.set("");
    message.set(new Message(Message.Kind.INFO, "Cancelled before the sweep started.", null));
  }

  private void failed(Throwable error) {
    Throwable cause = unwrap(error);
    phase.set(Phase.FAILED);
    progress.set(0);
    progressText.set("");
    String why = FileErrors.message(cause);
    message.set(
        new Message(
            Message.Kind.ERROR,
            "The learning-rate test could not run: " + sentence(why),
            stackTrace(cause)));
  }

  private void finished(LrFinder.Result r, boolean cancelled) {
    points.setAll(curve(r));
    result.set(r);
    int steps = swept.get().steps();
    int done = r.lrs().size();
    phase.set(cancelled ? Phase.CANCELLED : Phase.DONE);
    progress.set(cancelled ? done / (double) steps : 1);
    progressText.set(
        (cancelled ? "Cancelled after " : "Swept ")
            + done
            + (done == 1 ? " rate" : " rates")
            + (done == 0
                ? ""
                : " from "
                    + LrFormat.rate(r.lrs().getFirst())
                    + " to "
                    + LrFormat.rate(r.lrs().getLast())));
    message.set(outcome(r, done, steps, cancelled));
    // Preselect the valley, as fastai's lr_find does since 2.4: the steepest point is often the
    // last plunge right before the loss blows up.
    double first = Suggestion.VALLEY.of(r);
    picked.set(Double.isFinite(first) ? first : Double.NaN);
  }

  private static Message outcome(LrFinder.Result r, int done, int steps, boolean cancelled) {
    boolean suggests = Double.isFinite(r.steepest());
    if (cancelled) {
      return new Message(
          Message.Kind.INFO,
          "Cancelled after "
              + done
              + " of "
              + steps
              + " steps. "
              + (suggests
                  ? "The suggestions come from the curve so far."
                  : "That is too few points to suggest a rate."),
          null);
    }
    if (r.warning() != null) {
      String w = sentence(r.warning());
      return new Message(
          Message.Kind.WARNING, Character.toUpperCase(w.charAt(0)) + w.substring(1), null);
    }
    if (done < steps && done > 0) {
      return new Message(
          Message.Kind.INFO,
          "The loss blew up at lr "
              + LrFormat.rate(r.lrs().getLast())
              + ", so the sweep stopped after "
              + done
              + " of "
              + steps
              + " steps; the weights are back as they were.",
          null);
    }
    return null;
  }

  private void clearCurve() {
    points.clear();
    result.set(null);
    picked.set(Double.NaN);
    progress.set(0);
    progressText.set("");
  }

  private static List<LrFinder.Point> curve(LrFinder.Result r) {
    int n = r.lrs().size();
    return java.util.stream.IntStream.range(0, n)
        .mapToObj(
            i -> new LrFinder.Point(i, n, r.lrs().get(i), r.losses().get(i), r.smoothed().get(i)))
        .toList();
  }

  /**
   * The smoothed loss at a rate, interpolated linearly in log(lr) between the measured points (the
   * end points' loss outside them); NaN without a curve.
   */
  public double lossAt(double lr) {
    if (points.isEmpty() || !(lr > 0)) {
      return Double.NaN;
    }
    if (lr <= points.getFirst().lr()) {
      return points.getFirst().smoothed();
    }
    if (lr >= points.getLast().lr()) {
      return points.getLast().smoothed();
    }
    int lo = 0;
    int hi = points.size() - 1;
    while (hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (points.get(mid).lr() <= lr) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    LrFinder.Point a = points.get(lo);
    LrFinder.Point b = points.get(hi);
    double t = (Math.log(lr) - Math.log(a.lr())) / (Math.log(b.lr()) - Math.log(a.lr()));
    return a.smoothed() + t * (b.smoothed() - a.smoothed());
  }

  // ---- picking and using a rate ----

  /** Picks a rate (rounded to three significant digits); the chart's marker moves there. */
  public void pick(double lr) {
    if (lr > 0 && Double.isFinite(lr)) {
      picked.set(LrFormat.round(lr));
    }
  }

  /** Picks one of the suggestions of the finished sweep. */
  public void pick(Suggestion s) {
    pick(s.of(result.get()));
  }

  /**
   * Writes the picked rate into the project's training settings ("lr") as one undoable edit and
   * shows the Train workspace.
   */
  public void useRate() {
    double lr = picked.get();
    if (!(lr > 0)) {
      return;
    }
    editTraining("Set learning rate to " + LrFormat.rate(lr), "lr", lr);
    context.show().accept("Train");
  }

  // ---- helpers ----

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** "the model ..." → "the model ….": ends a lower-case reason as a sentence. */
  static String sentence(String reason) {
    String s = reason.strip();
    if (s.isEmpty()) {
      return "no reason was given.";
    }
    return s.endsWith(".") || s.endsWith("!") || s.endsWith("?") ? s : s + ".";
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
