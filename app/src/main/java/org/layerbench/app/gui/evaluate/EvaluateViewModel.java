package org.layerbench.app.gui.evaluate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.layerbench.app.gui.Failure;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.RunList;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.train.Evaluation;
import org.layerbench.engine.train.Evaluation.SampleResult;
import org.layerbench.engine.train.EvaluationProgress;
import org.layerbench.engine.train.Evaluator;

/**
 * The Evaluate workspace's state and commands: which run, which split and dataset, the evaluation
 * running on the engine thread (progress, cancel), its result, and the confusion-matrix cell whose
 * images (or texts) are shown. A dataset that is a file is a CSV/TSV of labelled texts: a text
 * model is evaluated on the run's split of it, its format detected. Knows no controls.
 */
public final class EvaluateViewModel {
  /** The splits an image folder has. */
  public static final List<String> SPLITS = List.of("val", "test", "train");

  /** What was evaluated and what came out. */
  public record Result(RunEntry run, String split, Path data, Evaluation evaluation) {
    /** Whether the samples are texts (with their text and line), not image files. */
    public boolean texts() {
      return !evaluation.samples().isEmpty() && evaluation.samples().getFirst().text() != null;
    }
  }

  /** A cell of the confusion matrix: true class (row) and predicted class (column). */
  public record Cell(int row, int column) {}

  private final WorkbenchContext context;
  private final BackgroundJob job;
  private final RunList runs;
  private final ObjectProperty<RunEntry> run = new SimpleObjectProperty<>(this, "run");
  private final ObjectProperty<String> split = new SimpleObjectProperty<>(this, "split", "val");
  private final ObjectProperty<Path> dataOverride = new SimpleObjectProperty<>(this, "data");
  private final ObjectBinding<Path> dataDir;
  private final ReadOnlyObjectWrapper<Result> result = new ReadOnlyObjectWrapper<>(this, "result");
  private final ReadOnlyObjectWrapper<Cell> cell = new ReadOnlyObjectWrapper<>(this, "cell");

  public EvaluateViewModel(WorkbenchContext context) {
    this.context = context;
    this.job = new BackgroundJob(context.fx());
    this.runs = new RunList(context.io(), context.fx(), () -> context.vm().current());
    dataDir =
        Bindings.createObjectBinding(
            () -> dataFor(run.get(), dataOverride.get()),
            run,
            dataOverride,
            context.vm().projectProperty());
    runs.onLoad(
        () -> {
          RunEntry same = runs.sameAs(run.get());
          run.set(same != null ? same : runs.newestUsable());
        });
    context
        .vm()
        .projectProperty()
        .addListener(
            (obs, o, n) -> {
              if (o == null || n == null || !java.util.Objects.equals(o.file(), n.file())) {
                cell.set(null); // another project: the last result belongs to the old one
                result.set(null);
                dataOverride.set(null);
              }
              runs.refresh();
            });
  }

  private Path dataFor(RunEntry r, Path override) {
    if (override != null) {
      return override;
    }
    if (r != null && r.dataDir() != null) {
      return r.dataDir();
    }
    Path texts = textDataFor(r);
    if (texts != null) {
      return texts;
    }
    return context.vm().current().datasetDir();
  }

  /**
   * The CSV/TSV file a text run trained on, or null: run.json's {@code text} key, as {@link
   * RunEntry#text()} holds it.
   */
  static Path textDataFor(RunEntry r) {
    return r != null && r.text() != null ? r.text().train() : null;
  }

  public RunList runs() {
    return runs;
  }

  /** The run (or model file) to evaluate. */
  public ObjectProperty<RunEntry> runProperty() {
    return run;
  }

  /** "val", "test" or "train". */
  public ObjectProperty<String> splitProperty() {
    return split;
  }

  /**
   * A dataset folder, or a CSV/TSV file of texts, chosen by hand; null for the run's (else the
   * project's).
   */
  public ObjectProperty<Path> dataOverrideProperty() {
    return dataOverride;
  }

  /** The dataset folder the evaluation will read. */
  public ObjectBinding<Path> dataDirProperty() {
    return dataDir;
  }

  public ReadOnlyBooleanProperty runningProperty() {
    return job.runningProperty();
  }

  /** In [0, 1] while running; -1 while waiting for the engine. */
  public ReadOnlyDoubleProperty progressProperty() {
    return job.progressProperty();
  }

  public ReadOnlyStringProperty statusProperty() {
    return job.messageProperty();
  }

  /** The last evaluation's failure, or null. */
  public ReadOnlyObjectProperty<Failure> failureProperty() {
    return job.failureProperty();
  }

  public ReadOnlyObjectProperty<Result> resultProperty() {
    return result.getReadOnlyProperty();
  }

  /** The confusion-matrix cell whose images are shown, or null. */
  public ReadOnlyObjectProperty<Cell> cellProperty() {
    return cell.getReadOnlyProperty();
  }

  /** Adds a model file and picks it. */
  public void openModelFile(Path file) {
    run.set(runs.addModelFile(file));
  }

  public void dismissFailure() {
    job.dismissFailure();
  }

  /** Evaluates the chosen run on the chosen split, on the engine thread. */
  public void evaluate() {
    RunEntry r = run.get();
    Path data = dataDir.get();
    String s = split.get();
    if (r == null) {
      job.fail(Failure.of("Choose a run or open a model file to evaluate"));
      return;
    }
    if (!r.usable()) {
      job.fail(Failure.of("Could not evaluate " + r.name() + ": " + r.reason()));
      return;
    }
    if (data == null) {
      job.fail(
          Failure.of(
              "Could not evaluate "
                  + r.name()
                  + ": the project has no dataset — choose a data folder"));
      return;
    }
    long[] started = {System.nanoTime()};
    job.<Evaluation>task(
            "evaluate " + r.name() + " on " + s,
            p -> {
              p.update(-1, "Evaluating " + r.name() + " on " + s + ": 0 of 0");
              started[0] = System.nanoTime();
              EvaluationProgress watcher =
                  new EvaluationProgress() {
                    @Override
                    public void imagesDone(int done, int total) {
                      p.update(
                          total == 0 ? -1 : (double) done / total,
                          "Evaluating " + r.name() + " on " + s + ": " + done + " of " + total);
                    }

                    @Override
                    public boolean cancelled() {
                      return p.cancelled();
                    }
                  };
              if (Files.isRegularFile(data)) {
                return evaluateTexts(r, data, s, watcher);
              }
              return Evaluator.evaluate(r.bundle(), data, s, r.valSplit(), r.seed(), watcher);
            })
        .onSuccess(
            e -> {
              cell.set(null);
              Result done = new Result(r, s, data, e);
              result.set(done);
              job.say(
                  String.format(
                      java.util.Locale.ROOT,
                      "Evaluated %d %s in %.1f s",
                      e.samples().size(),
                      done.texts() ? "texts" : "images",
                      (System.nanoTime() - started[0]) / 1e9));
            })
        .onCancelled("Evaluation cancelled")
        .onFailure(t -> Failure.of("evaluate " + r.name() + " on " + s, t))
        .start(context.engine()::submit);
  }

  /**
   * A text model on split {@code s} of {@code file}. Engine thread. The run's own file is read as
   * the run read it ({@link #textDataset}); see there.
   */
  private static Evaluation evaluateTexts(
      RunEntry r, Path file, String s, EvaluationProgress watcher) throws Exception {
    return Evaluator.evaluateText(r.bundle(), textDataset(r, file), s, watcher);
  }

  /**
   * The texts to evaluate {@code r} on. Its own training file: the files, format, validation
   * fraction and seed its run.json records, so the validation split is the rows the run validated
   * on. Another file (chosen by hand): read in the detected format and split with the run's
   * fraction and seed.
   */
  static TextDataset textDataset(RunEntry r, Path file) throws Exception {
    if (r.text() != null && file.toAbsolutePath().equals(r.text().train())) {
      return r.text().read(r.valSplit(), r.seed());
    }
    TextFormat format = TextFormat.detect(file).format();
    return TextDataset.split(file, format, r.valSplit(), 0, r.seed());
  }

  /** Asks the running evaluation to stop before its next batch. */
  public void cancel() {
    job.cancel();
  }

  /** Shows the images of a confusion-matrix cell (null: none). */
  public void selectCell(Cell c) {
    cell.set(c);
  }

  /** The images whose true class is {@code row} and predicted class {@code column}, worst first. */
  public static List<SampleResult> cellSamples(Evaluation e, int row, int column) {
    return e.samples().stream()
        .filter(s -> s.label() == row && s.predicted() == column)
        .sorted(Comparator.comparingDouble(SampleResult::loss).reversed())
        .toList();
  }

  /** The texts of a cell, worst first: by the probability given to the true class, lowest first. */
  public static List<SampleResult> cellTexts(Evaluation e, int row, int column) {
    return e.cell(row, column);
  }

  /** Misclassified texts, lowest probability of the true class first. */
  public static List<SampleResult> worstTextMistakes(Evaluation e) {
    return e.misclassifiedWorstFirst();
  }

  /** Misclassified images, highest loss first. */
  public static List<SampleResult> worstMistakes(Evaluation e) {
    return e.worstFirst().stream().filter(s -> s.label() != s.predicted()).toList();
  }
}
