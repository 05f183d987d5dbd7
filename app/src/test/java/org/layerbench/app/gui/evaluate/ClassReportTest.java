package org.layerbench.app.gui.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.layerbench.app.gui.Failure;
import org.layerbench.engine.train.Evaluation;
import org.layerbench.engine.train.Evaluation.SampleResult;

/** The report's rows and the galleries' selections from an evaluation. */
class ClassReportTest {
  private static SampleResult s(int label, int predicted, double loss) {
    return new SampleResult("f" + label + predicted + loss, label, predicted, loss, new float[2]);
  }

  private static final Evaluation E =
      new Evaluation(
          List.of("cat", "dog"),
          0.5,
          0.6,
          new int[][] {{2, 1}, {1, 1}},
          new double[] {2 / 3.0, 0.5},
          new double[] {2 / 3.0, 0.5},
          new double[] {2 / 3.0, 0.5},
          List.of(s(0, 0, 0.1), s(0, 1, 1.5), s(0, 0, 0.2), s(1, 0, 2.5), s(1, 1, 0.3)));

  @Test
  void oneRowPerClassThenTheMacroAverage() {
    List<ClassReport.Row> rows = ClassReport.rows(E);
    assertThat(rows).extracting(ClassReport.Row::name).containsExactly("cat", "dog", "macro avg");
    assertThat(rows).extracting(ClassReport.Row::images).containsExactly(3, 2, 5);
    assertThat(rows.get(2).f1()).isCloseTo((2 / 3.0 + 0.5) / 2, within(1e-12));
    assertThat(rows.get(2).average()).isTrue();
  }

  @Test
  void aCellsImagesAndTheMistakesComeWorstFirst() {
    assertThat(EvaluateViewModel.cellSamples(E, 0, 0))
        .extracting(SampleResult::loss)
        .containsExactly(0.2, 0.1);
    assertThat(EvaluateViewModel.cellSamples(E, 1, 0))
        .extracting(SampleResult::loss)
        .containsExactly(2.5);
    assertThat(EvaluateViewModel.worstMistakes(E))
        .extracting(SampleResult::loss)
        .containsExactly(2.5, 1.5);
  }

  @Test
  void failuresReadAsOneSentenceWithTheDetailsApart() {
    Failure f =
        Failure.of(
            "evaluate run-1 on val",
            new java.util.concurrent.CompletionException(
                new java.io.IOException("dataset folder not found: /x")));
    assertThat(f.message())
        .isEqualTo("Could not evaluate run-1 on val: dataset folder not found: /x.");
    assertThat(f.details()).startsWith("java.io.IOException: dataset folder not found: /x");
  }
}
