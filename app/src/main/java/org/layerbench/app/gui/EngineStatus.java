package org.layerbench.app.gui;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;

/**
 * The status bar's "Engine: …": training's own state while a run is active, else what the other
 * workspaces' jobs have the engine doing (a learning-rate sweep, an evaluation, a prediction, an
 * export), else idle. Each job already says whether it runs; this only reads them.
 */
final class EngineStatus {
  private EngineStatus() {}

  /** A job that uses the engine, and how the status bar names it. */
  record Job(String doing, ObservableBooleanValue running) {}

  /**
   * @param training the Train view-model's "Engine: idle" / "Engine: training epoch 2/8" / …
   */
  static StringBinding of(ObservableStringValue training, Job... jobs) {
    javafx.beans.Observable[] deps = new javafx.beans.Observable[jobs.length + 1];
    deps[0] = training;
    for (int i = 0; i < jobs.length; i++) {
      deps[i + 1] = jobs[i].running();
    }
    return Bindings.createStringBinding(
        () -> {
          String t = training.get();
          if (t != null && !t.equals("Engine: idle")) {
            return t;
          }
          for (Job j : jobs) {
            if (j.running().get()) {
              return "Engine: " + j.doing();
            }
          }
          return t;
        },
        deps);
  }
}
