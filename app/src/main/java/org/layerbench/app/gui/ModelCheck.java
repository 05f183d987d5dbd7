package org.layerbench.app.gui;

import org.layerbench.engine.graph.GraphAnalysis;

/**
 * What another workspace may ask of the Model workspace: its last shape analysis (with a text
 * dataset's vocabulary bound) and whether the model's output fits the dataset's classes. The Train
 * workspace checks a model through this before it starts a run, without depending on the Model
 * workspace's classes.
 */
public interface ModelCheck {

  /** The last analysis of the model being edited, or null before the first. */
  GraphAnalysis analysis();

  /** Tells the Model workspace how many classes the dataset has (0: unknown). */
  void setDatasetClasses(int classes);

  /**
   * Tells the Model workspace the size of the text dataset's vocabulary (0: unknown, or not a text
   * project), which its analysis binds to num_embeddings 0.
   */
  void setVocabularySize(int size);

  /** Whether {@link #analysis} is of {@code g} as it is now (with the vocabulary bound). */
  boolean analyses(org.layerbench.engine.graph.ModelGraph g);

  /**
   * Why the model's output does not fit the dataset's classes, with the fix to use (a sentence), or
   * null when it fits or is unknown.
   */
  String classMismatch();
}
