package org.layerbench.app.gui.data;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerbench.engine.data.transform.TransformParam;

/**
 * Text ⇄ JSON value for the augmentation editor's parameter fields: "0.4", "64", "[0.6, 1.0]",
 * "bilinear", "true". Whole numbers stay integers (sizes, kernel sizes), others become doubles, as
 * the pipeline JSON writes them. Range checks are left to the pipeline, which knows them.
 */
public final class ParamValues {

  private ParamValues() {}

  /**
   * The value typed for {@code param}; null for an empty field (the parameter's default).
   *
   * @throws IllegalArgumentException with a sentence saying what the field accepts
   */
  public static Object parse(TransformParam param, String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return null;
    }
    return switch (param.kind()) {
      case INT -> {
        Object v = number(t);
        if (!(v instanceof Integer)) {
          throw new IllegalArgumentException(param.name() + " must be a whole number, not " + t);
        }
        yield v;
      }
      case FLOAT -> {
        Object v = number(t);
        if (v == null) {
          throw new IllegalArgumentException(param.name() + " must be a number, not " + t);
        }
        yield v instanceof Integer i ? i.doubleValue() : v;
      }
      case BOOL -> {
        String l = t.toLowerCase(Locale.ROOT);
        if (!l.equals("true") && !l.equals("false")) {
          throw new IllegalArgumentException(param.name() + " must be true or false, not " + t);
        }
        yield Boolean.parseBoolean(l);
      }
      case CHOICE -> {
        if (!param.choices().contains(t)) {
          throw new IllegalArgumentException(
              param.name() + " must be one of " + String.join(", ", param.choices()));
        }
        yield t;
      }
      case SIZE, RANGE, NUMBERS -> numbers(param, t);
    };
  }

  /** One number, or a list written "[a, b]", "a, b" or "a b". */
  private static Object numbers(TransformParam param, String t) {
    String inner = t;
    boolean bracketed = t.startsWith("[") || t.startsWith("(");
    if (bracketed) {
      if (!(t.endsWith("]") || t.endsWith(")"))) {
        throw new IllegalArgumentException(
            param.name() + ": the list is not closed; write it like [0.6, 1.0]");
      }
      inner = t.substring(1, t.length() - 1).strip();
    }
    String[] parts = inner.isEmpty() ? new String[0] : inner.split("\\s*[,;\\s]\\s*");
    if (!bracketed && parts.length == 1) {
      Object v = number(parts[0]);
      if (v != null) {
        return v;
      }
      if (param.kind() == TransformParam.Kind.NUMBERS && parts[0].matches("[A-Za-z_]+")) {
        return parts[0]; // a word some parameters accept (RandomErasing's value "random")
      }
      throw new IllegalArgumentException(
          param.name() + " must be a number or a list like [0.6, 1.0], not " + t);
    }
    if (parts.length == 0) {
      throw new IllegalArgumentException(param.name() + ": the list is empty");
    }
    List<Object> out = new ArrayList<>();
    for (String part : parts) {
      Object v = number(part);
      if (v == null) {
        throw new IllegalArgumentException(
            param.name() + ": '" + part + "' is not a number (write a list like [0.6, 1.0])");
      }
      out.add(v);
    }
    return out;
  }

  /** An Integer for a whole number written without a point or exponent, a Double otherwise. */
  static Object number(String s) {
    try {
      if (s.matches("[+-]?\\d{1,9}")) {
        return Integer.parseInt(s);
      }
      double d = Double.parseDouble(s);
      return Double.isFinite(d) && !s.matches(".*[a-zA-Z&&[^eE]].*") ? d : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The value as the field shows it; "" for null. */
  public static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      for (Object o : l) {
        parts.add(format(o));
      }
      return "[" + String.join(", ", parts) + "]";
    }
    if (value instanceof Double d) {
      return decimal(d);
    }
    if (value instanceof Float f) {
      return decimal(f.doubleValue());
    }
    return String.valueOf(value);
  }

  /** Up to 4 significant decimals, trailing zeros dropped but one kept ("1.0", "0.75", "1.333"). */
  private static String decimal(double d) {
    if (!Double.isFinite(d)) {
      return String.valueOf(d);
    }
    String s =
        new BigDecimal(d)
            .round(new java.math.MathContext(Math.max(4, digitsBeforePoint(d) + 3)))
            .stripTrailingZeros()
            .toPlainString();
    return s.contains(".") ? s : s + ".0";
  }

  private static int digitsBeforePoint(double d) {
    double a = Math.abs(d);
    return a < 1 ? 1 : (int) Math.floor(Math.log10(a)) + 1;
  }
}
