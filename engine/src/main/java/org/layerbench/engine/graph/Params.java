package org.layerbench.engine.graph;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter values a node was given, exactly as written (an int kernel stays an int, a list
 * stays a list); defaults are not filled in, so a graph round-trips through JSON unchanged. Values
 * are Integer, Double, Boolean, String, List&lt;Integer&gt; or null.
 */
public record Params(Map<String, Object> values) {

  public static final Params EMPTY = new Params(Map.of());

  public Params {
    Map<String, Object> copy = new LinkedHashMap<>();
    values.forEach((k, v) -> copy.put(k, v instanceof List<?> l ? List.copyOf(l) : v));
    values = Collections.unmodifiableMap(copy);
  }

  /** Builds params from alternating keys and values: {@code Params.of("out_channels", 64)}. */
  public static Params of(Object... keysAndValues) {
    if (keysAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("keys and values must alternate");
    }
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Params(map);
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public Object get(String name) {
    return values.get(name);
  }

  /** A copy with one value set (or replaced); order of the other keys is kept. */
  public Params with(String name, Object value) {
    Map<String, Object> map = new LinkedHashMap<>(values);
    map.put(name, value);
    return new Params(map);
  }

  /** A copy without the given key. */
  public Params without(String name) {
    Map<String, Object> map = new LinkedHashMap<>(values);
    map.remove(name);
    return new Params(map);
  }

  static List<Integer> ints(int... values) {
    List<Integer> list = new ArrayList<>(values.length);
    for (int v : values) {
      list.add(v);
    }
    return list;
  }
}
