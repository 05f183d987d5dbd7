package org.layerbench.engine.train;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.RunData;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;

/**
 * Progressive resizing (the seed's 64 → 128 → 256): from each given epoch on, samples have the
 * given size, with the same weights; before the first given epoch the configured size holds. The
 * loop asks it for each epoch's size; before training it checks that the model takes every size
 * with the same state dict (global pooling before its Linear layers).
 */
final class ProgressiveResizing {
  private final int configuredSize;
  private final NavigableMap<Integer, Integer> sizes;

  /**
   * @throws IllegalArgumentException when an epoch or a size is below 1
   */
  ProgressiveResizing(int configuredSize, Map<Integer, Integer> epochToSize) {
    TreeMap<Integer, Integer> m = new TreeMap<>();
    for (Map.Entry<Integer, Integer> e : epochToSize.entrySet()) {
      if (e.getKey() < 1 || e.getValue() < 1) {
        throw new IllegalArgumentException(
            "progressive resizing needs epochs ≥ 1 and sizes ≥ 1, got epoch "
                + e.getKey()
                + " → "
                + e.getValue());
      }
      m.put(e.getKey(), e.getValue());
    }
    this.configuredSize = configuredSize;
    this.sizes = java.util.Collections.unmodifiableNavigableMap(m);
  }

  /** No resizing: every epoch has the configured size. */
  static ProgressiveResizing none(int configuredSize) {
    return new ProgressiveResizing(configuredSize, Map.of());
  }

  /** Epoch → size as given, ordered (empty without resizing). */
  NavigableMap<Integer, Integer> sizes() {
    return sizes;
  }

  /** The sample size of an epoch. */
  int sizeAt(int epoch) {
    Map.Entry<Integer, Integer> e = sizes.floorEntry(epoch);
    return e == null ? configuredSize : e.getValue();
  }

  /**
   * The model's analysis at every size the run uses, the configured size's being {@code analysis}.
   *
   * @throws TrainingFailedException when a size does not fit the model or changes its weights
   */
  Map<Integer, GraphAnalysis> analyses(
      ModelGraph model, DatasetSplits data, RunData runData, GraphAnalysis analysis)
      throws TrainingFailedException {
    Map<Integer, GraphAnalysis> analyses = new HashMap<>();
    analyses.put(configuredSize, analysis);
    for (int s : sizes.values()) {
      if (!analyses.containsKey(s)) {
        GraphAnalysis other = fitting(model, data, runData, s);
        String first = firstDifference(analysis, other);
        if (first != null) {
          throw new TrainingFailedException(
              "progressive resizing to "
                  + s
                  + "×"
                  + s
                  + " would change the model's weights ("
                  + first
                  + " depends on the image size) — put global pooling (AdaptiveAvgPool2d) before"
                  + " its Linear layers, or train at one size");
        }
        analyses.put(s, other);
      }
    }
    return analyses;
  }

  private static GraphAnalysis fitting(ModelGraph model, DatasetSplits data, RunData runData, int s)
      throws TrainingFailedException {
    try {
      return ModelCheck.checked(model, data, runData.layout(s));
    } catch (TrainingFailedException e) {
      throw new TrainingFailedException(
          "progressive resizing to "
              + s
              + "×"
              + s
              + " does not fit the model ("
              + e.getMessage()
              + ") — it needs global pooling before its Linear layers",
          e);
    }
  }

  /** The first tensor (name and shape) of a's state dict that b lacks or shapes otherwise. */
  private static String firstDifference(GraphAnalysis a, GraphAnalysis b) {
    if (a.stateDict().equals(b.stateDict())) {
      return null;
    }
    for (int i = 0; i < a.stateDict().size(); i++) {
      if (i >= b.stateDict().size() || !a.stateDict().get(i).equals(b.stateDict().get(i))) {
        return a.stateDict().get(i).name() + " " + a.stateDict().get(i).shape();
      }
    }
    return "";
  }
}
