package org.layerbench.app.gui.predict;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.layerbench.engine.train.Predictor;

/**
 * One image of the Predict workspace: waiting, predicted (the averaged probabilities of every class
 * and each model's own), or failed with a reason.
 *
 * @param file the image
 * @param labels the class names, in the models' order (empty until predicted)
 * @param probabilities the ensemble's mean softmax per class (null until predicted)
 * @param members each model's name and its softmax, in the ensemble's order
 * @param error why the image could not be classified, or null
 */
public record ImageResult(
    Path file, List<String> labels, float[] probabilities, List<Member> members, String error) {

  /** One model of the ensemble and what it alone says. */
  public record Member(String name, float[] probabilities) {}

  /** A class and its probability. */
  public record Ranked(String label, double probability) {}

  public static ImageResult pending(Path file) {
    return new ImageResult(file, List.of(), null, List.of(), null);
  }

  public static ImageResult failed(Path file, String reason) {
    return new ImageResult(file, List.of(), null, List.of(), reason);
  }

  /** From the engine's prediction: softmax of each model's logits, and their mean. */
  public static ImageResult of(
      Path file, List<String> labels, List<String> models, Predictor.Prediction p) {
    List<Member> members = new ArrayList<>();
    for (int i = 0; i < p.logits().size(); i++) {
      members.add(new Member(models.get(i), softmax(p.logits().get(i))));
    }
    return new ImageResult(file, List.copyOf(labels), p.probabilities(), members, null);
  }

  public boolean pending() {
    return probabilities == null && error == null;
  }

  /** The k most probable classes, most probable first. */
  public List<Ranked> top(int k) {
    return top(probabilities, k);
  }

  /** A member's most probable class. */
  public Ranked topOf(Member m) {
    return top(m.probabilities(), 1).getFirst();
  }

  private List<Ranked> top(float[] p, int k) {
    if (p == null) {
      return List.of();
    }
    Integer[] order = new Integer[p.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> p[i]).reversed());
    List<Ranked> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, p.length); i++) {
      out.add(new Ranked(labels.get(order[i]), p[order[i]]));
    }
    return out;
  }

  /** Softmax with the max subtracted first, as torch.softmax does, so large logits stay finite. */
  static float[] softmax(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float v : logits) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] e = new double[logits.length];
    for (int i = 0; i < logits.length; i++) {
      e[i] = Math.exp(logits[i] - max);
      sum += e[i];
    }
    float[] out = new float[logits.length];
    for (int i = 0; i < logits.length; i++) {
      out[i] = (float) (e[i] / sum);
    }
    return out;
  }
}
