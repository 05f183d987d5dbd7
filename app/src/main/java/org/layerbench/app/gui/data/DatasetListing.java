package org.layerbench.app.gui.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.layerbench.app.FileErrors;
import org.layerbench.app.gui.data.DataViewModel.JobState;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.data.DatasetScan;
import org.layerbench.engine.data.ProgressMonitor;
import org.layerbench.engine.data.ScanOptions;
import org.layerbench.engine.data.ScanReport;

/**
 * The Data workspace's dataset: the folder listed (quickly, so the grid fills), then scanned for
 * problems with progress and cancel, and the images per class it finds. Both are {@link
 * BackgroundJob}s on the scan executor; a new dataset abandons whatever ran for the old one.
 */
final class DatasetListing {

  /** What the listing depends on: a change of any reloads the dataset. */
  record Key(Path dir, double valSplit, long seed) {}

  private final DataExecutors ex;
  private final Runnable reloading;
  private final java.util.function.Consumer<DatasetIndex> listed;
  private final BackgroundJob listJob;
  private final BackgroundJob scanJob;

  private final ReadOnlyObjectWrapper<DatasetIndex> index = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper datasetMessage = new ReadOnlyStringWrapper("");
  private final ObservableList<ScanReport.ClassCount> counts = FXCollections.observableArrayList();
  // One read-only view each, kept: listeners on a fresh wrapper per call would be collected.
  private final ObservableList<ScanReport.ClassCount> countsView =
      FXCollections.unmodifiableObservableList(counts);
  private final ReadOnlyStringWrapper balanceWarning = new ReadOnlyStringWrapper();
  private final ReadOnlyObjectProperty<JobState> scanState;
  private final ReadOnlyDoubleWrapper scanProgress = new ReadOnlyDoubleWrapper();
  private final ReadOnlyStringWrapper scanText = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<ScanReport> report = new ReadOnlyObjectWrapper<>();
  private final ObservableList<DataProblem> problems = FXCollections.observableArrayList();
  private final ObservableList<DataProblem> problemsView =
      FXCollections.unmodifiableObservableList(problems);

  private Key key;

  /**
   * @param reloading told when the dataset is about to be listed again
   * @param listed told (on the FX thread) of each new index, null when there is none
   */
  DatasetListing(
      DataExecutors executors,
      Runnable reloading,
      java.util.function.Consumer<DatasetIndex> listed) {
    this.ex = executors;
    this.reloading = reloading;
    this.listed = listed;
    this.listJob = new BackgroundJob(executors.fx());
    this.scanJob = new BackgroundJob(executors.fx());
    this.scanState = JobStates.of(scanJob);
  }

  /** Lists and scans the folder of {@code k} unless it is the one already shown. */
  void show(Key k) {
    if (!k.equals(key)) {
      key = k;
      reload(k);
    }
  }

  /** Lists and scans the dataset folder again (after files changed on disk). */
  void refresh() {
    if (key != null) {
      reload(key);
    }
  }

  /** Stops the listing and the scan; their results will not land. */
  void abandon() {
    listJob.abandon(null);
    scanJob.abandon(null);
  }

  private void reload(Key k) {
    abandon();
    reloading.run();
    report.set(null);
    scanText.set("");
    if (k.dir() == null) {
      applyIndex(null);
      datasetMessage.set(
          "This project has no dataset yet. Open a folder of images: one folder per class"
              + " (cat/, dog/, …), or train/ and val/ folders that each hold those.");
      return;
    }
    listJob
        .task("list the dataset", p -> DatasetIndex.list(k.dir(), k.valSplit(), k.seed()))
        .onSuccess(
            idx -> {
              datasetMessage.set("");
              applyIndex(idx);
              startScan(k);
            })
        .onFailed(
            t -> {
              applyIndex(null);
              datasetMessage.set("The dataset cannot be used: " + FileErrors.message(t) + ".");
            })
        .startOn(ex.scan());
  }

  private void applyIndex(DatasetIndex idx) {
    index.set(idx);
    listed.accept(idx);
    counts.setAll(idx == null ? List.of() : idx.counts());
    problems.setAll(idx == null ? List.of() : DataProblem.of(idx));
    updateBalance();
  }

  private void updateBalance() {
    List<ClassBalance.Count> train = new ArrayList<>();
    for (ScanReport.ClassCount c : counts) {
      train.add(new ClassBalance.Count(c.name(), c.train()));
    }
    balanceWarning.set(ClassBalance.warning(train));
  }

  private void startScan(Key k) {
    scanProgress.set(0);
    scanText.set("Checking every image…");
    ScanOptions options =
        ScanOptions.defaults().withSplit(k.valSplit(), k.seed()).withStatistics(false);
    scanJob
        .task(
            "check the dataset",
            job ->
                DatasetScan.scan(
                    k.dir(),
                    options,
                    new ProgressMonitor() {
                      @Override
                      public void progress(String stage, long done, long total) {
                        job.publish(
                            () -> {
                              scanProgress.set(total == 0 ? 1 : (double) done / total);
                              scanText.set(
                                  stage.equals("duplicates")
                                      ? "Looking for duplicates: "
                                          + done
                                          + " of "
                                          + total
                                          + " files"
                                      : "Checking images: " + done + " of " + total);
                            });
                      }

                      @Override
                      public boolean isCancelled() {
                        return job.cancelled();
                      }
                    }))
        .onSuccess(this::applyReport)
        .onCancelled("", () -> scanText.set("Check cancelled: problems are not known."))
        .onFailed(t -> scanText.set("The check failed: " + FileErrors.message(t)))
        .startOn(ex.scan());
  }

  private void applyReport(ScanReport r) {
    report.set(r);
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
  void cancelScan() {
    scanJob.cancel();
  }

  ReadOnlyObjectProperty<DatasetIndex> indexProperty() {
    return index.getReadOnlyProperty();
  }

  ReadOnlyStringProperty datasetMessageProperty() {
    return datasetMessage.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty loadingProperty() {
    return listJob.runningProperty();
  }

  ObservableList<ScanReport.ClassCount> counts() {
    return countsView;
  }

  ReadOnlyStringProperty balanceWarningProperty() {
    return balanceWarning.getReadOnlyProperty();
  }

  ReadOnlyObjectProperty<JobState> scanStateProperty() {
    return scanState;
  }

  ReadOnlyDoubleProperty scanProgressProperty() {
    return scanProgress.getReadOnlyProperty();
  }

  ReadOnlyStringProperty scanTextProperty() {
    return scanText.getReadOnlyProperty();
  }

  ReadOnlyObjectProperty<ScanReport> reportProperty() {
    return report.getReadOnlyProperty();
  }

  ObservableList<DataProblem> problems() {
    return problemsView;
  }
}
