package org.layerbench.app.gui.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.app.SharedText;
import org.layerbench.app.TextModels;
import org.layerbench.app.TextRuns;
import org.layerbench.app.gui.RunCatalog;
import org.layerbench.app.gui.RunEntry;
import org.layerbench.app.gui.Settings;
import org.layerbench.app.gui.WorkbenchContext;
import org.layerbench.app.gui.WorkbenchViewModel;
import org.layerbench.app.gui.service.EngineService;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.train.Evaluation;
import org.layerbench.engine.train.Evaluation.SampleResult;

/**
 * A text model in the Evaluate view-model (same-thread FX and IO executors, the real engine) on a
 * CSV file passed in: the run's validation split of it, and each confusion-matrix cell's texts
 * worst first by the true class's probability.
 */
class EvaluateTextViewModelTest {
  @TempDir Path tmp;
  private final EngineService engine = new EngineService();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aCellListsItsMisclassifiedTextsWorstFirst() throws Exception {
    StringBuilder csv = new StringBuilder("review,label\n");
    String[] words = {"good", "bad", "great", "not", "the food", "service", "place", "phone"};
    for (int i = 0; i < 60; i++) {
      csv.append(words[i % words.length])
          .append(' ')
          .append(words[(i * 3 + 1) % words.length])
          .append(" number ")
          .append(i)
          .append(',')
          .append(i % 3 == 0 ? "neg" : "pos")
          .append('\n');
    }
    Path file = Files.writeString(tmp.resolve("reviews.csv"), csv);
    Path bundle = TextModels.bundle(tmp.resolve("text.lbmodel"), List.of("neg", "pos"), 4);

    WorkbenchViewModel wvm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    wvm.newProject();
    EvaluateViewModel vm =
        new EvaluateViewModel(
            new WorkbenchContext(wvm, engine, Runnable::run, Runnable::run, tmp, name -> {}));
    vm.openModelFile(bundle);
    vm.dataOverrideProperty().set(file);
    assertThat(vm.dataDirProperty().get()).isEqualTo(file);
    vm.evaluate();
    long end = System.nanoTime() + 120_000_000_000L;
    while (vm.resultProperty().get() == null
        && vm.failureProperty().get() == null
        && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(vm.failureProperty().get()).isNull();
    EvaluateViewModel.Result r = vm.resultProperty().get();
    assertThat(r.texts()).isTrue();
    Evaluation e = r.evaluation();

    // the validation split a model file's defaults (0.2, seed 1) make of the file
    TextDataset data = TextDataset.split(file, TextFormat.detect(file).format(), 0.2, 0, 1);
    assertThat(e.samples())
        .extracting(SampleResult::text)
        .containsExactlyElementsOf(data.splits().val().stream().map(data::text).toList());
    assertThat(vm.statusProperty().get()).startsWith("Evaluated 12 texts in ");

    for (int row = 0; row < 2; row++) {
      for (int col = 0; col < 2; col++) {
        List<SampleResult> cell = EvaluateViewModel.cellTexts(e, row, col);
        assertThat(cell).hasSize(e.confusion()[row][col]);
        for (SampleResult s : cell) {
          assertThat(s.label()).isEqualTo(row);
          assertThat(s.predicted()).isEqualTo(col);
          assertThat(Files.readAllLines(file).get(s.line() - 1)).startsWith(s.text() + ",");
        }
        for (int i = 1; i < cell.size(); i++) {
          assertThat(cell.get(i).trueProbability())
              .isGreaterThanOrEqualTo(cell.get(i - 1).trueProbability());
        }
      }
    }
    List<SampleResult> worst = EvaluateViewModel.worstTextMistakes(e);
    assertThat(worst).hasSize(e.confusion()[0][1] + e.confusion()[1][0]);
    for (int i = 1; i < worst.size(); i++) {
      assertThat(worst.get(i).trueProbability())
          .isGreaterThanOrEqualTo(worst.get(i - 1).trueProbability());
    }
  }

  /**
   * A real text run read in a format the detector would not propose (a header) and split 0.3 with
   * seed 7: Evaluate takes its file, format and split from run.json, so its validation texts are
   * the rows the run validated on (re-detecting the file would read one row more and split
   * differently).
   */
  @Test
  void aTextRunIsEvaluatedOnTheValidationRowsItValidatedOn() throws Exception {
    Path runDir = tmp.resolve("runs").resolve("yelp");
    TextRuns.yelp(runDir);
    TextDataset run = TextRuns.dataset();
    RunEntry entry = RunCatalog.read("yelp", runDir);
    assertThat(entry.text()).isNotNull();
    assertThat(entry.text().format()).isEqualTo(TextRuns.YELP_WITH_HEADER);

    WorkbenchViewModel wvm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    wvm.newProject();
    EvaluateViewModel vm =
        new EvaluateViewModel(
            new WorkbenchContext(wvm, engine, Runnable::run, Runnable::run, tmp, name -> {}));
    vm.runProperty().set(entry);
    assertThat(vm.dataDirProperty().get()).isEqualTo(SharedText.file(SharedText.YELP));
    vm.splitProperty().set("val");
    vm.evaluate();
    long end = System.nanoTime() + 120_000_000_000L;
    while (vm.resultProperty().get() == null
        && vm.failureProperty().get() == null
        && System.nanoTime() < end) {
      Thread.sleep(20);
    }
    assertThat(vm.failureProperty().get()).isNull();
    Evaluation e = vm.resultProperty().get().evaluation();
    assertThat(e.samples()).hasSize(run.splits().val().size());
    assertThat(e.samples())
        .extracting(SampleResult::text)
        .containsExactlyInAnyOrderElementsOf(run.splits().val().stream().map(run::text).toList());
  }
}
