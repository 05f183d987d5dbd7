package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scan and the statistics stream: 20 images of 1600×1200 are 115 MB of decoded RGB, and both
 * run in a JVM whose whole heap is 64 MB — which, as the control shows, cannot hold the images.
 */
class StatisticsStreamingTest {

  private static final int IMAGES = 20;

  @TempDir Path dir;

  @Test
  void scanAndStatisticsNeedNotHoldTheImages() throws Exception {
    for (int i = 0; i < IMAGES; i++) {
      BufferedImage im = new BufferedImage(1600, 1200, BufferedImage.TYPE_3BYTE_BGR);
      byte[] px = ((DataBufferByte) im.getRaster().getDataBuffer()).getData();
      for (int p = 0; p < px.length; p++) {
        int x = (p / 3) % 1600;
        int y = (p / 3) / 1600;
        px[p] = (byte) (p % 3 == 0 ? x / 7 + i : p % 3 == 1 ? y / 5 : (x + y) / 11 + 3 * i);
      }
      TestImages.write(im, dir.resolve((i % 2 == 0 ? "even/" : "odd/") + i + ".png"));
    }

    Child control = run("hold");
    assertThat(control.code).as(control.output).isNotZero();
    assertThat(control.output).contains("OutOfMemoryError");

    Child child = run();
    assertThat(child.code).as(child.output).isZero();
    ScanReport here =
        DatasetScan.scan(dir, ScanOptions.defaults().withSplit(0, 1), ProgressMonitor.NONE);
    String expected =
        Arrays.toString(here.trainStats().mean()) + " " + Arrays.toString(here.trainStats().std());
    assertThat(child.output)
        .contains("images " + IMAGES)
        .contains("scan " + expected)
        .contains("alone " + expected);
  }

  private record Child(int code, String output) {}

  private Child run(String... extra) throws IOException, InterruptedException, Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    String classpath =
        location(DatasetScan.class) + File.pathSeparator + location(StreamingScanMain.class);
    List<String> command =
        new ArrayList<>(
            List.of(
                java,
                "-Xmx64m",
                "-Djava.awt.headless=true",
                "-cp",
                classpath,
                StreamingScanMain.class.getName(),
                dir.toString()));
    command.addAll(List.of(extra));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
    }
    return new Child(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static String location(Class<?> c) throws Exception {
    return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
