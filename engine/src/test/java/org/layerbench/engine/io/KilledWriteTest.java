package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint being written when the process is killed (SIGKILL, no shutdown hooks) leaves the
 * previous checkpoint complete and loadable: bundles are written to a temporary file and renamed.
 */
class KilledWriteTest {
  @TempDir Path dir;

  @RepeatedTest(3)
  void killMidWriteLeavesALoadableCheckpoint() throws Exception {
    Path target = dir.resolve("last.lbmodel");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                CheckpointWriterMain.class.getName(),
                target.toString())
            .redirectErrorStream(true)
            .start();
    java.util.concurrent.atomic.AtomicInteger written =
        new java.util.concurrent.atomic.AtomicInteger();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(new InputStreamReader(child.getInputStream()))) {
                for (String l = out.readLine(); l != null; l = out.readLine()) {
                  if (l.startsWith("written ")) {
                    written.set(Integer.parseInt(l.substring(8)));
                  }
                }
              } catch (java.io.IOException closedByKill) {
                // the stream ends with the process
              }
            });
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (written.get() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(written.get()).as("the child wrote its first checkpoint").isPositive();
    Thread.sleep(40 + (long) (Math.random() * 150)); // now somewhere inside a later write
    child.destroyForcibly();
    child.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
    int lastWritten = written.get();
    BundleContents read = ModelBundle.read(target);
    float first = read.weights().get("w").floats()[0];
    float last = read.weights().get("w").floats()[9_999_999];
    assertThat(first).isEqualTo(last);
    assertThat((int) first).isBetween(lastWritten, lastWritten + 1);
  }
}
