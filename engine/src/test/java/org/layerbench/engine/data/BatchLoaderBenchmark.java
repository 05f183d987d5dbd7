package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.image.Preprocess;

/**
 * Prints how many images per second the loader decodes and transforms on the bundled Shapes dataset
 * (240 PNGs of 64×64), with 2 workers, for a few resize targets, and the single-thread decode rate
 * for comparison. A benchmark, not a timed test: run with {@code ./mvnw -q -Pbench -pl engine test
 * -Dtest=BatchLoaderBenchmark -Dsurefire.failIfNoSpecifiedTests=false}; it asserts only that every
 * image was loaded.
 */
@Tag("benchmark")
class BatchLoaderBenchmark {

  @Test
  void shapesThroughput() throws IOException {
    DatasetSplits splits = ImageFolder.scan(shapes(), 0.2, 0);
    List<Sample> all = new ArrayList<>(splits.train());
    all.addAll(splits.val());
    all.addAll(splits.test());
    int n = all.size();

    // Warm-up: let the JIT compile ImageIO's PNG reader, the resize and the loader first.
    long warm = System.nanoTime() + 3_000_000_000L;
    while (System.nanoTime() < warm) {
      for (Sample s : all) {
        Preprocess.imagenet(48).apply(ImageDecoder.decode(s.file()), new float[3 * 48 * 48], 0);
      }
    }
    System.out.printf(
        "BENCH decode-only threads=1 images=%d images_per_s=%.0f%n",
        n, rate(n, () -> decodeAll(all)));
    for (int size : new int[] {64, 32, 224}) {
      Preprocess p = Preprocess.imagenet(size);
      try (BatchLoader loader = new BatchLoader(all, ImageReader.of(p), 32, true, 0, 2, 4)) {
        int[] epoch = {0};
        double rate =
            rate(
                n,
                () -> {
                  int seen = 0;
                  for (var it = loader.epoch(epoch[0]++); it.hasNext(); ) {
                    seen += it.next().size();
                  }
                  assertThat(seen).isEqualTo(n);
                });
        System.out.printf(
            "BENCH loader workers=2 batch=32 resize=64->%d images=%d images_per_s=%.0f%n",
            size, n, rate);
      }
    }
  }

  private static void decodeAll(List<Sample> all) {
    try {
      for (Sample s : all) {
        ImageDecoder.decode(s.file());
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Images per second over repeated runs for about two seconds (the median run). */
  private static double rate(int images, Runnable run) {
    List<Double> rates = new ArrayList<>();
    long end = System.nanoTime() + 2_000_000_000L;
    while (System.nanoTime() < end || rates.size() < 3) {
      long t0 = System.nanoTime();
      run.run();
      rates.add(images / ((System.nanoTime() - t0) / 1e9));
    }
    rates.sort(null);
    return rates.get(rates.size() / 2);
  }

  private static Path shapes() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("sample-data/project/data/shapes");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("sample-data/project/data/shapes not found");
  }
}
