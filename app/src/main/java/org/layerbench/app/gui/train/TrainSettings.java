package org.layerbench.app.gui.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.layerbench.engine.train.ParameterGroups;
import org.layerbench.engine.train.TrainConfig;

/**
 * The project's training settings ({@code Project.training()}) in typed form, without JavaFX. The
 * map holds {@link TrainConfig}'s field names ({@code epochs, batchSize, lr, optimizer,
 * weightDecay, schedule, imageSize, valSplit, seed, device, threads, workers, clipNorm, patience,
 * monitor}), the parameter groups nested under {@code groups} as in a run's run.json ({@code
 * freeze, trainBatchNorm, frozenBatchNormEval, lrMultipliers, unfreezeAt}), and {@code
 * progressiveResizing} (epoch → size, as in run.json). The CLI's names {@code batch} and {@code
 * size} (which the sample project uses) are read as aliases, and an edit keeps whichever name the
 * file already has.
 *
 * <p>Form keys are those names, with {@code groups.} in front of a group's field.
 */
public final class TrainSettings {
  private TrainSettings() {}

  public static final List<String> OPTIMIZERS =
      List.of("adam", "adamw", "sgd", "sgd-nesterov", "rmsprop");
  public static final List<String> SCHEDULES = List.of("constant", "step", "cosine", "onecycle");
  public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
  public static final List<String> MONITORS = List.of("val_loss", "val_accuracy");

  public static final String PROGRESSIVE = "progressiveResizing";
  private static final String GROUPS = "groups";
  private static final Map<String, String> ALIASES =
      Map.of("batchSize", "batch", "imageSize", "size");

  /** What the form edits, in its order. */
  public static final List<String> KEYS =
      List.of(
          "epochs",
          "batchSize",
          "optimizer",
          "lr",
          "weightDecay",
          "schedule",
          "imageSize",
          PROGRESSIVE,
          "valSplit",
          "seed",
          "patience",
          "monitor",
          "clipNorm",
          "device",
          "threads",
          "workers",
          "groups.freeze",
          "groups.trainBatchNorm",
          "groups.frozenBatchNormEval",
          "groups.lrMultipliers",
          "groups.unfreezeAt");

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

  private static Map<String, Object> defaultsMap() {
    TrainConfig d = TrainConfig.defaults();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", d.epochs());
    m.put("batchSize", d.batchSize());
    m.put("optimizer", d.optimizer());
    m.put("lr", d.lr());
    m.put("weightDecay", d.weightDecay());
    m.put("schedule", d.schedule());
    m.put("imageSize", d.imageSize());
    m.put(PROGRESSIVE, Map.of());
    m.put("valSplit", d.valSplit());
    m.put("seed", d.seed());
    m.put("patience", d.patience());
    m.put("monitor", d.monitor());
    m.put("clipNorm", d.clipNorm());
    m.put("device", d.device());
    m.put("threads", d.threads());
    m.put("workers", d.workers());
    m.put("groups.freeze", List.of());
    m.put("groups.trainBatchNorm", false);
    m.put("groups.frozenBatchNormEval", false);
    m.put("groups.lrMultipliers", Map.of());
    m.put("groups.unfreezeAt", 0);
    return m;
  }

  private static final Map<String, Object> DEFAULTS = defaultsMap();

  /** The stored value of a form key, or its default when the project does not set it. */
  public static Object value(Map<String, Object> training, String key) {
    Object v = stored(training, key);
    return v == null ? DEFAULTS.get(key) : v;
  }

  /** Whether the project sets this key (else the default applies). */
  public static boolean isSet(Map<String, Object> training, String key) {
    return stored(training, key) != null;
  }

  private static Object stored(Map<String, Object> training, String key) {
    if (key.startsWith(GROUPS + ".")) {
      return training.get(GROUPS) instanceof Map<?, ?> g ? g.get(key.substring(7)) : null;
    }
    Object v = training.get(key);
    if (v == null && ALIASES.containsKey(key)) {
      v = training.get(ALIASES.get(key));
    }
    return v;
  }

  /**
   * A copy of the settings with one key set (the value as {@link #parse} returns it; null removes
   * the key so the default applies). An alias the map already uses keeps being used.
   */
  public static Map<String, Object> with(Map<String, Object> training, String key, Object value) {
    Map<String, Object> out = new LinkedHashMap<>(training);
    if (key.startsWith(GROUPS + ".")) {
      Map<String, Object> g = new LinkedHashMap<>();
      if (training.get(GROUPS) instanceof Map<?, ?> old) {
        old.forEach((k, v) -> g.put(String.valueOf(k), v));
      }
      String field = key.substring(7);
      if (value == null) {
        g.remove(field);
      } else {
        g.put(field, value);
      }
      if (g.isEmpty()) {
        out.remove(GROUPS);
      } else {
        out.put(GROUPS, g);
      }
      return out;
    }
    String name = key;
    if (!training.containsKey(key)
        && ALIASES.containsKey(key)
        && training.containsKey(ALIASES.get(key))) {
      name = ALIASES.get(key);
    }
    if (value == null) {
      out.remove(name);
    } else {
      out.put(name, value);
    }
    return out;
  }

  /** The value as the form shows it. */
  public static String text(Map<String, Object> training, String key) {
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
   * The value a form text stands for, checked on its own (the whole configuration is checked by
   * {@link #config}); an empty text means "the default" (null).
   *
   * @throws IllegalArgumentException with a sentence that names the setting
   */
  public static Object parse(String key, String text) {
    String t = text == null ? "" : text.strip();
    if (t.isEmpty()) {
      return null;
    }
    String what = label(key);
    return switch (key) {
      case "epochs",
          "batchSize",
          "imageSize",
          "threads",
          "workers",
          "patience",
          "groups.unfreezeAt" -> {
        int v = wholeNumber(what, t);
        int min =
            key.equals("epochs") || key.equals("batchSize") || key.equals("imageSize") ? 1 : 0;
        if (v < min) {
          throw new IllegalArgumentException(what + " must be at least " + min + ", got " + v);
        }
        yield v;
      }
      case "seed" -> {
        try {
          yield Long.parseLong(t);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("the seed must be a whole number, got '" + t + "'");
        }
      }
      case "lr" -> {
        double v = decimal(what, t);
        if (!(v > 0) || Double.isInfinite(v)) {
          throw new IllegalArgumentException("the learning rate must be above 0, got " + t);
        }
        yield v;
      }
      case "weightDecay", "clipNorm" -> {
        double v = decimal(what, t);
        if (v < 0 || Double.isInfinite(v)) {
          throw new IllegalArgumentException(what + " must not be negative, got " + t);
        }
        yield v;
      }
      case "valSplit" -> {
        double v = decimal(what, t);
        if (v < 0 || v >= 1) {
          throw new IllegalArgumentException(
              "the validation split is a fraction in [0, 1), got " + t);
        }
        yield v;
      }
      case "optimizer" -> choice(what, t, OPTIMIZERS);
      case "schedule" -> choice(what, t, SCHEDULES);
      case "device" -> choice(what, t, DEVICES);
      case "monitor" -> choice(what, t, MONITORS);
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
          double m = decimal("the multiplier of " + kv[0], kv[1]);
          if (m < 0 || Double.isInfinite(m)) {
            throw new IllegalArgumentException(
                "the multiplier of " + kv[0] + " must not be negative, got " + kv[1]);
          }
          out.put(kv[0], m);
        }
        yield out.isEmpty() ? null : out;
      }
      case PROGRESSIVE -> {
        Map<String, Object> out = new LinkedHashMap<>();
        TreeMap<Integer, Integer> sorted = new TreeMap<>();
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
          int epoch = wholeNumber("the epoch in '" + p.strip() + "'", kv[0]);
          int size = wholeNumber("the size in '" + p.strip() + "'", kv[1]);
          if (epoch < 1 || size < 1) {
            throw new IllegalArgumentException(
                "progressive resizing needs epochs and sizes of at least 1, got '"
                    + p.strip()
                    + "'");
          }
          sorted.put(epoch, size);
        }
        sorted.forEach((e, s) -> out.put(Integer.toString(e), s));
        yield out.isEmpty() ? null : out;
      }
      default -> throw new IllegalArgumentException("no training setting '" + key + "'");
    };
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

  private static String choice(String what, String t, List<String> known) {
    String v = t.toLowerCase(Locale.ROOT);
    if (!known.contains(v)) {
      throw new IllegalArgumentException(
          "unknown " + what + " '" + t + "' (known: " + String.join(", ", known) + ")");
    }
    return v;
  }

  /**
   * The engine's configuration for these settings.
   *
   * @throws IllegalArgumentException with the first problem, as a sentence
   */
  public static TrainConfig config(Map<String, Object> training) {
    ParameterGroups groups =
        new ParameterGroups(
            strings(value(training, "groups.freeze")),
            bool(value(training, "groups.trainBatchNorm")),
            bool(value(training, "groups.frozenBatchNormEval")),
            doubles(value(training, "groups.lrMultipliers")),
            integer(training, "groups.unfreezeAt"));
    return new TrainConfig(
        integer(training, "epochs"),
        integer(training, "batchSize"),
        decimal(training, "lr"),
        String.valueOf(value(training, "optimizer")).toLowerCase(Locale.ROOT),
        decimal(training, "weightDecay"),
        String.valueOf(value(training, "schedule")).toLowerCase(Locale.ROOT),
        integer(training, "imageSize"),
        decimal(training, "valSplit"),
        (long) decimal(training, "seed"),
        String.valueOf(value(training, "device")).toLowerCase(Locale.ROOT),
        integer(training, "threads"),
        integer(training, "workers"),
        decimal(training, "clipNorm"),
        integer(training, "patience"),
        String.valueOf(value(training, "monitor")),
        groups);
  }

  /** Progressive resizing: epoch → image size, sorted by epoch (empty when off). */
  public static TreeMap<Integer, Integer> progressiveResizing(Map<String, Object> training) {
    return sizes(value(training, PROGRESSIVE));
  }

  /**
   * The first problem of these settings as a sentence, or null when they make a valid
   * configuration.
   */
  public static String problem(Map<String, Object> training) {
    try {
      TrainConfig c = config(training);
      for (var e : progressiveResizing(training).entrySet()) {
        if (e.getKey() > c.epochs()) {
          return "progressive resizing starts at epoch "
              + e.getKey()
              + " but the run has only "
              + c.epochs()
              + " epochs";
        }
      }
      if (c.groups().unfreezeAt() > c.epochs()) {
        return "unfreezing at epoch "
            + c.groups().unfreezeAt()
            + " never happens in a run of "
            + c.epochs()
            + " epochs";
      }
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static int integer(Map<String, Object> training, String key) {
    Object v = value(training, key);
    if (v instanceof Number n) {
      if (n.doubleValue() != Math.rint(n.doubleValue())) {
        throw new IllegalArgumentException(label(key) + " must be a whole number, got " + n);
      }
      return n.intValue();
    }
    return wholeNumber(label(key), String.valueOf(v));
  }

  private static double decimal(Map<String, Object> training, String key) {
    Object v = value(training, key);
    return v instanceof Number n ? n.doubleValue() : decimal(label(key), String.valueOf(v));
  }

  private static boolean bool(Object v) {
    return v instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(v));
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
