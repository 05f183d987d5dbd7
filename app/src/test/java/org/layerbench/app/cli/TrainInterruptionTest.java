package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection on real {@code layerbench train} processes (DESIGN §10): SIGINT and SIGTERM stop
 * after the batch, save, say how to resume and exit 130/143; a second Ctrl-C exits at once; kill -9
 * during a checkpoint write; a second writer on the folder; and each time {@code --resume}
 * continues from what the folder holds and finishes. The child JVM holds every checkpoint under its
 * temporary name for a while ({@code layerbench.test.checkpointDelayMs}), so that a signal can land
 * while one is being written. Seeds are fixed; what varies is only where a signal lands.
 */
class TrainInterruptionTest {
  private static final int EPOCHS = 4;
  private static final long DELAY_MS = 800;
  @TempDir static Path dir;
  private static Path data;
  private final ObjectMapper json = new ObjectMapper();

  @BeforeAll
  static void images() throws IOException {
    data = dir.resolve("data");
    SplittableRandom random = new SplittableRandom(7);
    String[] classes = {"dark", "light"};
    for (String split : new String[] {"train", "val"}) {
      int n = split.equals("train") ? 24 : 6;
      for (int c = 0; c < 2; c++) {
        Path folder = Files.createDirectories(data.resolve(split).resolve(classes[c]));
        for (int i = 0; i < n; i++) {
          BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
          for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
              int v = Math.clamp((c == 0 ? 60 : 190) + random.nextInt(-50, 51), 0, 255);
              img.setRGB(x, y, (v << 16) | (v << 8) | v);
            }
          }
          ImageIO.write(img, "png", folder.resolve(classes[c] + i + ".png").toFile());
        }
      }
    }
  }

  /** A {@code layerbench train} child process and the lines it has printed so far. */
  static final class Child implements AutoCloseable {
    final Process process;
    final List<String> lines = new ArrayList<>();
    private final Thread reader;

    Child(String... args) throws IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.addAll(
          List.of(
              "-Xmx512m",
              "-XX:+UseSerialGC",
              "-XX:TieredStopAtLevel=1",
              "--enable-native-access=ALL-UNNAMED",
              "-Dai.djl.offline=true",
              "-Dlayerbench.test.checkpointDelayMs=" + DELAY_MS,
              "-cp",
              System.getProperty("java.class.path"),
              "org.layerbench.app.Main",
              "train"));
      cmd.addAll(List.of(args));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
      pb.environment().put("OPT_OUT_TRACKING", "true");
      process = pb.start();
      reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(new InputStreamReader(process.getInputStream()))) {
                  for (String l = r.readLine(); l != null; l = r.readLine()) {
                    synchronized (lines) {
                      lines.add(l);
                      lines.notifyAll();
                    }
                  }
                } catch (IOException ended) {
                  // the stream ends with the process
                }
              });
      reader.start();
    }

    /** Waits for a line starting with the prefix. */
    void await(String prefix) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      synchronized (lines) {
        while (lines.stream().noneMatch(l -> l.startsWith(prefix))) {
          long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
          assertThat(left).as("waiting for '%s' in %s", prefix, lines).isPositive();
          lines.wait(Math.max(1, Math.min(left, 200)));
        }
      }
    }

    void signal(String name) throws Exception {
      new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
          .inheritIO()
          .start()
          .waitFor();
    }

    int exit() throws InterruptedException {
      assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited; printed %s", lines).isTrue();
      reader.join(5_000);
      return process.exitValue();
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }
  }

  private Child start(Path run) throws IOException {
    return new Child(
        "--data",
        data.toString(),
        "--model",
        "simplenet",
        "--size",
        "16",
        "--batch",
        "4",
        "--epochs",
        Integer.toString(EPOCHS),
        "--lr",
        "0.003",
        "--seed",
        "5",
        "--threads",
        "1",
        "--workers",
        "1",
        "-o",
        run.toString());
  }

  private JsonNode runJson(Path run) throws IOException {
    return json.readTree(run.resolve("run.json").toFile());
  }

  private static List<String> temporaryFiles(Path run) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path d : List.of(run, run.resolve("checkpoints"))) {
      if (Files.isDirectory(d)) {
        try (Stream<Path> s = Files.list(d)) {
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".tmp") || n.endsWith(".link"))
              .forEach(out::add);
        }
      }
    }
    return out;
  }

  private void assertStopped(Child child, Path run, int code, long signalledAt) throws Exception {
    assertThat(child.exit()).as(child.output()).isEqualTo(code);
    assertThat((System.nanoTime() - signalledAt) / 1e9).as("seconds to exit").isLessThan(15);
    assertThat(child.output())
        .contains("stopping after the current batch")
        .contains("stopped after epoch")
        .contains("saved " + run.resolve("model.lbmodel"))
        .contains("resume with: layerbench train --resume " + run);
    assertThat(runJson(run).get("status").asText()).isEqualTo("stopped");
    assertThat(run.resolve("model.lbmodel")).isRegularFile();
    assertThat(run.resolve("checkpoints/last.lbmodel")).isRegularFile();
    assertThat(temporaryFiles(run)).isEmpty();
  }

  /** Resumes in a child process and waits for it to finish all epochs. */
  private void resumeToTheEnd(Path run) throws Exception {
    try (Child child = new Child("--resume", run.toString())) {
      assertThat(child.exit()).as(child.output()).isZero();
      assertThat(child.output()).contains("epoch " + EPOCHS + "/" + EPOCHS);
    }
    JsonNode done = runJson(run);
    assertThat(done.get("status").asText()).isEqualTo("finished");
    assertThat(done.get("epochs").asInt()).isEqualTo(EPOCHS);
    List<String> rows = Files.readAllLines(run.resolve("metrics.csv"));
    assertThat(rows.subList(1, rows.size()))
        .extracting(r -> Integer.parseInt(r.substring(0, r.indexOf(','))))
        .containsExactly(1, 2, 3, 4);
    assertThat(temporaryFiles(run)).isEmpty();
    // model, best and last are files of their own: a cp over model.lbmodel (which opens the
    // existing file and writes into it) leaves the resume checkpoint whole
    Path last = run.resolve("checkpoints/last.lbmodel");
    byte[] checkpoint = Files.readAllBytes(last);
    assertThat(Files.isSameFile(run.resolve("model.lbmodel"), last)).isFalse();
    assertThat(Files.isSameFile(run.resolve("checkpoints/best.lbmodel"), last)).isFalse();
    Files.write(run.resolve("model.lbmodel"), new byte[] {'n', 'o', 't'});
    assertThat(Files.readAllBytes(last)).isEqualTo(checkpoint);
  }

  /**
   * SIGINT while epoch 1's checkpoint is being written (and epoch 2 trains): the checkpoint is
   * finished, the stop saved, exit 130; then a resume that gets SIGTERM mid-epoch (exit 143); then
   * one that gets Ctrl-C twice (exit at once), and a last one that finishes the run.
   */
  @Test
  void signalsStopSaveAndResume() throws Exception {
    Path run = dir.resolve("signals");
    try (Child child = start(run)) {
      child.await("epoch 1/");
      assertThat(runJson(run).get("status").asText()).isEqualTo("running");
      child.signal("INT");
      assertStopped(child, run, 130, System.nanoTime());
    }
    try (Child child = new Child("--resume", run.toString())) {
      child.await("training ");
      Thread.sleep(150); // inside the epoch's batches
      long at = System.nanoTime();
      child.signal("TERM");
      assertStopped(child, run, 143, at);
    }
    try (Child child = new Child("--resume", run.toString())) {
      child.await("epoch ");
      child.signal("INT");
      child.await("layerbench: SIGINT: stopping");
      long at = System.nanoTime();
      child.signal("INT");
      assertThat(child.exit()).as(child.output()).isEqualTo(130);
      assertThat((System.nanoTime() - at) / 1e9).isLessThan(DELAY_MS / 1000.0 + 1.5);
      assertThat(child.output()).contains("quitting at once");
    }
    resumeToTheEnd(run);
  }

  /**
   * kill -9 while a checkpoint is under its temporary name: run.json says running with the last
   * whole epoch, the temporary file is left; a resume removes it and finishes the run.
   */
  @Test
  void killDuringACheckpointThenResume() throws Exception {
    Path run = dir.resolve("killed");
    try (Child child = start(run)) {
      child.await("epoch 2/");
      assertThat(temporaryFiles(run)).as("a checkpoint in progress").isNotEmpty();
      child.process.destroyForcibly();
      child.exit();
    }
    JsonNode journal = runJson(run);
    assertThat(journal.get("status").asText()).isEqualTo("running");
    assertThat(journal.get("epochs").asInt()).isBetween(1, 2);
    assertThat(temporaryFiles(run)).isNotEmpty();
    resumeToTheEnd(run);
  }

  /**
   * One writer per folder: while a child trains in a folder, a second writer (this process) is
   * refused naming the child's pid, whether it resumes or overwrites; -o on a folder holding a run
   * needs --overwrite; --resume refuses settings it cannot honour.
   */
  @Test
  void aSecondWriterIsRefusedNamingTheProcess() throws Exception {
    Path run = dir.resolve("busy");
    try (Child child = start(run)) {
      child.await("training ");
      String pid = "process " + child.process.pid();
      CliRun resumed = CliRun.of("train", "--resume", run.toString());
      assertThat(resumed.code()).as(resumed.err()).isEqualTo(1);
      assertThat(resumed.err()).contains(pid);
      assertThat(resumed.err().strip().lines()).hasSize(1);
      CliRun overwriting =
          CliRun.of(
              "train",
              "--data",
              data.toString(),
              "--model",
              "simplenet",
              "--size",
              "16",
              "--overwrite",
              "-o",
              run.toString());
      assertThat(overwriting.code()).as(overwriting.err()).isEqualTo(1);
      assertThat(overwriting.err()).contains(pid);
      child.process.destroyForcibly();
      child.exit();
    }
    CliRun again =
        CliRun.of("train", "--data", data.toString(), "--model", "simplenet", "-o", run.toString());
    assertThat(again.code()).isEqualTo(1);
    assertThat(again.err()).contains("holds a run already").contains("--overwrite");
    assertThat(again.err().strip().lines()).hasSize(1);

    CliRun lr = CliRun.of("train", "--resume", run.toString(), "--lr", "0.1");
    assertThat(lr.code()).isEqualTo(1);
    assertThat(lr.err()).contains("--lr cannot apply");
    assertThat(lr.err().strip().lines()).hasSize(1);

    // --overwrite, once nobody writes the folder: the old run goes, a new one is written
    Files.writeString(run.resolve(".metrics.csv.123.tmp"), "a killed writer's"); // stale
    CliRun fresh =
        CliRun.of(
            "train",
            "--data",
            data.toString(),
            "--model",
            "simplenet",
            "--size",
            "16",
            "--epochs",
            "1",
            "--threads",
            "1",
            "--overwrite",
            "-o",
            run.toString());
    assertThat(fresh.code()).as(fresh.err()).isZero();
    assertThat(runJson(run).get("status").asText()).isEqualTo("finished");
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(2);
    assertThat(temporaryFiles(run)).isEmpty();
  }
}
