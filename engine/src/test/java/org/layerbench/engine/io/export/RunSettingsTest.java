package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Lightning export reads run.json with RunManifest's rules: format, version, known fields. */
class RunSettingsTest {

  @Test
  void aRunJsonFromANewerLayerBenchIsRefusedAsResumeRefusesIt() {
    assertThatThrownBy(
            () ->
                RunSettings.parse(
                    "{\"format\": \"layerbench.run\", \"version\": 9, \"config\": {}}"))
        .isInstanceOf(ExportException.class)
        .hasMessage(
            "run.json: version 9 was written by a newer LayerBench; this one reads version 1 —"
                + " update LayerBench");
  }

  @Test
  void anotherFormatOrAnUnknownFieldIsNamed() {
    assertThatThrownBy(() -> RunSettings.parse("{\"format\": \"layerbench.model\"}"))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("run.json is not a LayerBench run");
    assertThatThrownBy(() -> RunSettings.parse("{\"config\": {}, \"epochz\": 3}"))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("run.json: unknown field \"epochz\"");
    assertThatThrownBy(() -> RunSettings.parse("[1, 2]"))
        .hasMessage("run.json is not a JSON object");
  }

  @Test
  void progressiveResizingAndPathsComeAsRunManifestReadsThem(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("run.json"),
        """
        {"format": "layerbench.run", "version": 1, "data": "/data/shapes",
         "model": "tiny", "weights": "/w/start.pt",
         "config": {"epochs": 5, "imageSize": 32},
         "progressiveResizing": {"3": 64, "1": 48}}
        """);
    RunSettings s = RunSettings.read(dir);
    assertThat(s.epochs()).isEqualTo(5);
    assertThat(s.imageSize()).isEqualTo(32);
    assertThat(s.data()).isEqualTo("/data/shapes");
    assertThat(s.weights()).isEqualTo("/w/start.pt");
    assertThat(s.modelName()).isEqualTo("tiny");
    assertThat(s.progressiveResizing().keySet()).containsExactly("1", "3");
    assertThat(s.progressiveResizing()).containsEntry("3", 64).containsEntry("1", 48);
    assertThatThrownBy(() -> RunSettings.parse("{\"progressiveResizing\": {\"two\": 64}}"))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("maps epochs to sizes");
  }
}
