package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SequencedMap;
import org.layerbench.engine.io.TensorData;

/** Comparing two state_dicts bitwise. */
final class StateDictCheck {
  private StateDictCheck() {}

  /** Empty when both hold the same names in the same order with identical tensors; else why not. */
  static Optional<String> sameTensors(
      SequencedMap<String, TensorData> expected, Map<String, TensorData> actual) {
    List<String> a = new ArrayList<>(expected.keySet());
    List<String> b = new ArrayList<>(actual.keySet());
    if (!a.equals(b)) {
      List<String> missing = new ArrayList<>(a);
      missing.removeAll(b);
      List<String> extra = new ArrayList<>(b);
      extra.removeAll(a);
      return Optional.of(
          "the names differ (missing " + missing + ", unexpected " + extra + ", or the order)");
    }
    for (var e : expected.entrySet()) {
      if (!e.getValue().equals(actual.get(e.getKey()))) {
        return Optional.of(
            e.getKey() + " differs: " + e.getValue() + " vs " + actual.get(e.getKey()));
      }
    }
    return Optional.empty();
  }
}
