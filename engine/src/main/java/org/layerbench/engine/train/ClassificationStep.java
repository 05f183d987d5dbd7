package org.layerbench.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.function.ToDoubleFunction;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.nn.Network;

/**
 * One classification step on a batch, the same for the training loop, the LR finder and evaluation:
 * forward, cross-entropy ({@link Losses#crossEntropyPerSample}, as {@code F.cross_entropy}), and
 * either backward, gradient clipping and the optimizer step, or each sample's loss, probabilities
 * and prediction. One place, so every caller computes the same numbers in the same order.
 */
final class ClassificationStep {
  private ClassificationStep() {}

  /**
   * One optimization step: the batch's mean loss, backward inside a GradientCollector, then (when
   * the loss is finite) clipping to {@code clipNorm} (0: none) and the optimizer step at {@code lr}
   * scaled per parameter by {@code multiplier}. Returns the mean loss.
   */
  static double train(
      Network net,
      Optimizer optimizer,
      Batch batch,
      double lr,
      double clipNorm,
      ToDoubleFunction<String> multiplier) {
    net.dropGradients();
    double lossValue;
    try (NDManager bm = net.manager().newSubManager()) {
      NDArray x = BatchTensors.input(bm, batch);
      NDArray y = bm.create(labels(batch));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss =
            Losses.crossEntropyPerSample(net.forward(x, BatchTensors.lengths(bm, batch), true), y)
                .mean();
        gc.backward(loss);
        lossValue = loss.getFloat();
      }
    }
    if (Double.isFinite(lossValue)) {
      if (clipNorm > 0) {
        GradientClipping.clipGlobalNorm(net.parameters().values(), clipNorm);
      }
      optimizer.step(net.parameters(), lr, multiplier);
    }
    return lossValue;
  }

  /** The batch in inference mode (dropout off, BatchNorm running statistics). */
  static Outcome evaluate(Network net, Batch batch) {
    try (NDManager bm = net.manager().newSubManager()) {
      NDArray x = BatchTensors.input(bm, batch);
      NDArray y = bm.create(labels(batch));
      NDArray logits = net.forward(x, BatchTensors.lengths(bm, batch), false);
      float[] losses = Losses.crossEntropyPerSample(logits, y).toFloatArray();
      float[] probabilities = logits.softmax(1).toFloatArray();
      return new Outcome(batch.labels().clone(), losses, probabilities);
    }
  }

  /**
   * A batch's results: per sample its label, cross-entropy and class probabilities (softmax), row
   * after row.
   */
  record Outcome(int[] labels, float[] losses, float[] probabilities) {
    int size() {
      return labels.length;
    }

    int classes() {
      return probabilities.length / labels.length;
    }

    /** Sample i's probabilities. */
    float[] probabilities(int i) {
      int k = classes();
      return java.util.Arrays.copyOfRange(probabilities, i * k, (i + 1) * k);
    }

    /** Sample i's predicted class: the most probable, the first of equals (as torch.argmax). */
    int predicted(int i) {
      return argmax(probabilities(i));
    }

    /** How many samples were predicted right. */
    int correct() {
      int n = 0;
      for (int i = 0; i < size(); i++) {
        if (predicted(i) == labels[i]) {
          n++;
        }
      }
      return n;
    }

    /** The mean of the per-sample losses, summed in double as evaluation sums them. */
    double meanLoss() {
      double sum = 0;
      for (float l : losses) {
        sum += l;
      }
      return sum / losses.length;
    }
  }

  static int argmax(float[] v) {
    int best = 0;
    for (int i = 1; i < v.length; i++) {
      if (v[i] > v[best]) {
        best = i;
      }
    }
    return best;
  }

  static long[] labels(Batch batch) {
    int[] v = batch.labels();
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }
}
