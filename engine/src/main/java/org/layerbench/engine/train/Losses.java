package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;

/** Loss functions, as torch.nn.functional computes them. */
public final class Losses {
  private Losses() {}

  /**
   * Cross-entropy per sample: −log_softmax(logits)[label], the unreduced form of
   * nn.CrossEntropyLoss(reduction="none"); its mean is the training loss.
   */
  public static NDArray crossEntropyPerSample(NDArray logits, NDArray labels) {
    int classes = (int) logits.getShape().get(1);
    NDArray logp = logits.logSoftmax(1);
    NDArray oneHot = labels.oneHot(classes);
    return logp.mul(oneHot).sum(new int[] {1}).neg();
  }
}
