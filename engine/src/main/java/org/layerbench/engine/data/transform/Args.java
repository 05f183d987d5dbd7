package org.layerbench.engine.data.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The parameters of one step, read with torchvision's conventions and checked against the type's
 * schema. Every error is an {@link IllegalArgumentException} whose message names the parameter,
 * says what it accepts and what it got.
 */
final class Args {

  private final TransformType type;
  private final Map<String, Object> values;

  Args(TransformType type, Map<String, Object> values) {
    this.type = type;
    this.values = values;
    for (String key : values.keySet()) {
      if (type.param(key) == null) {
        throw new IllegalArgumentException(
            type.jsonName()
                + " has no parameter '"
                + key
                + "' (it has: "
                + String.join(", ", type.params().stream().map(TransformParam::name).toList())
                + ")");
      }
    }
    for (TransformParam p : type.params()) {
      if (p.required() && values.get(p.name()) == null) {
        throw new IllegalArgumentException(p.name() + " is required (" + p.doc() + ")");
      }
    }
  }

  private Object raw(String name) {
    TransformParam p = type.param(name);
    if (p == null) {
      throw new IllegalStateException(type + " declares no " + name);
    }
    Object v = values.get(name);
    return v != null ? v : p.defaultValue();
  }

  /** The value as written (or the default), unchecked. */
  Object value(String name) {
    return raw(name);
  }

  boolean has(String name) {
    return raw(name) != null;
  }

  double number(String name) {
    Object v = raw(name);
    if (!(v instanceof Number n)) {
      throw new IllegalArgumentException(name + " must be a number, got " + show(v));
    }
    return checkRange(name, n.doubleValue());
  }

  int integer(String name) {
    Object v = raw(name);
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw new IllegalArgumentException(name + " must be a whole number, got " + show(v));
    }
    return (int) checkRange(name, n.doubleValue());
  }

  boolean bool(String name) {
    Object v = raw(name);
    if (!(v instanceof Boolean b)) {
      throw new IllegalArgumentException(name + " must be true or false, got " + show(v));
    }
    return b;
  }

  String choice(String name) {
    Object v = raw(name);
    TransformParam p = type.param(name);
    if (!(v instanceof String s) || !p.choices().contains(s)) {
      throw new IllegalArgumentException(
          name + " must be one of " + String.join(", ", p.choices()) + ", got " + show(v));
    }
    return s;
  }

  /** A list of numbers; a single number is a list of one. Null when absent. */
  double[] numbers(String name) {
    Object v = raw(name);
    if (v == null) {
      return null;
    }
    List<?> list = v instanceof List<?> l ? l : List.of(v);
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(list.get(i) instanceof Number n)) {
        throw new IllegalArgumentException(name + " must hold numbers, got " + show(v));
      }
      out[i] = checkRange(name, n.doubleValue());
    }
    return out;
  }

  /** torchvision's {@code _setup_size}: one number is a square, two are (height, width). */
  int[] size(String name) {
    double[] v = numbers(name);
    if (v == null) {
      return null;
    }
    if (v.length != 1 && v.length != 2) {
      throw new IllegalArgumentException(
          name + " must be one number or [height, width], got " + show(raw(name)));
    }
    int h = whole(name, v[0]);
    int w = whole(name, v[v.length - 1]);
    if (h < 1 || w < 1) {
      throw new IllegalArgumentException(name + " must be positive, got " + show(raw(name)));
    }
    return new int[] {h, w};
  }

  /**
   * torchvision's {@code _check_input}/{@code _setup_angle}: one number x means [centre - x, centre
   * + x] (x ≥ 0; the lower end clipped at {@code floor} when given), two numbers are [min, max]
   * with min ≤ max, both within the parameter's bounds. Null when absent.
   */
  double[] range(String name, double centre, Double floor) {
    Object v = raw(name);
    if (v == null) {
      return null;
    }
    double[] r;
    if (v instanceof Number n) {
      double x = n.doubleValue();
      if (!(x >= 0) || Double.isInfinite(x)) {
        throw new IllegalArgumentException(
            "if " + name + " is a single number, it must be finite and ≥ 0, got " + show(v));
      }
      r = new double[] {centre - x, centre + x};
      if (floor != null) {
        r[0] = Math.max(r[0], floor);
      }
    } else {
      double[] l = numbers(name);
      if (l.length != 2 || !(l[0] <= l[1])) {
        throw new IllegalArgumentException(
            name + " must be one number or [min, max] with min ≤ max, got " + show(v));
      }
      r = l;
    }
    checkRange(name, r[0]);
    checkRange(name, r[1]);
    return r;
  }

  private int whole(String name, double v) {
    if (v != Math.rint(v)) {
      throw new IllegalArgumentException(name + " must hold whole numbers, got " + show(raw(name)));
    }
    return (int) v;
  }

  private double checkRange(String name, double v) {
    TransformParam p = type.param(name);
    if (!Double.isFinite(v)
        || (p.min() != null && v < p.min())
        || (p.max() != null && v > p.max())) {
      throw new IllegalArgumentException(
          name + " must be " + bounds(p) + ", got " + show(raw(name)));
    }
    return v;
  }

  private static String bounds(TransformParam p) {
    if (p.min() != null && p.max() != null) {
      return "between " + fmt(p.min()) + " and " + fmt(p.max());
    }
    if (p.min() != null) {
      return "≥ " + fmt(p.min());
    }
    if (p.max() != null) {
      return "≤ " + fmt(p.max());
    }
    return "finite";
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  static String show(Object v) {
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object o : l) {
        parts.add(show(o));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(v);
  }
}
