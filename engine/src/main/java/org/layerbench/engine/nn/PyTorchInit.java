package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
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
    long n = t.numel();
    // The values are drawn in order, a chunk at a time, and copied into the tensor PyTorch
    // allocated: a 151 MB weight (CNNNet's first Linear) needs no weight-sized array on the heap.
    NDArray out = manager.create(new Shape(shape), DataType.FLOAT32);
    MemorySegment memory = TensorMemory.floats(out);
    float[] chunk = new float[(int) Math.min(n, memory == null ? n : CHUNK)];
    Fill fill = fill(node, local, shape);
    for (long at = 0; at < n; at += chunk.length) {
      int length = (int) Math.min(chunk.length, n - at);
      fill.next(chunk, length, at);
      if (memory != null) {
        MemorySegment.copy(chunk, 0, memory, ValueLayout.JAVA_FLOAT_UNALIGNED, at * 4, length);
      }
    }
    if (memory == null) { // not in main memory (a GPU): one array, copied by DJL
      out.close();
      return manager.create(chunk, new Shape(shape));
    }
    return out;
  }

  /** Floats per chunk of {@link #create}. */
  private static final int CHUNK = 1 << 18;

  /** Writes the next {@code length} values, those of positions from {@code start} on. */
  private interface Fill {
    void next(float[] out, int length, long start);
  }

  private Fill fill(NodeReport node, String local, long[] shape) {
    return switch (node.node().type()) {
      case LINEAR, CONV1D, CONV2D -> {
        double bound = 1 / Math.sqrt(fanIn(node));
        yield (out, length, start) -> uniform(out, length, bound);
      }
      case RNN, LSTM, GRU -> {
        int hidden = (Integer) node.node().type().args(node.node().params()).value("hidden_size");
        yield (out, length, start) -> uniform(out, length, 1 / Math.sqrt(hidden));
      }
      case EMBEDDING -> {
        Object pad = node.node().params().get("padding_idx");
        long cols = shape[1];
        long row = pad instanceof Integer p ? (p < 0 ? p + shape[0] : p) : -1;
        yield (out, length, start) -> {
          for (int i = 0; i < length; i++) {
            double g = gaussian(); // drawn for the padding row too, which is then zero
            out[i] = (start + i) / cols == row ? 0f : (float) g;
          }
        };
      }
      default -> {
        float value = local.equals("weight") || local.equals("running_var") ? 1f : 0f;
        yield (out, length, start) -> java.util.Arrays.fill(out, 0, length, value);
      }
    };
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

  private void uniform(float[] values, int length, double bound) {
    for (int i = 0; i < length; i++) {
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
