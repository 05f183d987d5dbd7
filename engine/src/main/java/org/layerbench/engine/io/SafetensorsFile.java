package org.layerbench.engine.io;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;

/** The content of a safetensors file: tensors in data-offset order and the string metadata. */
public record SafetensorsFile(
    SequencedMap<String, TensorData> tensors, Map<String, String> metadata) {
  public SafetensorsFile {
    tensors = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(tensors));
    metadata =
        metadata == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
