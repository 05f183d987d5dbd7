package org.layerbench.app.gui.evaluate;

import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.train.Evaluation;

/**
 * An evaluation as scikit-learn's classification report: per class its images (support), precision,
 * recall and F1, then the macro average (each class counts once).
 */
public final class ClassReport {
  private ClassReport() {}

  /** One line of the report; {@code average} marks the macro-average line. */
  public record Row(
      String name, int images, double precision, double recall, double f1, boolean average) {}

  /** One row per class, then the macro average. */
  public static List<Row> rows(Evaluation e) {
    List<Row> rows = new ArrayList<>();
    int k = e.classes().size();
    double p = 0;
    double r = 0;
    double f = 0;
    for (int c = 0; c < k; c++) {
      int n = 0;
      for (int v : e.confusion()[c]) {
        n += v;
      }
      rows.add(new Row(e.classes().get(c), n, e.precision()[c], e.recall()[c], e.f1()[c], false));
      p += e.precision()[c];
      r += e.recall()[c];
      f += e.f1()[c];
    }
    rows.add(new Row("macro avg", e.samples().size(), p / k, r / k, f / k, true));
    return rows;
  }
}
