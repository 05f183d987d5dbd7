package org.layerbench.engine.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The project file's {@code training} object and {@link TrainingSettings}. Version 2 writes every
 * setting under its one name (the parameter groups nested under {@code groups}, as in a run's
 * run.json). Version 1 files were written by three editors with different names: the CLI's {@code
 * batch} and {@code size} (the sample project uses them) and the Train workspace's {@code
 * batchSize} and {@code imageSize}; reading migrates them.
 */
final class TrainingSettingsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String GROUPS = "groups";
  private static final Map<String, String> V1_ALIASES =
      Map.of("batch", "batchSize", "size", "imageSize");

  private TrainingSettingsJson() {}

  /**
   * The settings in a {@code training} object of this file version (null or absent: defaults).
   *
   * @throws IllegalArgumentException naming the setting that has a wrong value
   */
  @SuppressWarnings("unchecked")
  static TrainingSettings read(JsonNode training, int version) {
    Map<String, Object> raw =
        training != null && training.isObject()
            ? MAPPER.convertValue(training, LinkedHashMap.class)
            : new LinkedHashMap<>();
    if (version < 2) {
      migrateV1(raw);
    }
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> extra = new LinkedHashMap<>();
    raw.forEach(
        (k, v) -> {
          if (k.equals(GROUPS) && v instanceof Map<?, ?> g) {
            Map<String, Object> unknownGroups = new LinkedHashMap<>();
            ((Map<String, Object>) g)
                .forEach(
                    (gk, gv) -> {
                      if (TrainingSettings.KEYS.contains(GROUPS + "." + gk)) {
                        values.put(GROUPS + "." + gk, gv);
                      } else {
                        unknownGroups.put(gk, gv);
                      }
                    });
            if (!unknownGroups.isEmpty()) {
              extra.put(GROUPS, unknownGroups);
            }
          } else if (TrainingSettings.KEYS.contains(k) && !k.startsWith(GROUPS + ".")) {
            values.put(k, v);
          } else {
            extra.put(k, v);
          }
        });
    return TrainingSettings.of(values, extra);
  }

  /**
   * Version 1's aliases become the one name. When a file has both {@code imageSize} and {@code
   * size}, {@code imageSize} wins: the Train workspace wrote it and trained with it, while the
   * Learning-rate workspace wrote {@code size} beside it and only its sweeps used that (the bug
   * version 2 removes), so the kept value is the one the project's runs were trained at. The same
   * holds for {@code batchSize} over {@code batch}.
   */
  private static void migrateV1(Map<String, Object> raw) {
    if ("nesterov".equals(raw.get("optimizer"))) {
      raw.put("optimizer", "sgd-nesterov"); // the engine's other name for it
    }
    V1_ALIASES.forEach(
        (alias, name) -> {
          Object old = raw.remove(alias);
          if (old != null && raw.get(name) == null) {
            raw.put(name, old);
          }
        });
  }

  /** The {@code training} object for the current version: every setting, then unknown keys. */
  static ObjectNode write(TrainingSettings s) {
    ObjectNode out = MAPPER.createObjectNode();
    ObjectNode groups = MAPPER.createObjectNode();
    for (String key : TrainingSettings.KEYS) {
      Object v = s.value(key);
      if (v == null) {
        continue;
      }
      if (key.startsWith(GROUPS + ".")) {
        groups.set(key.substring(GROUPS.length() + 1), MAPPER.valueToTree(v));
      } else if (key.equals("progressiveResizing")) {
        ObjectNode sizes = out.putObject(key);
        s.progressiveResizing().forEach((e, size) -> sizes.put(Integer.toString(e), size));
      } else {
        out.set(key, MAPPER.valueToTree(v));
      }
    }
    out.set(GROUPS, groups);
    s.extra()
        .forEach(
            (k, v) -> {
              if (k.equals(GROUPS) && v instanceof Map<?, ?> g) {
                g.forEach((gk, gv) -> groups.set(String.valueOf(gk), MAPPER.valueToTree(gv)));
              } else {
                out.set(k, MAPPER.valueToTree(v));
              }
            });
    return out;
  }
}
