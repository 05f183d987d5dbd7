package org.layerbench.app.gui.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.TextModels;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.EngineService;
import org.layerbench.engine.train.Predictor;

/**
 * Typed text in the Predict view-model, on same-thread FX and IO executors and the real engine: a
 * text model switches the workspace to text, each non-blank line is classified, and the results are
 * the engine Predictor's own.
 */
class PredictTextViewModelTest {
  @TempDir Path tmp;
  private final EngineService engine = new EngineService();

  @AfterEach
  void close() {
    engine.close();
  }

  private PredictViewModel vm() {
    WorkbenchViewModel wvm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    wvm.newProject();
    return new PredictViewModel(
        new WorkbenchContext(wvm, engine, Runnable::run, Runnable::run, tmp, name -> {}));
  }

  private static void waitUntilIdle(PredictViewModel vm) throws InterruptedException {
    long end = System.nanoTime() + 120_000_000_000L;
    while (vm.runningProperty().get() && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(vm.runningProperty().get()).as("still classifying").isFalse();
  }

  @Test
  void eachLineOfTheTypedTextIsClassifiedByTheTextModel() throws Exception {
    Path bundle = TextModels.bundle(tmp.resolve("text.lbmodel"), List.of("neg", "pos"), 11);
    PredictViewModel vm = vm();
    assertThat(vm.modalityProperty().get()).isEqualTo("image");
    vm.openModelFile(bundle);
    assertThat(vm.modalityProperty().get()).isEqualTo("text");

    vm.textProperty().set("The food was great!\n\n   \nbad service, not good\n");
    vm.classifyText();
    waitUntilIdle(vm);

    assertThat(vm.failureProperty().get()).isNull();
    assertThat(vm.textResults())
        .extracting(TextResult::text)
        .containsExactly("The food was great!", "bad service, not good");
    assertThat(vm.statusProperty().get()).isEqualTo("Classified 2 texts with text.lbmodel.");
    List<Predictor.Prediction> reference =
        engine
            .submit(
                () -> {
                  try (Predictor p = new Predictor(List.of(bundle))) {
                    return List.of(
                        p.predictText("The food was great!", 2),
                        p.predictText("bad service, not good", 2));
                  }
                })
            .get();
    for (int i = 0; i < 2; i++) {
      assertThat(vm.textResults().get(i).ranked()).isEqualTo(reference.get(i).top());
    }
  }

  @Test
  void withoutTextOrModelItSaysWhatIsMissing() throws Exception {
    PredictViewModel vm = vm();
    vm.textProperty().set("good");
    vm.classifyText();
    assertThat(vm.statusProperty().get()).isEqualTo("Choose a model to classify the text.");
    vm.openModelFile(TextModels.bundle(tmp.resolve("t.lbmodel"), List.of("neg", "pos"), 1));
    vm.textProperty().set(" \n ");
    vm.classifyText();
    assertThat(vm.statusProperty().get()).isEqualTo("Type or paste a text, one per line.");
    assertThat(vm.textResults()).isEmpty();
  }
}
