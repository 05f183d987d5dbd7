package org.layerbench.engine.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The shape of one sample flowing along an edge, without the batch dimension (which stays free). An
 * image is {@code C×H×W}, a flat feature vector {@code N}, a sequence {@code T×F}.
 */
public record Shape(List<Integer> dims) {

  public Shape {
    dims = List.copyOf(dims);
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("dimensions must be positive: " + dims);
      }
    }
  }

  public static Shape of(int... dims) {
    List<Integer> list = new ArrayList<>(dims.length);
    for (int d : dims) {
      list.add(d);
    }
    return new Shape(list);
  }

  public int rank() {
    return dims.size();
  }

  public int dim(int i) {
    return dims.get(i);
  }

  /** Last dimension, e.g. the feature size a Linear layer reads. */
  public int last() {
    return dims.get(dims.size() - 1);
  }

  /** Number of elements of one sample. */
  public long numel() {
    long n = 1;
    for (int d : dims) {
      n *= d;
    }
    return n;
  }

  public Shape withLast(int value) {
    List<Integer> list = new ArrayList<>(dims);
    list.set(list.size() - 1, value);
    return new Shape(list);
  }

  public int[] toArray() {
    return dims.stream().mapToInt(Integer::intValue).toArray();
  }

  /** Human form, as the editor and CLI show it: {@code 3×224×224}. */
  @Override
  public String toString() {
    return dims.isEmpty()
        ? "scalar"
        : dims.stream().map(String::valueOf).collect(Collectors.joining("×"));
  }
}
