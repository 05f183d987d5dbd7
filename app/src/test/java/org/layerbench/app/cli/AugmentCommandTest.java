package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AugmentCommandTest {

  private static final Path SAMPLE = Path.of("../sample-data/project");
  private static final Path IMAGE = SAMPLE.resolve("data/shapes/train/circle/circle_000.png");
  private static final Path PIPELINE = SAMPLE.resolve("augment.json");

  @Test
  void writesAGridThatTheSameSeedReproduces(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.png");
    Path b = dir.resolve("b.png");
    Path c = dir.resolve("c.png");
    CliRun run =
        CliRun.of(
            "augment",
            "--pipeline",
            PIPELINE.toString(),
            IMAGE.toString(),
            "--count",
            "6",
            "--seed",
            "5",
            "--columns",
            "3",
            "-o",
            a.toString());
    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("6 variants of circle_000.png (64×64 each), seed 5");
    CliRun.of(
        "augment",
        "--pipeline",
        PIPELINE.toString(),
        IMAGE.toString(),
        "--count",
        "6",
        "--seed",
        "5",
        "--columns",
        "3",
        "-o",
        b.toString());
    CliRun.of(
        "augment",
        "--pipeline",
        PIPELINE.toString(),
        IMAGE.toString(),
        "--count",
        "6",
        "--seed",
        "6",
        "--columns",
        "3",
        "-o",
        c.toString());
    BufferedImage grid = ImageIO.read(a.toFile());
    // 3 columns × 2 rows of 64-px cells with 4-px gaps
    assertThat(grid.getWidth()).isEqualTo(3 * 64 + 4 * 4);
    assertThat(grid.getHeight()).isEqualTo(2 * 64 + 3 * 4);
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    assertThat(Files.readAllBytes(c)).isNotEqualTo(Files.readAllBytes(a));
  }

  @Test
  void aBadPipelineIsAOneLineUserError(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.json");
    Files.writeString(
        bad,
        "{\"format\": \"layerbench.transforms\", \"version\": 1,"
            + " \"train\": [{\"type\": \"ColorJitter\", \"brightness\": -2}], \"val\": []}");
    CliRun run =
        CliRun.of(
            "augment",
            "--pipeline",
            bad.toString(),
            IMAGE.toString(),
            "-o",
            dir.resolve("x.png").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .contains("bad.json: train step 1 (ColorJitter): if brightness is a single number");
    assertThat(dir.resolve("x.png")).doesNotExist();
  }
}
