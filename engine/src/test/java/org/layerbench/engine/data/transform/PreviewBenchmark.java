package org.layerbench.engine.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long the augmentation preview takes to redraw while a slider moves: compile the pipeline with
 * the slider's new value, render 8 seeded variants of a 299×224 photo-like image and lay them out
 * as a grid, on one thread (the preview's background task). The target is under 50 ms. Prints the
 * median, 95th percentile and maximum over 100 redraws after the JIT's warm-up, for a typical train
 * pipeline and the same with GaussianBlur. A benchmark, not a timed test: run with {@code ./mvnw -q
 * -Pbench test -pl engine -Dtest=PreviewBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class PreviewBenchmark {

  /** RandomResizedCrop 224, flip, RandomRotation 15, ColorJitter, ToTensor, Normalize. */
  static Pipeline train(double brightness, boolean blur) {
    List<Step> steps = new ArrayList<>();
    steps.add(Step.of(TransformType.RANDOM_RESIZED_CROP, "size", 224));
    steps.add(Step.of(TransformType.RANDOM_HORIZONTAL_FLIP));
    steps.add(Step.of(TransformType.RANDOM_ROTATION, "degrees", 15));
    steps.add(
        Step.of(
            TransformType.COLOR_JITTER,
            "brightness",
            brightness,
            "contrast",
            0.4,
            "saturation",
            0.4,
            "hue",
            0.1));
    if (blur) {
      steps.add(Step.of(TransformType.GAUSSIAN_BLUR, "kernel_size", 5, "sigma", List.of(0.1, 2.0)));
    }
    steps.add(Step.of(TransformType.TO_TENSOR));
    steps.add(
        Step.of(
            TransformType.NORMALIZE, "mean", Pipeline.IMAGENET_MEAN, "std", Pipeline.IMAGENET_STD));
    return new Pipeline(steps);
  }

  @Test
  void eightVariantsWhileASliderMoves() {
    Image8 photo = photo(299, 224, 42);
    for (boolean blur : new boolean[] {false, true}) {
      // Warm-up: the JIT compiles every step before the figures are taken.
      long warm = System.nanoTime() + 3_000_000_000L;
      for (int i = 0; System.nanoTime() < warm; i++) {
        redraw(photo, i, blur);
      }
      double[] ms = new double[100];
      for (int i = 0; i < ms.length; i++) {
        long t0 = System.nanoTime();
        Image8 grid = redraw(photo, i, blur);
        ms[i] = (System.nanoTime() - t0) / 1e6;
        assertThat(grid.width()).isEqualTo(4 * 224 + 5 * 4);
      }
      java.util.Arrays.sort(ms);
      System.out.printf(
          "BENCH preview variants=8 image=299x224 pipeline=%s redraws=%d median_ms=%.1f"
              + " p95_ms=%.1f max_ms=%.1f%n",
          blur ? "train+blur" : "train", ms.length, ms[ms.length / 2], ms[94], ms[ms.length - 1]);
    }
  }

  /** One redraw: the slider (brightness) moved to a new value; same seed, as the preview keeps. */
  private static Image8 redraw(Image8 photo, int step, boolean blur) {
    double brightness = 0.8 * (step % 50) / 50.0;
    Pipeline.Compiled p = train(brightness, blur).compile();
    return Previews.grid(Previews.variants(photo, p, 8, 7L), 4, 4);
  }

  /** A smooth gradient with soft-edged discs and sensor-like noise, deterministic for a seed. */
  static Image8 photo(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] discs = new double[6][];
    for (int k = 0; k < discs.length; k++) {
      discs[k] =
          new double[] {
            r.nextDouble(w),
            r.nextDouble(h),
            15 + r.nextDouble(60),
            r.nextInt(256),
            r.nextInt(256),
            r.nextInt(256)
          };
    }
    byte[] b = new byte[w * h * 3];
    for (int y = 0, p = 0; y < h; y++) {
      for (int x = 0; x < w; x++, p += 3) {
        double[] c = {40 + 150.0 * x / w, 60 + 120.0 * y / h, 180 - 100.0 * x / w};
        for (double[] d : discs) {
          double dist = Math.hypot(x - d[0], y - d[1]);
          double a = Math.min(1, Math.max(0, d[2] - dist) / 4); // soft edge
          for (int ch = 0; ch < 3; ch++) {
            c[ch] += a * (d[3 + ch] - c[ch]);
          }
        }
        for (int ch = 0; ch < 3; ch++) {
          b[p + ch] = (byte) Math.min(255, Math.max(0, Math.round(c[ch] + r.nextGaussian() * 6)));
        }
      }
    }
    return new Image8(w, h, 3, b);
  }
}
