package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.layerbench.engine.graph.ParamSpec;

/**
 * Text ⇄ value for the inspector's parameter editors, by the parameter's kind: whole numbers,
 * reals, true/false, a choice, a tuple ("3" or "3, 5") or a list ("3, 64, 64"). An empty text means
 * "not given", so the schema default (or the derived value) applies.
 */
public final class ParamText {
  private ParamText() {}

  /** A parsed value (null: not given), or the sentence saying why the text was refused. */
  public record Parsed(Object value, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  public static Parsed parse(ParamSpec spec, String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return new Parsed(null, null);
    }
    Object value;
    try {
      value =
          switch (spec.kind()) {
            case INT -> Integer.parseInt(t);
            case FLOAT -> Double.parseDouble(t);
            case BOOL -> parseBool(t);
            case CHOICE -> t;
            case INT_TUPLE -> {
              List<Integer> list = ints(t);
              yield list.size() == 1 ? list.get(0) : list;
            }
            case INT_LIST -> ints(t);
          };
    } catch (NumberFormatException e) {
      return new Parsed(null, spec.name() + ": \"" + t + "\" is not " + what(spec));
    }
    Optional<String> problem = spec.check(value);
    return problem.map(p -> new Parsed(null, p)).orElseGet(() -> new Parsed(value, null));
  }

  /** A value as the editor shows it: lists as "3, 64, 64", reals without trailing zeros. */
  public static String format(Object v) {
    if (v == null) {
      return "";
    }
    if (v instanceof List<?> l) {
      return String.join(", ", l.stream().map(ParamText::format).toList());
    }
    if (v instanceof Double d && Double.isFinite(d)) {
      return java.math.BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }

  private static Boolean parseBool(String t) {
    return switch (t.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new NumberFormatException(t);
    };
  }

  private static List<Integer> ints(String t) {
    List<Integer> out = new ArrayList<>();
    for (String part : t.replace("[", "").replace("]", "").split("[,×x\\s]+")) {
      if (!part.isEmpty()) {
        out.add(Integer.parseInt(part));
      }
    }
    if (out.isEmpty()) {
      throw new NumberFormatException(t);
    }
    return out;
  }

  private static String what(org.layerbench.engine.graph.ParamSpec spec) {
    return switch (spec.kind()) {
      case INT -> "a whole number";
      case FLOAT -> "a number";
      case BOOL -> "true or false";
      case CHOICE -> "one of " + String.join(", ", spec.choices());
      case INT_TUPLE -> "a whole number or a list such as 3, 5";
      case INT_LIST -> "a list of whole numbers such as 3, 64, 64";
    };
  }
}
