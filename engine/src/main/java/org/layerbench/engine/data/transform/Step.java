package org.layerbench.engine.data.transform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One step of a pipeline as data: a transform type, its parameters by torchvision keyword (JSON
 * values: Number, Boolean, String, List), whether it is enabled (the editor can switch a step off
 * without losing it), and for {@code RandomApply} the nested steps.
 */
public record Step(
    TransformType type, Map<String, Object> params, boolean enabled, List<Step> steps) {

  public Step {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    steps = List.copyOf(steps);
    if (type != TransformType.RANDOM_APPLY && !steps.isEmpty()) {
      throw new IllegalArgumentException(type.jsonName() + " has no nested transforms");
    }
  }

  public static Step of(TransformType type, Object... keyValues) {
    if (keyValues.length % 2 != 0) {
      throw new IllegalArgumentException("key/value pairs expected");
    }
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      p.put((String) keyValues[i], keyValues[i + 1]);
    }
    return new Step(type, p, true, List.of());
  }

  public static Step randomApply(double p, Step... steps) {
    return new Step(TransformType.RANDOM_APPLY, Map.of("p", p), true, List.of(steps));
  }

  public Step withEnabled(boolean on) {
    return new Step(type, params, on, steps);
  }

  public Step withParam(String name, Object value) {
    Map<String, Object> p = new LinkedHashMap<>(params);
    if (value == null) {
      p.remove(name);
    } else {
      p.put(name, value);
    }
    return new Step(type, p, enabled, steps);
  }

  public Step withSteps(List<Step> nested) {
    return new Step(type, params, enabled, nested);
  }
}
