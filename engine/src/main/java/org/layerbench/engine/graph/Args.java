package org.layerbench.engine.graph;

import java.util.List;

/**
 * A node's parameters resolved against its layer type's schema: given values where present,
 * defaults otherwise. Only built from params that passed {@link ParamSpec#check}.
 */
public final class Args {
  private final LayerType type;
  private final Params params;

  Args(LayerType type, Params params) {
    this.type = type;
    this.params = params;
  }

  public LayerType type() {
    return type;
  }

  /** The raw value: given, else the default (which may be null for derived defaults). */
  public Object value(String name) {
    if (params.has(name)) {
      return params.get(name);
    }
    return type.param(name).defaultValue();
  }

  public int integer(String name) {
    return (Integer) value(name);
  }

  public Integer optionalInteger(String name) {
    return (Integer) value(name);
  }

  public double real(String name) {
    return ((Number) value(name)).doubleValue();
  }

  public boolean bool(String name) {
    return (Boolean) value(name);
  }

  public String string(String name) {
    return (String) value(name);
  }

  /** An {@link ParamKind#INT_TUPLE} expanded to one value per spatial dimension. */
  public int[] tuple(String name) {
    return expand(value(name), type.param(name).arity());
  }

  /** Like {@link #tuple} but falls back to another tuple when the value is null (pool strides). */
  public int[] tupleOr(String name, int[] fallback) {
    Object v = value(name);
    return v == null ? fallback : expand(v, type.param(name).arity());
  }

  @SuppressWarnings("unchecked")
  public List<Integer> intList(String name) {
    return (List<Integer>) value(name);
  }

  private static int[] expand(Object v, int arity) {
    if (v instanceof Integer i) {
      int[] out = new int[arity];
      java.util.Arrays.fill(out, i);
      return out;
    }
    @SuppressWarnings("unchecked")
    List<Integer> list = (List<Integer>) v;
    return list.stream().mapToInt(Integer::intValue).toArray();
  }
}
