package org.layerbench.engine.io.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One export format: the files it writes and how they are checked against LayerBench. The CLI's
 * {@code export --format} and the window's Export workspace list the same {@link Exporters}.
 */
public interface Exporter {
  /** The name used on the command line ({@code pytorch}). */
  String id();

  /** What it is, for people ({@code PyTorch code + state_dict}). */
  String displayName();

  /**
   * Why this format cannot export {@code source}, in one line; null when it can. {@link #write}
   * refuses with this line; {@code --format all} leaves such a format out and says why.
   */
  default String unsupported(ExportSource source) {
    return null;
  }

  /** Whether it needs trained weights (a model JSON alone has none). */
  boolean needsWeights();

  /**
   * Writes the format's files into {@code dir} (a fresh folder) and returns their names. Refusals
   * (a layer the format cannot express) are thrown before anything is written.
   */
  List<String> write(ExportSource source, Path dir) throws IOException, ExportException;

  /** Checks the written files against LayerBench's outputs on {@code inputs}. */
  List<Verification> verify(ExportSource source, Path dir, ReferenceInputs inputs)
      throws IOException;

  /** The part of the export's README.md about this format's files (Markdown), or "". */
  String readme(ExportSource source);
}
