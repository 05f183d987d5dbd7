package org.layerbench.engine.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;
import org.layerbench.engine.data.Preprocessing;
import org.layerbench.engine.graph.ModelGraph;

/**
 * Everything a model bundle ({@link ModelBundle}) holds. Weights use PyTorch state_dict names,
 * buffers included. Metrics and trainer state are JSON values: after a round trip they come back as
 * Jackson reads them (Integer, Long, Double, String, Boolean, null, List, Map), so store numbers as
 * Integer, Long or Double to get equal values back. The optimizer and trainer state are empty for a
 * bundle that is not meant to be resumed; null is read as empty.
 */
public record BundleContents(
    ModelGraph model,
    SequencedMap<String, TensorData> weights,
    List<String> labels,
    Preprocessing preprocessing,
    Map<String, Object> metrics,
    SequencedMap<String, TensorData> optimizerState,
    Map<String, Object> trainerState) {

  public BundleContents {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(labels, "labels");
    Objects.requireNonNull(preprocessing, "preprocessing");
    // Not copied: a checkpoint passes views that copy each tensor from native memory only while
    // it is written (copying here would hold the whole model on the heap). Read-only views; a
    // StreamedTensors view is read-only already and must stay itself to be streamed.
    weights = readOnly(weights);
    labels = List.copyOf(labels);
    metrics =
        metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    optimizerState =
        optimizerState == null
            ? Collections.unmodifiableSequencedMap(new LinkedHashMap<>())
            : readOnly(optimizerState);
    trainerState =
        trainerState == null
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(trainerState));
  }

  private static SequencedMap<String, TensorData> readOnly(SequencedMap<String, TensorData> m) {
    return m instanceof StreamedTensors ? m : Collections.unmodifiableSequencedMap(m);
  }

  /** Whether the bundle carries what is needed to resume training. */
  public boolean resumable() {
    return !optimizerState.isEmpty() || !trainerState.isEmpty();
  }
}
