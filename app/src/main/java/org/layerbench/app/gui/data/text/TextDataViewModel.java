package org.layerbench.app.gui.data.text;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
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
import org.layerbench.app.gui.data.DataExecutors;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.project.Project;
import org.layerbench.engine.project.ProjectTextData;

/**
 * The Data workspace's state for a dataset that is a CSV/TSV file of labelled texts, without
 * controls. It follows the project: a change of the file, its format, its separate files or the
 * split reads the file again ({@link TextLoad}, one background job); a change of the text settings
 * only recomputes the statistics ({@link TextStats}, another). Each job applies its result in one
 * update. Every edit (format, files, settings) is one undoable project edit.
 */
public final class TextDataViewModel {

  /** What a read depends on: a change of any reads the file again. */
  private record Key(Path file, TextFormat format, Path val, Path test, double split, long seed) {}

  private final WorkbenchViewModel vm;
  private final DataExecutors ex;
  private final BackgroundJob loadJob;
  private final BackgroundJob statsJob;

  private final ReadOnlyBooleanWrapper active = new ReadOnlyBooleanWrapper();
  private final ReadOnlyObjectWrapper<TextLoad> loaded = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<TextStats> stats = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<TextSettings> settings =
      new ReadOnlyObjectWrapper<>(TextSettings.defaults());
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ObservableList<TextRow> rows = FXCollections.observableArrayList();
  private final FilteredList<TextRow> shown = new FilteredList<>(rows);
  private final ObjectProperty<String> splitFilter = new SimpleObjectProperty<>();
  private final ObjectProperty<String> classFilter = new SimpleObjectProperty<>();
  private final ObjectProperty<TextRow> selected = new SimpleObjectProperty<>();
  private final ReadOnlyObjectWrapper<TokenPreview> preview = new ReadOnlyObjectWrapper<>();

  private Key key;

  public TextDataViewModel(WorkbenchViewModel vm, DataExecutors executors) {
    this.vm = vm;
    this.ex = executors;
    this.loadJob = new BackgroundJob(executors.fx());
    this.statsJob = new BackgroundJob(executors.fx());
    splitFilter.addListener((o, a, b) -> refilter());
    classFilter.addListener((o, a, b) -> refilter());
    selected.addListener((o, a, b) -> updatePreview());
    vm.projectProperty().addListener((obs, o, n) -> projectChanged(n));
    projectChanged(vm.projectProperty().get());
  }

  private void projectChanged(Project p) {
    boolean text = p != null && p.textDataset();
    active.set(text);
    if (!text) {
      key = null;
      abandon();
      clear("");
      return;
    }
    ProjectTextData t = p.text() == null ? ProjectTextData.defaults() : p.text();
    Key k =
        new Key(
            p.datasetDir().toAbsolutePath(),
            t.format(),
            p.resolve(t.valData()),
            p.resolve(t.testData()),
            p.training().valSplit(),
            p.training().seed());
    boolean settingsChanged = !t.settings().equals(settings.get());
    settings.set(t.settings());
    if (!k.equals(key)) {
      key = k;
      read(k);
    } else if (settingsChanged && loaded.get() != null) {
      computeStats();
    }
  }

  private void read(Key k) {
    statsJob.abandon(null);
    loaded.set(null);
    stats.set(null);
    clear("Reading " + k.file().getFileName() + "…");
    startLoad(k);
  }

  private void startLoad(Key k) {
    loadJob
        .task(
            "read the text file",
            p -> TextLoad.read(k.file(), k.format(), k.val(), k.test(), k.split(), k.seed()))
        .waiting("Reading " + k.file().getFileName() + "…")
        .onSuccess(
            l -> {
              loaded.set(l);
              computeStats();
            })
        .onCancelled(
            "Cancelled.", () -> clear("Reading was cancelled; change the format to read it again."))
        .onFailed(t -> clear("The dataset cannot be used: " + FileErrors.message(t) + "."))
        .startOn(ex.scan());
  }

  private void computeStats() {
    TextLoad l = loaded.get();
    TextSettings s = settings.get();
    if (stats.get() == null) {
      message.set("Tokenizing " + l.dataset().splits().train().size() + " training texts…");
    }
    statsJob
        .task("count the tokens", p -> TextStats.compute(l.dataset(), s, p::cancelled))
        .waiting("Tokenizing…")
        .onSuccess(this::applyStats)
        .onCancelled(
            "Cancelled.",
            () -> {
              if (stats.get() == null) {
                message.set("Counting was cancelled; change a setting to count again.");
              }
            })
        .onFailed(t -> message.set("The statistics failed: " + FileErrors.message(t) + "."))
        .startOn(ex.scan());
  }

  private void applyStats(TextStats s) {
    // The same dataset keeps its row order, so the selected row keeps its place (its token count
    // changes with the tokenizer); a new dataset starts at its first row.
    TextStats old = stats.get();
    TextRow before = selected.get();
    int at =
        before == null || old == null || old.rows().size() != s.rows().size()
            ? -1
            : old.rows().indexOf(before);
    stats.set(s);
    rows.setAll(s.rows());
    message.set("");
    selected.set(at >= 0 ? s.rows().get(at) : s.rows().isEmpty() ? null : s.rows().get(0));
    updatePreview();
  }

  private void clear(String why) {
    stats.set(null);
    rows.clear();
    selected.set(null);
    preview.set(null);
    message.set(why);
  }

  private void refilter() {
    String split = splitFilter.get();
    String cls = classFilter.get();
    shown.setPredicate(
        r -> (split == null || split.equals(r.split())) && (cls == null || cls.equals(r.label())));
  }

  private void updatePreview() {
    TextRow r = selected.get();
    TextStats s = stats.get();
    preview.set(
        r == null || s == null ? null : TokenPreview.of(r.text(), s.settings(), s.vocabulary()));
  }

  /** Stops the running read and statistics; their results will not land. */
  public void abandon() {
    loadJob.abandon(null);
    statsJob.abandon(null);
  }

  /** Asks the running read or statistics to stop. */
  public void cancel() {
    loadJob.cancel();
    statsJob.cancel();
  }

  // ---- edits (each one undoable project edit) ----

  private ProjectTextData text(Project p) {
    return p.text() == null ? ProjectTextData.defaults() : p.text();
  }

  /** Reads the file in {@code format} from now on. */
  public void setFormat(TextFormat format) {
    vm.editProject("Text Format", p -> p.withText(text(p).withFormat(format)));
  }

  /** Back to the format detection proposes. */
  public void useProposedFormat() {
    vm.editProject("Detected Text Format", p -> p.withText(text(p).withFormat(null)));
  }

  /** Tokenizes with {@code s} from now on. */
  public void setSettings(TextSettings s) {
    vm.editProject(
        "Text Settings", p -> p.withText(text(p).withSettings(Objects.requireNonNull(s))));
  }

  /**
   * Validates with a separate {@code val} file (and {@code test}, may be null); both null to split
   * the dataset file by the validation split again.
   */
  public void setFiles(Path val, Path test) {
    vm.editProject(
        val == null ? "Split Validation" : "Validation File " + val.getFileName(),
        p ->
            p.withText(
                text(p)
                    .withFiles(
                        val == null ? null : stored(p, val),
                        test == null ? null : stored(p, test))));
  }

  /** The validation share of the file (one undoable edit). */
  public void setValSplit(double fraction) {
    double rounded = Math.round(fraction * 100) / 100.0;
    vm.editProject(
        String.format(Locale.ROOT, "Validation Split %.0f%%", rounded * 100),
        p -> p.withTraining(p.training().withValSplit(rounded)));
  }

  private static String stored(Project p, Path file) {
    Path abs = file.toAbsolutePath().normalize();
    if (p.file() == null) {
      return abs.toString();
    }
    try {
      return p.file()
          .toAbsolutePath()
          .normalize()
          .getParent()
          .relativize(abs)
          .toString()
          .replace('\\', '/');
    } catch (IllegalArgumentException e) {
      return abs.toString();
    }
  }

  // ---- properties ----

  /** True while the project's dataset is a text file (the workspace shows the text view). */
  public ReadOnlyBooleanProperty activeProperty() {
    return active.getReadOnlyProperty();
  }

  /** The file as read (format, proposal, dataset, columns), or null. */
  public ReadOnlyObjectProperty<TextLoad> loadedProperty() {
    return loaded.getReadOnlyProperty();
  }

  /** The statistics under the current settings, or null. */
  public ReadOnlyObjectProperty<TextStats> statsProperty() {
    return stats.getReadOnlyProperty();
  }

  /** The project's text settings. */
  public ReadOnlyObjectProperty<TextSettings> settingsProperty() {
    return settings.getReadOnlyProperty();
  }

  /** Why nothing is shown, or what is being read ("" when the statistics are shown). */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** The project's validation share of the file. */
  public double valSplit() {
    Project p = vm.projectProperty().get();
    return p == null ? 0.2 : p.training().valSplit();
  }

  /** The project's separate validation file as stored, or null. */
  public String valFile() {
    Project p = vm.projectProperty().get();
    return p == null || p.text() == null ? null : p.text().valData();
  }

  /** The rows the table shows (filtered by split and class). */
  public ObservableList<TextRow> shownRows() {
    return shown;
  }

  /** "train", "val", "test", or null for all. */
  public ObjectProperty<String> splitFilterProperty() {
    return splitFilter;
  }

  /** A class name, or null for all. */
  public ObjectProperty<String> classFilterProperty() {
    return classFilter;
  }

  /** The row whose tokens the preview shows. */
  public ObjectProperty<TextRow> selectedProperty() {
    return selected;
  }

  /** The selected row as tokens and ids under the current settings, or null. */
  public ReadOnlyObjectProperty<TokenPreview> previewProperty() {
    return preview.getReadOnlyProperty();
  }

  /** The read's and the statistics' jobs (state, progress, cancel) for the status strip. */
  public BackgroundJob loadJob() {
    return loadJob;
  }

  public BackgroundJob statsJob() {
    return statsJob;
  }
}
