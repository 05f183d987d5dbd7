package org.layerbench.engine.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.nn.Network;

/**
 * A model's results on one split: mean cross-entropy, accuracy, per-class precision, recall and F1,
 * the confusion matrix (rows = true class, columns = predicted), and each sample's loss so the
 * worst mistakes can be listed first.
 */
public record Evaluation(
    List<String> classes,
    double loss,
    double accuracy,
    int[][] confusion,
    double[] precision,
    double[] recall,
    double[] f1,
    List<SampleResult> samples) {

  /**
   * One sample's outcome. For a text sample {@code line} is the 1-based line of {@code file} where
   * its record starts and {@code text} its text; for an image (a whole file) they are 0 and null.
   */
  public record SampleResult(
      String file,
      int label,
      int predicted,
      double loss,
      float[] probabilities,
      int line,
      String text) {

    /** An image's outcome: a whole file. */
    public SampleResult(String file, int label, int predicted, double loss, float[] probabilities) {
      this(file, label, predicted, loss, probabilities, 0, null);
    }

    /** The probability the model gave the true class (lowest = worst mistake). */
    public double trueProbability() {
      return probabilities[label];
    }

    public boolean misclassified() {
      return label != predicted;
    }
  }

  /**
   * Evaluates in inference mode (dropout off, BatchNorm running statistics). Engine thread only.
   */
  public static Evaluation run(Network net, BatchLoader loader, List<String> classes) {
    return run(net, loader, classes, EvaluationProgress.NONE);
  }

  /**
   * As {@link #run(Network, BatchLoader, List)}, reporting progress after each batch and stopping
   * with {@link java.util.concurrent.CancellationException} when the progress asks to.
   */
  public static Evaluation run(
      Network net, BatchLoader loader, List<String> classes, EvaluationProgress progress) {
    return run(net, loader, classes, progress, null);
  }

  /**
   * As above; with {@code texts} not null each result names its sample's line and text from that
   * dataset (the loader's samples must be its rows).
   */
  static Evaluation run(
      Network net,
      BatchLoader loader,
      List<String> classes,
      EvaluationProgress progress,
      TextDataset texts) {
    int k = classes.size();
    int total = loader.size();
    int[][] confusion = new int[k][k];
    List<SampleResult> samples = new ArrayList<>();
    double lossSum = 0;
    Iterator<Batch> it = loader.epoch(0);
    while (it.hasNext()) {
      if (progress.cancelled()) {
        throw new java.util.concurrent.CancellationException(
            "evaluation cancelled after "
                + samples.size()
                + " of "
                + total
                + (texts == null ? " images" : " texts"));
      }
      Batch b = it.next();
      ClassificationStep.Outcome out = ClassificationStep.evaluate(net, b);
      loader.recycle(b);
      for (int i = 0; i < out.size(); i++) {
        int pred = out.predicted(i);
        int label = out.labels()[i];
        confusion[label][pred]++;
        lossSum += out.losses()[i];
        Sample sample = b.samples().get(i);
        samples.add(
            new SampleResult(
                sample.file().toString(),
                label,
                pred,
                out.losses()[i],
                out.probabilities(i),
                texts == null ? 0 : texts.line(sample),
                texts == null ? null : texts.text(sample)));
      }
      progress.imagesDone(samples.size(), total);
    }
    int n = samples.size();
    int correct = 0;
    for (int i = 0; i < k; i++) {
      correct += confusion[i][i];
    }
    double[] precision = new double[k];
    double[] recall = new double[k];
    double[] f1 = new double[k];
    for (int c = 0; c < k; c++) {
      int tp = confusion[c][c];
      int predicted = 0;
      int actual = 0;
      for (int j = 0; j < k; j++) {
        predicted += confusion[j][c];
        actual += confusion[c][j];
      }
      precision[c] = predicted == 0 ? 0 : (double) tp / predicted;
      recall[c] = actual == 0 ? 0 : (double) tp / actual;
      f1[c] =
          precision[c] + recall[c] == 0
              ? 0
              : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
    }
    return new Evaluation(
        List.copyOf(classes),
        n == 0 ? Double.NaN : lossSum / n,
        n == 0 ? Double.NaN : (double) correct / n,
        confusion,
        precision,
        recall,
        f1,
        List.copyOf(samples));
  }

  /** The samples sorted by loss, worst first (the evaluation workspace's mistakes gallery). */
  public List<SampleResult> worstFirst() {
    return samples.stream()
        .sorted(Comparator.comparingDouble(SampleResult::loss).reversed())
        .toList();
  }

  /**
   * The misclassified samples, worst first: by the probability given to the true class, lowest
   * first (ties in evaluation order).
   */
  public List<SampleResult> misclassifiedWorstFirst() {
    return samples.stream()
        .filter(SampleResult::misclassified)
        .sorted(Comparator.comparingDouble(SampleResult::trueProbability))
        .toList();
  }

  /** The samples of class {@code label} predicted as {@code predicted}, worst first as above. */
  public List<SampleResult> cell(int label, int predicted) {
    return samples.stream()
        .filter(s -> s.label() == label && s.predicted() == predicted)
        .sorted(Comparator.comparingDouble(SampleResult::trueProbability))
        .toList();
  }
}
