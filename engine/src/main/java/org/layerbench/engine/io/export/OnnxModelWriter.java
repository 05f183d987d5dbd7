package org.layerbench.engine.io.export;

import static org.layerbench.engine.io.export.OnnxGraph.Attr.f;
import static org.layerbench.engine.io.export.OnnxGraph.Attr.i;
import static org.layerbench.engine.io.export.OnnxGraph.Attr.ints;
import static org.layerbench.engine.io.export.OnnxGraph.Attr.s;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;
import org.layerbench.engine.graph.Args;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.Shape;
import org.layerbench.engine.graph.TensorSpec;
import org.layerbench.engine.io.AtomicFiles;
import org.layerbench.engine.io.TensorData;
import org.layerbench.engine.io.export.onnx.OnnxProto.ModelProto;
import org.layerbench.engine.io.export.onnx.OnnxProto.OperatorSetIdProto;

/**
 * Writes a model graph and its weights as an ONNX model (opset 17, IR version 8) that computes what
 * LayerBench's {@code Network.forward(x, false)} computes: one float input {@code input} shaped
 * [batch, sample…] with a symbolic batch, one output {@code logits}, the weights as initializers
 * under their state_dict names (tensors ONNX needs in another layout, such as recurrent weights
 * with their gates reordered, under {@code path/…} names). Each layer is mapped as torch.onnx maps
 * it; whatever cannot be expressed is refused before any byte is produced.
 */
public final class OnnxModelWriter {
  public static final int OPSET = 17;
  public static final int IR_VERSION = 8;
  public static final String INPUT = "input";
  public static final String OUTPUT = "logits";

  /** The second input of a model whose recurrent layers honour sequence lengths: int64 [batch]. */
  public static final String LENGTHS = "lengths";

  private final GraphAnalysis analysis;
  private final SequencedMap<String, TensorData> weights;
  private final OnnxGraph g;
  private final Map<String, String> outputs = new HashMap<>();
  private final Set<String> addedWeights = new HashSet<>();
  private final Set<String> lengthNodes;
  private String sequenceLens;

  private OnnxModelWriter(GraphAnalysis analysis, SequencedMap<String, TensorData> weights) {
    this.analysis = analysis;
    this.weights = weights;
    this.g = new OnnxGraph(analysis.graph().name() == null ? "model" : analysis.graph().name());
    this.lengthNodes = org.layerbench.engine.nn.Network.lengthNodes(analysis);
  }

  /** Whether the model takes {@link #LENGTHS} (some recurrent layer honours them). */
  public static boolean takesLengths(GraphAnalysis analysis) {
    return !org.layerbench.engine.nn.Network.lengthNodes(analysis).isEmpty();
  }

  /**
   * The lengths as the recurrent operators' {@code sequence_lens} (int32), for the node {@code r},
   * or null when its steps are not the input's.
   */
  String sequenceLens(NodeReport r) {
    if (!lengthNodes.contains(r.node().id())) {
      return null;
    }
    if (sequenceLens == null) {
      sequenceLens = g.op("Cast", "lengths", List.of(LENGTHS), i("to", OnnxGraph.INT32));
    }
    return sequenceLens;
  }

  /**
   * The model as ONNX bytes.
   *
   * @throws ExportException naming the node and the reason when a layer, an option or a weight
   *     cannot be expressed, or the graph has errors
   */
  public static byte[] toOnnx(GraphAnalysis analysis, SequencedMap<String, TensorData> weights)
      throws ExportException {
    return new OnnxModelWriter(analysis, weights).build().toByteArray();
  }

  /**
   * Writes the model to a file atomically; on a refusal nothing is written (the graph is mapped
   * whole in memory before the file is opened).
   */
  public static void write(
      GraphAnalysis analysis, SequencedMap<String, TensorData> weights, Path target)
      throws ExportException {
    byte[] bytes = toOnnx(analysis, weights);
    try {
      AtomicFiles.write(target, bytes);
    } catch (IOException e) {
      throw new ExportException("Could not write " + target + ": " + e.getMessage(), e);
    }
  }

  private ModelProto build() throws ExportException {
    if (!analysis.ok()) {
      throw new ExportException(
          "The model has errors and cannot be exported: " + analysis.problems().get(0).message());
    }
    List<NodeReport> order = analysis.topologicalOrder();
    List<NodeReport> inputs =
        order.stream().filter(r -> r.node().type() == LayerType.INPUT).toList();
    if (inputs.size() != 1) {
      throw new ExportException(
          "The model needs exactly one Input node to be exported, but has " + inputs.size() + ".");
    }
    NodeReport inputNode = inputs.getFirst();
    String resultId = analysis.outputNode().map(Node::id).orElse(order.getLast().node().id());
    NodeReport result = analysis.node(resultId);

    Map<String, List<String>> inputsOf = new HashMap<>();
    List<Edge> edges = new ArrayList<>(analysis.graph().edges());
    edges.sort((a, b) -> Integer.compare(a.port(), b.port()));
    for (Edge e : edges) {
      inputsOf.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e.from());
    }

    g.claim(INPUT);
    g.claim(OUTPUT);
    g.claim(LENGTHS);
    for (String name : weights.keySet()) {
      g.claim(name);
    }
    for (NodeReport r : order) {
      String id = r.node().id();
      if (r.node().type() == LayerType.INPUT) {
        outputs.put(id, INPUT);
        continue;
      }
      List<String> in = new ArrayList<>();
      for (String from : inputsOf.getOrDefault(id, List.of())) {
        in.add(outputs.get(from));
      }
      outputs.put(id, layer(r, in));
    }
    // The result under its public name; an Identity costs nothing and keeps each layer's mapping
    // free of knowing whether it is the last one.
    g.node("Identity", result.path(), List.of(outputs.get(resultId)), List.of(OUTPUT)).done();

    int inputType = "int64".equals(analysis.inputDtype()) ? OnnxGraph.INT64 : OnnxGraph.FLOAT;
    boolean lengths = !lengthNodes.isEmpty();
    g.proto().addInput(OnnxGraph.batched(INPUT, inputNode.output().dims(), inputType, lengths));
    if (lengths) {
      g.proto().addInput(OnnxGraph.batched(LENGTHS, List.of(), OnnxGraph.INT64));
    }
    g.proto().addOutput(OnnxGraph.batched(OUTPUT, result.output().dims()));
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("LayerBench")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(g.proto())
        .build();
  }

  /** Adds one layer's nodes and returns the name of its output tensor. */
  private String layer(NodeReport r, List<String> in) throws ExportException {
    LayerType type = r.node().type();
    Args a = type.args(r.node().params());
    String x = in.getFirst();
    String p = r.path();
    Shape inShape = r.inputs().getFirst();
    int rank = inShape.rank() + 1; // with the batch
    return switch (type) {
      case INPUT -> x;
      case LINEAR -> linear(r, x, inShape);
      case CONV1D, CONV2D -> conv(r, a, x);
      case MAXPOOL1D, MAXPOOL2D -> maxPool(r, a, x);
      case AVGPOOL1D, AVGPOOL2D -> avgPool(r, a, x);
      case ADAPTIVE_AVGPOOL2D -> adaptiveAvgPool(r, x);
      case GLOBAL_AVGPOOL -> g.op("Flatten", p, List.of(g.op("GlobalAveragePool", p, List.of(x))));
      case BATCHNORM1D, BATCHNORM2D -> batchNorm(r, a, x, rank);
      case LAYERNORM -> {
        int n = inShape.last();
        String scale = has(r, "weight") ? weight(r, "weight") : ones(p + "/weight", n, 1f);
        String bias = has(r, "bias") ? weight(r, "bias") : ones(p + "/bias", n, 0f);
        yield g.op(
            "LayerNormalization",
            p,
            List.of(x, scale, bias),
            i("axis", -1),
            f("epsilon", (float) a.real("eps")));
      }
      case DROPOUT, IDENTITY -> g.op("Identity", p, List.of(x));
      case RELU -> g.op("Relu", p, List.of(x));
      case LEAKY_RELU ->
          g.op("LeakyRelu", p, List.of(x), f("alpha", (float) a.real("negative_slope")));
      case GELU -> a.string("approximate").equals("tanh") ? geluTanh(p, x) : gelu(p, x);
      case SIGMOID -> g.op("Sigmoid", p, List.of(x));
      case TANH -> g.op("Tanh", p, List.of(x));
      case SOFTMAX -> g.op("Softmax", p, List.of(x), i("axis", axis(a.integer("dim"), rank)));
      case LOG_SOFTMAX ->
          g.op("LogSoftmax", p, List.of(x), i("axis", axis(a.integer("dim"), rank)));
      case FLATTEN, RESHAPE -> reshape(p, x, r.output().dims());
      case EMBEDDING -> {
        String ids = g.op("Cast", p, List.of(x), i("to", OnnxGraph.INT64));
        yield g.op("Gather", p, List.of(weight(r, "weight"), ids), i("axis", 0));
      }
      case RNN, LSTM, GRU -> OnnxRecurrent.map(this, r, a, x);
      case ADD -> {
        // Left to right in pairs, as LayerBench adds them, so float rounding matches.
        String sum = x;
        for (int k = 1; k < in.size(); k++) {
          sum = g.op("Add", p, List.of(sum, in.get(k)));
        }
        yield sum;
      }
      case CONCAT -> g.op("Concat", p, in, i("axis", axis(a.integer("dim"), rank)));
    };
  }

  private String linear(NodeReport r, String x, Shape in) throws ExportException {
    String p = r.path();
    String w = weight(r, "weight");
    if (in.rank() == 1) {
      List<String> inputs = new ArrayList<>(List.of(x, w));
      if (has(r, "bias")) {
        inputs.add(weight(r, "bias"));
      }
      return g.op("Gemm", p, inputs, i("transB", 1));
    }
    String wt = g.op("Transpose", p, List.of(w), ints("perm", 1, 0));
    String y = g.op("MatMul", p, List.of(x, wt));
    return has(r, "bias") ? g.op("Add", p, List.of(y, weight(r, "bias"))) : y;
  }

  private String conv(NodeReport r, Args a, String x) throws ExportException {
    String p = r.path();
    List<String> inputs = new ArrayList<>(List.of(x, weight(r, "weight")));
    if (has(r, "bias")) {
      inputs.add(weight(r, "bias"));
    }
    int[] pad = a.tuple("padding");
    return g.op(
        "Conv",
        p,
        inputs,
        ints("kernel_shape", a.tuple("kernel_size")),
        ints("strides", a.tuple("stride")),
        ints("pads", symmetric(pad, new int[pad.length])),
        ints("dilations", a.tuple("dilation")),
        i("group", a.integer("groups")));
  }

  /**
   * The extra padding at the end of each spatial axis that makes ONNX's floor-mode output size
   * equal LayerBench's. PyTorch's ceil_mode lets a last window hang over the end, but drops one
   * that would start in the right padding; rather than rely on a runtime's reading of ceil_mode,
   * the overhang is padded explicitly (ignored by max, not counted by an average that excludes
   * padding).
   */
  private int[] overhang(NodeReport r, int[] k, int[] s, int[] pad, int[] d)
      throws ExportException {
    Shape in = r.inputs().getFirst();
    Shape out = r.output();
    int[] extra = new int[k.length];
    for (int ax = 0; ax < k.length; ax++) {
      int size = in.dim(ax + 1);
      int o = out.dim(ax + 1);
      int span = d[ax] * (k[ax] - 1) + 1;
      extra[ax] = Math.max(0, (o - 1) * s[ax] + span - (size + 2 * pad[ax]));
      int floor = Math.floorDiv(size + 2 * pad[ax] + extra[ax] - span, s[ax]) + 1;
      if (floor != o) {
        throw refuse(
            r, "has a window layout ONNX pooling cannot reproduce (" + floor + " vs " + o + ")");
      }
    }
    return extra;
  }

  private String maxPool(NodeReport r, Args a, String x) throws ExportException {
    int[] k = a.tuple("kernel_size");
    int[] s = a.tupleOr("stride", k);
    int[] pad = a.tuple("padding");
    int[] d = a.tuple("dilation");
    int[] extra = overhang(r, k, s, pad, d);
    return g.op(
        "MaxPool",
        r.path(),
        List.of(x),
        ints("kernel_shape", k),
        ints("strides", s),
        ints("pads", symmetric(pad, extra)),
        ints("dilations", d));
  }

  private String avgPool(NodeReport r, Args a, String x) throws ExportException {
    String p = r.path();
    int[] k = a.tuple("kernel_size");
    int[] s = a.tupleOr("stride", k);
    int[] pad = a.tuple("padding");
    int n = k.length;
    int[] extra = overhang(r, k, s, pad, ones(n));
    boolean includePad = a.bool("count_include_pad");
    if (Arrays.stream(extra).anyMatch(e -> e > 0)) {
      // A window hanging over the end: PyTorch divides by the window clipped to the padded input
      // (count_include_pad) or to the input (not), never counting the overhang, which ONNX's
      // count_include_pad=1 would count as padding. So, for both settings: zero-pad explicitly,
      // average whole windows, and rescale each position by kernel size / PyTorch's divisor.
      long[] pads = new long[2 * (n + 2)];
      int[] outDims = new int[n];
      float[][] factors = new float[n][];
      for (int ax = 0; ax < n; ax++) {
        pads[2 + ax] = pad[ax];
        pads[n + 2 + 2 + ax] = pad[ax] + extra[ax];
        int size = r.inputs().getFirst().dim(ax + 1);
        outDims[ax] = r.output().dim(ax + 1);
        factors[ax] = new float[outDims[ax]];
        for (int o = 0; o < outDims[ax]; o++) {
          int start = o * s[ax] - pad[ax];
          int end = Math.min(start + k[ax], size + pad[ax]);
          int count = includePad ? end - start : Math.min(end, size) - Math.max(start, 0);
          factors[ax][o] = (float) k[ax] / count;
        }
      }
      String padded = g.op("Pad", p, List.of(x, g.longs(p + "/pads", pads)), s("mode", "constant"));
      String mean =
          g.op("AveragePool", p, List.of(padded), ints("kernel_shape", k), ints("strides", s));
      float[] scale = n == 1 ? factors[0] : new float[outDims[0] * outDims[1]];
      if (n == 2) {
        for (int y = 0; y < outDims[0]; y++) {
          for (int z = 0; z < outDims[1]; z++) {
            scale[y * outDims[1] + z] = factors[0][y] * factors[1][z];
          }
        }
      }
      long[] scaleShape = Arrays.stream(outDims).asLongStream().toArray();
      return g.op("Mul", p, List.of(mean, g.floats(p + "/divisor_scale", scaleShape, scale)));
    }
    return g.op(
        "AveragePool",
        p,
        List.of(x),
        ints("kernel_shape", k),
        ints("strides", s),
        ints("pads", symmetric(pad, extra)),
        i("count_include_pad", includePad ? 1 : 0));
  }

  /**
   * AdaptiveAvgPool2d: GlobalAveragePool for 1×1, AveragePool when each input size is a multiple of
   * the output's, and otherwise PyTorch's windows (start = ⌊i·in/out⌋, end = ⌈(i+1)·in/out⌉, which
   * also covers an output larger than the input) as constant averaging matrices: A_h·X·A_wᵀ.
   */
  private String adaptiveAvgPool(NodeReport r, String x) {
    String p = r.path();
    Shape in = r.inputs().getFirst();
    int h = in.dim(1);
    int w = in.dim(2);
    int oh = r.output().dim(1);
    int ow = r.output().dim(2);
    if (oh == 1 && ow == 1) {
      return g.op("GlobalAveragePool", p, List.of(x));
    }
    if (h % oh == 0 && w % ow == 0) {
      int[] k = {h / oh, w / ow};
      return g.op("AveragePool", p, List.of(x), ints("kernel_shape", k), ints("strides", k));
    }
    String rows = g.floats(p + "/rows", new long[] {oh, h}, averaging(h, oh, false));
    String cols = g.floats(p + "/cols", new long[] {w, ow}, averaging(w, ow, true));
    String y = g.op("MatMul", p, List.of(rows, x));
    return g.op("MatMul", p, List.of(y, cols));
  }

  /**
   * The [out, in] matrix whose row i averages PyTorch's adaptive window i; transposed: [in, out].
   */
  private static float[] averaging(int in, int out, boolean transposed) {
    float[] m = new float[in * out];
    for (int o = 0; o < out; o++) {
      int start = Math.floorDiv(o * in, out);
      int end = -Math.floorDiv(-(o + 1) * in, out);
      for (int j = start; j < end; j++) {
        m[transposed ? j * out + o : o * in + j] = 1f / (end - start);
      }
    }
    return m;
  }

  private String batchNorm(NodeReport r, Args a, String x, int rank) throws ExportException {
    String p = r.path();
    int c = r.inputs().getFirst().dim(0);
    float eps = (float) a.real("eps");
    boolean affine = has(r, "weight");
    if (has(r, "running_mean")) {
      String scale = affine ? weight(r, "weight") : ones(p + "/weight", c, 1f);
      String bias = affine ? weight(r, "bias") : ones(p + "/bias", c, 0f);
      return g.op(
          "BatchNormalization",
          p,
          List.of(x, scale, bias, weight(r, "running_mean"), weight(r, "running_var")),
          f("epsilon", eps));
    }
    // track_running_stats=False: PyTorch normalises with the batch's own statistics even in eval,
    // the biased variance over the batch and every position: (x − μ) / √(σ² + ε) · w + b.
    long[] axes = new long[rank - 1];
    for (int ax = 2; ax < rank; ax++) {
      axes[ax - 1] = ax;
    }
    String mean = g.op("ReduceMean", p, List.of(x), ints("axes", axes), i("keepdims", 1));
    String centred = g.op("Sub", p, List.of(x, mean));
    String square = g.op("Mul", p, List.of(centred, centred));
    String var = g.op("ReduceMean", p, List.of(square), ints("axes", axes), i("keepdims", 1));
    String std = g.op("Sqrt", p, List.of(g.op("Add", p, List.of(var, g.scalar(eps)))));
    String y = g.op("Div", p, List.of(centred, std));
    if (!affine) {
      return y;
    }
    long[] perChannel = new long[rank];
    Arrays.fill(perChannel, 1);
    perChannel[1] = c;
    String shape = g.longs(p + "/channel_shape", perChannel);
    String w = g.op("Reshape", p, List.of(weight(r, "weight"), shape));
    String b = g.op("Reshape", p, List.of(weight(r, "bias"), shape));
    return g.op("Add", p, List.of(g.op("Mul", p, List.of(y, w)), b));
  }

  /** GELU, exact: x·0.5·(1 + erf(x/√2)) (opset 17 has no Gelu operator). */
  private String gelu(String p, String x) {
    String erf =
        g.op("Erf", p, List.of(g.op("Div", p, List.of(x, g.scalar((float) Math.sqrt(2))))));
    String half = g.op("Mul", p, List.of(x, g.scalar(0.5f)));
    return g.op("Mul", p, List.of(half, g.op("Add", p, List.of(erf, g.scalar(1f)))));
  }

  /** GELU's tanh form, as LayerBench computes it: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
  private String geluTanh(String p, String x) {
    String cube = g.op("Mul", p, List.of(g.op("Mul", p, List.of(x, x)), x));
    String inner = g.op("Add", p, List.of(x, g.op("Mul", p, List.of(cube, g.scalar(0.044715f)))));
    String scaled = g.op("Mul", p, List.of(inner, g.scalar((float) Math.sqrt(2 / Math.PI))));
    String t = g.op("Add", p, List.of(g.op("Tanh", p, List.of(scaled)), g.scalar(1f)));
    return g.op("Mul", p, List.of(g.op("Mul", p, List.of(x, g.scalar(0.5f))), t));
  }

  /** Reshape to [batch, dims…]: 0 copies the batch dimension, the rest is static. */
  String reshape(String p, String x, List<Integer> dims) {
    long[] shape = new long[dims.size() + 1];
    for (int k = 0; k < dims.size(); k++) {
      shape[k + 1] = dims.get(k);
    }
    return g.op("Reshape", p, List.of(x, g.longs(p + "/shape", shape)));
  }

  // ---- weights ----

  /** Whether the node owns a tensor with this local name (bias=False leaves one out). */
  static boolean has(NodeReport r, String local) {
    String full = r.path() + "." + local;
    return r.tensors().stream().anyMatch(t -> t.name().equals(full));
  }

  /** The node's tensor as an initializer under its state_dict name, checked and added once. */
  String weight(NodeReport r, String local) throws ExportException {
    String name = r.path() + "." + local;
    data(r, local);
    if (addedWeights.add(name)) {
      TensorData d = weights.get(name);
      g.floatInitializer(name, d.shape(), d.data());
    }
    return name;
  }

  /** The node's tensor checked against its declared shape: present, float32. */
  TensorData data(NodeReport r, String local) throws ExportException {
    String name = r.path() + "." + local;
    TensorSpec spec =
        r.tensors().stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
    TensorData d = weights.get(name);
    if (spec == null || d == null) {
      throw refuse(r, "has no tensor '" + name + "' in the weights");
    }
    if (!d.dtype().equals("F32")) {
      throw refuse(
          r, "has '" + name + "' as " + d.dtype() + ", but the ONNX export writes float32 only");
    }
    long[] want = spec.shape().stream().mapToLong(Integer::longValue).toArray();
    if (!Arrays.equals(want, d.shape())) {
      throw refuse(
          r,
          "has '"
              + name
              + "' shaped "
              + Arrays.toString(d.shape())
              + " but the model expects "
              + Arrays.toString(want));
    }
    return d;
  }

  private String ones(String base, int n, float value) {
    float[] v = new float[n];
    Arrays.fill(v, value);
    return g.floats(base, new long[] {n}, v);
  }

  OnnxGraph graph() {
    return g;
  }

  static ExportException refuse(NodeReport r, String reason) {
    return new ExportException(r.node().type().typeName() + " '" + r.path() + "' " + reason + ".");
  }

  private static long axis(int dim, int rank) {
    return dim < 0 ? dim + rank : dim;
  }

  private static int[] ones(int n) {
    int[] v = new int[n];
    Arrays.fill(v, 1);
    return v;
  }

  /** ONNX pads: every axis's start, then every axis's end. */
  private static int[] symmetric(int[] pad, int[] extraAtEnd) {
    int n = pad.length;
    int[] out = new int[2 * n];
    for (int ax = 0; ax < n; ax++) {
      out[ax] = pad[ax];
      out[n + ax] = pad[ax] + extraAtEnd[ax];
    }
    return out;
  }
}
