package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunFolderTest {

  @Test
  void readsWhatRunFilesWrites(@TempDir Path dir) throws Exception {
    RunFiles files = new RunFiles(dir);
    files.addRow(1, 1.1, 1.0, 0.4, 1e-3);
    files.writeMetrics(files.addRow(2, 0.9, 0.8, 0.7, 1e-3));
    RunFolder running = RunFolder.read(dir);
    assertThat(running.hasRunJson()).isFalse();
    assertThat(running.rows()).hasSize(2);
    assertThat(running.rows().get(1).valAccuracy())
        .isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(running.bestRowAccuracy()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(running.bundle()).isNull();

    Files.writeString(
        dir.resolve("run.json"),
        "{\"status\": \"failed\", \"reason\": \"loss became NaN\", \"epochs\": 2,"
            + " \"bestValAccuracy\": 0.7, \"finished\": \"2026-11-26T19:00:00Z\","
            + " \"config\": {\"valSplit\": 0.25, \"seed\": 7}}");
    Files.createDirectories(dir.resolve("checkpoints"));
    Files.writeString(dir.resolve("checkpoints/last.lbmodel"), "x");
    RunFolder ended = RunFolder.read(dir);
    assertThat(ended.status()).isEqualTo("failed");
    assertThat(ended.reason()).isEqualTo("loss became NaN");
    assertThat(ended.epochs()).isEqualTo(2);
    assertThat(ended.valSplit()).isEqualTo(0.25);
    assertThat(ended.seed()).isEqualTo(7);
    assertThat(ended.finished()).hasToString("2026-11-26T19:00:00Z");
    assertThat(ended.bundle()).isEqualTo(dir.resolve("checkpoints/last.lbmodel"));
  }

  @Test
  void unreadableFilesAreSaidNotThrown(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("metrics.csv"), RunFiles.METRICS_HEADER + "\n1,0.5,0.4,x\n");
    Files.writeString(dir.resolve("run.json"), "{ not json");
    RunFolder f = RunFolder.read(dir);
    assertThat(f.metricsProblem()).isNotNull();
    assertThat(f.rows()).isEmpty();
    assertThat(f.runJsonProblem()).isNotNull();
    assertThat(f.status()).isNull();
  }
}
