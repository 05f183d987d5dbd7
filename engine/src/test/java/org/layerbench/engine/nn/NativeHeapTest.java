package org.layerbench.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.train.Engines;

/**
 * The allocator settings the launchers give the process (bin/malloc-env.sh; Surefire sets the same
 * for tests): freed tensor memory stays resident for the next step, and the engine gives it back
 * when asked.
 */
class NativeHeapTest {
  private static long rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no VmRSS in /proc/self/status");
  }

  @Test
  void describesTheAllocatorFromTheMappedLibrariesAndTheEnvironment() {
    String tcmalloc =
        "7f00-7f01 r-xp 0 08:01 1 /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4\n";
    assertThat(NativeHeap.describe(tcmalloc, Map.of())).isEqualTo("tcmalloc");
    Map<String, String> keeping =
        Map.of(
            "MALLOC_ARENA_MAX", "1",
            "MALLOC_MMAP_MAX_", "0",
            "MALLOC_TRIM_THRESHOLD_", "68719476736");
    assertThat(NativeHeap.describe("", keeping)).isEqualTo("glibc, keeping freed memory");
    assertThat(NativeHeap.describe("", Map.of("MALLOC_ARENA_MAX", "1")))
        .isEqualTo("glibc defaults");
    assertThat(NativeHeap.describe("", Map.of())).isEqualTo("glibc defaults");
  }

  @Test
  void freedTensorMemoryIsKeptUntilReleased() {
    Engines.ensureStarted();
    NativeHeap.release();
    long before = rssMb();
    long held;
    long afterClose;
    try (NDManager m = NDManager.newBaseManager()) {
      // 256 MB, written in full so that every page is resident
      NDArray big = m.ones(new Shape(64, 1024, 1024));
      held = rssMb();
      big.close();
      afterClose = rssMb();
    }
    boolean released = NativeHeap.release();
    long afterRelease = rssMb();
    System.out.printf(
        "NATIVE HEAP %s: rss before %d MB, tensor %d MB, closed %d MB, released %d MB%n",
        NativeHeap.describe(), before, held, afterClose, afterRelease);

    assertThat(held - before).isGreaterThan(200);
    assertThat(released).isTrue();
    assertThat(afterRelease).isLessThan(held - 200);
    if (!NativeHeap.describe().equals("glibc defaults")) {
      // what makes a large model's steps fast: the memory is still there for the next one
      assertThat(afterClose).isGreaterThan(held - 50);
    }
  }
}
