package org.layerbench.app.gui.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.layerbench.app.gui.data.DataViewModel.JobState;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.data.ChannelStatistics;
import org.layerbench.engine.data.ChannelStats;
import org.layerbench.engine.data.ProgressMonitor;

/**
 * Measures the training images' per-channel mean and std as a {@link BackgroundJob} on the scan
 * executor, with progress and cancel; a new dataset {@linkplain #reset resets} it.
 */
final class ChannelStatsJob {
  private final DataExecutors ex;
  private final BackgroundJob job;
  private final ReadOnlyObjectProperty<JobState> state;
  private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
  private final ReadOnlyObjectWrapper<ChannelStats> stats = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

  ChannelStatsJob(DataExecutors executors) {
    this.ex = executors;
    this.job = new BackgroundJob(executors.fx());
    this.state = JobStates.of(job);
  }

  /** Forgets the measurement and drops a running one (the dataset changed). */
  void reset() {
    job.abandon(null);
    stats.set(null);
    message.set("");
  }

  /** Measures these files unless a measurement runs. */
  void compute(List<Path> files) {
    if (state.get() == JobState.RUNNING) {
      return;
    }
    progress.set(0);
    message.set("Measuring " + files.size() + " training images…");
    job.task(
            "measure the images",
            p ->
                ChannelStatistics.compute(
                    files,
                    new ProgressMonitor() {
                      @Override
                      public void progress(String stage, long done, long total) {
                        p.publish(
                            () -> {
                              progress.set((double) done / Math.max(1, total));
                              message.set(
                                  "Measuring training images: " + done + " of " + total + "…");
                            });
                      }

                      @Override
                      public boolean isCancelled() {
                        return p.cancelled();
                      }
                    }))
        .onSuccess(
            s -> {
              stats.set(s);
              progress.set(1);
              message.set(
                  "Measured on "
                      + s.images()
                      + " training images ("
                      + String.format(Locale.ROOT, "%,d", s.pixels())
                      + " pixels).");
            })
        .onCancelled("", () -> message.set("Cancelled; nothing was measured."))
        .onFailed(t -> message.set("Could not measure: " + DataViewModel.readable(t)))
        .startOn(ex.scan());
  }

  void cancel() {
    job.cancel();
  }

  ReadOnlyObjectProperty<JobState> stateProperty() {
    return state;
  }

  ReadOnlyDoubleProperty progressProperty() {
    return progress.getReadOnlyProperty();
  }

  ReadOnlyObjectProperty<ChannelStats> statsProperty() {
    return stats.getReadOnlyProperty();
  }

  ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }
}
