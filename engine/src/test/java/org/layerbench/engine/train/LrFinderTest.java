package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.image.Preprocess;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.nn.Network;

class LrFinderTest {
  Path data;
  @TempDir Path runs;

  @Test
  void suggestionsOnAKnownCurve() {
    // A loss that falls steeply around lr = 1e-3 (in log space) and blows up after 1e-1.
    List<Double> lrs = new ArrayList<>();
    List<Double> loss = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      double lr = 1e-6 * Math.pow(1e6, i / 99.0);
      double t = Math.log10(lr);
      lrs.add(lr);
      loss.add(1.0 / (1 + Math.exp(3 * (t + 3))) + 0.1 + (t > -1 ? Math.pow(10, t + 1) - 1 : 0));
    }
    LrFinder.Result r = LrFinder.suggest(lrs, loss, loss);
    assertThat(Math.log10(r.steepest())).isBetween(-3.2, -2.8);
    assertThat(r.minimumTenth()).isLessThan(0.1 / 10 * 1.01);
    assertThat(r.valley()).isBetween(1e-4, 1e-1);
    assertThat(r.trustworthy()).isTrue();
  }

  @Test
  void aSweepStartsFromImportedWeightsAndFreezesAsTrainingWill(@TempDir Path tiny)
      throws Exception {
    TinyImages.write(tiny, 24, 8);
    var model = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));
    TrainConfig c = new TrainConfig(4, 8, 3e-3, "adam", 0, "constant", 16, 0.2, 1, "cpu", 2, 2);
    try (EngineThread engine = new EngineThread()) {
      Path trained =
          engine.submit(new TrainingRun(tiny, model, c, runs.resolve("pre"))::call).get();
      LrFinder.Result fresh = tinySweep(engine, tiny, model, c, null, null, 12);
      LrFinder.Result fromWeights = tinySweep(engine, tiny, model, c, trained, null, 12);
      // At rates too small to move anything, the losses are those of the starting weights: the
      // trained ones fit this data, the initialisation does not.
      double freshLoss = fresh.losses().stream().mapToDouble(d -> d).average().orElseThrow();
      double trainedLoss =
          fromWeights.losses().stream().mapToDouble(d -> d).average().orElseThrow();
      assertThat(trainedLoss).isLessThan(freshLoss / 3);

      // Every tensor comes from the file, so freezing "all" leaves nothing to sweep.
      TrainConfig frozen =
          c.withGroups(new ParameterGroups(List.of("all"), false, false, Map.of(), 0));
      assertThatThrownBy(() -> tinySweep(engine, tiny, model, frozen, trained, null, 12))
          .hasRootCauseInstanceOf(TrainingFailedException.class)
          .rootCause()
          .hasMessageContaining("every parameter is frozen");
      // Frozen but for the head: the sweep runs (fc3 trains), from the trained weights.
      TrainConfig head =
          c.withGroups(new ParameterGroups(List.of("fc1", "fc2"), false, false, Map.of(), 0));
      LrFinder.Result headOnly = tinySweep(engine, tiny, model, head, trained, null, 12);
      assertThat(headOnly.losses().getFirst()).isEqualTo(fromWeights.losses().getFirst());
      assertThat(headOnly.losses()).hasSameSizeAs(fromWeights.losses());
    }
  }

  /** The sweep trains on what training gets: the project's training pipeline, augmentation too. */
  @Test
  void aSweepRunsOnTheTrainingPipeline(@TempDir Path tiny) throws Exception {
    TinyImages.write(tiny, 24, 8);
    var model = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 16, 16));
    TrainConfig c = new TrainConfig(1, 8, 3e-3, "adam", 0, "constant", 16, 0.2, 1, "cpu", 2, 2);
    var augmenting = AugmentedTrainingTest.augmenting(16);
    try (EngineThread engine = new EngineThread()) {
      LrFinder.Result plain = tinySweep(engine, tiny, model, c, null, null, 8);
      LrFinder.Result augmented = tinySweep(engine, tiny, model, c, null, augmenting, 8);
      assertThat(augmented.losses()).hasSameSizeAs(plain.losses()).isNotEqualTo(plain.losses());
      assertThat(augmented.losses()).allSatisfy(l -> assertThat(l).isFinite());
      // A training pipeline that makes 20-pixel images cannot feed a 16-pixel model.
      var wrongSize =
          new org.layerbench.engine.data.transform.PipelineFile(
              AugmentedTrainingTest.augmenting(20).train(), augmenting.val());
      assertThatThrownBy(() -> tinySweep(engine, tiny, model, c, null, wrongSize, 8))
          .rootCause()
          .hasMessageContaining("20");
    }
  }

  /** A sweep from 1e-7 to 1e-6, rates too small to move anything, on the engine thread. */
  private static LrFinder.Result tinySweep(
      EngineThread engine,
      Path data,
      org.layerbench.engine.graph.ModelGraph model,
      TrainConfig c,
      Path weights,
      org.layerbench.engine.data.transform.PipelineFile transforms,
      int steps)
      throws Exception {
    return engine
        .submit(
            () ->
                LrFinder.sweep(
                    data, model, c, weights, transforms, 1e-7, 1e-6, steps, LrFinder.Monitor.NONE))
        .get();
  }

  @Test
  void aFlatCurveIsFlagged() {
    List<Double> lrs = new ArrayList<>();
    List<Double> loss = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      lrs.add(1e-6 * Math.pow(10, i / 10.0));
      loss.add(1.0 + 0.001 * Math.sin(i));
    }
    assertThat(LrFinder.suggest(lrs, loss, loss).warning()).contains("barely changed");
  }

  @Test
  void sweepRestoresEveryTensorAndItsSuggestionTrainsBetterThanExtremes() throws Exception {
    // The bundled shapes (not the trivial generated images, on which even lr = 1 learns).
    data = Path.of("..", "sample-data", "project", "data", "shapes");
    DatasetSplits splits = ImageFolder.scan(data, 0.2, 1);
    try (EngineThread engine = new EngineThread()) {
      double steep =
          engine
              .submit(
                  () -> {
                    JniUtils.setGradMode(false);
                    try (NDManager m = NDManager.newBaseManager();
                        Network net =
                            Network.create(
                                GraphAnalysis.of(
                                    Templates.find("smallcnn")
                                        .orElseThrow()
                                        .create(3, List.of(3, 32, 32))),
                                m,
                                1);
                        BatchLoader loader =
                            new BatchLoader(
                                splits.train(),
                                ImageReader.of(Preprocess.imagenet(32)),
                                16,
                                true,
                                1,
                                2,
                                2)) {
                      Map<String, float[]> before = new HashMap<>();
                      net.state()
                          .forEach(
                              (k, v) ->
                                  before.put(
                                      k,
                                      v.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                          .toFloatArray()));
                      LrFinder.Result r =
                          LrFinder.run(
                              net, Optimizer.named("adam", 0), loader, 16, 1e-6, 10, 80, 1);
                      net.state()
                          .forEach(
                              (k, v) ->
                                  assertThat(
                                          v.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                                              .toFloatArray())
                                      .as(k)
                                      .isEqualTo(before.get(k)));
                      assertThat(r.lrs()).hasSameSizeAs(r.losses()).hasSameSizeAs(r.smoothed());
                      assertThat(r.lrs().getFirst()).isEqualTo(1e-6);
                      return r.steepest();
                    }
                  })
              .get();
      assertThat(steep).isBetween(1e-6, 10.0);
      double atSteep = finalValLoss(engine, steep, "steep");
      double tiny = finalValLoss(engine, 1e-6, "tiny");
      double huge = finalValLoss(engine, 1.0, "huge");
      assertThat(atSteep).isLessThan(tiny).isLessThan(huge);
    }
  }

  @Test
  void aMonitorSeesEachPointAsItIsMeasuredAndCanStopTheSweep() throws Exception {
    DatasetSplits splits =
        ImageFolder.scan(Path.of("..", "sample-data", "project", "data", "shapes"), 0.2, 1);
    List<LrFinder.Point> seen = new ArrayList<>();
    try (EngineThread engine = new EngineThread()) {
      LrFinder.Result r =
          engine
              .submit(
                  () -> {
                    JniUtils.setGradMode(false);
                    try (NDManager m = NDManager.newBaseManager();
                        Network net =
                            Network.create(
                                GraphAnalysis.of(
                                    Templates.find("smallcnn")
                                        .orElseThrow()
                                        .create(3, List.of(3, 32, 32))),
                                m,
                                1);
                        BatchLoader loader =
                            new BatchLoader(
                                splits.train(),
                                ImageReader.of(Preprocess.imagenet(32)),
                                16,
                                true,
                                1,
                                2,
                                2)) {
                      float[] before =
                          net.state().values().iterator().next().toFloatArray().clone();
                      LrFinder.Result result =
                          LrFinder.run(
                              net,
                              Optimizer.named("adam", 0),
                              loader,
                              32,
                              1e-5,
                              1,
                              50,
                              1,
                              new LrFinder.Monitor() {
                                @Override
                                public void point(LrFinder.Point p) {
                                  seen.add(p);
                                }

                                @Override
                                public boolean stopRequested() {
                                  return seen.size() >= 6;
                                }
                              });
                      assertThat(net.state().values().iterator().next().toFloatArray())
                          .as("weights restored after a stopped sweep")
                          .isEqualTo(before);
                      return result;
                    }
                  })
              .get();
      assertThat(seen).extracting(LrFinder.Point::step).containsExactly(0, 1, 2, 3, 4, 5);
      assertThat(seen).allSatisfy(p -> assertThat(p.steps()).isEqualTo(50));
      assertThat(r.lrs()).isEqualTo(seen.stream().map(LrFinder.Point::lr).toList());
      assertThat(r.losses()).isEqualTo(seen.stream().map(LrFinder.Point::loss).toList());
      assertThat(r.smoothed()).isEqualTo(seen.stream().map(LrFinder.Point::smoothed).toList());
      assertThat(r.lrs().getFirst()).isEqualTo(1e-5);
      assertThat(r.warning()).contains("too few");
    }
  }

  private double finalValLoss(EngineThread engine, double lr, String name) throws Exception {
    TrainConfig c = new TrainConfig(3, 16, lr, "adam", 0, "constant", 32, 0.2, 1, "cpu", 2, 2);
    TrainingRun run =
        new TrainingRun(
            data,
            Templates.find("smallcnn").orElseThrow().create(3, List.of(3, 32, 32)),
            c,
            runs.resolve(name));
    List<TrainingEvent.EpochEnded> epochs = new ArrayList<>();
    run.addListener(
        e -> {
          if (e instanceof TrainingEvent.EpochEnded end) {
            epochs.add(end);
          }
        });
    try {
      engine.submit(run::call).get();
    } catch (java.util.concurrent.ExecutionException e) {
      return Double.POSITIVE_INFINITY; // lr = 1 may diverge: that is losing too
    }
    return epochs.getLast().valLoss();
  }
}
