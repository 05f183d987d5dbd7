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
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;

/** Training with transform pipelines (augmentation) and progressive resizing. */
class AugmentedTrainingTest {
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

  private static TrainConfig config(int epochs, int workers) {
    return new TrainConfig(epochs, 8, 1e-3, "adam", 0, "constant", 16, 0.2, 3, "cpu", 2, workers);
  }

  private static ModelGraph model(String template) {
    return Templates.find(template).orElseThrow().create(2, List.of(3, 16, 16));
  }

  static PipelineFile augmenting(int size) {
    Pipeline train =
        Pipeline.of(
            Step.of(TransformType.RANDOM_RESIZED_CROP, "size", size, "scale", List.of(0.5, 1.0)),
            Step.of(TransformType.RANDOM_HORIZONTAL_FLIP),
            Step.of(TransformType.COLOR_JITTER, "brightness", 0.3, "hue", 0.05),
            Step.of(TransformType.TO_TENSOR),
            Step.of(TransformType.GAUSSIAN_NOISE, "std", 0.02),
            Step.of(
                TransformType.NORMALIZE,
                "mean",
                Pipeline.IMAGENET_MEAN,
                "std",
                Pipeline.IMAGENET_STD));
    Pipeline val =
        Pipeline.of(
            Step.of(TransformType.RESIZE, "size", size + 2),
            Step.of(TransformType.CENTER_CROP, "size", size),
            Step.of(TransformType.TO_TENSOR),
            Step.of(
                TransformType.NORMALIZE,
                "mean",
                Pipeline.IMAGENET_MEAN,
                "std",
                Pipeline.IMAGENET_STD));
    return new PipelineFile(train, val);
  }

  private Path train(TrainingRun run, List<TrainingEvent> events) throws Exception {
    run.addListener(events::add);
    try {
      return engine.submit(run::call).get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void augmentationIsReproducibleWhateverTheNumberOfWorkers() throws Exception {
    Path a = runs.resolve("a");
    Path b = runs.resolve("b");
    train(
        new TrainingRun(data, model("smallcnn"), config(2, 2), a).withTransforms(augmenting(16)),
        new ArrayList<>());
    train(
        new TrainingRun(data, model("smallcnn"), config(2, 0), b).withTransforms(augmenting(16)),
        new ArrayList<>());
    assertThat(Files.readString(a.resolve("metrics.csv")))
        .isEqualTo(Files.readString(b.resolve("metrics.csv")));
    // and augmentation changes what the model sees: a plain run of the same seed differs
    Path plain = runs.resolve("plain");
    train(new TrainingRun(data, model("smallcnn"), config(2, 2), plain), new ArrayList<>());
    assertThat(Files.readString(plain.resolve("metrics.csv")))
        .isNotEqualTo(Files.readString(a.resolve("metrics.csv")));

    BundleContents bundle = ModelBundle.read(a.resolve("model.lbmodel"));
    assertThat(((ImagePreprocessing) bundle.preprocessing()).transforms())
        .isEqualTo(augmenting(16).val().toJson());
    assertThat(Files.readString(a.resolve("run.json"))).contains("\"RandomResizedCrop\"");
    // evaluating the bundle runs its stored validation pipeline: the same loss as the epoch
    Evaluation eval = Evaluator.evaluate(a.resolve("model.lbmodel"), data, "val");
    Object bestLoss = bundle.metrics().get("valLoss");
    assertThat(eval.loss()).isCloseTo(((Number) bestLoss).doubleValue(), within(1e-5));
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }

  @Test
  void progressiveResizingTrainsLaterEpochsAtTheLargerSize() throws Exception {
    Path dir = runs.resolve("p");
    List<TrainingEvent> events = new ArrayList<>();
    train(
        new TrainingRun(data, model("smallcnn"), config(3, 2), dir)
            .withTransforms(augmenting(16))
            .withProgressiveResizing(Map.of(2, 24, 3, 32)),
        events);
    BundleContents last = ModelBundle.read(dir.resolve("checkpoints").resolve("last.lbmodel"));
    assertThat(((ImagePreprocessing) last.preprocessing()).height()).isEqualTo(32);
    assertThat(last.model().inputNode().orElseThrow().params().get("shape"))
        .isEqualTo(List.of(3, 32, 32));
    // the stored val pipeline was scaled along: Resize 18 → 36, CenterCrop 16 → 32
    assertThat(((ImagePreprocessing) last.preprocessing()).transforms().get(0).get("size"))
        .isEqualTo(36);
    assertThat(((ImagePreprocessing) last.preprocessing()).transforms().get(1).get("size"))
        .isEqualTo(32);
    assertThat(events.stream().filter(e -> e instanceof TrainingEvent.EpochEnded)).hasSize(3);
    assertThat(Files.readString(dir.resolve("run.json"))).contains("\"progressiveResizing\"");
    // the last checkpoint evaluates at its own size
    Evaluation eval =
        Evaluator.evaluate(dir.resolve("checkpoints").resolve("last.lbmodel"), data, "val");
    assertThat(eval.loss()).isFinite();
  }

  @Test
  void progressiveResizingRefusesAModelWhoseWeightsDependOnTheSize() {
    TrainingRun run =
        new TrainingRun(data, model("simplenet"), config(2, 2), runs.resolve("s"))
            .withProgressiveResizing(Map.of(2, 24));
    assertThatThrownBy(() -> train(run, new ArrayList<>()))
        .isInstanceOf(TrainingFailedException.class)
        .hasMessageContaining("progressive resizing to 24×24 would change the model's weights")
        .hasMessageContaining("AdaptiveAvgPool2d");
  }

  @Test
  void aPipelineOfTheWrongSizeStopsTheRunWithTheReason() {
    TrainingRun run =
        new TrainingRun(data, model("smallcnn"), config(2, 2), runs.resolve("w"))
            .withTransforms(augmenting(20));
    assertThatThrownBy(() -> train(run, new ArrayList<>()))
        .hasMessageContaining("into 3×20×20, but the model takes 3×16×16")
        .hasMessageContaining("Resize([16, 16])");
  }
}
