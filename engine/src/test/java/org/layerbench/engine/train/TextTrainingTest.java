package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchData;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DType;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.data.SampleReader;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.nn.Network;

/**
 * A tiny text model trains on int64 rows with lengths through the loader and the classification
 * step that training, evaluation and the LR finder share: generated rows of 1 to 12 token ids,
 * class 1 when token 7 occurs, padded with 7 itself, so that only a model that honours the lengths
 * (the LSTM's final state at the last real token) can tell the classes apart.
 */
class TextTrainingTest {
  private static final int STEPS = 12;
  private static final long MARKER = 7;
  private static NDManager manager;

  @BeforeAll
  static void start() {
    Engines.ensureStarted();
    manager = NDManager.newBaseManager();
    JniUtils.setGradMode(false);
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  /** Row r of a made-up file: its tokens drawn from r alone, so every read gives the same row. */
  private static final class GeneratedRows implements SampleReader {
    @Override
    public SampleLayout layout() {
      return new SampleLayout(List.of(STEPS), DType.INT64, true);
    }

    @Override
    public void read(int index, Sample sample, RandomGenerator random, BatchData out, int slot) {
      long[] tokens = tokens(sample.row());
      long[] longs = out.longs();
      int offset = out.offset(slot);
      for (int i = 0; i < STEPS; i++) {
        longs[offset + i] = i < tokens.length ? tokens[i] : MARKER;
      }
      out.length(slot, tokens.length);
    }
  }

  /** 1 to 12 ids in 2..19; rows with an even index hold a 7 somewhere, odd ones none. */
  private static long[] tokens(int row) {
    SplittableRandom r = new SplittableRandom(1000 + row);
    long[] t = new long[1 + r.nextInt(STEPS)];
    for (int i = 0; i < t.length; i++) {
      long id;
      do {
        id = 2 + r.nextInt(18);
      } while (id == MARKER);
      t[i] = id;
    }
    if (row % 2 == 0) {
      t[r.nextInt(t.length)] = MARKER;
    }
    return t;
  }

  private static List<Sample> samples(int from, int count) {
    List<Sample> samples = new ArrayList<>();
    for (int row = from; row < from + count; row++) {
      samples.add(new Sample(Path.of("generated.tsv"), row % 2 == 0 ? 1 : 0, row));
    }
    return samples;
  }

  private static Network model() {
    GraphBuilder b = new GraphBuilder("tiny-text");
    String x =
        b.add("input", LayerType.INPUT, Params.of("shape", List.of(STEPS), "dtype", "int64"));
    x =
        b.add(
            "embedding",
            LayerType.EMBEDDING,
            Params.of("num_embeddings", 20, "embedding_dim", 8),
            x);
    x = b.add("lstm", LayerType.LSTM, Params.of("hidden_size", 16, "output", "final_hidden"), x);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 2), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems()).isEmpty();
    return Network.create(a, manager, 3);
  }

  @Test
  void lossFallsAndAccuracyBeatsChanceOnRaggedRows() {
    Optimizer adam = Optimizer.named("adam", 0);
    try (Network net = model();
        BatchLoader train =
            new BatchLoader(samples(0, 256), new GeneratedRows(), 32, true, 5, 0, 1);
        BatchLoader val =
            new BatchLoader(samples(256, 128), new GeneratedRows(), 64, false, 5, 0, 1)) {
      List<Double> epochLoss = new ArrayList<>();
      for (int epoch = 1; epoch <= 12; epoch++) {
        double sum = 0;
        int batches = 0;
        var it = train.epoch(epoch);
        while (it.hasNext()) {
          Batch batch = it.next();
          assertThat(batch.lengths()).isNotNull();
          sum += ClassificationStep.train(net, adam, batch, 0.02, 0, name -> 1.0);
          batches++;
        }
        epochLoss.add(sum / batches);
      }
      int correct = 0;
      int seen = 0;
      var it = val.epoch(1);
      while (it.hasNext()) {
        ClassificationStep.Outcome out = ClassificationStep.evaluate(net, it.next());
        correct += out.correct();
        seen += out.size();
      }
      assertThat(epochLoss.getLast())
          .as("losses %s", epochLoss)
          .isLessThan(epochLoss.getFirst() * 0.5);
      assertThat((double) correct / seen).as("validation accuracy").isGreaterThan(0.9);
    }
  }
}
