package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineTransform;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;

/**
 * LayerBench's side of {@code bench/loader-vs-torchvision.sh}: images per second through the batch
 * loader with ImageNet-style training augmentation (RandomResizedCrop 224, horizontal flip,
 * ColorJitter(0.4, 0.4, 0.4, 0.1), ToTensor, Normalize), 2 workers, batch 64, shuffled, prefetch 4
 * as training uses — what {@code bench/loader_reference.py} measures for torchvision's DataLoader.
 * One warm-up epoch, then the median of the next ones (3 by default, {@code -Dbench.epochs} counts
 * all), also of the CPU time per image of the whole JVM (which follows the machine's load less than
 * images/s do).
 *
 * <p>The folder is {@code -Dbench.data=DIR}, else {@code bench-out/loader-photos} (the script
 * writes it); without either the benchmark is skipped. A benchmark, not a timed test: it asserts
 * only that every image was loaded. {@link #perStep} prints where one image's time goes, on one
 * thread.
 */
@Tag("benchmark")
class PipelineLoaderBenchmark {

  static Pipeline trainPipeline() {
    return Pipeline.of(
        Step.of(TransformType.RANDOM_RESIZED_CROP, "size", 224),
        Step.of(TransformType.RANDOM_HORIZONTAL_FLIP),
        Step.of(
            TransformType.COLOR_JITTER,
            "brightness",
            0.4,
            "contrast",
            0.4,
            "saturation",
            0.4,
            "hue",
            0.1),
        Step.of(TransformType.TO_TENSOR),
        Step.of(
            TransformType.NORMALIZE, "mean", Pipeline.IMAGENET_MEAN, "std", Pipeline.IMAGENET_STD));
  }

  @Test
  void throughput() throws IOException {
    List<Sample> all = samples();
    int n = all.size();
    int epochs = Integer.getInteger("bench.epochs", 4);
    PipelineTransform transform = new PipelineTransform(trainPipeline(), 3, 224, 224);
    var os =
        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    List<Double> rates = new ArrayList<>();
    List<Double> cpu = new ArrayList<>();
    try (BatchLoader loader = new BatchLoader(all, ImageReader.of(transform), 64, true, 1, 2, 4)) {
      for (int e = 0; e < epochs; e++) {
        long c0 = os.getProcessCpuTime(); // every thread of the JVM: workers, JIT, GC
        long t0 = System.nanoTime();
        int seen = 0;
        for (var it = loader.epoch(e); it.hasNext(); ) {
          seen += it.next().size();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double ms = (os.getProcessCpuTime() - c0) / 1e6 / n;
        assertThat(seen).isEqualTo(n);
        assertThat(loader.skipped()).isEmpty();
        rates.add(n / secs);
        cpu.add(ms);
        System.out.printf(
            "epoch %d: %d images in %.2f s, %.1f img/s, %.2f CPU ms/image%n",
            e + 1, n, secs, n / secs, ms);
      }
    }
    List<Double> steady = afterWarmUp(rates);
    System.out.printf(
        "BENCH pipeline-loader images=%d workers=2 batch=64 epochs=%d img_per_s=%.1f min=%.1f"
            + " max=%.1f cpu_ms_per_image=%.2f%n",
        n,
        epochs,
        median(steady),
        steady.get(0),
        steady.get(steady.size() - 1),
        median(afterWarmUp(cpu)));
  }

  /** The values after the first (the warm-up), sorted. */
  private static List<Double> afterWarmUp(List<Double> values) {
    List<Double> out = new ArrayList<>(values.subList(values.size() > 1 ? 1 : 0, values.size()));
    out.sort(null);
    return out;
  }

  private static double median(List<Double> sorted) {
    int m = sorted.size();
    return m % 2 == 1 ? sorted.get(m / 2) : (sorted.get(m / 2 - 1) + sorted.get(m / 2)) / 2;
  }

  /**
   * CPU milliseconds per image for each step on one thread, after the JIT has compiled them, as
   * {@code loader_reference.py --per-step} prints them for torchvision: decode, then
   * RandomResizedCrop on the decoded images, then the other steps on 224×224 crops. Every pipeline
   * ends in ToTensor (compile adds it), so its cost is measured alone and subtracted.
   */
  @Test
  void perStep() throws IOException {
    List<Sample> some = samples();
    some = some.subList(0, Math.min(some.size(), 120));
    Map<String, Pipeline.Compiled> steps = new LinkedHashMap<>();
    steps.put("random_resized_crop", step(TransformType.RANDOM_RESIZED_CROP, "size", 224));
    steps.put("flip", step(TransformType.RANDOM_HORIZONTAL_FLIP));
    steps.put("brightness", step(TransformType.COLOR_JITTER, "brightness", 0.4));
    steps.put("contrast", step(TransformType.COLOR_JITTER, "contrast", 0.4));
    steps.put("saturation", step(TransformType.COLOR_JITTER, "saturation", 0.4));
    steps.put("hue", step(TransformType.COLOR_JITTER, "hue", 0.1));
    Pipeline.Compiled toTensor = step(TransformType.TO_TENSOR);
    Pipeline.Compiled normalize =
        Pipeline.of(
                Step.of(TransformType.TO_TENSOR),
                Step.of(
                    TransformType.NORMALIZE,
                    "mean",
                    Pipeline.IMAGENET_MEAN,
                    "std",
                    Pipeline.IMAGENET_STD))
            .compile();
    List<Image8> decoded = new ArrayList<>();
    List<Image8> cropped = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(7);
    for (Sample s : some) {
      Image8 im = Image8.of(ImageDecoder.decode(s.file()));
      decoded.add(im);
      cropped.add(steps.get("random_resized_crop").preview(im, random));
    }
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 3; round++) { // the first rounds are the JIT's warm-up
      long t0 = threads.getCurrentThreadCpuTime();
      for (Sample s : some) {
        ImageDecoder.decode(s.file());
      }
      double total = (threads.getCurrentThreadCpuTime() - t0) / 1e6 / some.size();
      StringBuilder line = new StringBuilder("BENCH pipeline-steps cpu_ms_per_image");
      line.append(String.format(" decode=%.2f", total));
      double tensor = ms(toTensor, cropped);
      for (Map.Entry<String, Pipeline.Compiled> e : steps.entrySet()) {
        List<Image8> input = e.getKey().equals("random_resized_crop") ? decoded : cropped;
        double v = ms(e.getValue(), input) - tensor;
        total += v;
        line.append(String.format(" %s=%.2f", e.getKey(), v));
      }
      double norm = ms(normalize, cropped) - tensor;
      total += tensor + norm;
      line.append(String.format(" to_tensor=%.2f normalize=%.2f total=%.2f", tensor, norm, total));
      if (round == 2) {
        System.out.println(line);
      }
    }
  }

  private static Pipeline.Compiled step(TransformType type, Object... params) {
    return Pipeline.of(Step.of(type, params)).compile();
  }

  /** CPU milliseconds per image of a pipeline over the images, three times over. */
  private static double ms(Pipeline.Compiled p, List<Image8> images) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    SplittableRandom random = new SplittableRandom(11);
    long t0 = threads.getCurrentThreadCpuTime();
    for (int k = 0; k < 3; k++) {
      for (Image8 im : images) {
        p.apply(im, random);
      }
    }
    return (threads.getCurrentThreadCpuTime() - t0) / 1e6 / (3.0 * images.size());
  }

  private static List<Sample> samples() throws IOException {
    Path dir = data();
    Assumptions.assumeTrue(
        dir != null,
        "no benchmark images: run bench/loader-vs-torchvision.sh, or pass -Dbench.data=DIR");
    DatasetSplits splits = ImageFolder.scan(dir, 0.0, 0);
    List<Sample> all = new ArrayList<>(splits.train());
    all.addAll(splits.val());
    all.addAll(splits.test());
    return all;
  }

  private static Path data() {
    String given = System.getProperty("bench.data");
    if (given != null && !given.isBlank()) {
      return Path.of(given);
    }
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      Path candidate = d.resolve("bench-out/loader-photos");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return null;
  }
}
