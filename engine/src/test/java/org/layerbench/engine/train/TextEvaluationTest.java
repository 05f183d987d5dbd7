package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFormat;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.train.Evaluation.SampleResult;

/**
 * Evaluation of a text model on the rows of a CSV: counts, each result's file, line and text, the
 * same probabilities as predicting the text alone, and the misclassified listed worst first.
 */
class TextEvaluationTest {
  @TempDir static Path dir;
  static EngineThread engine;
  static Path bundle;
  static Path csv;
  static final TextFormat FORMAT =
      new TextFormat(',', true, true, "text", "label", TextEncoding.UTF8_STRICT);

  /** text, label, line (a header is line 1; the quoted record spans lines 4 and 5). */
  static final Object[][] ROWS = {
    {"the food was good", "pos", 2},
    {"bad food!", "neg", 3},
    {"not good.\nnot great", "neg", 4},
    {"great great great", "pos", 6},
    {"the food was bad", "neg", 7},
    {"was it good ? not at all", "neg", 8},
    {"good !", "pos", 9},
    {"not bad", "pos", 10},
  };

  @BeforeAll
  static void write() throws Exception {
    engine = new EngineThread();
    bundle = TextBundles.write(dir.resolve("m.lbmodel"), List.of("neg", "pos"), 10, 3);
    StringBuilder s = new StringBuilder("text,label\n");
    for (Object[] r : ROWS) {
      s.append('"').append(r[0]).append("\",").append(r[1]).append('\n');
    }
    csv = Files.writeString(dir.resolve("reviews.csv"), s, StandardCharsets.UTF_8);
  }

  @AfterAll
  static void stop() {
    engine.close();
  }

  private static Evaluation evaluate(TextDataset data, String split) throws Exception {
    try {
      return engine.submit(() -> Evaluator.evaluateText(bundle, data, split, null)).get();
    } catch (ExecutionException e) {
      throw (Exception) e.getCause();
    }
  }

  @Test
  void allRowsAreCountedAndNamedByLineAndText() throws Exception {
    Evaluation e = evaluate(TextDataset.split(csv, FORMAT, 0, 0, 1), "all");
    assertThat(e.samples()).hasSize(ROWS.length);
    int total = 0;
    int diagonal = 0;
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        total += e.confusion()[r][c];
      }
      diagonal += e.confusion()[r][r];
    }
    assertThat(total).isEqualTo(ROWS.length);
    assertThat(e.accuracy()).isEqualTo((double) diagonal / ROWS.length);
    List<Object> seen = new ArrayList<>();
    for (SampleResult s : e.samples()) {
      assertThat(s.file()).isEqualTo(csv.toString());
      seen.add(List.of(s.text(), e.classes().get(s.label()), s.line()));
    }
    List<Object> expected = new ArrayList<>();
    for (Object[] r : ROWS) {
      expected.add(List.of(r[0], r[1], r[2]));
    }
    assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void eachResultHasTheProbabilitiesOfPredictingItsTextAlone() throws Exception {
    Evaluation e = evaluate(TextDataset.split(csv, FORMAT, 0, 0, 1), "all");
    List<float[]> alone =
        engine
            .submit(
                () -> {
                  List<float[]> out = new ArrayList<>();
                  try (Predictor p = new Predictor(List.of(bundle))) {
                    for (SampleResult s : e.samples()) {
                      out.add(p.predictText(s.text(), 2).probabilities());
                    }
                  }
                  return out;
                })
            .get();
    for (int i = 0; i < alone.size(); i++) {
      SampleResult s = e.samples().get(i);
      assertThat(s.probabilities()[0]).isCloseTo(alone.get(i)[0], within(1e-5f));
      assertThat(s.probabilities()[1]).isCloseTo(alone.get(i)[1], within(1e-5f));
      assertThat(s.loss()).isCloseTo(-Math.log(s.trueProbability()), within(1e-4));
    }
  }

  @Test
  void theMisclassifiedComeWorstFirst() throws Exception {
    Evaluation e = evaluate(TextDataset.split(csv, FORMAT, 0, 0, 1), "all");
    List<SampleResult> wrong = e.misclassifiedWorstFirst();
    int correct = e.confusion()[0][0] + e.confusion()[1][1];
    assertThat(wrong).hasSize(ROWS.length - correct).allMatch(SampleResult::misclassified);
    for (int i = 1; i < wrong.size(); i++) {
      assertThat(wrong.get(i).trueProbability())
          .isGreaterThanOrEqualTo(wrong.get(i - 1).trueProbability());
    }
    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        List<SampleResult> cell = e.cell(r, c);
        assertThat(cell).hasSize(e.confusion()[r][c]);
        for (int i = 1; i < cell.size(); i++) {
          assertThat(cell.get(i).trueProbability())
              .isGreaterThanOrEqualTo(cell.get(i - 1).trueProbability());
        }
      }
    }
  }

  @Test
  void aSplitIsEvaluatedOnItsOwnRows() throws Exception {
    TextDataset data = TextDataset.split(csv, FORMAT, 0.5, 0, 7);
    Evaluation e = evaluate(data, "val");
    assertThat(e.samples()).hasSize(data.splits().val().size());
    assertThat(e.samples())
        .extracting(SampleResult::text)
        .containsExactlyElementsOf(data.splits().val().stream().map(data::text).toList());
  }

  @Test
  void labelsOutsideTheModelsClassesAreRefused() throws Exception {
    Path other = Files.writeString(dir.resolve("other.csv"), "text,label\ngood,pos\nbad,meh\n");
    TextDataset data = TextDataset.split(other, FORMAT, 0, 0, 1);
    assertThatThrownBy(() -> evaluate(data, "all"))
        .isInstanceOf(ModelFormatException.class)
        .hasMessage("the data's labels [meh] are not among the classes of m.lbmodel [neg, pos]");
  }

  @Test
  void anImageModelIsRefusedForTexts() throws Exception {
    Path image = TextBundleInImagePlacesTest.imageBundle(dir.resolve("image.lbmodel"));
    TextDataset data = TextDataset.split(csv, FORMAT, 0, 0, 1);
    assertThatThrownBy(
            () -> engine.submit(() -> Evaluator.evaluateText(image, data, "all", null)).get())
        .rootCause()
        .isInstanceOf(ModelFormatException.class)
        .hasMessage(image + ": an image model — evaluating on a file of texts is for text models");
  }
}
