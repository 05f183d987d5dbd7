package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic loader with a reader that is not an image one: int64 token rows of one file. */
class SequenceBatchLoaderTest {

  @TempDir Path dir;

  /** Row r: label r % 2, then r + 1 ids, the first above 2^24 (not exact as a float32). */
  private Path rows(int n) throws IOException {
    List<String> lines = new ArrayList<>();
    for (int r = 0; r < n; r++) {
      StringBuilder b = new StringBuilder().append(r % 2).append('\t');
      for (int i = 0; i <= r; i++) {
        b.append(i == 0 ? "" : " ").append(i == 0 ? (1L << 24) + 1 + r : 100L * r + i);
      }
      lines.add(b.toString());
    }
    lines.set(5, "1\t"); // a row without tokens: left out and reported
    return Files.write(dir.resolve("rows.tsv"), lines);
  }

  private static List<Batch> epoch(BatchLoader loader, int epoch) {
    List<Batch> batches = new ArrayList<>();
    loader.epoch(epoch).forEachRemaining(batches::add);
    return batches;
  }

  @Test
  void rowsBecomeInt64BatchesWithLengthsWhateverTheWorkers() throws IOException {
    Path file = rows(11);
    List<Sample> samples = TokenRowsReader.index(file);
    assertThat(samples).hasSize(11);
    assertThat(samples.get(3)).isEqualTo(new Sample(file, 1, 3));

    List<List<Batch>> byWorkers = new ArrayList<>();
    for (int workers : new int[] {0, 1, 3}) {
      try (BatchLoader loader =
          new BatchLoader(samples, new TokenRowsReader(4), 4, true, 7, workers, 2)) {
        assertThat(loader.layout()).isEqualTo(new SampleLayout(List.of(4), DType.INT64, true));
        assertThat(loader.batchesPerEpoch()).isEqualTo(3);
        List<Batch> batches = epoch(loader, 2);
        byWorkers.add(batches);
        assertThat(loader.skipped()).containsExactly(new FileProblem(file, "row 6 has no tokens"));
        assertThat(loader.cacheBytes()).isEqualTo(-1);
      }
    }
    List<Batch> batches = byWorkers.get(0);
    assertThat(batches.stream().mapToInt(Batch::size).sum()).isEqualTo(10);
    for (Batch b : batches) {
      assertThat(b.layout().dtype()).isEqualTo(DType.INT64);
      assertThat(b.data()).isNull();
      assertThat(b.shape()).containsExactly(b.size(), 4);
      for (int k = 0; k < b.size(); k++) {
        Sample s = b.samples().get(k);
        int r = s.row();
        assertThat(b.labels()[k]).isEqualTo(r % 2);
        assertThat(b.lengths()[k]).isEqualTo(Math.min(r + 1, 4));
        assertThat(b.longs()[k * 4]).isEqualTo((1L << 24) + 1 + r);
        for (int i = 1; i < 4; i++) {
          assertThat(b.longs()[k * 4 + i]).isEqualTo(i <= r ? 100L * r + i : 0L);
        }
      }
    }
    for (List<Batch> other : byWorkers) {
      assertThat(other).hasSameSizeAs(batches);
      for (int i = 0; i < batches.size(); i++) {
        assertThat(other.get(i).samples()).isEqualTo(batches.get(i).samples());
        assertThat(other.get(i).longs()).containsExactly(batches.get(i).longs());
        assertThat(other.get(i).lengths()).containsExactly(batches.get(i).lengths());
      }
    }
  }

  @Test
  void recycledInt64ArraysAreFilledAgainAndShuffleFollowsTheSeed() throws IOException {
    List<Sample> samples = TokenRowsReader.index(rows(9));
    List<List<Sample>> orders = new ArrayList<>();
    for (long seed : new long[] {3, 3, 4}) {
      try (BatchLoader loader =
          new BatchLoader(samples, new TokenRowsReader(3), 2, true, seed, 2, 2)) {
        List<Sample> order = new ArrayList<>();
        java.util.Set<long[]> arrays =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int e = 0; e < 3; e++) {
          var it = loader.epoch(1);
          while (it.hasNext()) {
            Batch b = it.next();
            if (e == 0) {
              order.addAll(b.samples());
            }
            for (int k = 0; k < b.size(); k++) {
              assertThat(b.longs()[k * 3]).isEqualTo((1L << 24) + 1 + b.samples().get(k).row());
            }
            if (b.size() == 2) {
              arrays.add(b.longs());
            }
            loader.recycle(b);
          }
        }
        assertThat(arrays.size()).isLessThan(9); // arrays came back instead of new ones each time
        orders.add(order);
      }
    }
    assertThat(orders.get(0)).isEqualTo(orders.get(1)).isNotEqualTo(orders.get(2));
  }
}
