package org.layerbench.app.gui.predict;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.EngineService;

/** Adding images, on same-thread executors and without a model (so nothing reaches the engine). */
class PredictViewModelTest {
  @TempDir Path tmp;

  private PredictViewModel vm() {
    WorkbenchViewModel wvm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    wvm.newProject();
    return new PredictViewModel(
        new WorkbenchContext(
            wvm, new EngineService(), Runnable::run, Runnable::run, tmp, name -> {}));
  }

  @Test
  void aDroppedFolderAddsItsImagesOnceAndAtMostAThousand() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("many/sub"));
    for (int i = 0; i < PredictViewModel.MAX_IMAGES + 5; i++) {
      Files.createFile(folder.resolve(String.format("img_%04d.png", i)));
    }
    Files.writeString(folder.resolve("notes.txt"), "not an image");
    PredictViewModel vm = vm();
    vm.addImages(List.of(tmp.resolve("many")));
    assertThat(vm.images()).hasSize(PredictViewModel.MAX_IMAGES);
    assertThat(vm.images()).allSatisfy(r -> assertThat(r.pending()).isTrue());
    assertThat(vm.failureProperty().get().message())
        .isEqualTo("Only the first 1000 images were added; add the others separately.");
    assertThat(vm.statusProperty().get()).isEqualTo("Choose a model to classify the images.");

    vm.addImages(List.of(folder.resolve("img_0000.png"))); // already there: not added twice
    assertThat(vm.images()).hasSize(PredictViewModel.MAX_IMAGES);
    vm.remove(folder.resolve("img_0000.png"));
    assertThat(vm.images()).hasSize(PredictViewModel.MAX_IMAGES - 1);
    vm.clear();
    assertThat(vm.images()).isEmpty();
  }
}
