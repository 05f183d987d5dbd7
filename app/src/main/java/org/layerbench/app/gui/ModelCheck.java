package org.layerbench.app.gui;

import org.layerbench.engine.graph.GraphAnalysis;

/**
 * What another workspace may ask of the Model workspace: its last shape analysis and whether the
 * model's output fits the dataset's classes. The Train workspace checks a model through this before
 * it starts a run, without depending on the Model workspace's classes.
 */
public interface ModelCheck {

  /** The last analysis of the model being edited, or null before the first. */
  GraphAnalysis analysis();

  /** Tells the Model workspace how many classes the dataset has (0: unknown). */
  void setDatasetClasses(int classes);

  /**
   * Why the model's output does not fit the dataset's classes, with the fix to use (a sentence), or
   * null when it fits or is unknown.
   */
  String classMismatch();
}
