package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.SharedText;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.EngineService;
import org.layerbench.app.gui.train.TrainViewModel.RunState;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.project.ProjectTextData;

/**
 * Training a text project from the Train view-model, on the real engine thread and a single "FX"
 * thread of its own: a text-gru on the UCI yelp reviews, one epoch at max length 32, ends with a
 * bundle whose preprocessing is text, and continues from its checkpoint as an image run does.
 */
class TextTrainViewModelTest {
  private final ExecutorService fx =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));
  private final EngineService engine = new EngineService();
  @TempDir Path tmp;
  private WorkbenchViewModel vm;
  private TrainViewModel train;

  @BeforeEach
  void setUp() throws Exception {
    onFx(
        () -> {
          vm = new WorkbenchViewModel(Runnable::run, Runnable::run, fx, Settings.inMemory(), null);
          train =
              new TrainViewModel(
                  new WorkbenchContext(
                      vm, engine, Runnable::run, fx, tmp.resolve("home"), n -> {}));
          return null;
        });
  }

  @AfterEach
  void tearDown() {
    engine.close();
    fx.shutdownNow();
  }

  private <T> T onFx(Callable<T> work) throws Exception {
    return fx.submit(work).get(60, TimeUnit.SECONDS);
  }

  private void await(long seconds, BooleanSupplier condition) throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < until) {
      if (onFx(condition::getAsBoolean)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("timed out; status: " + onFx(() -> train.statusProperty().get()));
  }

  /** A new text-gru project (2 classes, 32 tokens) on the yelp reviews, one epoch of batch 50. */
  static void yelpProject(WorkbenchViewModel vm, Path yelp) {
    vm.editProject(
        "yelp",
        p ->
            p.withDataset(yelp.toString())
                .withText(
                    ProjectTextData.defaults()
                        .withSettings(
                            new TextSettings(
                                Tokenizer.BASIC_ENGLISH, 1, null, 32, Padding.DYNAMIC)))
                .withTraining(p.training().withBatchSize(50).with("epochs", 1)));
  }

  @Test
  void aTextProjectTrainsFromTheWindowIntoATextBundleAndContinues() throws Exception {
    Path yelp = SharedText.file(SharedText.YELP);
    onFx(
        () -> {
          vm.newFromTemplate("text-gru", 2, List.of(32));
          return null;
        });
    onFx(() -> null); // the new project is shown in a second FX task
    onFx(
        () -> {
          yelpProject(vm, yelp);
          return null;
        });
    await(60, () -> train.trainImagesProperty().get() > 0);
    assertThat(onFx(() -> train.textDatasetProperty().get())).isTrue();
    assertThat(onFx(() -> train.datasetInfoProperty().get()))
        .contains("800 training and 200 validation texts in 2 classes")
        .contains("basic_english");
    assertThat(onFx(() -> train.batchesPerEpoch())).isEqualTo(16);

    // The Model workspace's analysis binds num_embeddings 0 to the vocabulary the texts give, so
    // its sizes and parameter count are real: Embedding(V, 100), GRU(100, 128), Linear(128, 2).
    await(60, () -> vm.modelCheck().analyses(vm.current().model()));
    var analysis = onFx(() -> vm.modelCheck().analysis());
    assertThat(analysis.ok()).as(() -> analysis.problems().toString()).isTrue();
    int vocabulary =
        ((Number) analysis.graph().node("embedding").orElseThrow().params().get("num_embeddings"))
            .intValue();
    assertThat(vocabulary).isGreaterThan(1000);
    assertThat(analysis.params())
        .isEqualTo(100L * vocabulary + 3 * (128 * 100 + 128 * 128 + 2 * 128) + 128 * 2 + 2);
    assertThat(onFx(() -> train.datasetInfoProperty().get()))
        .contains(String.format(java.util.Locale.ROOT, "a vocabulary of %,d tokens", vocabulary));

    onFx(
        () -> {
          train.start("yelp-gru");
          return null;
        });
    await(300, () -> !train.stateProperty().get().active());
    assertThat(onFx(() -> train.stateProperty().get()))
        .as(() -> String.valueOf(train.bannerProperty().get()))
        .isEqualTo(RunState.FINISHED);
    Path bundle = find(tmp.resolve("home"), "model.lbmodel");
    assertThat(ModelBundle.read(bundle).preprocessing()).isInstanceOf(TextPreprocessing.class);
    assertThat(Files.readString(bundle.resolveSibling("run.json"))).contains("\"text\"");

    // Continue goes through TrainingRun.resume, which reads the text files back from run.json.
    RunRecord record = onFx(() -> train.runs().records().getLast());
    onFx(
        () -> {
          train.continueRun(record, 2);
          return null;
        });
    await(300, () -> !train.stateProperty().get().active());
    assertThat(onFx(() -> train.stateProperty().get()))
        .as(() -> String.valueOf(train.bannerProperty().get()))
        .isEqualTo(RunState.FINISHED);
    assertThat(onFx(() -> train.statusProperty().get())).startsWith("Finished after 2 epochs");
  }

  private static Path find(Path dir, String name) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(f -> f.getFileName().toString().equals(name))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no " + name + " under " + dir));
    }
  }
}
