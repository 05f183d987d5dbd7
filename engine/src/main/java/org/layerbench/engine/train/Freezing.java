package org.layerbench.engine.train;

import java.util.List;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.nn.Network;

/**
 * Freezing and the fine-tune schedule (freeze, then unfreeze at an epoch): which parameters train
 * in an epoch, checked against the model. Used by training runs and the LR finder alike.
 */
final class Freezing {
  private Freezing() {}

  /** Refuses freezing or rate groups under module prefixes the model does not have. */
  static void checkGroups(ParameterGroups groups, GraphAnalysis analysis)
      throws TrainingFailedException {
    List<String> unknown = groups.unknownPrefixes(analysis);
    if (!unknown.isEmpty()) {
      throw new TrainingFailedException(
          "no parameter of the model is under "
              + String.join(", ", unknown)
              + " — use module names such as layer4 or fc (see layerbench inspect)");
    }
  }

  /**
   * Freezes as the groups say for this epoch. A parameter that did not come from the starting
   * weights {@code fromWeights} (a replaced head) always trains: freezing "all" of a pretrained
   * model means its pretrained part, as in PyTorch; with no starting weights the groups alone
   * decide.
   *
   * @throws TrainingFailedException when nothing is left to train
   */
  static void apply(
      Network net, ParameterGroups groups, int epoch, java.util.Set<String> fromWeights)
      throws TrainingFailedException {
    boolean freezing = groups.freezingIn(epoch);
    net.freeze(
        (node, name) ->
            freezing
                && groups.frozen(node, name)
                && (fromWeights.isEmpty() || fromWeights.contains(name)),
        node -> freezing && groups.evalBatchNorm(node));
    if (net.parameters().isEmpty()) {
      throw new TrainingFailedException(
          "every parameter is frozen, so there is nothing to train — unfreeze the head (or keep"
              + " BatchNorm trainable)");
    }
  }
}
