package org.layerbench.app.gui.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.layerbench.app.gui.Failure;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.RunList;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.train.Predictor;

/**
 * The Predict workspace's state and commands: the chosen models (one run, or several whose softmax
 * outputs are averaged), the images and their results, and the prediction job on the engine thread
 * (progress, cancel). Changing the models predicts every image again. For a text model the input is
 * typed text instead: one text per non-blank line, classified on {@link #classifyText()}. Knows no
 * controls.
 */
public final class PredictViewModel {
  /** Images added by one drop or one Open at most; a bigger folder is cut there. */
  public static final int MAX_IMAGES = 1000;

  private final WorkbenchContext context;
  private final RunList runs;
  private final ObservableList<RunEntry> chosen = FXCollections.observableArrayList();
  private final ObservableList<ImageResult> images = FXCollections.observableArrayList();
  private final ObservableList<ImageResult> imagesView =
      FXCollections.unmodifiableObservableList(images);
  private final IntegerProperty topK = new SimpleIntegerProperty(this, "topK", 3);
  private final ReadOnlyStringWrapper modality =
      new ReadOnlyStringWrapper(this, "modality", "image");
  private final StringProperty text = new SimpleStringProperty(this, "text", "");
  private final ObservableList<TextResult> textResults = FXCollections.observableArrayList();
  private final ObservableList<TextResult> textResultsView =
      FXCollections.unmodifiableObservableList(textResults);
  private final BackgroundJob job;

  public PredictViewModel(WorkbenchContext context) {
    this.context = context;
    this.job = new BackgroundJob(context.fx());
    this.runs = new RunList(context.io(), context.fx(), () -> context.vm().current());
    runs.onLoad(this::keepChoice);
    context.vm().projectProperty().addListener((obs, o, n) -> runs.refresh());
    chosen.addListener(
        (ListChangeListener<RunEntry>)
            c -> {
              predictAll();
              readModality();
            });
  }

  /** After a refresh: the same runs stay chosen (as re-read); the newest one when none was. */
  private void keepChoice() {
    List<RunEntry> still = new ArrayList<>();
    for (RunEntry e : chosen) {
      RunEntry now = runs.sameAs(e);
      if (now != null && now.usable()) {
        still.add(now);
      }
    }
    if (still.isEmpty() && runs.newestUsable() != null) {
      still.add(runs.newestUsable());
    }
    if (!still.equals(chosen)) {
      chosen.setAll(still);
    }
  }

  public RunList runs() {
    return runs;
  }

  /** The models used: one, or an ensemble. The view adds and removes; every change re-predicts. */
  public ObservableList<RunEntry> chosen() {
    return chosen;
  }

  /** The images in the order they were added. */
  public ObservableList<ImageResult> images() {
    return imagesView;
  }

  /**
   * "image" or "text": what the first chosen model takes (read from its bundle off the FX thread).
   */
  public ReadOnlyStringProperty modalityProperty() {
    return modality.getReadOnlyProperty();
  }

  /** The typed text for a text model: one text per line. */
  public StringProperty textProperty() {
    return text;
  }

  /** The last classified texts, in the order of their lines. */
  public ObservableList<TextResult> textResults() {
    return textResultsView;
  }

  /** How many classes each image shows (1 to the class count). */
  public IntegerProperty topKProperty() {
    return topK;
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

  public ReadOnlyObjectProperty<Failure> failureProperty() {
    return job.failureProperty();
  }

  public void dismissFailure() {
    job.dismissFailure();
  }

  /** Adds a model file and uses it alone. */
  public void openModelFile(Path file) {
    RunEntry e = runs.addModelFile(file);
    chosen.setAll(e);
  }

  /** Uses or stops using a model (for the ensemble check boxes). */
  public void setChosen(RunEntry e, boolean use) {
    if (use && !chosen.contains(e)) {
      chosen.add(e);
    } else if (!use) {
      chosen.remove(e);
    }
  }

  /**
   * Adds images (folders: the images in them, recursively), listed off the FX thread; images
   * already shown are not added twice. The new ones are predicted.
   */
  public void addImages(List<Path> paths) {
    List<Path> given = List.copyOf(paths);
    context
        .io()
        .execute(
            () -> {
              List<Path> files = new ArrayList<>();
              List<String> skipped = new ArrayList<>();
              for (Path p : given) {
                expand(p, files, skipped);
              }
              boolean capped = files.size() > MAX_IMAGES;
              if (capped) {
                files.subList(MAX_IMAGES, files.size()).clear();
              }
              context.fx().execute(() -> added(files, skipped, capped));
            });
  }

  private static void expand(Path p, List<Path> files, List<String> skipped) {
    if (Files.isDirectory(p)) {
      // A folder dropped by mistake (a home folder) is not walked to its end.
      try (Stream<Path> s = Files.walk(p)) {
        s.filter(PredictViewModel::isImage)
            .filter(Files::isRegularFile)
            .limit(Math.max(0, MAX_IMAGES + 1L - files.size()))
            .sorted()
            .forEach(f -> files.add(f.toAbsolutePath().normalize()));
      } catch (IOException | java.io.UncheckedIOException e) {
        skipped.add(p.getFileName() + " (" + e.getMessage() + ")");
      }
    } else if (isImage(p)) {
      files.add(p.toAbsolutePath().normalize());
    } else {
      skipped.add(p.getFileName().toString());
    }
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    int dot = n.lastIndexOf('.');
    return dot > 0 && ImageFolder.IMAGE_EXTENSIONS.contains(n.substring(dot + 1));
  }

  private void added(List<Path> files, List<String> skipped, boolean capped) {
    Set<Path> have = new LinkedHashSet<>();
    images.forEach(i -> have.add(i.file()));
    List<Path> fresh = new ArrayList<>();
    for (Path f : files) {
      Path abs = f.toAbsolutePath().normalize();
      if (have.add(abs)) {
        fresh.add(abs);
      }
    }
    if (!fresh.isEmpty()) {
      fresh.forEach(f -> images.add(ImageResult.pending(f)));
      if (job.runningProperty().get()) {
        predictAll(); // the running job does not know the new images: start again with all
      } else {
        predict(fresh);
      }
    }
    if (capped) { // after predicting, which clears the last failure
      job.fail(
          Failure.of(
              "Only the first " + MAX_IMAGES + " images were added; add the others separately"));
    } else if (!skipped.isEmpty()) {
      job.fail(
          Failure.of(
              "Not an image (png, jpg, jpeg, bmp or gif), left out: "
                  + String.join(", ", skipped.subList(0, Math.min(5, skipped.size())))
                  + (skipped.size() > 5 ? " and " + (skipped.size() - 5) + " more" : "")));
    }
  }

  /** Removes one image. */
  public void remove(Path file) {
    images.removeIf(i -> i.file().equals(file));
  }

  /** Removes every image. */
  public void clear() {
    cancel();
    images.clear();
    job.say("");
  }

  /** Reads what the first chosen model takes; a text model then classifies the typed text again. */
  private void readModality() {
    if (chosen.isEmpty()) {
      return;
    }
    Path first = chosen.getFirst().bundle();
    context
        .io()
        .execute(
            () -> {
              String m;
              try {
                m = ModelBundle.read(first).preprocessing().modality();
              } catch (IOException | ModelFormatException | RuntimeException e) {
                m = "image"; // the prediction job reports the unreadable bundle
              }
              String read = m;
              context
                  .fx()
                  .execute(
                      () -> {
                        if (chosen.isEmpty() || !chosen.getFirst().bundle().equals(first)) {
                          return; // another model was chosen meanwhile
                        }
                        modality.set(read);
                        if ("text".equals(read) && !textResults.isEmpty()) {
                          classifyText();
                        }
                      });
            });
  }

  /** The texts {@link #classifyText()} classifies: the non-blank lines, at most a thousand. */
  static List<String> texts(String typed) {
    return typed.lines().filter(l -> !l.isBlank()).limit(MAX_IMAGES).toList();
  }

  /**
   * Classifies the typed text with the chosen (text) models on the engine thread: each non-blank
   * line is one text. The results replace the previous ones when all are done.
   */
  public void classifyText() {
    List<String> texts = texts(text.get() == null ? "" : text.get());
    List<RunEntry> models = ordered();
    if (models.isEmpty()) {
      job.abandon("Choose a model to classify the text.");
      return;
    }
    if (texts.isEmpty()) {
      textResults.clear();
      job.abandon("Type or paste a text, one per line.");
      return;
    }
    List<Path> bundles = models.stream().map(RunEntry::bundle).toList();
    String what = models.size() == 1 ? models.getFirst().name() : "an ensemble of " + models.size();
    job.<List<TextResult>>task(
            "classify texts with " + what,
            p -> {
              List<TextResult> out = new ArrayList<>();
              try (Predictor predictor = new Predictor(bundles)) {
                int k = predictor.labels().size();
                for (String t : texts) {
                  if (p.cancelled()) {
                    throw new CancellationException();
                  }
                  out.add(new TextResult(t, predictor.predictText(t, k).top()));
                  p.update(
                      (double) out.size() / texts.size(),
                      "Classifying with " + what + ": " + out.size() + " of " + texts.size());
                }
              }
              return out;
            })
        .onSuccess(
            rs -> {
              textResults.setAll(rs);
              job.say(
                  "Classified "
                      + rs.size()
                      + (rs.size() == 1 ? " text" : " texts")
                      + " with "
                      + what
                      + ".");
            })
        .onCancelled("Cancelled.")
        .start(context.engine()::submit);
  }

  /** The chosen models in the list's order, whatever order they were checked in. */
  private List<RunEntry> ordered() {
    List<RunEntry> models = new ArrayList<>(chosen);
    models.sort(
        java.util.Comparator.comparingInt(
            (RunEntry e) -> {
              int i = runs.entries().indexOf(e);
              return i < 0 ? Integer.MAX_VALUE : i;
            }));
    return models;
  }

  /** Predicts every image again with the chosen models. */
  public void predictAll() {
    List<Path> all = images.stream().map(ImageResult::file).toList();
    for (int i = 0; i < images.size(); i++) {
      images.set(i, ImageResult.pending(images.get(i).file()));
    }
    if (all.isEmpty()) {
      job.abandon(null);
      return;
    }
    predict(all);
  }

  private void predict(List<Path> files) {
    List<RunEntry> models = ordered();
    if (models.isEmpty()) {
      job.abandon("Choose a model to classify the images.");
      return;
    }
    List<Path> bundles = models.stream().map(RunEntry::bundle).toList();
    List<String> names = models.stream().map(RunEntry::name).toList();
    String what = models.size() == 1 ? models.getFirst().name() : "an ensemble of " + models.size();
    job.<Integer>task(
            "classify with " + what,
            p -> {
              try (Predictor predictor = new Predictor(bundles)) {
                List<String> labels = predictor.labels();
                for (Path f : files) {
                  if (p.cancelled()) {
                    throw new CancellationException();
                  }
                  ImageResult r;
                  try {
                    r = ImageResult.of(f, labels, names, predictor.predict(f, labels.size()));
                  } catch (IOException e) {
                    r = ImageResult.failed(f, reason(f, e));
                  }
                  ImageResult result = r;
                  p.publish(() -> show(result, what));
                }
              }
              return files.size();
            })
        .onSuccess(
            n ->
                job.say(
                    "Classified " + n + (n == 1 ? " image" : " images") + " with " + what + "."))
        .onCancelled("Cancelled.")
        .start(context.engine()::submit);
  }

  /** On the FX thread: one image's result, and the count so far. */
  private void show(ImageResult r, String what) {
    for (int i = 0; i < images.size(); i++) {
      if (images.get(i).file().equals(r.file())) {
        images.set(i, r);
      }
    }
    long done = images.stream().filter(x -> !x.pending()).count();
    job.showProgress(
        (double) done / Math.max(1, images.size()),
        "Classifying with " + what + ": " + done + " of " + images.size());
  }

  private static String reason(Path f, IOException e) {
    if (e instanceof org.layerbench.engine.data.image.ImageDecodeException d) {
      return d.reason();
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m.replace(f + ": ", "");
  }

  /** Stops the running job before its next image. */
  public void cancel() {
    job.cancel();
  }
}
