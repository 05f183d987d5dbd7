package org.layerbench.app.gui.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.layerbench.engine.project.TrainingSettings;
import org.layerbench.engine.train.TrainConfig;

/**
 * The Train form's view of the project's {@link TrainingSettings}: a label, a text and a parser per
 * setting, without JavaFX. Form keys are the settings' names ({@link TrainingSettings#KEYS}, {@code
 * groups.} in front of a parameter group's field); the values, their defaults and their ranges are
 * the record's.
 */
public final class TrainSettings {
  private TrainSettings() {}

  public static final List<String> OPTIMIZERS = TrainingSettings.OPTIMIZERS;
  public static final List<String> SCHEDULES = TrainingSettings.SCHEDULES;
  public static final List<String> DEVICES = TrainingSettings.DEVICES;
  public static final List<String> MONITORS = TrainingSettings.MONITORS;

  public static final String PROGRESSIVE = "progressiveResizing";

  /** What the form edits, in its order (the starting weights have their own control). */
  public static final List<String> KEYS =
      TrainingSettings.KEYS.stream().filter(k -> !k.equals("weights")).toList();

  /** Human names for messages and undo labels. */
  public static String label(String key) {
    return switch (key) {
      case "epochs" -> "epochs";
      case "batchSize" -> "batch size";
      case "optimizer" -> "optimizer";
      case "lr" -> "learning rate";
      case "weightDecay" -> "weight decay";
      case "schedule" -> "schedule";
      case "imageSize" -> "image size";
      case PROGRESSIVE -> "progressive resizing";
      case "valSplit" -> "validation split";
      case "seed" -> "seed";
      case "patience" -> "early-stopping patience";
      case "monitor" -> "early-stopping monitor";
      case "clipNorm" -> "gradient clipping";
      case "device" -> "device";
      case "threads" -> "threads";
      case "workers" -> "loader workers";
      case "groups.freeze" -> "frozen modules";
      case "groups.trainBatchNorm" -> "train BatchNorm";
      case "groups.frozenBatchNormEval" -> "BatchNorm eval";
      case "groups.lrMultipliers" -> "learning-rate multipliers";
      case "groups.unfreezeAt" -> "unfreeze epoch";
      default -> key;
    };
  }

  /** The value of a form key (its default when the project does not set it). */
  public static Object value(TrainingSettings training, String key) {
    return training.value(key);
  }

  /** Whether the project sets this key to other than its default. */
  public static boolean isSet(TrainingSettings training, String key) {
    return training.isSet(key);
  }

  /**
   * A copy of the settings with one key set (the value as {@link #parse} returns it; null restores
   * the default).
   *
   * @throws IllegalArgumentException when the value is out of range
   */
  public static TrainingSettings with(TrainingSettings training, String key, Object value) {
    return training.with(key, value);
  }

  /** The value as the form shows it. */
  public static String text(TrainingSettings training, String key) {
    Object v = value(training, key);
    return switch (key) {
      case "groups.freeze" -> String.join(", ", strings(v));
      case "groups.lrMultipliers" -> {
        List<String> parts = new ArrayList<>();
        doubles(v).forEach((k, m) -> parts.add(k + "=" + number(m)));
        yield String.join(", ", parts);
      }
      case PROGRESSIVE -> {
        List<String> parts = new ArrayList<>();
        sizes(v).forEach((e, s) -> parts.add(e + ":" + s));
        yield String.join(", ", parts);
      }
      default -> v instanceof Number n ? number(n.doubleValue()) : String.valueOf(v);
    };
  }

  /** A number to 6 significant digits: plain from 1e-4 to 1e7, else the shorter form. */
  static String number(double d) {
    return number(d, 6);
  }

  /** A number to this many significant digits: 0.003, 3e-5, 64, 0.00012. */
  static String number(double d, int digits) {
    if (d == 0 || Double.isNaN(d) || Double.isInfinite(d)) {
      return d == 0 ? "0" : String.valueOf(d);
    }
    java.math.BigDecimal b =
        new java.math.BigDecimal(d).round(new java.math.MathContext(digits)).stripTrailingZeros();
    String plain = b.toPlainString();
    String mantissa = b.unscaledValue().toString();
    int exponent = -b.scale() + mantissa.length() - (mantissa.startsWith("-") ? 2 : 1);
    String digitsOnly = mantissa.startsWith("-") ? mantissa.substring(1) : mantissa;
    String sci =
        (mantissa.startsWith("-") ? "-" : "")
            + digitsOnly.charAt(0)
            + (digitsOnly.length() > 1 ? "." + digitsOnly.substring(1) : "")
            + "e"
            + exponent;
    double a = Math.abs(d);
    return a >= 1e-4 && a < 1e7 || sci.length() >= plain.length() ? plain : sci;
  }

  /**
   * The value a form text stands for: the text is read here, the range is checked by {@link
   * TrainingSettings} (the whole configuration by {@link #problem}); an empty text means "the
   * default" (null).
   *
   * @throws IllegalArgumentException with a sentence that names the setting
   */
  public static Object parse(String key, String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return null;
    }
    String what = label(key);
    Object value =
        switch (key) {
          case "epochs",
              "batchSize",
              "imageSize",
              "threads",
              "workers",
              "patience",
              "groups.unfreezeAt" ->
              wholeNumber(what, t);
          case "seed" -> {
            try {
              yield Long.parseLong(t);
            } catch (NumberFormatException e) {
              throw new IllegalArgumentException(
                  "the seed must be a whole number, got '" + t + "'");
            }
          }
          case "lr", "weightDecay", "clipNorm", "valSplit" -> decimal(what, t);
          case "optimizer", "schedule", "device", "monitor" -> t;
          case "groups.trainBatchNorm", "groups.frozenBatchNormEval" -> Boolean.parseBoolean(t);
          case "groups.freeze" -> {
            List<String> out = new ArrayList<>();
            for (String p : t.split("[,\\s]+")) {
              if (!p.isBlank() && !out.contains(p)) {
                out.add(p);
              }
            }
            yield out.isEmpty() ? null : out;
          }
          case "groups.lrMultipliers" -> {
            Map<String, Object> out = new LinkedHashMap<>();
            for (String p : t.split("[,;]+")) {
              if (p.isBlank()) {
                continue;
              }
              String[] kv = p.strip().split("\\s*[=:]\\s*");
              if (kv.length != 2 || kv[0].isBlank()) {
                throw new IllegalArgumentException(
                    "learning-rate multipliers are module=factor pairs such as 'layer4=0.33,"
                        + " layer3=0.11', got '"
                        + p.strip()
                        + "'");
              }
              out.put(kv[0], decimal("the multiplier of " + kv[0], kv[1]));
            }
            yield out.isEmpty() ? null : out;
          }
          case PROGRESSIVE -> {
            Map<Integer, Integer> out = new TreeMap<>();
            for (String p : t.split("[,;]+")) {
              if (p.isBlank()) {
                continue;
              }
              String[] kv = p.strip().split("\\s*[:→=]\\s*|\\s*->\\s*");
              if (kv.length != 2) {
                throw new IllegalArgumentException(
                    "progressive resizing takes epoch:size pairs such as '4:96, 7:128', got '"
                        + p.strip()
                        + "'");
              }
              out.put(
                  wholeNumber("the epoch in '" + p.strip() + "'", kv[0]),
                  wholeNumber("the size in '" + p.strip() + "'", kv[1]));
            }
            yield out.isEmpty() ? null : out;
          }
          default -> throw new IllegalArgumentException("no training setting '" + key + "'");
        };
    // The range, and a choice's spelling, are the record's.
    return value == null ? null : TrainingSettings.DEFAULTS.with(key, value).value(key);
  }

  private static int wholeNumber(String what, String t) {
    try {
      return Integer.parseInt(t.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a whole number, got '" + t.strip() + "'");
    }
  }

  private static double decimal(String what, String t) {
    try {
      double v = Double.parseDouble(t.strip());
      if (Double.isNaN(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be a number, got '" + t.strip() + "'");
    }
  }

  /**
   * The engine's configuration for these settings.
   *
   * @throws IllegalArgumentException with the first problem, as a sentence
   */
  public static TrainConfig config(TrainingSettings training) {
    return training.toConfig();
  }

  /** Progressive resizing: epoch → image size, sorted by epoch (empty when off). */
  public static TreeMap<Integer, Integer> progressiveResizing(TrainingSettings training) {
    return new TreeMap<>(training.progressiveResizing());
  }

  /**
   * The first problem of these settings as a sentence, or null when they make a valid
   * configuration.
   */
  public static String problem(TrainingSettings training) {
    return training.problem();
  }

  private static List<String> strings(Object v) {
    List<String> out = new ArrayList<>();
    if (v instanceof List<?> l) {
      l.forEach(x -> out.add(String.valueOf(x)));
    } else if (v != null && !String.valueOf(v).isBlank()) {
      out.add(String.valueOf(v));
    }
    return out;
  }

  private static Map<String, Double> doubles(Object v) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (v instanceof Map<?, ?> m) {
      m.forEach(
          (k, x) ->
              out.put(
                  String.valueOf(k),
                  x instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(x))));
    }
    return out;
  }

  private static TreeMap<Integer, Integer> sizes(Object v) {
    TreeMap<Integer, Integer> out = new TreeMap<>();
    if (v instanceof Map<?, ?> m) {
      m.forEach(
          (k, x) ->
              out.put(
                  Integer.parseInt(String.valueOf(k).strip()),
                  x instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(x))));
    }
    return out;
  }
}
