package org.layerbench.app.gui.data;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.layerbench.app.gui.data.DataViewModel.JobState;
import org.layerbench.app.gui.service.BackgroundJob;

/**
 * The Data workspace's job states as its views have always seen them: a job that waits for its
 * thread counts as running, one that succeeded as done.
 */
final class JobStates {
  private JobStates() {}

  static ReadOnlyObjectProperty<JobState> of(BackgroundJob job) {
    ReadOnlyObjectWrapper<JobState> out = new ReadOnlyObjectWrapper<>(JobState.IDLE);
    out.bind(
        Bindings.createObjectBinding(
            () ->
                switch (job.stateProperty().get()) {
                  case IDLE -> JobState.IDLE;
                  case WAITING, RUNNING -> JobState.RUNNING;
                  case SUCCEEDED -> JobState.DONE;
                  case CANCELLED -> JobState.CANCELLED;
                  case FAILED -> JobState.FAILED;
                },
            job.stateProperty()));
    return out.getReadOnlyProperty();
  }
}
