package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.image.Preprocess;
import org.layerbench.engine.data.image.RgbImage;
import org.layerbench.engine.data.image.SampleTransform;

class BatchLoaderTest {

  @TempDir Path dir;

  /** Identity resize, no Normalize: each float is a byte / 255, easy to trace back to its file. */
  private static final Preprocess SAME = new Preprocess(3, 4, null, null, null, null);

  /** n solid 4×3 images whose red channel is the sample index; label = index % 3. */
  private List<Sample> samples(int n) {
    List<Sample> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Path f =
          TestImages.solid(
              dir.resolve(String.format("img%03d.png", i)), 4, 3, (i << 16) | 0x0080FF);
      out.add(new Sample(f, i % 3));
    }
    return out;
  }

  /** Every batch of one epoch, checking that each sample's pixels are its own file's. */
  private static List<Batch> epoch(BatchLoader loader, int epoch) {
    List<Batch> batches = new ArrayList<>();
    loader.epoch(epoch).forEachRemaining(batches::add);
    return epoch(batches);
  }

  private static List<Batch> epoch(List<Batch> batches) {
    for (Batch b : batches) {
      assertThat(b.data()).hasSize(b.size() * SAME.outSize());
      for (int k = 0; k < b.size(); k++) {
        Sample s = b.samples().get(k);
        int index = Integer.parseInt(s.file().getFileName().toString().substring(3, 6));
        int base = k * SAME.outSize();
        assertThat(Math.round(b.data()[base] * 255)).isEqualTo(index); // R plane, first pixel
        assertThat(Math.round(b.data()[base + 12] * 255)).isEqualTo(0x80); // G plane
        assertThat(b.data()[base + 24]).isEqualTo(1f); // B plane
        assertThat(b.labels()[k]).isEqualTo(s.label());
      }
    }
    return batches;
  }

  private static List<String> order(List<Batch> batches) {
    return batches.stream()
        .map(
            b ->
                b.samples().stream()
                    .map(s -> s.file().getFileName().toString())
                    .toList()
                    .toString())
        .toList();
  }

  @Test
  void orderAndBatchesAreTheSameForAnyWorkerCount() {
    List<Sample> samples = samples(23);
    List<List<String>> orders = new ArrayList<>();
    List<float[]> firstData = new ArrayList<>();
    for (int[] wp : new int[][] {{0, 1}, {1, 1}, {2, 3}, {2, 1}}) {
      try (BatchLoader loader =
          new BatchLoader(samples, ImageReader.of(SAME), 5, true, 7, wp[0], wp[1])) {
        assertThat(loader.batchesPerEpoch()).isEqualTo(5);
        List<Batch> e1 = epoch(loader, 1);
        assertThat(e1).extracting(Batch::size).containsExactly(5, 5, 5, 5, 3);
        orders.add(order(e1));
        firstData.add(e1.get(0).data());
        assertThat(order(epoch(loader, 2))).isNotEqualTo(order(e1));
        assertThat(order(epoch(loader, 1))).isEqualTo(order(e1));
      }
    }
    assertThat(orders).allSatisfy(o -> assertThat(o).isEqualTo(orders.get(0)));
    assertThat(firstData).allSatisfy(d -> assertThat(d).containsExactly(firstData.get(0)));
    assertThat(orders.get(0).get(0))
        .isNotEqualTo("[img000.png, img001.png, img002.png, img003.png, img004.png]");
  }

  /** A consumer that recycles each batch gets the same batches, in arrays used again. */
  @Test
  void recycledBatchArraysAreFilledAgainWithTheRightSamples() {
    List<Sample> samples = samples(23);
    List<String> expected;
    try (BatchLoader plain = new BatchLoader(samples, ImageReader.of(SAME), 5, true, 7, 2, 2)) {
      expected = order(epoch(plain, 1));
    }
    try (BatchLoader loader = new BatchLoader(samples, ImageReader.of(SAME), 5, true, 7, 2, 2)) {
      java.util.Set<float[]> arrays =
          java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      int batches = 0;
      for (int e = 1; e <= 3; e++) {
        List<String> seen = new ArrayList<>();
        var it = loader.epoch(e);
        while (it.hasNext()) {
          Batch b = it.next();
          // epoch() checks each sample's pixels against its file before the array goes back
          seen.addAll(order(epoch(List.of(b))));
          arrays.add(b.data());
          batches++;
          loader.recycle(b);
        }
        if (e == 1) {
          assertThat(seen).isEqualTo(expected);
        }
      }
      // 12 full batches of 5 in three epochs; a prefetch of 2 keeps at most a few arrays alive
      assertThat(batches).isEqualTo(15);
      assertThat(arrays.size()).isLessThanOrEqualTo(2 + 2 + 3);
    }
  }

  @Test
  void withoutShuffleTheOrderIsFileOrder() {
    List<Sample> samples = samples(7);
    try (BatchLoader loader = new BatchLoader(samples, ImageReader.of(SAME), 3, false, 7, 2, 2)) {
      List<Batch> batches = epoch(loader, 4);
      assertThat(batches.stream().flatMap(b -> b.samples().stream()).toList()).isEqualTo(samples);
    }
  }

  @Test
  void everySampleOncePerEpoch() {
    List<Sample> samples = samples(17);
    try (BatchLoader loader = new BatchLoader(samples, ImageReader.of(SAME), 4, true, 1, 2, 2)) {
      for (int e = 0; e < 3; e++) {
        List<Sample> seen = epoch(loader, e).stream().flatMap(b -> b.samples().stream()).toList();
        assertThat(seen).hasSize(17).containsExactlyInAnyOrderElementsOf(samples);
      }
    }
  }

  @Test
  void badFilesAreSkippedAndReportedOnce() throws IOException {
    List<Sample> samples = new ArrayList<>(samples(6));
    Path empty = TestImages.bytes(dir.resolve("empty.png"), new byte[0]);
    Path text = TestImages.bytes(dir.resolve("text.png"), "hello".getBytes());
    samples.add(2, new Sample(empty, 0));
    samples.add(new Sample(text, 1));
    // Batches of 2 in file order: [0 1] [empty 2] [3 4] [5 text]; all survive with fewer samples.
    try (BatchLoader loader = new BatchLoader(samples, ImageReader.of(SAME), 2, false, 0, 2, 2)) {
      for (int e = 0; e < 2; e++) {
        List<Batch> batches = epoch(loader, e);
        assertThat(batches).extracting(Batch::size).containsExactly(2, 1, 2, 1);
      }
      assertThat(loader.skipped())
          .containsExactly(
              new FileProblem(empty, "zero bytes"), new FileProblem(text, "not an image"));
    }
  }

  @Test
  void aBatchOfOnlyBadFilesIsNotEmitted() {
    List<Sample> samples = new ArrayList<>(samples(2));
    samples.add(new Sample(dir.resolve("missing1.png"), 0));
    samples.add(new Sample(dir.resolve("missing2.png"), 0));
    try (BatchLoader loader = new BatchLoader(samples, ImageReader.of(SAME), 2, false, 0, 1, 1)) {
      assertThat(epoch(loader, 0)).hasSize(1);
      assertThat(loader.skipped()).hasSize(2);
    }
    List<Sample> allBad = List.of(new Sample(dir.resolve("missing.png"), 0));
    try (BatchLoader loader = new BatchLoader(allBad, ImageReader.of(SAME), 2, false, 0, 1, 1)) {
      Iterator<Batch> it = loader.epoch(0);
      assertThat(it.hasNext()).isFalse();
      assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    }
  }

  @Test
  void cacheServesLaterEpochsWithoutTheFiles() throws IOException {
    List<Sample> samples = samples(5);
    try (BatchLoader loader =
        new BatchLoader(samples, ImageReader.of(SAME), 2, true, 3, 2, 2).withCache(true)) {
      List<Batch> first = epoch(loader, 0);
      for (Sample s : samples) {
        Files.delete(s.file());
      }
      List<Batch> again = epoch(loader, 0);
      assertThat(order(again)).isEqualTo(order(first));
      for (int i = 0; i < first.size(); i++) {
        assertThat(again.get(i).data()).containsExactly(first.get(i).data());
      }
      assertThat(loader.skipped()).isEmpty();
    }
    assertThat(ImageReader.cacheBytes(1000, Preprocess.imagenet(64)))
        .isEqualTo(1000L * 64 * 64 * 3);
  }

  @Test
  void closingAnEpochStopsItAndTheNextOneStartsClean() {
    List<Sample> samples = samples(12);
    try (BatchLoader loader = new BatchLoader(samples, ImageReader.of(SAME), 2, true, 9, 2, 3)) {
      BatchLoader.Epoch e = loader.epoch(0);
      assertThat(e.next().size()).isEqualTo(2);
      e.close();
      assertThat(e.hasNext()).isFalse();
      // An epoch left half-read is cancelled by the next one.
      Iterator<Batch> half = loader.epoch(1);
      half.next();
      assertThat(epoch(loader, 1).stream().mapToInt(Batch::size).sum()).isEqualTo(12);
      assertThat(half.hasNext()).isFalse();
    }
  }

  @Test
  void closeStopsTheWorkerThreads() {
    Set<Thread> before = loaderThreads();
    List<Sample> samples = samples(20);
    BatchLoader loader = new BatchLoader(samples, ImageReader.of(SAME), 2, true, 9, 2, 4);
    Iterator<Batch> it = loader.epoch(0);
    it.next();
    Set<Thread> during = loaderThreads();
    during.removeAll(before);
    assertThat(during).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
    loader.close();
    assertThat(during).noneMatch(Thread::isAlive);
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(() -> loader.epoch(1)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void emptySampleListGivesNoBatches() {
    try (BatchLoader loader = new BatchLoader(List.of(), ImageReader.of(SAME), 4, true, 0, 1, 1)) {
      assertThat(loader.batchesPerEpoch()).isZero();
      assertThat(loader.epoch(0).hasNext()).isFalse();
    }
  }

  @Test
  void arguments() {
    assertThatThrownBy(() -> new BatchLoader(List.of(), ImageReader.of(SAME), 0, true, 0, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BatchLoader(List.of(), ImageReader.of(SAME), 1, true, 0, -1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BatchLoader(List.of(), ImageReader.of(SAME), 1, true, 0, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Set<Thread> loaderThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("layerbench-loader-"))
        .collect(Collectors.toSet());
  }

  @Test
  void aTransformThatBreaksNamesTheFileAndTheError() {
    List<Sample> samples = samples(4);
    Path bad = samples.get(2).file();
    SampleTransform breaks =
        new SampleTransform() {
          @Override
          public int channels() {
            return 3;
          }

          @Override
          public int outHeight() {
            return 4;
          }

          @Override
          public int outWidth() {
            return 4;
          }

          @Override
          public boolean random() {
            return false;
          }

          @Override
          public void apply(
              RgbImage image, java.util.random.RandomGenerator random, float[] out, int offset) {
            if (offset == 2 * outSize()) { // the third sample of the batch
              throw new ArithmeticException("/ by zero");
            }
          }
        };
    for (int workers : new int[] {0, 2}) {
      try (BatchLoader loader =
          new BatchLoader(samples, ImageReader.of(breaks), 4, false, 7, workers, 2)) {
        assertThatThrownBy(() -> epoch(loader, 1))
            .isInstanceOf(BatchLoader.SampleFailedException.class)
            .hasMessage(
                "loading a batch failed at " + bad + ": java.lang.ArithmeticException: / by zero")
            .satisfies(
                e -> assertThat(((BatchLoader.SampleFailedException) e).file()).isEqualTo(bad));
      }
    }
  }
}
