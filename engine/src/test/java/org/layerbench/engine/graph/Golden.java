package org.layerbench.engine.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the golden fixtures in src/test/resources/golden, written by real PyTorch 1.13 /
 * torchvision 0.14 with src/test/python/gen_fixtures.py. They are the outside truth our shape,
 * parameter and naming rules are checked against.
 */
final class Golden {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Golden() {}

  static JsonNode load(String name) {
    try (InputStream in = Golden.class.getResourceAsStream("/golden/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture /golden/" + name);
      }
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    array.forEach(v -> out.add(v.intValue()));
    return out;
  }

  /** A JSON object of parameters as a {@link Params}, the way {@link ModelJson} reads them. */
  static Params params(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object
        .properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              Object value;
              if (v.isNull()) {
                value = null;
              } else if (v.isBoolean()) {
                value = v.booleanValue();
              } else if (v.isIntegralNumber()) {
                value = v.intValue();
              } else if (v.isNumber()) {
                value = v.doubleValue();
              } else if (v.isArray()) {
                value = ints(v);
              } else {
                value = v.asText();
              }
              map.put(e.getKey(), value);
            });
    return new Params(map);
  }
}
