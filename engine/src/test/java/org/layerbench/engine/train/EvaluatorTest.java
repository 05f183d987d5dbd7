package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.graph.Templates;

/** Evaluation's progress reports, its cooperative cancel, and a run's own validation split. */
class EvaluatorTest {
  @TempDir static Path data;
  @TempDir static Path runs;
  static EngineThread engine;
  static Path bundle;

  @BeforeAll
  static void trainOnce() throws Exception {
    TinyImages.write(data, 24, 8);
    engine = new EngineThread();
    TrainConfig config =
        new TrainConfig(1, 8, 1e-3, "adam", 0, "constant", 16, 0.2, 1, "cpu", 2, 2);
    var model = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));
    bundle = engine.submit(new TrainingRun(data, model, config, runs.resolve("r"))::call).get();
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  private static Evaluation evaluate(
      Path dir, String split, double valSplit, long seed, EvaluationProgress p) throws Exception {
    try {
      return engine.submit(() -> Evaluator.evaluate(bundle, dir, split, valSplit, seed, p)).get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void reportsProgressUpToEveryImage() throws Exception {
    List<int[]> reports = new ArrayList<>();
    Evaluation e =
        evaluate(data, "val", 0.2, 1, (done, total) -> reports.add(new int[] {done, total}));
    assertThat(e.samples()).hasSize(16);
    assertThat(reports).isNotEmpty();
    assertThat(reports.getLast()).containsExactly(16, 16);
    assertThat(e.samples())
        .allSatisfy(s -> assertThat(Path.of(s.file())).exists().startsWith(data.resolve("val")));
  }

  @Test
  void aCancelStopsBeforeTheNextBatch() {
    AtomicInteger asked = new AtomicInteger();
    EvaluationProgress cancelAtOnce =
        new EvaluationProgress() {
          @Override
          public void imagesDone(int done, int total) {}

          @Override
          public boolean cancelled() {
            asked.incrementAndGet();
            return true;
          }
        };
    assertThatThrownBy(() -> evaluate(data, "val", 0.2, 1, cancelAtOnce))
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("cancelled after 0 of 16 images");
    assertThat(asked).hasValue(1);
  }

  /**
   * Evaluation in eval mode (no dropout, BatchNorm with its running statistics) gives each image
   * the same result whatever the batch, which is what lets a run validate in larger batches than it
   * trains in (TrainingRun.evaluationBatch). The small CNN has both BatchNorm and Dropout: with
   * batch statistics or active dropout the per-image losses would differ.
   */
  @Test
  void resultsDoNotDependOnTheBatchSize() throws Exception {
    TrainConfig config =
        new TrainConfig(1, 8, 1e-3, "adam", 0, "constant", 16, 0.2, 1, "cpu", 2, 2);
    var model = Templates.find("smallcnn").orElseThrow().create(2, List.of(3, 16, 16));
    Path cnn = engine.submit(new TrainingRun(data, model, config, runs.resolve("bn"))::call).get();
    Evaluation[] byBatch = new Evaluation[2];
    int[] batches = {5, 64};
    for (int i = 0; i < 2; i++) {
      int batch = batches[i];
      byBatch[i] =
          engine
              .submit(
                  () ->
                      Evaluator.evaluate(
                          cnn, data, "train", 0.2, 1, EvaluationProgress.NONE, batch))
              .get();
    }
    assertThat(byBatch[0].samples()).hasSizeGreaterThan(30);
    assertThat(byBatch[1].accuracy()).isEqualTo(byBatch[0].accuracy());
    assertThat(byBatch[1].loss()).isCloseTo(byBatch[0].loss(), within(1e-6));
    for (int s = 0; s < byBatch[0].samples().size(); s++) {
      var small = byBatch[0].samples().get(s);
      var large = byBatch[1].samples().get(s);
      assertThat(large.file()).isEqualTo(small.file());
      assertThat(large.predicted()).isEqualTo(small.predicted());
      assertThat(large.loss()).as(small.file()).isCloseTo(small.loss(), within(1e-5));
    }
    assertThat(TrainingRun.evaluationBatch(16, 64)).isEqualTo(64);
    assertThat(TrainingRun.evaluationBatch(8, 64)).isEqualTo(32);
    assertThat(TrainingRun.evaluationBatch(128, 64)).isEqualTo(128);
    assertThat(TrainingRun.evaluationBatch(16, 224)).isEqualTo(55); // 32 MB / 602 kB
    assertThat(TrainingRun.evaluationBatch(16, 512)).isEqualTo(16); // never below training's
  }

  @Test
  void aFolderWithoutValIsSplitWithTheGivenFractionAndSeed() throws Exception {
    Path flat = data.resolve("train"); // dark/ and light/, 24 images each, no val/ folder
    Evaluation e = evaluate(flat, "val", 0.25, 7, EvaluationProgress.NONE);
    var expected = ImageFolder.scan(flat, 0.25, 7).val();
    assertThat(e.samples())
        .extracting(Evaluation.SampleResult::file)
        .containsExactlyInAnyOrderElementsOf(
            expected.stream().map(s -> s.file().toString()).toList());
    assertThat(e.samples()).hasSize(12);
  }
}
