package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;

/** Real training runs on a tiny generated image folder, on the engine thread. */
class TrainingRunTest {
  @TempDir static Path data;
  @TempDir Path runs;
  static EngineThread engine;

  @BeforeAll
  static void setUp() throws Exception {
    TinyImages.write(data, 24, 8);
    engine = new EngineThread();
  }

  @AfterAll
  static void tearDown() {
    engine.close();
  }

  private static TrainConfig config(int epochs, double lr, long seed) {
    return new TrainConfig(epochs, 8, lr, "adam", 0, "constant", 16, 0.2, seed, "cpu", 2, 2);
  }

  private static ModelGraph model(String template) {
    return Templates.find(template).orElseThrow().create(2, List.of(3, 16, 16));
  }

  private Path train(String template, TrainConfig config, Path dir, List<TrainingEvent> events)
      throws Exception {
    TrainingRun run = new TrainingRun(data, model(template), config, dir);
    run.addListener(events::add);
    try {
      return engine.submit(run::call).get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void trainsAndFillsTheRunFolder() throws Exception {
    List<TrainingEvent> events = new ArrayList<>();
    Path bundle = train("simplenet", config(3, 1e-3, 1), runs.resolve("a"), events);

    assertThat(bundle).isEqualTo(runs.resolve("a/model.lbmodel")).exists();
    assertThat(runs.resolve("a/checkpoints/last.lbmodel")).exists();
    assertThat(runs.resolve("a/checkpoints/best.lbmodel")).exists();
    List<String> metrics = Files.readAllLines(runs.resolve("a/metrics.csv"));
    assertThat(metrics).hasSize(4).first().isEqualTo("epoch,train_loss,val_loss,val_accuracy,lr");
    assertThat(Files.readString(runs.resolve("a/run.json")))
        .contains("\"status\" : \"finished\"")
        .contains("\"mkl\" : \"" + MklOnAmd.describe() + "\"");

    assertThat(events.getFirst()).isInstanceOf(TrainingEvent.RunStarted.class);
    assertThat(events.getLast()).isInstanceOf(TrainingEvent.RunFinished.class);
    List<TrainingEvent.EpochEnded> epochs =
        events.stream()
            .filter(TrainingEvent.EpochEnded.class::isInstance)
            .map(TrainingEvent.EpochEnded.class::cast)
            .toList();
    assertThat(epochs).extracting(TrainingEvent.EpochEnded::epoch).containsExactly(1, 2, 3);
    assertThat(epochs.getLast().valAccuracy()).isGreaterThan(0.9);

    BundleContents b = ModelBundle.read(bundle);
    assertThat(b.labels()).containsExactly("dark", "light");
    assertThat(b.weights().keySet())
        .containsExactly(
            "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "fc3.weight", "fc3.bias");
  }

  /**
   * Checkpoints become durable off the engine thread (TrainingRun.Checkpoints), but each epoch's
   * Checkpointed events still come after its EpochEnded and before the run ends, on the thread that
   * trains, and only once the file in place holds that epoch.
   */
  @Test
  void eachCheckpointIsAnnouncedOnceItsFileIsInPlace() throws Exception {
    List<String> seen = new ArrayList<>();
    TrainingRun run =
        new TrainingRun(data, model("simplenet"), config(3, 1e-3, 1), runs.resolve("cp"));
    run.addListener(
        e -> {
          switch (e) {
            case TrainingEvent.EpochEnded end -> seen.add("epoch " + end.epoch());
            case TrainingEvent.Checkpointed c -> {
              try {
                Object epoch = ModelBundle.read(c.file()).trainerState().get("epoch");
                seen.add(
                    (c.best() ? "best " : "last ")
                        + c.epoch()
                        + " holds "
                        + epoch
                        + " on "
                        + Thread.currentThread().getName());
              } catch (Exception ex) {
                seen.add("unreadable " + c.file() + ": " + ex);
              }
            }
            case TrainingEvent.RunFinished f -> seen.add("finished");
            default -> {}
          }
        });
    engine.submit(run::call).get();
    String thread = " on layerbench-engine";
    assertThat(seen.getFirst()).isEqualTo("epoch 1");
    assertThat(seen.getLast()).isEqualTo("finished");
    for (int epoch = 1; epoch <= 3; epoch++) {
      int ended = seen.indexOf("epoch " + epoch);
      int saved = seen.indexOf("last " + epoch + " holds " + epoch + thread);
      assertThat(saved).as("epoch %d's checkpoint, in %s", epoch, seen).isGreaterThan(ended);
    }
    assertThat(seen).filteredOn(s -> s.startsWith("unreadable")).isEmpty();
    assertThat(seen).filteredOn(s -> s.startsWith("best ")).isNotEmpty();
  }

  @Test
  void aDatasetThatFitsInMemoryIsReadOnce(@TempDir Path copy) throws Exception {
    TinyImages.write(copy, 24, 8);
    TrainingRun run =
        new TrainingRun(copy, model("simplenet"), config(3, 1e-3, 1), runs.resolve("c"));
    List<Path> images;
    try (var files = Files.walk(copy)) {
      images = files.filter(Files::isRegularFile).toList();
    }
    run.addListener(
        e -> {
          if (e instanceof TrainingEvent.EpochEnded end && end.epoch() == 1) {
            // Every image has been decoded once: later epochs must not need the files.
            images.forEach(f -> f.toFile().delete());
          }
        });
    engine.submit(run::call).get();
    assertThat(images).noneMatch(Files::exists);
    assertThat(Files.readAllLines(runs.resolve("c/metrics.csv"))).hasSize(4);
    assertThat(Files.readString(runs.resolve("c/run.json"))).contains("\"skippedFiles\" : 0");
  }

  @Test
  void sameSeedGivesIdenticalMetrics() throws Exception {
    train("smallcnn", config(2, 1e-3, 5), runs.resolve("x"), new ArrayList<>());
    train("smallcnn", config(2, 1e-3, 5), runs.resolve("y"), new ArrayList<>());
    assertThat(Files.readString(runs.resolve("y/metrics.csv")))
        .isEqualTo(Files.readString(runs.resolve("x/metrics.csv")));
    assertThat(ModelBundle.read(runs.resolve("y/model.lbmodel")).weights())
        .isEqualTo(ModelBundle.read(runs.resolve("x/model.lbmodel")).weights());
  }

  @Test
  void predictAgreesWithEvaluateAndReloadsBitwise() throws Exception {
    Path bundle = train("smallcnn", config(2, 3e-3, 2), runs.resolve("p"), new ArrayList<>());
    Evaluation eval = engine.submit(() -> Evaluator.evaluate(bundle, data, "val")).get();
    assertThat(eval.samples()).hasSize(16);
    engine
        .submit(
            () -> {
              try (Predictor first = new Predictor(List.of(bundle));
                  Predictor second = new Predictor(List.of(bundle))) {
                for (Evaluation.SampleResult s : eval.samples()) {
                  Predictor.Prediction a = first.predict(Path.of(s.file()), 2);
                  Predictor.Prediction b = second.predict(Path.of(s.file()), 2);
                  assertThat(b.logits().get(0))
                      .isEqualTo(a.logits().get(0)); // bitwise, reloaded twice
                  assertThat(a.top().get(0).label()).isEqualTo(eval.classes().get(s.predicted()));
                  assertThat(a.probabilities())
                      .containsExactly(
                          s.probabilities(), org.assertj.core.data.Offset.offset(1e-5f));
                }
              }
              return null;
            })
        .get();
  }

  @Test
  void hugeLearningRateEndsTheRunAndSaysWhere() throws Exception {
    List<TrainingEvent> events = new ArrayList<>();
    // Plain SGD at lr 1e6 explodes within a few steps (to NaN in float32 if nothing stops it).
    TrainConfig sgd = new TrainConfig(3, 8, 1e6, "sgd", 0, "constant", 16, 0.2, 1, "cpu", 2, 2);
    assertThatThrownBy(() -> train("simplenet", sgd, runs.resolve("nan"), events))
        .isInstanceOf(TrainingFailedException.class)
        .hasMessageMatching(
            "loss (became (NaN|infinite)|diverged to .*) at epoch \\d+, step \\d+.* — lower the learning rate.*");
    assertThat(events.getLast()).isInstanceOf(TrainingEvent.RunFailed.class);
    assertThat(Files.readString(runs.resolve("nan/run.json")))
        .contains("\"status\" : \"failed\"")
        .contains("\"reason\" : \"loss ");
  }

  @Test
  void hugeLearningRateWithAdamIsCaughtAsDivergence() {
    // Adam's update is bounded by lr, so the loss grows past 1e20 but stays finite.
    assertThatThrownBy(
            () -> train("simplenet", config(3, 1e6, 1), runs.resolve("div"), new ArrayList<>()))
        .isInstanceOf(TrainingFailedException.class)
        .hasMessageMatching(
            "loss (diverged to .* at|became (NaN|infinite) at) epoch \\d+, step \\d+.*lower the learning rate.*");
  }

  @Test
  void stopBetweenBatchesKeepsWhatWasTrained() throws Exception {
    TrainingRun run =
        new TrainingRun(data, model("simplenet"), config(5, 1e-3, 1), runs.resolve("s"));
    run.addListener(
        e -> {
          if (e instanceof TrainingEvent.BatchEnded b && b.epoch() == 2 && b.batch() == 1) {
            run.requestStop();
          }
        });
    Path bundle = engine.submit(run::call).get();
    assertThat(bundle).exists();
    assertThat(Files.readAllLines(runs.resolve("s/metrics.csv")))
        .hasSize(3); // header, epoch 1, partial epoch 2
    assertThat(Files.readString(runs.resolve("s/run.json"))).contains("\"status\" : \"stopped\"");
  }

  @Test
  void stoppedMidEpochAndResumedEqualsAnUninterruptedRun() throws Exception {
    train("smallcnn", config(3, 2e-3, 9), runs.resolve("whole"), new ArrayList<>());

    TrainingRun first =
        new TrainingRun(data, model("smallcnn"), config(3, 2e-3, 9), runs.resolve("parts"));
    first.addListener(
        e -> {
          if (e instanceof TrainingEvent.BatchEnded b && b.epoch() == 2 && b.batch() == 2) {
            first.requestStop();
          }
        });
    engine.submit(first::call).get();
    assertThat(Files.readString(runs.resolve("parts/run.json")))
        .contains("\"status\" : \"stopped\"");

    TrainingRun resumed = TrainingRun.resume(runs.resolve("parts"), null);
    engine.submit(resumed::call).get();

    assertThat(ModelBundle.read(runs.resolve("parts/checkpoints/last.lbmodel")).weights())
        .isEqualTo(ModelBundle.read(runs.resolve("whole/checkpoints/last.lbmodel")).weights());
    assertThat(Files.readString(runs.resolve("parts/metrics.csv")))
        .isEqualTo(Files.readString(runs.resolve("whole/metrics.csv")));
  }

  @Test
  void resumeExtendsAFinishedRun() throws Exception {
    train("simplenet", config(1, 1e-3, 4), runs.resolve("short"), new ArrayList<>());
    engine.submit(TrainingRun.resume(runs.resolve("short"), 2)::call).get();
    train("simplenet", config(2, 1e-3, 4), runs.resolve("long"), new ArrayList<>());
    assertThat(Files.readString(runs.resolve("short/metrics.csv")))
        .isEqualTo(Files.readString(runs.resolve("long/metrics.csv")));
  }

  @Test
  void startsFromTheWeightsOfAFileAndRecordsWhatLoaded() throws Exception {
    Path first = train("simplenet", config(2, 1e-3, 3), runs.resolve("first"), new ArrayList<>());
    List<TrainingEvent> events = new ArrayList<>();
    TrainingRun again =
        new TrainingRun(data, model("simplenet"), config(1, 1e-3, 3), runs.resolve("again"));
    again.startFrom(first);
    again.addListener(events::add);
    engine.submit(again::call).get();
    List<TrainingEvent> fresh = new ArrayList<>();
    train("simplenet", config(1, 1e-3, 3), runs.resolve("fresh"), fresh);

    double fromFile = firstLoss(events);
    assertThat(fromFile).isLessThan(firstLoss(fresh) / 2); // trained weights: a far lower loss
    String json = Files.readString(runs.resolve("again/run.json"));
    assertThat(json).contains("\"weights\" : \"" + first.toAbsolutePath());
    assertThat(json)
        .containsPattern("\"weightsLoaded\" : \"(\\d+) of \\1 tensors loaded; every key matched\"");

    TrainingRun broken =
        new TrainingRun(data, model("simplenet"), config(1, 1e-3, 3), runs.resolve("broken"));
    Path junk = Files.writeString(runs.resolve("junk.safetensors"), "not safetensors");
    broken.startFrom(junk);
    assertThatThrownBy(() -> engine.submit(broken::call).get())
        .hasCauseInstanceOf(TrainingFailedException.class)
        .cause()
        .hasMessageStartingWith("the starting weights cannot be read: " + junk);
  }

  private static double firstLoss(List<TrainingEvent> events) {
    return events.stream()
        .filter(TrainingEvent.BatchEnded.class::isInstance)
        .map(TrainingEvent.BatchEnded.class::cast)
        .findFirst()
        .orElseThrow()
        .loss();
  }

  @Test
  void earlyStoppingEndsTheRunWhenValidationStopsImproving() throws Exception {
    // Accuracy on this easy data reaches its best within a few epochs and then cannot improve.
    TrainConfig c = config(25, 3e-3, 1).withEarlyStopping(2, "val_accuracy");
    List<TrainingEvent> events = new ArrayList<>();
    train("simplenet", c, runs.resolve("early"), events);
    long epochs = events.stream().filter(TrainingEvent.EpochEnded.class::isInstance).count();
    assertThat(epochs).isLessThan(25);
    assertThat(Files.readString(runs.resolve("early/run.json")))
        .contains("\"status\" : \"early-stopped\"");
  }

  /**
   * Early stopping keeps its patience count and best value in the checkpoint (its own state, as
   * Lightning's EarlyStopping.state_dict): a run stopped after a stale epoch and resumed stops at
   * the same epoch as one never interrupted, instead of waiting a whole patience again.
   */
  @Test
  void earlyStoppingResumedAfterAStopEndsAtTheSameEpoch() throws Exception {
    TrainConfig c = config(12, 3e-3, 1).withEarlyStopping(2, "val_accuracy");
    List<TrainingEvent> whole = new ArrayList<>();
    train("simplenet", c, runs.resolve("whole"), whole);
    assertThat(Files.readString(runs.resolve("whole/run.json")))
        .contains("\"status\" : \"early-stopped\"");
    int last = epochsEnded(whole).getLast();
    assertThat(last).isGreaterThan(2); // patience 2 was counted at least once before the end

    // Stopped in the first batch of the last epoch: the epochs before it were already stale.
    TrainingRun first = new TrainingRun(data, model("simplenet"), c, runs.resolve("parts"));
    first.addListener(
        e -> {
          if (e instanceof TrainingEvent.BatchEnded b && b.epoch() == last && b.batch() == 1) {
            first.requestStop();
          }
        });
    engine.submit(first::call).get();
    assertThat(Files.readString(runs.resolve("parts/run.json")))
        .contains("\"status\" : \"stopped\"");

    List<TrainingEvent> rest = new ArrayList<>();
    TrainingRun resumed = TrainingRun.resume(runs.resolve("parts"), null);
    resumed.addListener(rest::add);
    engine.submit(resumed::call).get();

    assertThat(epochsEnded(rest)).containsExactly(last);
    // the count lives in early stopping's own part of the checkpoint (callbacks.earlyStopping)
    Map<String, Object> trainer =
        ModelBundle.read(runs.resolve("parts/checkpoints/last.lbmodel")).trainerState();
    assertThat(trainer.get("callbacks"))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsKeys("checkpointing", "earlyStopping")
        .extractingByKey("earlyStopping")
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("stale", 2);
    assertThat(Files.readString(runs.resolve("parts/run.json")))
        .contains("\"status\" : \"early-stopped\"");
    assertThat(Files.readString(runs.resolve("parts/metrics.csv")))
        .isEqualTo(Files.readString(runs.resolve("whole/metrics.csv")));
  }

  private static List<Integer> epochsEnded(List<TrainingEvent> events) {
    return events.stream()
        .filter(TrainingEvent.EpochEnded.class::isInstance)
        .map(e -> ((TrainingEvent.EpochEnded) e).epoch())
        .toList();
  }

  @Test
  void everyOptimizerTrains() throws Exception {
    for (String name : List.of("adam", "adamw", "sgd", "sgd-nesterov", "rmsprop")) {
      TrainConfig c =
          new TrainConfig(
                  3,
                  8,
                  name.startsWith("sgd") ? 1e-2 : 1e-3,
                  name,
                  1e-4,
                  "cosine",
                  16,
                  0.2,
                  1,
                  "cpu",
                  2,
                  2)
              .withClipNorm(5);
      List<TrainingEvent> events = new ArrayList<>();
      train("simplenet", c, runs.resolve("opt-" + name), events);
      TrainingEvent.EpochEnded last =
          events.stream()
              .filter(TrainingEvent.EpochEnded.class::isInstance)
              .map(TrainingEvent.EpochEnded.class::cast)
              .reduce((a, b) -> b)
              .orElseThrow();
      assertThat(last.valAccuracy()).as(name).isGreaterThan(0.8);
    }
  }

  @Test
  void modelWithTheWrongNumberOfOutputsIsRefused() {
    ModelGraph fiveWay = Templates.find("simplenet").orElseThrow().create(5, List.of(3, 16, 16));
    TrainingRun run = new TrainingRun(data, fiveWay, config(1, 1e-3, 1), runs.resolve("w"));
    assertThatThrownBy(() -> engine.submit(run::call).get())
        .hasCauseInstanceOf(TrainingFailedException.class)
        .cause()
        .hasMessage(
            "the model outputs 5 values but the dataset has 2 classes — set the last layer's out_features to 2");
  }

  @Test
  void trainerStateAndOptimizerStateAreInTheCheckpoint() throws Exception {
    train("simplenet", config(1, 1e-3, 1), runs.resolve("c"), new ArrayList<>());
    BundleContents last = ModelBundle.read(runs.resolve("c/checkpoints/last.lbmodel"));
    assertThat(last.optimizerState().keySet())
        .contains("fc1.weight.exp_avg_scaled", "fc1.weight.exp_avg_sq_scaled");
    assertThat(last.trainerState()).containsEntry("epoch", 1);
    assertThat(Map.copyOf(last.metrics())).containsKey("valAccuracy");
  }

  /**
   * Running out of memory is told with advice. libtorch's own words for a refused allocation come
   * from a real one: 256 TiB, more than x86-64's 47-bit user address space, refused under every
   * overcommit mode, and {@code torch::empty} writes nothing.
   */
  @Test
  void runningOutOfMemoryIsToldWithAdvice() {
    Engines.ensureStarted();
    RuntimeException refused;
    try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
      refused =
          org.junit.jupiter.api.Assertions.assertThrows(
              RuntimeException.class,
              () ->
                  m.create(
                      new ai.djl.ndarray.types.Shape(1L << 46),
                      ai.djl.ndarray.types.DataType.FLOAT32));
    }
    String advice = " — lower the batch size or the image size, or train a smaller model";
    assertThat(FailureReason.of(refused))
        .isEqualTo("out of memory: a tensor of 281.5 TB could not be allocated" + advice);
    // as the checkpoint thread's failures come: wrapped
    assertThat(
            FailureReason.of(
                new java.io.IOException(
                    "the checkpoint could not be saved", new OutOfMemoryError("Java heap space"))))
        .isEqualTo("out of memory: the Java heap is full (Java heap space)" + advice);
    assertThat(
            FailureReason.of(
                new RuntimeException(
                    "CUDA out of memory. Tried to allocate 2.00 GiB (GPU 0; 7.79 GiB total)")))
        .isEqualTo("out of memory: the GPU's memory is full" + advice);
    // not the batch's doing: no advice about it
    assertThat(FailureReason.of(new OutOfMemoryError("unable to create native thread")))
        .isEqualTo("out of memory: unable to create native thread");
    assertThat(FailureReason.of(new IllegalStateException("something else")))
        .isEqualTo("something else");
    // a size past Long.MAX_VALUE (libtorch reports overflowed sizes so) still gives a sentence
    assertThat(
            FailureReason.of(
                new RuntimeException(
                    "can't allocate memory: you tried to allocate 18446744073709551615 bytes")))
        .startsWith("out of memory: a tensor of 18446744.1 TB");
  }
}
