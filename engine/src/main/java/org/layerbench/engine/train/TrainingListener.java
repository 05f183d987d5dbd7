package org.layerbench.engine.train;

/** Watches a run. Called on the engine thread: return quickly and never call back into the run. */
@FunctionalInterface
public interface TrainingListener {
  void on(TrainingEvent event);
}
