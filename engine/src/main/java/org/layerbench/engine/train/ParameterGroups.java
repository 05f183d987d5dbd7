package org.layerbench.engine.train;

import java.util.List;
import java.util.Map;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;

/**
 * Transfer learning's parameter groups: which parameters are frozen and which train with a multiple
 * of the learning rate. Names are PyTorch module prefixes ({@code layer3} covers {@code
 * layer3.0.conv1.weight}); {@code all} freezes everything.
 *
 * @param freeze module prefixes whose parameters get no gradient and no update
 * @param trainBatchNorm keep BatchNorm's weight and bias trainable inside frozen parts (the seed's
 *     {@code "bn" not in name}), matched by layer type rather than by name
 * @param frozenBatchNormEval run frozen BatchNorm layers in eval mode while training, so their
 *     running statistics stay as loaded (PyTorch would otherwise keep updating them in train())
 * @param lrMultipliers module prefix → learning-rate multiplier (the seed's differential rates:
 *     {@code layer4: 1/3}, {@code layer3: 1/9}); the longest matching prefix wins
 * @param unfreezeAt the fine-tune schedule: from this epoch on nothing is frozen any more (the head
 *     trained alone before it); 0 keeps the freezing for the whole run
 */
public record ParameterGroups(
    List<String> freeze,
    boolean trainBatchNorm,
    boolean frozenBatchNormEval,
    Map<String, Double> lrMultipliers,
    int unfreezeAt) {

  public static final ParameterGroups NONE =
      new ParameterGroups(List.of(), false, false, Map.of(), 0);

  /** Freezing and multipliers for the whole run. */
  public ParameterGroups(
      List<String> freeze,
      boolean trainBatchNorm,
      boolean frozenBatchNormEval,
      Map<String, Double> lrMultipliers) {
    this(freeze, trainBatchNorm, frozenBatchNormEval, lrMultipliers, 0);
  }

  /** Whether freezing applies in this epoch (1-based). */
  public boolean freezingIn(int epoch) {
    return unfreezeAt <= 0 || epoch < unfreezeAt;
  }

  public ParameterGroups {
    freeze = freeze == null ? List.of() : List.copyOf(freeze);
    lrMultipliers = lrMultipliers == null ? Map.of() : Map.copyOf(lrMultipliers);
    if (unfreezeAt < 0) {
      throw new IllegalArgumentException("unfreezeAt must not be negative, got " + unfreezeAt);
    }
    for (double m : lrMultipliers.values()) {
      if (!(m >= 0) || Double.isInfinite(m)) {
        throw new IllegalArgumentException("learning-rate multipliers must be ≥ 0, got " + m);
      }
    }
  }

  static boolean covers(String prefix, String name) {
    return prefix.equals("all") || name.equals(prefix) || name.startsWith(prefix + ".");
  }

  /** Whether the named tensor of this node is frozen. */
  public boolean frozen(NodeReport node, String tensorName) {
    boolean inFrozen = freeze.stream().anyMatch(p -> covers(p, tensorName));
    if (!inFrozen) {
      return false;
    }
    return !(trainBatchNorm && isBatchNorm(node));
  }

  /** Whether a BatchNorm node should run in eval mode during training. */
  public boolean evalBatchNorm(NodeReport node) {
    return frozenBatchNormEval
        && isBatchNorm(node)
        && node.tensors().stream().anyMatch(t -> frozen(node, t.name()));
  }

  public double multiplier(String tensorName) {
    String best = null;
    for (String p : lrMultipliers.keySet()) {
      if (covers(p, tensorName) && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    return best == null ? 1.0 : lrMultipliers.get(best);
  }

  /** Names of the prefixes that match no tensor of the model, to report typos. */
  public List<String> unknownPrefixes(GraphAnalysis analysis) {
    var names = analysis.stateDict().stream().map(t -> t.name()).toList();
    return java.util.stream.Stream.concat(freeze.stream(), lrMultipliers.keySet().stream())
        .filter(p -> !p.equals("all") && names.stream().noneMatch(n -> covers(p, n)))
        .distinct()
        .toList();
  }

  private static boolean isBatchNorm(NodeReport node) {
    return node.node().type() == LayerType.BATCHNORM1D
        || node.node().type() == LayerType.BATCHNORM2D;
  }
}
