package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Starting the engine: what it prints on a machine without a GPU. */
class EnginesTest {
  /** Standard output and error of a child JVM running {@link NnpackQuietMain}. */
  private static String child(String... properties) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.addAll(List.of(properties));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), NnpackQuietMain.class.getName()));
    Path log = java.nio.file.Files.createTempFile("nnpack", ".log");
    try {
      Process p =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("the child JVM did not end in 120 s");
      }
      String out = java.nio.file.Files.readString(log);
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).as(out).contains("convolved");
      return out;
    } finally {
      java.nio.file.Files.deleteIfExists(log);
    }
  }

  /**
   * libtorch tests NNPACK at every convolution too small for oneDNN; where NNPACK cannot start (the
   * 2-core machines this is built on) each test printed a warning. With NNPACK switched off nothing
   * is printed. Where NNPACK starts there was nothing to silence, and the test says so.
   */
  @Test
  void smallConvolutionsPrintNoNnpackWarnings() throws Exception {
    Assumptions.assumeTrue(
        java.nio.file.Files.exists(Path.of("/proc/self/maps")),
        "Linux: libtorch found by its maps");
    Engines.ensureStarted();
    assertThat(Engines.disableNnpack()).isTrue();
    String quiet = child();
    assertThat(quiet).doesNotContain("NNPACK");
    String before = child("-Dlayerbench.nnpack=true");
    Assumptions.assumeTrue(
        before.contains("Could not initialize NNPACK"),
        "NNPACK starts on this machine, so it printed nothing to silence");
  }
}
