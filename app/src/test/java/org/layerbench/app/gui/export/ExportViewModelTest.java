package org.layerbench.app.gui.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.EngineService;
import org.layerbench.engine.graph.ModelJson;
import org.layerbench.engine.io.export.Export;
import org.layerbench.engine.io.export.ExportException;
import org.layerbench.engine.io.export.Exporter;
import org.layerbench.engine.io.export.Exporters;
import org.layerbench.engine.io.export.Verification;

/**
 * The Export workspace's view-model on same-thread executors, with the export itself and the
 * desktop replaced: what it asks the engine to export, progress, Cancel, results, refusals as
 * sentences, the commands and the folder.
 */
class ExportViewModelTest {
  @TempDir Path tmp;

  private WorkbenchViewModel wvm;
  private final List<Export.Request> requests = new ArrayList<>();
  private final List<String> copied = new ArrayList<>();
  private final List<Path> opened = new ArrayList<>();
  private IOException openFails;
  private ExportViewModel.Exporting exporting;
  private Callable<Export.Result> queued;
  private boolean deferred;

  private final DesktopHost desktop =
      new DesktopHost() {
        @Override
        public void open(Path folder) throws IOException {
          if (openFails != null) {
            throw openFails;
          }
          opened.add(folder);
        }

        @Override
        public void copy(String text) {
          copied.add(text);
        }
      };

  /** Runs the job at once (same thread), or keeps it for the test to run when deferred. */
  private CompletableFuture<Export.Result> submit(Callable<Export.Result> job) {
    if (deferred) {
      queued = job;
      CompletableFuture<Export.Result> f = new CompletableFuture<>();
      pending = f;
      return f;
    }
    return complete(job);
  }

  private CompletableFuture<Export.Result> pending;

  private static CompletableFuture<Export.Result> complete(Callable<Export.Result> job) {
    try {
      return CompletableFuture.completedFuture(job.call());
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private ExportViewModel vm() {
    wvm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    wvm.newProject();
    return new ExportViewModel(
        new WorkbenchContext(
            wvm, new EngineService(), Runnable::run, Runnable::run, tmp.resolve("home"), n -> {}),
        this::submit,
        (request, progress, cancel) -> {
          requests.add(request);
          return exporting.run(request, progress, cancel);
        },
        desktop);
  }

  private RunEntry run(String name) {
    Path dir = tmp.resolve("runs").resolve(name);
    return new RunEntry(
        name,
        dir,
        dir.resolve("model.lbmodel"),
        "finished",
        0.9,
        2,
        tmp.resolve("my data"),
        0.2,
        1,
        null);
  }

  private static Export.Result result(Path target, String... names) {
    List<Export.WrittenFile> files = new ArrayList<>();
    for (String n : names) {
      files.add(new Export.WrittenFile(n, 2048));
    }
    return new Export.Result(
        target,
        files,
        List.of(
            Verification.passed("model.onnx", "ONNX Runtime on 32 validation images", 3e-7),
            Verification.skipped("predict.py", "predict.py --json", "python has no torchvision")),
        false,
        "32 validation images");
  }

  @Test
  void exportsTheChosenRunInEveryFormatAndShowsWhatItWroteAndTheCommands() {
    ExportViewModel vm = vm();
    RunEntry r = run("run-1");
    vm.runProperty().set(r);
    assertThat(vm.targetProperty().get()).isEqualTo(r.dir().resolve("export"));
    assertThat(vm.formats())
        .extracting(f -> f.exporter().id())
        .containsExactlyElementsOf(Exporters.ids());
    assertThat(vm.canExportProperty().get()).isTrue();
    List<String> steps = new ArrayList<>();
    vm.statusProperty().addListener((obs, o, n) -> steps.add(n));
    exporting =
        (request, progress, cancel) -> {
          progress.accept("writing ONNX");
          return result(request.target(), "model.py", "predict.py", "train_lightning.py");
        };

    vm.export();

    Export.Request q = requests.getFirst();
    assertThat(q.model()).isEqualTo(r.bundle());
    assertThat(q.formats()).isEqualTo(Exporters.all());
    assertThat(q.target()).isEqualTo(r.dir().resolve("export"));
    assertThat(q.verify()).isTrue();
    assertThat(q.force()).isFalse();
    assertThat(steps).contains("Waiting for the engine…", "Writing ONNX…");
    assertThat(vm.runningProperty().get()).isFalse();
    assertThat(vm.failureProperty().get()).isNull();
    assertThat(vm.doneProperty().get().what()).isEqualTo("run-1");
    assertThat(vm.statusProperty().get())
        .isEqualTo("Wrote 3 files; 1 of 2 checks passed, 1 skipped.");
    String data = "'" + tmp.resolve("my data") + "'";
    assertThat(vm.commandsProperty().get())
        .isEqualTo(
            String.join(
                "\n",
                "cd " + r.dir().resolve("export"),
                "python predict.py IMAGE... --top 3",
                "python train_lightning.py --data "
                    + data
                    + " --accelerator gpu --devices N --strategy ddp",
                "torchrun --nproc_per_node N train_lightning.py --data "
                    + data
                    + " --accelerator gpu --devices N --strategy ddp"));

    vm.copyCommands();
    assertThat(copied).containsExactly(vm.commandsProperty().get() + "\n");
    assertThat(vm.statusProperty().get()).isEqualTo("Copied the commands to the clipboard.");
    vm.openFolder();
    assertThat(opened).containsExactly(r.dir().resolve("export"));
  }

  @Test
  void theCurrentModelExportsAsCodeOnlyFromATemporaryModelJson() throws Exception {
    ExportViewModel vm = vm();
    vm.runProperty().set(run("run-1"));
    vm.codeOnlyProperty().set(true);
    String name = wvm.current().model().name();
    Path expected =
        tmp.resolve("home")
            .resolve("export")
            .resolve(name.replaceAll("[^A-Za-z0-9._-]+", "-") + "-code");
    assertThat(vm.targetProperty().get()).isEqualTo(expected);
    for (ExportViewModel.FormatChoice f : vm.formats()) {
      assertThat(f.availableProperty().get())
          .as(f.exporter().id())
          .isEqualTo(!f.exporter().needsWeights());
    }
    String[] json = new String[1];
    exporting =
        (request, progress, cancel) -> {
          try {
            json[0] = Files.readString(request.model());
          } catch (IOException e) {
            throw new AssertionError(e);
          }
          return new Export.Result(
              request.target(),
              List.of(new Export.WrittenFile("model.py", 10)),
              List.of(),
              true,
              null);
        };

    vm.export();

    Export.Request q = requests.getFirst();
    assertThat(q.formats()).extracting(Exporter::id).containsExactly("pytorch");
    assertThat(q.model().getFileName().toString()).endsWith(".json");
    assertThat(json[0]).isEqualTo(ModelJson.toJson(wvm.current().model()));
    assertThat(q.model()).doesNotExist(); // the temporary model JSON is removed
    assertThat(vm.doneProperty().get().what()).isEqualTo("the current model");
    assertThat(vm.statusProperty().get()).isEqualTo("Wrote 1 file, not verified.");
    assertThat(vm.commandsProperty().get()).isEmpty(); // neither predict.py nor a training script

    vm.formats().getFirst().selectedProperty().set(false);
    assertThat(vm.canExportProperty().get()).isFalse(); // no format left
    vm.codeOnlyProperty().set(false);
    assertThat(vm.canExportProperty().get()).isTrue();
  }

  @Test
  void cancelStopsTheExportAndSaysNothingWasWritten() throws Exception {
    ExportViewModel vm = vm();
    vm.runProperty().set(run("run-1"));
    deferred = true;
    exporting =
        (request, progress, cancel) -> {
          if (cancel.getAsBoolean()) {
            throw new CancellationException("the export was cancelled");
          }
          return result(request.target(), "model.py");
        };
    vm.export();
    assertThat(vm.runningProperty().get()).isTrue();
    assertThat(vm.canExportProperty().get()).isFalse();
    assertThat(vm.statusProperty().get()).isEqualTo("Waiting for the engine…");
    vm.cancel();
    assertThat(vm.statusProperty().get()).isEqualTo("Cancelling…");
    complete(queued)
        .whenComplete(
            (r, t) -> {
              if (t == null) {
                pending.complete(r);
              } else {
                pending.completeExceptionally(t);
              }
            });
    assertThat(vm.runningProperty().get()).isFalse();
    assertThat(vm.statusProperty().get()).isEqualTo("Cancelled: nothing was written.");
    assertThat(vm.doneProperty().get()).isNull();
    assertThat(vm.failureProperty().get()).isNull();
    assertThat(requests).isEmpty(); // cancelled before it reached the exporter
  }

  @Test
  void refusalsAndFailedVerificationsAreSentences() {
    ExportViewModel vm = vm();
    RunEntry r = run("run-1");
    vm.runProperty().set(r);
    Path target = r.dir().resolve("export");
    exporting =
        (request, progress, cancel) -> {
          throw new ExportException(
              target
                  + " holds files LayerBench did not export (notes.txt): choose an empty folder,"
                  + " or add --force to write beside them (files of other names are left alone)");
        };
    vm.export();
    assertThat(vm.failureProperty().get().message())
        .isEqualTo(
            "Could not export run-1: "
                + target
                + " holds files LayerBench did not export (notes.txt): choose an empty folder, or"
                + " check “Write beside other files” to write beside them (files of other names"
                + " are left alone).");
    assertThat(vm.failureProperty().get().details()).isEmpty();

    exporting =
        (request, progress, cancel) ->
            new Export.Result(
                request.target(),
                List.of(new Export.WrittenFile("model.onnx", 100)),
                List.of(
                    Verification.failed(
                        "model.onnx", "ONNX Runtime", 0.5, "logit 1 of input 0 differs by 0.5")),
                false,
                "2 images");
    vm.export();
    assertThat(vm.failureProperty().get().message())
        .isEqualTo(
            "The export of run-1 did not verify, so nothing was written: model.onnx: logit 1 of"
                + " input 0 differs by 0.5.");
    assertThat(vm.doneProperty().get().result().failed()).isTrue();
    assertThat(vm.commandsProperty().get()).isEmpty();
    vm.openFolder();
    assertThat(opened).isEmpty(); // nothing to open

    vm.formats().forEach(f -> f.selectedProperty().set(false));
    vm.export();
    assertThat(vm.failureProperty().get().message())
        .isEqualTo("Choose at least one format to export.");
    vm.runProperty()
        .set(
            new RunEntry(
                "run-2",
                tmp,
                null,
                "training",
                null,
                0,
                null,
                0.2,
                1,
                "This run has no saved model yet."));
    vm.formats().getFirst().selectedProperty().set(true);
    vm.export();
    assertThat(vm.failureProperty().get().message())
        .isEqualTo("Could not export run-2: This run has no saved model yet.");
  }

  @Test
  void aFolderThatCannotBeOpenedSaysWhy() {
    ExportViewModel vm = vm();
    RunEntry r = run("run-1");
    vm.runProperty().set(r);
    exporting = (request, progress, cancel) -> result(request.target(), "model.py");
    vm.export();
    openFails = new IOException("xdg-open is not installed, so no file manager can be started");
    vm.openFolder();
    assertThat(vm.failureProperty().get().message())
        .isEqualTo(
            "Could not open "
                + r.dir().resolve("export")
                + ": xdg-open is not installed, so no file manager can be started.");
  }

  @Test
  void aFolderChosenByHandIsUsedUntilAnotherRunIsChosen() {
    ExportViewModel vm = vm();
    vm.runProperty().set(run("run-1"));
    Path mine = tmp.resolve("mine");
    vm.targetOverrideProperty().set(mine);
    assertThat(vm.targetProperty().get()).isEqualTo(mine);
    vm.runProperty().set(run("run-2"));
    assertThat(vm.targetProperty().get()).isEqualTo(tmp.resolve("runs/run-2/export"));
    vm.openModelFile(tmp.resolve("models/best.lbmodel"));
    assertThat(vm.targetProperty().get()).isEqualTo(tmp.resolve("models/best-export"));
  }
}
