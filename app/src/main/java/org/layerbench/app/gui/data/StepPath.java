package org.layerbench.app.gui.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a step sits in a pipeline: its index at the top level, then its index inside each enclosing
 * {@code RandomApply}. {@code [4, 0]} is the first nested step of the fifth step.
 */
public record StepPath(List<Integer> indices) {

  /** The pipeline itself (the parent of top-level steps). */
  public static final StepPath ROOT = new StepPath(List.of());

  public StepPath {
    indices = List.copyOf(indices);
    for (int i : indices) {
      if (i < 0) {
        throw new IllegalArgumentException("negative step index in " + indices);
      }
    }
  }

  public static StepPath of(int... indices) {
    List<Integer> l = new ArrayList<>();
    for (int i : indices) {
      l.add(i);
    }
    return new StepPath(l);
  }

  public boolean isRoot() {
    return indices.isEmpty();
  }

  public int depth() {
    return indices.size();
  }

  /** The index within the parent's list. */
  public int last() {
    return indices.get(indices.size() - 1);
  }

  public StepPath parent() {
    if (isRoot()) {
      throw new IllegalStateException("the root has no parent");
    }
    return new StepPath(indices.subList(0, indices.size() - 1));
  }

  public StepPath child(int index) {
    List<Integer> l = new ArrayList<>(indices);
    l.add(index);
    return new StepPath(l);
  }

  /** True when {@code other} is this path or lies inside it. */
  public boolean contains(StepPath other) {
    return other.indices.size() >= indices.size()
        && other.indices.subList(0, indices.size()).equals(indices);
  }

  /** As the pipeline's error messages number steps: "3" or "5.1" (one-based). */
  public String label() {
    List<String> parts = new ArrayList<>();
    for (int i : indices) {
      parts.add(String.valueOf(i + 1));
    }
    return String.join(".", parts);
  }

  /** The path of a one-based label as compile errors write it ("5.1" → [4, 0]). */
  public static StepPath parse(String label) {
    List<Integer> l = new ArrayList<>();
    for (String part : label.split("\\.")) {
      l.add(Integer.parseInt(part) - 1);
    }
    return new StepPath(l);
  }

  @Override
  public String toString() {
    return "step " + label();
  }
}
