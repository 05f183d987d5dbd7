package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.project.Project;

/** Run folders as the pickers list them: finished, still training, failed, missing. */
class RunCatalogTest {
  @TempDir Path tmp;

  @Test
  void aFinishedRunHasItsStatusAccuracyDataAndModel() throws Exception {
    Path dir = SampleRuns.two().getFirst();
    RunEntry e = RunCatalog.read("run-1", dir);
    assertThat(e.status()).isEqualTo("finished");
    assertThat(e.bundle()).isEqualTo(dir.resolve("model.lbmodel"));
    assertThat(e.epochs()).isEqualTo(1);
    assertThat(e.bestAccuracy()).isBetween(0.0, 1.0);
    assertThat(e.dataDir()).isEqualTo(SampleRuns.DATA);
    assertThat(e.seed()).isEqualTo(1);
    assertThat(e.valSplit()).isEqualTo(0.2);
    assertThat(e.usable()).isTrue();
    assertThat(e.display()).startsWith("run-1 · finished · best ").endsWith(" %");
  }

  @Test
  void aRunStillTrainingUsesItsBestCheckpointAndMetrics() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("live/checkpoints"));
    Files.copy(SampleRuns.two().getFirst().resolve("model.lbmodel"), dir.resolve("best.lbmodel"));
    Files.writeString(
        tmp.resolve("live/metrics.csv"),
        "epoch,train_loss,val_loss,val_accuracy,lr\n1,1.0,0.9,0.5,0.001\n2,0.8,0.7,0.75,0.001\n");
    RunEntry e = RunCatalog.read("live", tmp.resolve("live"));
    assertThat(e.status()).isEqualTo("training");
    assertThat(e.bundle()).isEqualTo(dir.resolve("best.lbmodel"));
    assertThat(e.bestAccuracy()).isEqualTo(0.75);
    assertThat(e.epochs()).isEqualTo(2);
  }

  /** run.json says running from the start: a live writer trains, a dead one was interrupted. */
  @Test
  void aJournalSaysTrainingWhileItsWriterLivesAndInterruptedAfter() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("journal"));
    Files.writeString(
        dir.resolve("run.json"),
        "{\"format\":\"layerbench.run\",\"version\":1,\"status\":\"running\",\"epochs\":1}");
    Files.writeString(dir.resolve(".lock"), ProcessHandle.current().pid() + "\n");
    assertThat(RunCatalog.read("j", dir).status()).isEqualTo("training");
    Files.writeString(dir.resolve(".lock"), "999999999\n"); // killed with -9
    assertThat(RunCatalog.read("j", dir).status()).isEqualTo("interrupted");
  }

  @Test
  void aFailedRunSaysWhyAndCannotBeUsed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("bad"));
    Files.writeString(
        dir.resolve("run.json"),
        "{\"format\":\"layerbench.run\",\"version\":1,\"status\":\"failed\","
            + "\"reason\":\"loss became NaN at epoch 1, step 3\"}");
    RunEntry e = RunCatalog.read("bad", dir);
    assertThat(e.status()).isEqualTo("failed");
    assertThat(e.usable()).isFalse();
    assertThat(e.reason()).isEqualTo("Failed: loss became NaN at epoch 1, step 3");
  }

  @Test
  void theProjectsRunsAreListedByFolderNameAndMissingOnesSaySo() throws Exception {
    Path project = tmp.resolve("p.lbproj");
    Files.createDirectories(tmp.resolve("runs/empty"));
    Project p =
        new Project(
            "p",
            project,
            null,
            new ModelGraph("m", List.of(), List.of(), List.of()),
            org.layerbench.engine.project.TrainingSettings.DEFAULTS,
            List.of("runs/empty", "runs/gone"));
    List<RunEntry> runs = RunCatalog.read(p);
    assertThat(runs).extracting(RunEntry::name).containsExactly("empty", "gone");
    assertThat(runs.get(0).reason()).isEqualTo("This run has no saved model yet.");
    assertThat(runs.get(1).status()).isEqualTo("missing");
    assertThat(runs.get(1).reason()).startsWith("The run folder is missing: ");
  }
}
