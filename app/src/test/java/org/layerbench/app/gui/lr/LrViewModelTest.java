package org.layerbench.app.gui.lr;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.SharedText;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.lr.LrViewModel.Message;
import org.layerbench.app.gui.lr.LrViewModel.Phase;
import org.layerbench.app.gui.service.EngineService;
import org.layerbench.engine.graph.Templates;

/**
 * The workspace's view-model with the real engine thread and a single "FX" thread of its own (no
 * window): settings shared with the project's training settings and undoable, readable errors, and
 * cancel between batches.
 */
class LrViewModelTest {
  private final ExecutorService fx =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "test-fx"));
  private final EngineService engine = new EngineService();
  private final List<String> shown = new ArrayList<>();
  private WorkbenchViewModel vm;
  private LrViewModel lr;

  @BeforeEach
  void setUp() throws Exception {
    onFx(
        () -> {
          vm = new WorkbenchViewModel(Runnable::run, Runnable::run, fx, new TestSettings(), null);
          WorkbenchContext context =
              new WorkbenchContext(vm, engine, Runnable::run, fx, Path.of("target"), shown::add);
          lr = new LrViewModel(context);
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

  private void openSample() throws Exception {
    onFx(
        () -> {
          vm.open(TestSettings.SAMPLE);
          return null;
        });
    onFx(() -> null); // the open's result is applied in a second FX task
  }

  private Phase awaitIdle() throws Exception {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < until) {
      Phase p = onFx(() -> lr.phaseProperty().get());
      if (!p.busy()) {
        return p;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the sweep did not end");
  }

  @Test
  void batchAndImageSizeAreTheProjectsTrainingSettingsAndEditingThemIsUndoable() throws Exception {
    openSample();
    assertThat(onFx(() -> lr.batchProperty().get())).isEqualTo(16);
    assertThat(onFx(() -> lr.sizeProperty().get())).isEqualTo(64);
    assertThat(onFx(() -> lr.projectLrProperty().get())).isEqualTo(0.003);

    assertThat(onFx(() -> lr.setBatch(32))).isNull();
    assertThat(onFx(() -> vm.projectProperty().get().training().batchSize())).isEqualTo(32);
    assertThat(onFx(() -> lr.batchProperty().get())).isEqualTo(32);
    assertThat(onFx(() -> vm.isDirty())).isTrue();
    assertThat(onFx(() -> vm.commands().undoLabelProperty().get()))
        .isEqualTo("Set batch size to 32");

    onFx(
        () -> {
          vm.commands().undo();
          return null;
        });
    assertThat(onFx(() -> lr.batchProperty().get())).isEqualTo(16);
    assertThat(onFx(() -> vm.isDirty())).isFalse();

    assertThat(onFx(() -> lr.setSize(0))).contains("between 8 and 1024");
    assertThat(onFx(() -> vm.commands().canUndoProperty().get())).isFalse();
  }

  @Test
  void aProjectWithoutADatasetSaysSoInASentence() throws Exception {
    onFx(
        () -> {
          vm.newProject();
          lr.run();
          return null;
        });
    assertThat(onFx(() -> lr.phaseProperty().get())).isEqualTo(Phase.FAILED);
    Message m = onFx(() -> lr.messageProperty().get());
    assertThat(m.kind()).isEqualTo(Message.Kind.ERROR);
    assertThat(m.text()).startsWith("This project has no dataset yet").endsWith(".");
  }

  @Test
  void aModelThatDoesNotFitTheDataSaysWhatToChange() throws Exception {
    openSample();
    onFx(
        () -> {
          vm.model().load(Templates.find("smallcnn").orElseThrow().create(10, List.of(3, 64, 64)));
          lr.run();
          return null;
        });
    assertThat(awaitIdle()).isEqualTo(Phase.FAILED);
    Message m = onFx(() -> lr.messageProperty().get());
    assertThat(m.kind()).isEqualTo(Message.Kind.ERROR);
    assertThat(m.text())
        .startsWith("The learning-rate test could not run: the model outputs")
        .contains("the dataset has 3 classes")
        .contains("out_features to 3")
        .endsWith(".");
    assertThat(m.details()).contains("TrainingFailedException");
    assertThat(onFx(() -> lr.resultProperty().get())).isNull();
  }

  @Test
  void theSweepStartsFromTheProjectsStartingWeightsFrozenAsTrainingWillBe(@TempDir Path dir)
      throws Exception {
    openSample();
    // A state_dict of the sample's own model without its last layer (a new head): freezing "all"
    // freezes what came from the file, so only the head trains. Without the file, "all" would
    // freeze everything and the sweep could not run.
    var graph = onFx(() -> vm.current().model());
    Path bundle = dir.resolve("start.safetensors");
    engine
        .submit(
            () -> {
              try (var m = ai.djl.ndarray.NDManager.newBaseManager();
                  var net =
                      org.layerbench.engine.nn.Network.create(
                          org.layerbench.engine.graph.GraphAnalysis.of(graph), m, 7)) {
                var state = org.layerbench.engine.nn.Weights.toData(net.state());
                state.pollLastEntry(); // the head's bias
                state.pollLastEntry(); // and weight
                org.layerbench.engine.io.Safetensors.write(bundle, state, Map.of());
              }
              return null;
            })
        .get();
    onFx(
        () -> {
          vm.editProject(
              "weights and freezing",
              p -> {
                return p.withTraining(
                    p.training()
                        .withWeights(bundle.toString())
                        .with("groups.freeze", List.of("all")));
              });
          lr.run();
          return null;
        });
    assertThat(awaitIdle())
        .as(() -> String.valueOf(lr.messageProperty().get()))
        .isEqualTo(Phase.DONE);
    assertThat(onFx(() -> lr.resultProperty().get().losses())).isNotEmpty();
  }

  /**
   * The sweep gets the batches training will get: the project's training pipeline. One whose images
   * are 48 px cannot feed the sample's 64 px model, so the sweep fails, and says so; a sweep that
   * ignored the pipeline would have run.
   */
  @Test
  void theSweepRunsOnTheProjectsTrainingPipeline() throws Exception {
    openSample();
    onFx(
        () -> {
          vm.editProject(
              "48 px training images",
              p -> {
                var t = p.transforms();
                var wrong =
                    new org.layerbench.engine.data.transform.PipelineFile(
                        t.train().resized(64, 48), t.val());
                return p.withTransforms(wrong);
              });
          lr.run();
          return null;
        });
    assertThat(awaitIdle()).isEqualTo(Phase.FAILED);
    assertThat(onFx(() -> lr.messageProperty().get().text() + " " + lr.messageProperty().get()))
        .contains("48");
  }

  @Test
  void settingsOutOfRangeAreRefusedBeforeTheEngineIsAsked() throws Exception {
    openSample();
    onFx(
        () -> {
          lr.settingsProperty().set(new LrSettings(1e-2, 1e-4, 50));
          lr.run();
          return null;
        });
    assertThat(onFx(() -> lr.phaseProperty().get())).isEqualTo(Phase.FAILED);
    assertThat(onFx(() -> lr.messageProperty().get().text()))
        .isEqualTo("The end rate must be larger than the start rate.");
  }

  @Test
  void cancelStopsBetweenBatchesAndKeepsTheCurveSoFar() throws Exception {
    openSample();
    onFx(
        () -> {
          lr.settingsProperty().set(new LrSettings(1e-6, 1, 2000));
          lr.run();
          return null;
        });
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (onFx(() -> lr.points().size()) < 3 && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertThat(onFx(() -> lr.phaseProperty().get())).isEqualTo(Phase.RUNNING);
    assertThat(onFx(() -> lr.progressTextProperty().get())).startsWith("Step ");
    onFx(
        () -> {
          lr.cancel();
          return null;
        });
    assertThat(awaitIdle()).isEqualTo(Phase.CANCELLED);
    int n = onFx(() -> lr.points().size());
    assertThat(n).isBetween(3, 1999);
    assertThat(onFx(() -> lr.resultProperty().get().lrs())).hasSize(n);
    assertThat(onFx(() -> lr.messageProperty().get().text()))
        .startsWith("Cancelled after " + n + " of 2000 steps.");
    assertThat(onFx(() -> lr.progressProperty().get())).isEqualTo(n / 2000.0);
    // interpolation in log(lr) between measured points
    double a = onFx(() -> lr.points().get(1).lr());
    double b = onFx(() -> lr.points().get(2).lr());
    double la = onFx(() -> lr.points().get(1).smoothed());
    double lb = onFx(() -> lr.points().get(2).smoothed());
    assertThat(onFx(() -> lr.lossAt(Math.sqrt(a * b))))
        .isCloseTo((la + lb) / 2, org.assertj.core.api.Assertions.within(1e-9));
  }

  /** A text project sweeps its texts through LrFinder's text path, the vocabulary bound. */
  @Test
  void aTextProjectSweepsItsTexts() throws Exception {
    Path yelp = SharedText.file(SharedText.YELP);
    onFx(
        () -> {
          vm.newFromTemplate("text-gru", 2, List.of(32));
          return null;
        });
    onFx(() -> null); // the new project is shown in a second FX task
    onFx(
        () -> {
          vm.editProject(
              "yelp",
              p ->
                  p.withDataset(yelp.toString())
                      .withText(
                          org.layerbench.engine.project.ProjectTextData.defaults()
                              .withSettings(
                                  new org.layerbench.engine.data.text.TextSettings(
                                      org.layerbench.engine.data.text.Tokenizer.BASIC_ENGLISH,
                                      1,
                                      null,
                                      32,
                                      org.layerbench.engine.data.text.Padding.DYNAMIC)))
                      .withTraining(p.training().withBatchSize(50)));
          lr.settingsProperty().set(new LrSettings(1e-5, 1, 12));
          lr.run();
          return null;
        });
    assertThat(awaitIdle())
        .as(() -> String.valueOf(lr.messageProperty().get()))
        .isEqualTo(Phase.DONE);
    assertThat(onFx(() -> lr.resultProperty().get().losses())).hasSize(12);
  }
}
