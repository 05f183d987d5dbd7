package org.layerbench.engine.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.TensorSpec;
import org.layerbench.engine.io.TensorData;

/**
 * Maps a state_dict onto a graph by PyTorch name, as {@code load_state_dict} does: strict mode
 * wants every key present with the same shape and nothing extra; non-strict ({@code strict=False})
 * loads what matches and reports the missing, unexpected and shape-mismatched keys. Rename rules
 * replace key prefixes first (a checkpoint saved from another model: {@code "model.": ""} or {@code
 * "backbone.": ""}). Pure data: the result is what to load, not a loaded network.
 */
public final class StateDictLoader {
  private StateDictLoader() {}

  /** What matched, and what did not. */
  public record Report(
      SequencedMap<String, TensorData> matched,
      List<String> missing,
      List<String> unexpected,
      List<String> mismatched) {

    public boolean complete() {
      return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
    }

    /** One line per problem, as PyTorch's load_state_dict error lists them. */
    public String describe() {
      List<String> parts = new ArrayList<>();
      if (!missing.isEmpty()) {
        parts.add("missing keys: " + String.join(", ", missing));
      }
      if (!unexpected.isEmpty()) {
        parts.add("unexpected keys: " + String.join(", ", unexpected));
      }
      if (!mismatched.isEmpty()) {
        parts.add("shape mismatches: " + String.join(", ", mismatched));
      }
      return parts.isEmpty() ? "every key matched" : String.join("; ", parts);
    }
  }

  /** Applies prefix renames: the longest matching prefix wins. */
  public static SequencedMap<String, TensorData> rename(
      Map<String, TensorData> state, Map<String, String> prefixes) {
    SequencedMap<String, TensorData> out = new LinkedHashMap<>();
    state.forEach(
        (key, value) -> {
          String best = null;
          for (String p : prefixes.keySet()) {
            if (key.startsWith(p) && (best == null || p.length() > best.length())) {
              best = p;
            }
          }
          out.put(best == null ? key : prefixes.get(best) + key.substring(best.length()), value);
        });
    return out;
  }

  public static Report match(GraphAnalysis analysis, Map<String, TensorData> state) {
    Map<String, List<Integer>> shapes = new LinkedHashMap<>();
    state.forEach((k, d) -> shapes.put(k, shape(d)));
    Comparison c = compare(analysis, shapes);
    SequencedMap<String, TensorData> matched = new LinkedHashMap<>();
    c.matched().forEach(k -> matched.put(k, state.get(k)));
    return new Report(matched, c.missing(), c.unexpected(), c.mismatched());
  }

  /** Which keys would load, by name and shape alone (a {@link Report} without the tensors). */
  public record Comparison(
      List<String> matched,
      List<String> missing,
      List<String> unexpected,
      List<String> mismatched) {
    public Comparison {
      matched = List.copyOf(matched);
      missing = List.copyOf(missing);
      unexpected = List.copyOf(unexpected);
      mismatched = List.copyOf(mismatched);
    }
  }

  /**
   * Matches a state_dict's names and shapes against the graph, as {@link #match} does, without
   * needing the tensors (to say how a file fits before loading it).
   */
  public static Comparison compare(GraphAnalysis analysis, Map<String, List<Integer>> shapes) {
    List<String> matched = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> mismatched = new ArrayList<>();
    Map<String, TensorSpec> expected = new LinkedHashMap<>();
    analysis.stateDict().forEach(t -> expected.put(t.name(), t));
    for (TensorSpec t : expected.values()) {
      List<Integer> shape = shapes.get(t.name());
      if (shape == null) {
        missing.add(t.name());
      } else if (!shape.equals(t.shape())) {
        mismatched.add(t.name() + " (file " + shape + ", model " + t.shape() + ")");
      } else {
        matched.add(t.name());
      }
    }
    List<String> unexpected =
        shapes.keySet().stream().filter(k -> !expected.containsKey(k)).toList();
    return new Comparison(matched, missing, unexpected, mismatched);
  }

  private static List<Integer> shape(TensorData d) {
    List<Integer> shape = new ArrayList<>();
    for (long v : d.shape()) {
      shape.add((int) v);
    }
    return shape;
  }
}
