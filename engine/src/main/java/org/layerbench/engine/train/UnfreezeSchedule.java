package org.layerbench.engine.train;

import java.util.Set;
import org.layerbench.engine.nn.Network;

/**
 * Freezing over the epochs (the fine-tune schedule): the groups' freezing from the first epoch a
 * run trains, and at {@link ParameterGroups#unfreezeAt()} everything trains. A layer that did not
 * come from the starting weights (a replaced head) always trains: freezing "all" of a pretrained
 * model means its pretrained part, as in PyTorch, where the new head is created after requires_grad
 * was switched off.
 */
final class UnfreezeSchedule {
  private final Network net;
  private final ParameterGroups groups;
  private final Set<String> fromStartingWeights;

  UnfreezeSchedule(Network net, ParameterGroups groups, Set<String> fromStartingWeights) {
    this.net = net;
    this.groups = groups;
    this.fromStartingWeights = Set.copyOf(fromStartingWeights);
  }

  /** Freezes as the groups say for the epoch the run starts (or resumes) in. */
  void start(int epoch) throws TrainingFailedException {
    Freezing.apply(net, groups, epoch, fromStartingWeights);
  }

  /** Before each epoch: at the unfreeze epoch, everything trains from then on. */
  void beforeEpoch(int epoch) throws TrainingFailedException {
    if (groups.unfreezeAt() > 0 && epoch == groups.unfreezeAt()) {
      Freezing.apply(net, groups, epoch, fromStartingWeights);
    }
  }
}
