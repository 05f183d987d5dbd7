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
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    assertThat(out).as(out).contains("convolved");
    return out;
  }

  /**
   * libtorch tests NNPACK at every convolution too small for oneDNN; where NNPACK cannot start (the
   * 2-core machines this is built on) each test printed a warning. With NNPACK switched off nothing
   * is printed. Where NNPACK starts there was nothing to silence, and the test says so.
   */
  @Test
  void smallConvolutionsPrintNoNnpackWarnings() throws Exception {
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
