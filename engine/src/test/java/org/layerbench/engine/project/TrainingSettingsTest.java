package org.layerbench.engine.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.train.TrainConfig;

class TrainingSettingsTest {

  private static final Path SAMPLE = Path.of("../sample-data/project/sample.lbproj");

  @Test
  void theDefaultsAreTrainConfigsDefaults() {
    assertThat(TrainingSettings.DEFAULTS.toConfig()).isEqualTo(TrainConfig.defaults());
    assertThat(TrainingSettings.DEFAULTS.progressiveResizing()).isEmpty();
    assertThat(TrainingSettings.DEFAULTS.weights()).isNull();
    assertThat(TrainingSettings.DEFAULTS.problem()).isNull();
  }

  /** The bundled sample is a version-1 file written with the CLI's names (batch, size). */
  @Test
  void aVersionOneFileIsMigratedValueByValue() throws Exception {
    assertThat(Files.readString(SAMPLE)).contains("\"version\": 1").contains("\"size\": 64");
    TrainingSettings t = ProjectFile.read(SAMPLE).training();
    TrainingSettings expected =
        new TrainingSettings(
            8,
            16,
            "adam",
            0.003,
            0,
            "onecycle",
            64,
            new java.util.TreeMap<>(),
            0.2,
            1,
            0,
            "val_loss",
            0,
            "auto",
            0,
            2,
            List.of(),
            false,
            false,
            Map.of(),
            0,
            null,
            Map.of());
    assertThat(t).isEqualTo(expected);
  }

  @Test
  void versionOneKeepsTheImageSizeTrainTrainedWith(@TempDir Path dir) throws Exception {
    Path file =
        v1(
            dir,
            "{\"imageSize\": 128, \"size\": 96, \"batch\": 8, \"groups\": {\"freeze\": [\"a\"],"
                + " \"unfreezeAt\": 2, \"later\": 1}, \"progressiveResizing\": {\"3\": 96},"
                + " \"weights\": \"w.safetensors\", \"futureThing\": [1, 2]}");
    TrainingSettings t = ProjectFile.read(file).training();
    assertThat(t.imageSize()).isEqualTo(128);
    assertThat(t.batchSize()).isEqualTo(8);
    assertThat(t.freeze()).containsExactly("a");
    assertThat(t.unfreezeAt()).isEqualTo(2);
    assertThat(t.progressiveResizing()).containsEntry(3, 96);
    assertThat(t.weights()).isEqualTo("w.safetensors");
    assertThat(t.extra()).containsOnlyKeys("groups", "futureThing");

    Path again = dir.resolve("again.lbproj");
    ProjectFile.write(ProjectFile.read(file), again);
    String text = Files.readString(again);
    assertThat(text).contains("\"version\" : 2");
    var training = new com.fasterxml.jackson.databind.ObjectMapper().readTree(text).get("training");
    assertThat(training.get("imageSize").asInt()).isEqualTo(128);
    assertThat(training.has("size")).isFalse();
    assertThat(training.has("batch")).isFalse();
    assertThat(training.get("futureThing")).hasSize(2);
    assertThat(training.get("groups").get("later").asInt()).isEqualTo(1);
    assertThat(ProjectFile.read(again).training()).isEqualTo(t);
  }

  @Test
  void aWrongValueNamesTheSettingInOneLine(@TempDir Path dir) throws Exception {
    Path file = v1(dir, "{\"batch\": \"many\"}");
    assertThatThrownBy(() -> ProjectFile.read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(file + ": training: batch size must be a whole number, got 'many'");
    Path zero = v1(dir, "{\"epochs\": 0}");
    assertThatThrownBy(() -> ProjectFile.read(zero))
        .hasMessage(zero + ": training: epochs must be at least 1, got 0");
  }

  @Test
  void aFutureVersionIsRefusedInOneLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("future.lbproj");
    Files.writeString(
        file, Files.readString(SAMPLE).replaceFirst("\"version\": 1", "\"version\": 3"));
    assertThatThrownBy(() -> ProjectFile.read(file))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("version 3, newer than this LayerBench reads (2)")
        .hasMessageNotContaining("\n");
  }

  @Test
  void rangesAreCheckedInOnePlace() {
    var d = TrainingSettings.DEFAULTS;
    assertThatThrownBy(() -> d.with("batchSize", 0))
        .hasMessage("batch size must be at least 1, got 0");
    assertThatThrownBy(() -> d.with("lr", -1))
        .hasMessage("the learning rate must be above 0, got -1");
    assertThatThrownBy(() -> d.with("valSplit", 1.0))
        .hasMessage("the validation split is a fraction in [0, 1), got 1");
    assertThatThrownBy(() -> d.with("optimizer", "magic")).hasMessageContaining("known: adam");
    assertThatThrownBy(() -> d.with("groups.lrMultipliers", Map.of("fc", -1.0)))
        .hasMessageContaining("multiplier of fc must not be negative");
    assertThat(d.with("progressiveResizing", Map.of("12", 96)).problem())
        .isEqualTo("progressive resizing starts at epoch 12 but the run has only 10 epochs");
  }

  @Test
  void oneConversionToTrainConfig() {
    TrainingSettings t =
        TrainingSettings.DEFAULTS
            .with("epochs", 3)
            .with("imageSize", 96)
            .with("monitor", "val_accuracy")
            .with("patience", 2)
            .with("clipNorm", 1.5)
            .with("groups.freeze", List.of("features"))
            .with("groups.lrMultipliers", Map.of("fc", 0.5));
    TrainConfig c = t.toConfig();
    assertThat(c.epochs()).isEqualTo(3);
    assertThat(c.imageSize()).isEqualTo(96);
    assertThat(c.monitor()).isEqualTo("val_accuracy");
    assertThat(c.patience()).isEqualTo(2);
    assertThat(c.clipNorm()).isEqualTo(1.5);
    assertThat(c.groups().freeze()).containsExactly("features");
    assertThat(c.groups().lrMultipliers()).containsEntry("fc", 0.5);
    assertThat(t.with("imageSize", null).imageSize()).isEqualTo(TrainConfig.DEFAULT_IMAGE_SIZE);
    assertThat(t.isSet("imageSize")).isTrue();
    assertThat(t.isSet("lr")).isFalse();
  }

  private static Path v1(Path dir, String training) throws Exception {
    String text = Files.readString(SAMPLE);
    int start = text.indexOf("\"training\": {");
    int end = text.indexOf('}', start) + 1;
    Path file = dir.resolve("v1-" + System.nanoTime() + ".lbproj");
    Files.writeString(
        file, text.substring(0, start) + "\"training\" : " + training + text.substring(end));
    return file;
  }
}
