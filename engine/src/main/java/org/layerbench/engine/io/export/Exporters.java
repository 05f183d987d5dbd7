package org.layerbench.engine.io.export;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The export formats, one registry for the CLI and the window (STYLE §13). */
public final class Exporters {
  private static final List<Exporter> ALL =
      List.of(
          new PyTorchExporter(),
          new OnnxExporter(),
          new LightningExporter(),
          new SafetensorsExporter());

  private Exporters() {}

  public static List<Exporter> all() {
    return ALL;
  }

  public static Optional<Exporter> find(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(e -> e.id().equals(wanted)).findFirst();
  }

  /** The ids, for messages and help ({@code pytorch, onnx, …}). */
  public static List<String> ids() {
    return ALL.stream().map(Exporter::id).toList();
  }
}
