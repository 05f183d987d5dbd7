package org.layerbench.app.gui.predict;

import java.util.List;
import org.layerbench.engine.train.Predictor;

/**
 * One typed text's result in the Predict workspace: the text and every class ranked by probability
 * (the view shows the top k).
 */
public record TextResult(String text, List<Predictor.Ranked> ranked) {

  public TextResult {
    ranked = List.copyOf(ranked);
  }
}
