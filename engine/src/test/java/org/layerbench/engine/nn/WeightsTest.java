package org.layerbench.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.io.Safetensors;
import org.layerbench.engine.io.StreamedTensors;
import org.layerbench.engine.train.Engines;

/** Checkpoint tensors streamed from native memory give the file that copied tensors give. */
class WeightsTest {
  /**
   * Larger than one 1 MB chunk and not a multiple of it; a view that is not contiguous; an int64
   * counter as BatchNorm keeps; an empty tensor; a small one.
   */
  private static SequencedMap<String, NDArray> tensors(NDManager m) {
    SequencedMap<String, NDArray> arrays = new LinkedHashMap<>();
    arrays.put("big", m.randomNormal(new Shape(700, 513)));
    arrays.put("transposed", m.randomNormal(new Shape(31, 17)).transpose());
    arrays.put("count", m.create(new long[] {42}).reshape(new Shape()));
    arrays.put("empty", m.zeros(new Shape(0, 3)));
    arrays.put("small", m.create(new float[] {1.5f, -2f, 3.25f}));
    return arrays;
  }

  @Test
  void streamingFromNativeMemoryWritesTheSameFileAsCopies(@TempDir Path dir) throws Exception {
    Engines.ensureStarted();
    try (NDManager m = NDManager.newBaseManager()) {
      SequencedMap<String, NDArray> arrays = tensors(m);

      int[] copies = {0};
      SequencedMap<String, NDArray> counting =
          new LinkedHashMap<>(arrays) {
            @Override
            public NDArray get(Object key) {
              copies[0]++;
              return super.get(key);
            }
          };
      SequencedMap<String, org.layerbench.engine.io.TensorData> lazy = Weights.lazyData(counting);
      assertThat(lazy).isInstanceOf(StreamedTensors.class);
      Path streamed = dir.resolve("streamed.safetensors");
      Path copied = dir.resolve("copied.safetensors");
      Safetensors.write(streamed, lazy, Map.of("k", "v"));
      // Each tensor is looked up once for its header entry and once to stream it, never copied
      // whole through entrySet (AbstractMap.keySet walks the entries).
      assertThat(copies[0]).isEqualTo(2 * arrays.size());
      Safetensors.write(copied, Weights.toData(arrays), Map.of("k", "v"));
      assertThat(Files.readAllBytes(streamed)).isEqualTo(Files.readAllBytes(copied));

      // A bundle keeps the view itself, so its writer streams too (a read-only wrapper did not).
      var bundle =
          new org.layerbench.engine.io.BundleContents(
              org.layerbench.engine.graph.Templates.find("simplenet")
                  .orElseThrow()
                  .create(2, java.util.List.of(3, 16, 16)),
              lazy,
              java.util.List.of("a", "b"),
              org.layerbench.engine.data.ImagePreprocessing.imagenet(16, 16),
              null,
              Weights.lazyData(arrays),
              null);
      assertThat(bundle.weights()).isInstanceOf(StreamedTensors.class);
      assertThat(bundle.optimizerState()).isInstanceOf(StreamedTensors.class);

      var back = Safetensors.read(streamed);
      assertThat(back.tensors().get("transposed").floats())
          .containsExactly(arrays.get("transposed").toFloatArray());
      assertThat(back.tensors().get("count").dtype()).isEqualTo("I64");
      assertThat(arrays.get("count").getDataType()).isEqualTo(DataType.INT64);
    }
  }

  /**
   * Pinned on this thread, written on another (as the checkpoint thread writes while the engine
   * thread validates): the same file as copies give.
   */
  @Test
  void pinnedTensorsWrittenOnAnotherThreadGiveTheSameFile(@TempDir Path dir) throws Exception {
    Engines.ensureStarted();
    try (NDManager m = NDManager.newBaseManager()) {
      SequencedMap<String, NDArray> arrays = tensors(m);
      SequencedMap<String, org.layerbench.engine.io.TensorData> pinned = Weights.pinnedData(arrays);
      assertThat(pinned).isInstanceOf(StreamedTensors.class);
      Path streamed = dir.resolve("pinned.safetensors");
      Path copied = dir.resolve("copied.safetensors");
      var writer = java.util.concurrent.Executors.newSingleThreadExecutor();
      try {
        writer
            .submit(
                () -> {
                  Safetensors.write(streamed, pinned, Map.of());
                  return null;
                })
            .get();
      } finally {
        writer.shutdown();
      }
      Safetensors.write(copied, Weights.toData(arrays), Map.of());
      assertThat(Files.readAllBytes(streamed)).isEqualTo(Files.readAllBytes(copied));
      assertThat(pinned.get("big").data()).isEqualTo(Weights.toData(arrays.get("big")).data());
      assertThat(pinned.keySet()).containsExactlyElementsOf(arrays.keySet());
    }
  }

  /**
   * Tensors whose memory cannot be read directly (a GPU's; here a large transposed view) are not
   * pinned: copying them to the heap up front could take a model's size.
   */
  @Test
  void largeTensorsOutsideMainMemoryAreNotPinned() {
    Engines.ensureStarted();
    try (NDManager m = NDManager.newBaseManager()) {
      SequencedMap<String, NDArray> arrays = new LinkedHashMap<>();
      arrays.put("fine", m.randomNormal(new Shape(10)));
      arrays.put("view", m.randomNormal(new Shape(600, 600)).transpose());
      assertThat(Weights.pinnedData(arrays)).isNull();
    }
  }
}
