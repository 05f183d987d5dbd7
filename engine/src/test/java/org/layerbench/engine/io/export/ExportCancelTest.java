package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.Templates;

/**
 * Cancelling an export between its steps (the window's Cancel): it ends with a {@link
 * CancellationException}, and neither the target nor a temporary folder is left behind.
 */
class ExportCancelTest {
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    ExportFixtures.startEngine();
  }

  private Path model() throws Exception {
    return ExportFixtures.bundle(
        dir, Templates.find("simplenet").orElseThrow().create(2, List.of(3, 8, 8)), 2);
  }

  private static List<Exporter> formats() {
    return List.of(
        Exporters.find("safetensors").orElseThrow(), Exporters.find("onnx").orElseThrow());
  }

  private void assertNothingLeft(Path out) throws Exception {
    assertThat(out).doesNotExist();
    try (var l = Files.list(dir)) {
      assertThat(l.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".export-"));
    }
  }

  @Test
  void aCancelAfterTheFirstFormatStopsBeforeTheNextAndLeavesNothing() throws Exception {
    Path model = model();
    Path out = dir.resolve("out");
    List<String> steps = new ArrayList<>();
    assertThatThrownBy(
            () ->
                Export.run(
                    new Export.Request(model, formats(), out, true, false),
                    steps::add,
                    () -> !steps.isEmpty()))
        .isInstanceOf(CancellationException.class)
        .hasMessage("the export was cancelled");
    assertThat(steps).containsExactly("writing safetensors weights"); // ONNX was never written
    assertNothingLeft(out);
  }

  @Test
  void aCancelDuringVerificationLeavesNothingAndWithoutOneTheExportIsWhole() throws Exception {
    Path model = model();
    Path out = dir.resolve("out");
    List<String> steps = new ArrayList<>();
    assertThatThrownBy(
            () ->
                Export.run(
                    new Export.Request(model, formats(), out, true, false),
                    steps::add,
                    () -> steps.stream().anyMatch(s -> s.startsWith("verifying"))))
        .isInstanceOf(CancellationException.class);
    assertThat(steps.getLast()).startsWith("verifying");
    assertNothingLeft(out);

    Export.Result r =
        Export.run(new Export.Request(model, formats(), out, true, false), s -> {}, () -> false);
    assertThat(r.failed()).isFalse();
    assertThat(out.resolve("model.onnx")).exists();
  }
}
