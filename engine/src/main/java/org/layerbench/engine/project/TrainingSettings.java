package org.layerbench.engine.project;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.layerbench.engine.train.ParameterGroups;
import org.layerbench.engine.train.TrainConfig;

/**
 * A project's training settings: every setting once, with one name (the field's, which is also its
 * key in the project file and, prefixed {@code groups.}, for the parameter groups) and one default
 * ({@link #DEFAULTS}, taken from {@link TrainConfig}'s constants). The Train, Learning-rate and
 * Data workspaces and the CLI all read this record; {@link #toConfig()} is the one conversion to
 * the engine's {@link TrainConfig}.
 *
 * <p>Each value's range is checked here, in the constructor, with a sentence that names the
 * setting; {@link #problem()} adds the checks that span settings (progressive resizing or
 * unfreezing after the last epoch), which an edit may pass through on its way to a valid whole.
 *
 * <p>Unknown keys in a project file's {@code training} object are kept in {@link #extra()} and
 * written back unchanged, never read: a file written by a newer LayerBench of the same format
 * version, or edited by hand, loses nothing by being opened and saved here.
 *
 * @param progressiveResizing epoch (1-based) → image size from that epoch on; empty when off
 * @param weights the starting weights file, relative to the project's folder or absolute; null for
 *     none
 * @param extra unknown keys, kept as read
 */
public record TrainingSettings(
    int epochs,
    int batchSize,
    String optimizer,
    double lr,
    double weightDecay,
    String schedule,
    int imageSize,
    SortedMap<Integer, Integer> progressiveResizing,
    double valSplit,
    long seed,
    int patience,
    String monitor,
    double clipNorm,
    String device,
    int threads,
    int workers,
    List<String> freeze,
    boolean trainBatchNorm,
    boolean frozenBatchNormEval,
    Map<String, Double> lrMultipliers,
    int unfreezeAt,
    String weights,
    Map<String, Object> extra) {

  public static final List<String> OPTIMIZERS =
      List.of("adam", "adamw", "sgd", "sgd-nesterov", "rmsprop");
  public static final List<String> SCHEDULES = List.of("constant", "step", "cosine", "onecycle");
  public static final List<String> DEVICES = List.of("auto", "cpu", "gpu");
  public static final List<String> MONITORS = List.of("val_loss", "val_accuracy");

  /** Every setting's default. */
  public static final TrainingSettings DEFAULTS =
      new TrainingSettings(
          TrainConfig.DEFAULT_EPOCHS,
          TrainConfig.DEFAULT_BATCH_SIZE,
          TrainConfig.DEFAULT_OPTIMIZER,
          TrainConfig.DEFAULT_LR,
          TrainConfig.DEFAULT_WEIGHT_DECAY,
          TrainConfig.DEFAULT_SCHEDULE,
          TrainConfig.DEFAULT_IMAGE_SIZE,
          new TreeMap<>(),
          TrainConfig.DEFAULT_VAL_SPLIT,
          TrainConfig.DEFAULT_SEED,
          TrainConfig.DEFAULT_PATIENCE,
          TrainConfig.DEFAULT_MONITOR,
          TrainConfig.DEFAULT_CLIP_NORM,
          TrainConfig.DEFAULT_DEVICE,
          TrainConfig.DEFAULT_THREADS,
          TrainConfig.DEFAULT_WORKERS,
          List.of(),
          false,
          false,
          Map.of(),
          0,
          null,
          Map.of());

  /** The settings' names, in the order the Train form shows them ({@code weights} last). */
  public static final List<String> KEYS =
      List.of(
          "epochs",
          "batchSize",
          "optimizer",
          "lr",
          "weightDecay",
          "schedule",
          "imageSize",
          "progressiveResizing",
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
          "groups.unfreezeAt",
          "weights");

  public TrainingSettings {
    atLeast("epochs", epochs, 1);
    atLeast("batch size", batchSize, 1);
    atLeast("image size", imageSize, 1);
    atLeast("early-stopping patience", patience, 0);
    atLeast("threads", threads, 0);
    atLeast("loader workers", workers, 0);
    atLeast("unfreeze epoch", unfreezeAt, 0);
    optimizer = choice("optimizer", optimizer, OPTIMIZERS);
    schedule = choice("schedule", schedule, SCHEDULES);
    device = choice("device", device, DEVICES);
    monitor = choice("early-stopping monitor", monitor, MONITORS);
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw new IllegalArgumentException("the learning rate must be above 0, got " + number(lr));
    }
    notNegative("weight decay", weightDecay);
    notNegative("gradient clipping", clipNorm);
    if (!(valSplit >= 0 && valSplit < 1)) {
      throw new IllegalArgumentException(
          "the validation split is a fraction in [0, 1), got " + number(valSplit));
    }
    TreeMap<Integer, Integer> sizes = new TreeMap<>();
    if (progressiveResizing != null) {
      progressiveResizing.forEach(
          (e, s) -> {
            if (e == null || s == null || e < 1 || s < 1) {
              throw new IllegalArgumentException(
                  "progressive resizing needs epochs and sizes of at least 1, got '"
                      + e
                      + ":"
                      + s
                      + "'");
            }
            sizes.put(e, s);
          });
    }
    progressiveResizing = Collections.unmodifiableSortedMap(sizes);
    freeze = freeze == null ? List.of() : List.copyOf(freeze);
    Map<String, Double> multipliers = new LinkedHashMap<>();
    if (lrMultipliers != null) {
      lrMultipliers.forEach(
          (k, m) -> {
            if (m == null || !(m >= 0) || Double.isInfinite(m)) {
              throw new IllegalArgumentException(
                  "the multiplier of " + k + " must not be negative, got " + m);
            }
            multipliers.put(k, m);
          });
    }
    lrMultipliers = Collections.unmodifiableMap(multipliers);
    weights = weights == null || weights.isBlank() ? null : weights;
    extra = extra == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(extra));
  }

  /**
   * The engine's configuration for these settings (the parameter groups included, progressive
   * resizing and starting weights not: the run applies those itself).
   *
   * @throws IllegalArgumentException with a sentence when the engine refuses a combination
   */
  public TrainConfig toConfig() {
    return new TrainConfig(
        epochs,
        batchSize,
        lr,
        optimizer,
        weightDecay,
        schedule,
        imageSize,
        valSplit,
        seed,
        device,
        threads,
        workers,
        clipNorm,
        patience,
        monitor,
        groups());
  }

  /** The parameter groups (freezing, BatchNorm, multipliers, unfreezing). */
  public ParameterGroups groups() {
    return new ParameterGroups(
        freeze, trainBatchNorm, frozenBatchNormEval, lrMultipliers, unfreezeAt);
  }

  /**
   * The first problem that spans settings, as a sentence, or null when they make a valid run (each
   * value alone is valid by construction).
   */
  public String problem() {
    for (int e : progressiveResizing.keySet()) {
      if (e > epochs) {
        return "progressive resizing starts at epoch "
            + e
            + " but the run has only "
            + epochs
            + " epochs";
      }
    }
    if (unfreezeAt > epochs) {
      return "unfreezing at epoch "
          + unfreezeAt
          + " never happens in a run of "
          + epochs
          + " epochs";
    }
    try {
      toConfig();
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** A setting's value by its name (see {@link #KEYS}), boxed; null only for absent weights. */
  public Object value(String key) {
    return switch (key) {
      case "epochs" -> epochs;
      case "batchSize" -> batchSize;
      case "optimizer" -> optimizer;
      case "lr" -> lr;
      case "weightDecay" -> weightDecay;
      case "schedule" -> schedule;
      case "imageSize" -> imageSize;
      case "progressiveResizing" -> progressiveResizing;
      case "valSplit" -> valSplit;
      case "seed" -> seed;
      case "patience" -> patience;
      case "monitor" -> monitor;
      case "clipNorm" -> clipNorm;
      case "device" -> device;
      case "threads" -> threads;
      case "workers" -> workers;
      case "groups.freeze" -> freeze;
      case "groups.trainBatchNorm" -> trainBatchNorm;
      case "groups.frozenBatchNormEval" -> frozenBatchNormEval;
      case "groups.lrMultipliers" -> lrMultipliers;
      case "groups.unfreezeAt" -> unfreezeAt;
      case "weights" -> weights;
      default -> throw new IllegalArgumentException("no training setting '" + key + "'");
    };
  }

  /** Whether the setting differs from its default. */
  public boolean isSet(String key) {
    return !java.util.Objects.equals(value(key), DEFAULTS.value(key));
  }

  /**
   * A copy with one setting replaced; null restores its default. Numbers may come as any {@link
   * Number}; maps of progressive resizing may have string keys (as JSON has).
   *
   * @throws IllegalArgumentException when the value is out of range or of the wrong kind
   */
  public TrainingSettings with(String key, Object value) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String k : KEYS) {
      m.put(k, value(k));
    }
    if (!m.containsKey(key)) {
      throw new IllegalArgumentException("no training setting '" + key + "'");
    }
    m.put(key, value == null ? DEFAULTS.value(key) : value);
    return of(m, extra);
  }

  public TrainingSettings withImageSize(int size) {
    return with("imageSize", size);
  }

  public TrainingSettings withBatchSize(int size) {
    return with("batchSize", size);
  }

  public TrainingSettings withLr(double rate) {
    return with("lr", rate);
  }

  public TrainingSettings withValSplit(double split) {
    return with("valSplit", split);
  }

  public TrainingSettings withWeights(String file) {
    return with("weights", file);
  }

  /**
   * Settings from values by name ({@link #KEYS}); an absent name takes its default.
   *
   * @throws IllegalArgumentException naming the setting whose value is of the wrong kind or range
   */
  static TrainingSettings of(Map<String, Object> values, Map<String, Object> extra) {
    Values v = new Values(values);
    return new TrainingSettings(
        v.integer("epochs", "epochs"),
        v.integer("batchSize", "batch size"),
        v.text("optimizer"),
        v.decimal("lr", "the learning rate"),
        v.decimal("weightDecay", "weight decay"),
        v.text("schedule"),
        v.integer("imageSize", "image size"),
        v.sizes("progressiveResizing"),
        v.decimal("valSplit", "the validation split"),
        v.whole("seed", "the seed"),
        v.integer("patience", "early-stopping patience"),
        v.text("monitor"),
        v.decimal("clipNorm", "gradient clipping"),
        v.text("device"),
        v.integer("threads", "threads"),
        v.integer("workers", "loader workers"),
        v.strings("groups.freeze"),
        v.bool("groups.trainBatchNorm"),
        v.bool("groups.frozenBatchNormEval"),
        v.doubles("groups.lrMultipliers"),
        v.integer("groups.unfreezeAt", "unfreeze epoch"),
        v.values.get("weights") == null ? null : String.valueOf(v.values.get("weights")),
        extra);
  }

  /** Reads loosely typed values (JSON's, or the form's) with a sentence per wrong kind. */
  private record Values(Map<String, Object> values) {
    private Object get(String key) {
      Object o = values.get(key);
      return o == null ? DEFAULTS.value(key) : o;
    }

    long whole(String key, String what) {
      Object o = get(key);
      if (o instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
        return n.longValue();
      }
      try {
        return Long.parseLong(String.valueOf(o).strip());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(what + " must be a whole number, got '" + o + "'");
      }
    }

    int integer(String key, String what) {
      long l = whole(key, what);
      if (l != (int) l) {
        throw new IllegalArgumentException(what + " is too large: " + l);
      }
      return (int) l;
    }

    double decimal(String key, String what) {
      Object o = get(key);
      if (o instanceof Number n) {
        return n.doubleValue();
      }
      try {
        double d = Double.parseDouble(String.valueOf(o).strip());
        if (!Double.isNaN(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // the sentence below
      }
      throw new IllegalArgumentException(what + " must be a number, got '" + o + "'");
    }

    String text(String key) {
      return String.valueOf(get(key));
    }

    boolean bool(String key) {
      Object o = get(key);
      return o instanceof Boolean b ? b : Boolean.parseBoolean(String.valueOf(o));
    }

    List<String> strings(String key) {
      Object o = get(key);
      if (o instanceof List<?> l) {
        return l.stream().map(String::valueOf).toList();
      }
      String s = String.valueOf(o);
      return s.isBlank() ? List.of() : List.of(s);
    }

    Map<String, Double> doubles(String key) {
      if (!(get(key) instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(
            "learning-rate multipliers must be module=factor pairs, got '" + get(key) + "'");
      }
      Map<String, Double> out = new LinkedHashMap<>();
      for (var e : m.entrySet()) {
        String name = String.valueOf(e.getKey());
        Map<String, Object> one = new LinkedHashMap<>();
        one.put(name, String.valueOf(e.getValue()));
        out.put(name, new Values(one).decimal(name, "the multiplier of " + name));
      }
      return out;
    }

    SortedMap<Integer, Integer> sizes(String key) {
      TreeMap<Integer, Integer> out = new TreeMap<>();
      if (!(get(key) instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("progressive resizing must be epoch:size pairs");
      }
      for (var e : m.entrySet()) {
        String k = String.valueOf(e.getKey()).strip();
        Map<String, Object> pair = Map.of("epoch", k, "size", String.valueOf(e.getValue()));
        Values p = new Values(pair);
        String where = "in progressive resizing '" + k + ":" + e.getValue() + "'";
        out.put(p.integer("epoch", "the epoch " + where), p.integer("size", "the size " + where));
      }
      return out;
    }
  }

  private static void atLeast(String what, int v, int min) {
    if (v < min) {
      throw new IllegalArgumentException(what + " must be at least " + min + ", got " + v);
    }
  }

  private static void notNegative(String what, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must not be negative, got " + number(v));
    }
  }

  private static String choice(String what, String v, List<String> known) {
    String t = v == null ? "" : v.strip().toLowerCase(Locale.ROOT);
    if (!known.contains(t)) {
      throw new IllegalArgumentException(
          "unknown " + what + " '" + v + "' (known: " + String.join(", ", known) + ")");
    }
    return t;
  }

  /** -1 rather than -1.0 in a sentence. */
  private static String number(double d) {
    return Double.isFinite(d)
        ? new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString()
        : String.valueOf(d);
  }
}
