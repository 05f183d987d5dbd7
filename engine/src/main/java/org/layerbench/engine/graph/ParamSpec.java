package org.layerbench.engine.graph;

import java.util.List;
import java.util.Optional;

/**
 * Schema of one layer parameter: its PyTorch keyword name, value type, default, allowed range or
 * choices, and the one-line doc the editor shows as a tooltip.
 *
 * @param name the PyTorch constructor keyword ({@code out_channels}, {@code kernel_size})
 * @param kind the value type
 * @param defaultValue the value when the graph does not give one; {@code null} means "derived", as
 *     a pooling stride that defaults to the kernel size
 * @param min smallest allowed value (for numbers and every element of tuples), or null
 * @param max largest allowed value, or null
 * @param choices allowed strings for {@link ParamKind#CHOICE}, empty otherwise
 * @param arity the number of spatial dimensions of an {@link ParamKind#INT_TUPLE}, 0 otherwise
 * @param nullable whether an explicit {@code null} is allowed (it means "use the derived default")
 * @param doc one line for tooltips and {@code --help}
 */
public record ParamSpec(
    String name,
    ParamKind kind,
    Object defaultValue,
    Double min,
    Double max,
    List<String> choices,
    int arity,
    boolean nullable,
    String doc) {

  public ParamSpec {
    choices = List.copyOf(choices);
  }

  static ParamSpec integer(String name, int def, Integer min, Integer max, String doc) {
    return new ParamSpec(name, ParamKind.INT, def, dbl(min), dbl(max), List.of(), 0, false, doc);
  }

  static ParamSpec optionalInteger(String name, Integer min, String doc) {
    return new ParamSpec(name, ParamKind.INT, null, dbl(min), null, List.of(), 0, true, doc);
  }

  static ParamSpec real(String name, double def, Double min, Double max, String doc) {
    return new ParamSpec(name, ParamKind.FLOAT, def, min, max, List.of(), 0, false, doc);
  }

  static ParamSpec bool(String name, boolean def, String doc) {
    return new ParamSpec(name, ParamKind.BOOL, def, null, null, List.of(), 0, false, doc);
  }

  static ParamSpec choice(String name, String def, List<String> choices, String doc) {
    return new ParamSpec(name, ParamKind.CHOICE, def, null, null, choices, 0, false, doc);
  }

  static ParamSpec tuple(String name, int arity, int def, int min, String doc) {
    return new ParamSpec(
        name, ParamKind.INT_TUPLE, def, (double) min, null, List.of(), arity, false, doc);
  }

  static ParamSpec optionalTuple(String name, int arity, int min, String doc) {
    return new ParamSpec(
        name, ParamKind.INT_TUPLE, null, (double) min, null, List.of(), arity, true, doc);
  }

  static ParamSpec intList(String name, List<Integer> def, Integer min, String doc) {
    return new ParamSpec(name, ParamKind.INT_LIST, def, dbl(min), null, List.of(), 0, false, doc);
  }

  /**
   * Checks one value against this schema.
   *
   * @return a sentence saying what is wrong, or empty when the value is acceptable
   */
  public Optional<String> check(Object value) {
    if (value == null) {
      return nullable
          ? Optional.empty()
          : Optional.of(name + " must be given (null is not allowed)");
    }
    return switch (kind) {
      case INT -> value instanceof Integer i ? range(i) : expected("a whole number", value);
      case FLOAT ->
          value instanceof Number n ? range(n.doubleValue()) : expected("a number", value);
      case BOOL -> value instanceof Boolean ? Optional.empty() : expected("true or false", value);
      case CHOICE ->
          value instanceof String s && choices.contains(s)
              ? Optional.empty()
              : Optional.of(
                  name + " must be one of " + String.join(", ", choices) + ", got " + show(value));
      case INT_TUPLE -> {
        if (value instanceof Integer i) {
          yield range(i);
        }
        if (value instanceof List<?> list && list.size() == arity && allInts(list)) {
          yield list.stream().map(v -> range((Integer) v)).flatMap(Optional::stream).findFirst();
        }
        yield expected(
            arity == 1 ? "a whole number" : "a whole number or a list of " + arity, value);
      }
      case INT_LIST -> {
        if (value instanceof List<?> list && !list.isEmpty() && allInts(list)) {
          yield list.stream().map(v -> range((Integer) v)).flatMap(Optional::stream).findFirst();
        }
        yield expected("a non-empty list of whole numbers", value);
      }
    };
  }

  /** Human form of the allowed values, for tooltips: "≥ 1", "0 … 1", "tanh | relu". */
  public String allowed() {
    if (kind == ParamKind.CHOICE) {
      return String.join(" | ", choices);
    }
    if (kind == ParamKind.BOOL) {
      return "true | false";
    }
    if (min != null && max != null) {
      return fmt(min) + " … " + fmt(max);
    }
    if (min != null) {
      return "≥ " + fmt(min);
    }
    return max != null ? "≤ " + fmt(max) : "any";
  }

  private Optional<String> range(double v) {
    if ((min != null && v < min) || (max != null && v > max)) {
      return Optional.of(name + " must be " + allowed() + ", got " + fmt(v));
    }
    return Optional.empty();
  }

  private Optional<String> expected(String what, Object value) {
    return Optional.of(name + " must be " + what + ", got " + show(value));
  }

  private static boolean allInts(List<?> list) {
    return list.stream().allMatch(v -> v instanceof Integer);
  }

  static String show(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
  }

  private static Double dbl(Integer v) {
    return v == null ? null : v.doubleValue();
  }
}
