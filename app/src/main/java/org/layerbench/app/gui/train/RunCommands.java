package org.layerbench.app.gui.train;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.value.ObservableStringValue;
import javafx.collections.ObservableList;
import org.layerbench.app.gui.train.TrainViewModel.RunState;

/**
 * What applies to the run now, from its state: the Train buttons and the Run menu bind to the same
 * five properties.
 */
final class RunCommands {
  private final ReadOnlyBooleanWrapper canStart = new ReadOnlyBooleanWrapper(this, "canStart");
  private final ReadOnlyBooleanWrapper canPause = new ReadOnlyBooleanWrapper(this, "canPause");
  private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper(this, "canResume");
  private final ReadOnlyBooleanWrapper canStop = new ReadOnlyBooleanWrapper(this, "canStop");
  private final ReadOnlyBooleanWrapper canContinue =
      new ReadOnlyBooleanWrapper(this, "canContinue");

  /**
   * @param configProblem why the settings make no run, or null
   * @param runs the project's runs (Continue applies when one is continuable)
   */
  RunCommands(
      ReadOnlyObjectProperty<RunState> state,
      ObservableStringValue configProblem,
      ObservableList<RunRecord> runs) {
    BooleanBinding active = Bindings.createBooleanBinding(() -> state.get().active(), state);
    canStart.bind(active.not().and(Bindings.isNull(configProblem)));
    canPause.bind(state.isEqualTo(RunState.RUNNING).or(state.isEqualTo(RunState.STARTING)));
    canResume.bind(state.isEqualTo(RunState.PAUSED));
    canStop.bind(active.and(state.isNotEqualTo(RunState.STOPPING)));
    canContinue.bind(
        Bindings.createBooleanBinding(
            () -> !state.get().active() && runs.stream().anyMatch(RunRecord::continuable),
            state,
            runs));
  }

  /**
   * Start applies: no run is active and the settings are valid ({@link
   * TrainViewModel#configProblemProperty}).
   */
  ReadOnlyBooleanProperty canStartProperty() {
    return canStart.getReadOnlyProperty();
  }

  /** Pause applies: a run is starting or training. */
  ReadOnlyBooleanProperty canPauseProperty() {
    return canPause.getReadOnlyProperty();
  }

  /** Resume applies: the run is paused. */
  ReadOnlyBooleanProperty canResumeProperty() {
    return canResume.getReadOnlyProperty();
  }

  /** Stop applies: a run is active and not already stopping. */
  ReadOnlyBooleanProperty canStopProperty() {
    return canStop.getReadOnlyProperty();
  }

  /** Continue applies: no run is active and one of the project's runs is continuable. */
  ReadOnlyBooleanProperty canContinueProperty() {
    return canContinue.getReadOnlyProperty();
  }

  boolean canStart() {
    return canStart.get();
  }
}
