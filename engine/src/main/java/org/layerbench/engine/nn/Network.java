package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.layerbench.engine.graph.Args;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.TensorSpec;

/**
 * A model graph made runnable on DJL's PyTorch engine. Rather than DJL's Block tree (whose
 * initialisation, parameter names and recurrent weight order differ from PyTorch's, DESIGN §7), the
 * network holds its tensors in a map under their PyTorch state_dict names and evaluates the nodes
 * in topological order with the same ATen kernels torch.nn.functional calls.
 *
 * <p>All methods must run on the engine thread (DESIGN §4).
 */
public final class Network implements AutoCloseable {
  private final GraphAnalysis analysis;
  private final NDManager manager;
  private final SequencedMap<String, NDArray> state = new LinkedHashMap<>();
  private final SequencedMap<String, NDArray> parameters = new LinkedHashMap<>();
  private final Map<String, List<String>> inputsOf = new HashMap<>();

  /** How many edges read each node's output. */
  private final Map<String, Integer> readers = new HashMap<>();

  /** The node whose output {@link #forward} returns: the output node, else the last one. */
  private final String resultId;

  private final List<NodeReport> order;

  /** The recurrent nodes that honour sequence lengths ({@link SequenceSteps}). */
  private final java.util.Set<String> stepsOfInput;

  private final java.util.Set<String> evalBatchNorm = new java.util.HashSet<>();

  private Network(GraphAnalysis analysis, NDManager manager) {
    this.analysis = analysis;
    this.manager = manager;
    this.order = analysis.topologicalOrder();
    this.stepsOfInput = SequenceSteps.recurrentNodes(analysis);
    List<Edge> edges = new ArrayList<>(analysis.graph().edges());
    edges.sort((a, b) -> Integer.compare(a.port(), b.port()));
    for (Edge e : edges) {
      inputsOf.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
      readers.merge(e.from(), 1, Integer::sum);
    }
    this.resultId =
        analysis
            .outputNode()
            .map(n -> n.id())
            .orElse(order.isEmpty() ? null : order.getLast().node().id());
  }

  /**
   * The ids of the recurrent nodes that a batch's sequence lengths reach ({@link SequenceSteps}):
   * the exporters give exactly these layers the lengths, as {@link #forward(NDArray, NDArray,
   * boolean)} does.
   */
  public static java.util.Set<String> lengthNodes(GraphAnalysis analysis) {
    return SequenceSteps.recurrentNodes(analysis);
  }

  /**
   * Builds the network with PyTorch's default initialisation, drawn from a seeded generator so that
   * the same seed gives the same weights.
   *
   * @throws IllegalArgumentException when the graph has errors or a layer option the engine cannot
   *     run
   */
  public static Network create(GraphAnalysis analysis, NDManager parent, long seed) {
    if (!analysis.ok()) {
      throw new IllegalArgumentException(
          "the model has errors: " + analysis.problems().get(0).message());
    }
    Unsupported.check(analysis);
    Network net = new Network(analysis, parent.newSubManager());
    PyTorchInit init = new PyTorchInit(seed);
    for (NodeReport r : analysis.nodes()) {
      for (TensorSpec t : r.tensors()) {
        NDArray array = init.create(net.manager, r, t);
        net.state.put(t.name(), array);
        if (!t.buffer()) {
          array.setRequiresGradient(true);
          net.parameters.put(t.name(), array);
        }
      }
    }
    return net;
  }

  public GraphAnalysis analysis() {
    return analysis;
  }

  /**
   * Freezes parameters (no gradient, left out of {@link #parameters()} so no optimizer touches
   * them) and marks BatchNorm layers that should keep their running statistics while training.
   *
   * @param frozen whether the named tensor of a node is frozen
   * @param evalBatchNorm whether a BatchNorm node runs in eval mode during training
   */
  public void freeze(
      java.util.function.BiPredicate<NodeReport, String> frozen,
      java.util.function.Predicate<NodeReport> evalBatchNorm) {
    this.evalBatchNorm.clear();
    for (NodeReport r : analysis.nodes()) {
      if (evalBatchNorm.test(r)) {
        this.evalBatchNorm.add(r.node().id());
      }
      for (TensorSpec t : r.tensors()) {
        if (t.buffer()) {
          continue;
        }
        NDArray a = state.get(t.name());
        boolean freeze = frozen.test(r, t.name());
        a.setRequiresGradient(!freeze);
        if (freeze) {
          parameters.remove(t.name());
        } else if (!parameters.containsKey(t.name())) {
          // keep state_dict order among the trainable ones
          SequencedMap<String, NDArray> rebuilt = new LinkedHashMap<>();
          for (var e : state.entrySet()) {
            if (e.getKey().equals(t.name()) || parameters.containsKey(e.getKey())) {
              rebuilt.put(e.getKey(), e.getValue());
            }
          }
          parameters.clear();
          parameters.putAll(rebuilt);
        }
      }
    }
  }

  /**
   * Forgets every trainable parameter's gradient, as PyTorch's {@code zero_grad(set_to_none=True)}
   * does: the next backward then stores each gradient as it comes instead of adding it to a zeroed
   * one. Each parameter becomes a new leaf tensor on the same storage (libtorch only drops a
   * gradient with its tensor), so nothing is copied. Zeroing instead costs a pass over every
   * gradient plus the read-add-write of accumulating into it: CNNNet's step at batch 16 took
   * 326-368 ms that way against 305-333 ms (StepTimingBenchmark, -Dbench.zeroGrads=true).
   */
  public void dropGradients() {
    for (var e : parameters.entrySet()) {
      NDArray old = e.getValue();
      NDArray fresh = old.stopGradient();
      fresh.attach(manager);
      fresh.setRequiresGradient(true);
      e.setValue(fresh);
      state.put(e.getKey(), fresh);
      old.close();
    }
  }

  /** Every tensor (parameters and buffers) by PyTorch name, in state_dict order. */
  public SequencedMap<String, NDArray> state() {
    return java.util.Collections.unmodifiableSequencedMap(state);
  }

  /** The trainable (not frozen) parameters by PyTorch name. */
  public SequencedMap<String, NDArray> parameters() {
    return java.util.Collections.unmodifiableSequencedMap(parameters);
  }

  public NDManager manager() {
    return manager;
  }

  /**
   * Puts new values in place of a tensor (loading weights), keeping its type and, for a parameter,
   * its gradient tracking. Replacing rather than writing into the old array avoids DJL's
   * NDArray.set, whose native side uses a deprecated libtorch guard that prints a warning.
   */
  public void replaceTensor(String name, NDArray value) {
    NDArray old = state.get(name);
    NDArray typed = value.toType(old.getDataType(), false);
    typed.attach(manager);
    state.put(name, typed);
    if (parameters.containsKey(name)) {
      typed.setRequiresGradient(true);
      parameters.put(name, typed);
    }
    if (typed != old) {
      old.close();
    }
  }

  /**
   * Runs the model on a batch. In training mode dropout is active and BatchNorm uses batch
   * statistics and updates its running buffers, as {@code model.train()} does in PyTorch.
   */
  public NDArray forward(NDArray input, boolean training) {
    return forward(input, null, training);
  }

  /**
   * Runs the model on a padded batch of sequences whose real lengths are {@code lengths} (int64
   * [batch]; null: every step is real). The lengths reach the recurrent layers that {@link
   * SequenceSteps} names, those whose time steps are the input's sequence steps, which then compute
   * what PyTorch computes on a {@code pack_padded_sequence}; every other layer ignores them.
   */
  public NDArray forward(NDArray input, NDArray lengths, boolean training) {
    Map<String, NDArray> outputs = new HashMap<>();
    // Each node's output is closed as soon as its last reader has run, as Python drops a tensor
    // with its last reference: what autograd saved for the backward pass it keeps alive itself,
    // and the rest (a BatchNorm's output once its ReLU has run, a residual sum) no longer waits for
    // the end of the step. Counted per array, since Identity passes its input on as its output;
    // the caller's input and the result are never closed here.
    Map<NDArray, Integer> reads = new IdentityHashMap<>();
    reads.put(input, 1);
    for (NodeReport r : order) {
      String id = r.node().id();
      List<NDArray> in = new ArrayList<>();
      for (String from : inputsOf.getOrDefault(id, List.of())) {
        in.add(outputs.get(from));
      }
      NDArray out =
          r.node().type() == LayerType.INPUT
              ? input
              : apply(r, in, stepsOfInput.contains(id) ? lengths : null, training);
      outputs.put(id, out);
      reads.merge(out, readers.getOrDefault(id, 0) + (id.equals(resultId) ? 1 : 0), Integer::sum);
      for (NDArray read : in) {
        if (reads.merge(read, -1, Integer::sum) == 0) {
          read.close();
        }
      }
    }
    return outputs.get(resultId);
  }

  private NDArray tensor(NodeReport r, String local) {
    return state.get(r.path() + "." + local);
  }

  private NDArray apply(NodeReport r, List<NDArray> in, NDArray lengths, boolean training) {
    Args a = r.node().type().args(r.node().params());
    NDArray x = in.get(0);
    return switch (r.node().type()) {
      case INPUT -> x;
      case LINEAR -> JniUtils.linear(pt(x), pt(tensor(r, "weight")), ptOrNull(tensor(r, "bias")));
      case CONV1D, CONV2D ->
          JniUtils.convolution(
              pt(x),
              pt(tensor(r, "weight")),
              ptOrNull(tensor(r, "bias")),
              new Shape(longs(a.tuple("stride"))),
              new Shape(longs(a.tuple("padding"))),
              new Shape(longs(a.tuple("dilation"))),
              a.integer("groups"));
      case MAXPOOL1D, MAXPOOL2D -> {
        int[] k = a.tuple("kernel_size");
        yield JniUtils.maxPool(
            pt(x),
            new Shape(longs(k)),
            new Shape(longs(a.tupleOr("stride", k))),
            new Shape(longs(a.tuple("padding"))),
            a.bool("ceil_mode"));
      }
      case AVGPOOL1D, AVGPOOL2D -> avgPool(a, x);
      case ADAPTIVE_AVGPOOL2D ->
          JniUtils.adaptiveAvgPool(pt(x), new Shape(longs(a.tuple("output_size"))));
      case GLOBAL_AVGPOOL ->
          meanOver(x, spatialAxes(x)).reshape(x.getShape().get(0), x.getShape().get(1));
      case BATCHNORM1D, BATCHNORM2D -> batchNorm(r, a, x, training);
      case LAYERNORM -> layerNorm(r, a, x);
      case DROPOUT -> JniUtils.dropout(pt(x), a.real("p"), training);
      case RELU -> JniUtils.relu(pt(x));
      case LEAKY_RELU -> JniUtils.leakyRelu(pt(x), a.real("negative_slope"));
      case GELU -> a.string("approximate").equals("tanh") ? geluTanh(x) : JniUtils.gelu(pt(x));
      case SIGMOID -> JniUtils.sigmoid(pt(x));
      case TANH -> JniUtils.tanh(pt(x));
      case SOFTMAX -> JniUtils.softmax(pt(x), dim(a, "dim", x), DataType.FLOAT32);
      case LOG_SOFTMAX -> JniUtils.logSoftmax(pt(x), dim(a, "dim", x), DataType.FLOAT32);
      case FLATTEN -> JniUtils.flatten(pt(x), dim(a, "start_dim", x), dim(a, "end_dim", x));
      case RESHAPE -> x.reshape(batched(x, r.output().dims()));
      case EMBEDDING ->
          JniUtils.embedding(pt(x.toType(DataType.INT64, false)), pt(tensor(r, "weight")), false);
      case RNN, LSTM, GRU -> Recurrent.forward(r, a, x, lengths, this::tensor, training);
      case ADD -> {
        NDArray sum = x;
        for (int i = 1; i < in.size(); i++) {
          sum = sum.add(in.get(i));
        }
        yield sum;
      }
      case CONCAT -> NDArrays.concat(new NDList(in), (int) dim(a, "dim", x));
      case IDENTITY -> x;
    };
  }

  /**
   * torch.nn.functional.avg_pool1d/2d. DJL 0.36's native avgPool takes count_include_pad but never
   * hands it to libtorch, so every pool counts the padding. Where that matters (padding, and
   * count_include_pad=False), the pool that counts the padding is divided by the same pool of ones:
   * window by window that is (sum / d) / (valid / d) with the same divisor d, ceil_mode's clipped
   * windows included, which is the mean over the valid elements that PyTorch takes.
   */
  private static NDArray avgPool(Args a, NDArray x) {
    int[] k = a.tuple("kernel_size");
    Shape kernel = new Shape(longs(k));
    Shape stride = new Shape(longs(a.tupleOr("stride", k)));
    int[] padding = a.tuple("padding");
    boolean ceil = a.bool("ceil_mode");
    NDArray padded = JniUtils.avgPool(pt(x), kernel, stride, new Shape(longs(padding)), ceil, true);
    if (a.bool("count_include_pad") || java.util.Arrays.stream(padding).allMatch(p -> p == 0)) {
      return padded;
    }
    long[] plane = x.getShape().getShape().clone();
    for (int i = 0; i < plane.length - padding.length; i++) {
      plane[i] = 1; // one plane of ones; the division broadcasts it over batch and channels
    }
    try (NDArray ones = x.getManager().ones(new Shape(plane), x.getDataType());
        NDArray counted =
            JniUtils.avgPool(pt(ones), kernel, stride, new Shape(longs(padding)), ceil, true)) {
      NDArray mean = padded.div(counted);
      padded.close();
      return mean;
    }
  }

  /**
   * torch.nn.functional.layer_norm over the last dimension. With elementwise_affine=False the layer
   * has no weight or bias, and DJL 0.36's JniUtils.layerNorm cannot take null for them (it calls
   * getHandle() on both: a NullPointerException), so it gets a scale of ones and a shift of zeros;
   * multiplying by 1 and adding 0 are exact, so this is what torch computes without affine.
   */
  private NDArray layerNorm(NodeReport r, Args a, NDArray x) {
    Shape normalized = new Shape(x.getShape().get(x.getShape().dimension() - 1));
    NDArray weight = tensor(r, "weight");
    if (weight != null) {
      return JniUtils.layerNorm(
          pt(x), normalized, pt(weight), pt(tensor(r, "bias")), a.real("eps"));
    }
    try (NDArray ones = x.getManager().ones(normalized, x.getDataType());
        NDArray zeros = x.getManager().zeros(normalized, x.getDataType())) {
      return JniUtils.layerNorm(pt(x), normalized, pt(ones), pt(zeros), a.real("eps"));
    }
  }

  /**
   * torch.nn.functional.batch_norm with PyTorch's momentum convention (new = (1 − m)·old + m·batch)
   * and its {@code num_batches_tracked} counter.
   */
  private NDArray batchNorm(NodeReport r, Args a, NDArray x, boolean training) {
    NDArray mean = tensor(r, "running_mean");
    NDArray var = tensor(r, "running_var");
    NDArray weight = tensor(r, "weight");
    NDArray bias = tensor(r, "bias");
    long channels = x.getShape().get(1);
    if (weight == null) {
      weight = x.getManager().ones(new Shape(channels));
      bias = x.getManager().zeros(new Shape(channels));
    }
    if (mean == null) {
      // track_running_stats=False: always normalise with the batch's own statistics.
      int[] axes = new int[x.getShape().dimension() - 1];
      axes[0] = 0;
      for (int i = 2; i < x.getShape().dimension(); i++) {
        axes[i - 1] = i;
      }
      Shape perChannel = perChannelShape(x);
      NDArray mu = meanOver(x, axes);
      NDArray sigma2 = meanOver(x.sub(mu).square(), axes);
      return x.sub(mu)
          .div(sigma2.add(a.real("eps")).sqrt())
          .mul(weight.reshape(perChannel))
          .add(bias.reshape(perChannel));
    }
    training = training && !evalBatchNorm.contains(r.node().id());
    if (training) {
      tensor(r, "num_batches_tracked").addi(1);
    }
    // JniUtils names its parameters gamma, beta, mean, var, but the native side reads them as
    // (running_mean, running_var, weight, bias), the order of torch.nn.functional.batch_norm.
    return JniUtils.batchNorm(
        pt(x),
        pt(mean),
        pt(var),
        pt(weight),
        pt(bias),
        training,
        a.real("momentum"),
        a.real("eps"));
  }

  /**
   * Mean over several axes keeping them as size 1 (DJL's PyTorch mean takes one axis at a time).
   */
  private static NDArray meanOver(NDArray x, int[] axes) {
    NDArray m = x;
    for (int axis : axes) {
      m = m.mean(new int[] {axis}, true);
    }
    return m;
  }

  private static Shape perChannelShape(NDArray x) {
    long[] shape = new long[x.getShape().dimension()];
    java.util.Arrays.fill(shape, 1);
    shape[1] = x.getShape().get(1);
    return new Shape(shape);
  }

  /** GELU's tanh approximation: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
  private static NDArray geluTanh(NDArray x) {
    NDArray inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(inner.tanh().add(1));
  }

  /** A PyTorch dim (batch = 0, negatives from the end) as a non-negative index. */
  private static long dim(Args a, String name, NDArray x) {
    int d = a.integer(name);
    return d < 0 ? d + x.getShape().dimension() : d;
  }

  private static int[] spatialAxes(NDArray x) {
    int rank = x.getShape().dimension();
    int[] axes = new int[rank - 2];
    for (int i = 2; i < rank; i++) {
      axes[i - 2] = i;
    }
    return axes;
  }

  private static Shape batched(NDArray x, List<Integer> dims) {
    long[] shape = new long[dims.size() + 1];
    shape[0] = x.getShape().get(0);
    for (int i = 0; i < dims.size(); i++) {
      shape[i + 1] = dims.get(i);
    }
    return new Shape(shape);
  }

  static long[] longs(int[] values) {
    long[] out = new long[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    return out;
  }

  static PtNDArray pt(NDArray a) {
    return (PtNDArray) a;
  }

  static PtNDArray ptOrNull(NDArray a) {
    return a == null ? null : (PtNDArray) a;
  }

  @Override
  public void close() {
    manager.close();
  }
}
