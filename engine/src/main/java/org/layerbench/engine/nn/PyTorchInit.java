package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.TensorSpec;

/**
 * PyTorch's default initialisation per layer type (DJL's He-normal default barely trains CNNNet,
 * DESIGN §7), drawn from a seeded generator on the Java side so weights depend only on the seed:
 *
 * <ul>
 *   <li>Linear, Conv: kaiming_uniform_(a=√5) for the weight, which is U(−1/√fan_in, 1/√fan_in), and
 *       the same bound for the bias (torch.nn.Linear/ConvNd.reset_parameters);
 *   <li>RNN, LSTM, GRU: every tensor U(−1/√hidden, 1/√hidden);
 *   <li>Embedding: N(0, 1), the padding row zero;
 *   <li>BatchNorm, LayerNorm: weight 1, bias 0; running_mean 0, running_var 1, counter 0.
 * </ul>
 */
final class PyTorchInit {
  private final SplittableRandom random;

  PyTorchInit(long seed) {
    this.random = new SplittableRandom(seed);
  }

  NDArray create(NDManager manager, NodeReport node, TensorSpec t) {
    long[] shape = t.shape().stream().mapToLong(Integer::longValue).toArray();
    String local = t.name().substring(t.name().lastIndexOf('.') + 1);
    if (local.equals("num_batches_tracked")) {
      return manager.create(0L);
    }
    int n = (int) t.numel();
    float[] values = new float[n];
    switch (node.node().type()) {
      case LINEAR, CONV1D, CONV2D -> {
        double bound = 1 / Math.sqrt(fanIn(node));
        uniform(values, bound);
      }
      case RNN, LSTM, GRU -> {
        int hidden = (Integer) node.node().type().args(node.node().params()).value("hidden_size");
        uniform(values, 1 / Math.sqrt(hidden));
      }
      case EMBEDDING -> {
        for (int i = 0; i < n; i++) {
          values[i] = (float) gaussian();
        }
        Object pad = node.node().params().get("padding_idx");
        if (pad instanceof Integer p) {
          int rows = (int) shape[0];
          int cols = (int) shape[1];
          int row = p < 0 ? p + rows : p;
          java.util.Arrays.fill(values, row * cols, (row + 1) * cols, 0f);
        }
      }
      default -> {
        if (local.equals("weight") || local.equals("running_var")) {
          java.util.Arrays.fill(values, 1f);
        }
      }
    }
    return TensorMemory.create(manager, values, new Shape(shape));
  }

  /** fan_in of a Linear or Conv weight: in_features, or in_channels/groups × kernel volume. */
  private static double fanIn(NodeReport node) {
    var weight = node.tensors().get(0).shape();
    long fan = 1;
    for (int i = 1; i < weight.size(); i++) {
      fan *= weight.get(i);
    }
    return fan;
  }

  private void uniform(float[] values, double bound) {
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
  }

  private double gaussian() {
    // Box–Muller; one draw per call keeps the sequence simple and reproducible.
    double u1 = 1 - random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
