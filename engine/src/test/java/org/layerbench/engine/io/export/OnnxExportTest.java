package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.TensorData;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;
import org.layerbench.engine.train.Engines;

/**
 * ONNX export against LayerBench itself: every layer type (with the options that change what ONNX
 * must do, LSTM and AvgPool's count_include_pad=false with padding included) and the templates run
 * in ONNX Runtime within 1e-4 of {@code Network.forward(x, false)}, at a batch size other than any
 * fixed one; the recurrent and pooling mappings, and the options LayerBench cannot run, also
 * against PyTorch itself; onnx's own checker accepts the files when a Python with onnx is there;
 * refusals name the node and write nothing.
 */
class OnnxExportTest {
  static final double TOLERANCE = 1e-4;
  static NDManager manager;

  @BeforeAll
  static void start() {
    Engines.ensureStarted();
    JniUtils.setGradMode(false);
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  /** A small model around one layer type. */
  record Case(String name, GraphAnalysis analysis) {
    @Override
    public String toString() {
      return name;
    }
  }

  /**
   * The graphs that exercise a layer type. The switch has no default, so a new layer type does not
   * compile here until it has cases.
   */
  static List<Case> casesFor(LayerType t) {
    List<Case> cases = new ArrayList<>();
    switch (t) {
      case INPUT -> cases.add(single(t, "plain", List.of(3, 4, 4), Params.EMPTY));
      case LINEAR -> {
        cases.add(single(t, "flat", List.of(10), Params.of("out_features", 6)));
        cases.add(
            single(
                t, "sequence-no-bias", List.of(6, 5), Params.of("out_features", 4, "bias", false)));
      }
      case CONV1D -> {
        cases.add(
            single(
                t,
                "stride-dilation",
                List.of(4, 12),
                Params.of(
                    "out_channels",
                    4,
                    "kernel_size",
                    3,
                    "padding",
                    2,
                    "stride",
                    2,
                    "dilation",
                    2)));
        cases.add(
            single(
                t,
                "groups-no-bias",
                List.of(4, 12),
                Params.of("out_channels", 6, "kernel_size", 3, "groups", 2, "bias", false)));
      }
      case CONV2D -> {
        cases.add(
            single(
                t,
                "stride-pad-groups",
                List.of(4, 9, 9),
                Params.of(
                    "out_channels", 6, "kernel_size", 3, "stride", 2, "padding", 1, "groups", 2)));
        cases.add(
            single(
                t,
                "rect-dilation-no-bias",
                List.of(3, 9, 8),
                Params.of(
                    "out_channels",
                    4,
                    "kernel_size",
                    List.of(3, 1),
                    "dilation",
                    List.of(2, 1),
                    "padding",
                    List.of(1, 0),
                    "bias",
                    false)));
      }
      case MAXPOOL1D, AVGPOOL1D, MAXPOOL2D, AVGPOOL2D -> cases.addAll(poolCases(t));
      case ADAPTIVE_AVGPOOL2D -> {
        cases.add(single(t, "1x1", List.of(3, 7, 5), Params.of("output_size", 1)));
        cases.add(single(t, "divides", List.of(3, 8, 6), Params.of("output_size", List.of(4, 3))));
        cases.add(single(t, "uneven", List.of(3, 7, 5), Params.of("output_size", List.of(3, 2))));
        cases.add(single(t, "larger", List.of(3, 2, 3), Params.of("output_size", List.of(6, 6))));
        cases.add(single(t, "1x1-to-6x6", List.of(3, 1, 1), Params.of("output_size", 6)));
      }
      case GLOBAL_AVGPOOL -> {
        cases.add(single(t, "image", List.of(3, 5, 6), Params.EMPTY));
        cases.add(single(t, "sequence", List.of(4, 7), Params.EMPTY));
      }
      case BATCHNORM1D -> {
        cases.add(single(t, "flat", List.of(10), Params.EMPTY));
        cases.add(single(t, "sequence", List.of(4, 7), Params.EMPTY));
        cases.add(single(t, "no-affine", List.of(4, 7), Params.of("affine", false)));
        cases.add(
            single(t, "batch-statistics", List.of(4, 7), Params.of("track_running_stats", false)));
      }
      case BATCHNORM2D -> {
        cases.add(single(t, "plain", List.of(3, 5, 5), Params.of("eps", 1e-3)));
        cases.add(
            single(
                t, "batch-statistics", List.of(3, 5, 5), Params.of("track_running_stats", false)));
        cases.add(
            single(
                t,
                "batch-statistics-no-affine",
                List.of(3, 5, 5),
                Params.of("track_running_stats", false, "affine", false)));
      }
      case LAYERNORM -> {
        cases.add(single(t, "affine", List.of(6, 5), Params.EMPTY));
        cases.add(single(t, "no-affine", List.of(6, 5), Params.of("elementwise_affine", false)));
      }
      case DROPOUT, RELU, SIGMOID, TANH, IDENTITY ->
          cases.add(single(t, "plain", List.of(3, 4, 4), Params.EMPTY));
      case LEAKY_RELU ->
          cases.add(single(t, "slope", List.of(10), Params.of("negative_slope", 0.2)));
      case GELU -> {
        cases.add(single(t, "exact", List.of(3, 4, 4), Params.EMPTY));
        cases.add(single(t, "tanh", List.of(3, 4, 4), Params.of("approximate", "tanh")));
      }
      case SOFTMAX, LOG_SOFTMAX -> {
        cases.add(single(t, "dim1", List.of(6, 5), Params.of("dim", 1)));
        cases.add(single(t, "last", List.of(6, 5), Params.of("dim", -1)));
      }
      case FLATTEN -> {
        cases.add(single(t, "all", List.of(3, 4, 5), Params.EMPTY));
        cases.add(single(t, "spatial", List.of(3, 4, 5), Params.of("start_dim", 2)));
      }
      case RESHAPE -> {
        cases.add(single(t, "infer", List.of(3, 4, 5), Params.of("shape", List.of(-1, 5))));
        cases.add(single(t, "flat", List.of(3, 4, 5), Params.of("shape", List.of(60))));
      }
      case EMBEDDING ->
          cases.add(
              single(
                  t,
                  "padding-idx",
                  List.of(6),
                  Params.of("num_embeddings", 20, "embedding_dim", 5, "padding_idx", 0)));
      case RNN, LSTM, GRU -> cases.addAll(recurrentCases(t));
      case ADD -> {
        cases.add(merge(t, "two", Params.EMPTY, 2, 2));
        cases.add(merge(t, "three-broadcast", Params.EMPTY, 2, 1, 2));
      }
      case CONCAT -> {
        cases.add(merge(t, "channels", Params.EMPTY, 2, 3));
        cases.add(merge(t, "last", Params.of("dim", -1), 2, 2));
      }
    }
    return cases;
  }

  private static List<Case> poolCases(LayerType t) {
    boolean one = t == LayerType.MAXPOOL1D || t == LayerType.AVGPOOL1D;
    boolean avg = t == LayerType.AVGPOOL1D || t == LayerType.AVGPOOL2D;
    List<Case> cases = new ArrayList<>();
    // Floor mode; ceil_mode with a last window hanging over the end (6 + 2·1 − 3 = 5 is odd); and
    // PyTorch's edge case: with L = 5, kernel 3, stride 3, padding 1 ceil_mode would give 3
    // windows, but the third would start at 6 ≥ L + padding, in the right padding, so PyTorch
    // drops it and gives 2.
    List<Integer> even = one ? List.of(3, 8) : List.of(2, 8, 7);
    List<Integer> hang = one ? List.of(3, 6) : List.of(2, 6, 7);
    List<Integer> edge = one ? List.of(3, 5) : List.of(2, 5, 5);
    cases.add(single(t, "floor", even, Params.of("kernel_size", 2)));
    List<Params> variants = new ArrayList<>();
    variants.add(Params.of("kernel_size", 3, "stride", 2, "padding", 1, "ceil_mode", true));
    variants.add(Params.of("kernel_size", 3, "stride", 3, "padding", 1, "ceil_mode", true));
    variants.add(Params.of("kernel_size", 3, "stride", 3, "padding", 0, "ceil_mode", true));
    List<String> names = List.of("ceil-overhang", "ceil-drops-window", "ceil-no-pad");
    for (int k = 0; k < variants.size(); k++) {
      Params p = variants.get(k);
      List<Integer> shape = k == 0 ? hang : edge;
      if (avg) {
        cases.add(single(t, names.get(k) + "-count-pad", shape, p));
        cases.add(
            single(t, names.get(k) + "-exclude-pad", shape, p.with("count_include_pad", false)));
      } else {
        cases.add(single(t, names.get(k), shape, p));
      }
    }
    return cases;
  }

  private static List<Case> recurrentCases(LayerType t) {
    List<Case> cases = new ArrayList<>();
    cases.add(
        single(
            t,
            "bidirectional-2-layers-final",
            List.of(6, 5),
            Params.of(
                "hidden_size",
                4,
                "num_layers",
                2,
                "bidirectional",
                true,
                "output",
                "final_hidden")));
    cases.add(
        single(
            t,
            "bidirectional-sequence",
            List.of(6, 5),
            Params.of("hidden_size", 3, "bidirectional", true, "output", "sequence")));
    Params p = Params.of("hidden_size", 4, "num_layers", 2, "bias", false, "output", "sequence");
    if (t == LayerType.RNN) {
      p = p.with("nonlinearity", "relu");
    }
    cases.add(single(t, "2-layers-no-bias-sequence", List.of(6, 5), p));
    return cases;
  }

  /** Input → the layer. */
  private static Case single(LayerType t, String name, List<Integer> input, Params params) {
    GraphBuilder b = new GraphBuilder(t.typeName() + "-" + name);
    String x = b.input(input);
    if (t != LayerType.INPUT) {
      b.add("layer", t, params, x);
    }
    return analysed(t.typeName() + " " + name, b);
  }

  /** Input 3×5×5 → one 1×1 conv per branch (channels given) → the merge. */
  private static Case merge(LayerType t, String name, Params params, int... channels) {
    GraphBuilder b = new GraphBuilder(t.typeName() + "-" + name);
    String x = b.input(List.of(3, 5, 5));
    String[] branches = new String[channels.length];
    for (int i = 0; i < channels.length; i++) {
      branches[i] =
          b.add(
              "b" + i,
              LayerType.CONV2D,
              Params.of("out_channels", channels[i], "kernel_size", 1),
              x);
    }
    b.add("layer", t, params, branches);
    return analysed(t.typeName() + " " + name, b);
  }

  private static Case analysed(String name, GraphBuilder b) {
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems()).as(name).isEmpty();
    return new Case(name, a);
  }

  /** What one export gave: the ONNX bytes and the largest |Δ| against LayerBench. */
  record Outcome(byte[] onnx, double maxDelta) {}

  /**
   * Builds the network with LayerBench's seeded init, runs one training-mode forward so BatchNorm's
   * running statistics are not the trivial 0 and 1, exports it, and compares ONNX Runtime's output
   * with {@code forward(x, false)} at the given batch sizes.
   */
  static Outcome export(GraphAnalysis a, long seed, int... batches) throws ExportException {
    try (Network net = Network.create(a, manager, seed);
        NDManager scope = manager.newSubManager()) {
      List<Integer> sample =
          a.graph().inputNode().map(n -> a.node(n.id()).output().dims()).orElseThrow();
      boolean ids = a.nodes().stream().anyMatch(r -> r.node().type() == LayerType.EMBEDDING);
      net.forward(input(scope, sample, 4, ids), true).close();
      SequencedMap<String, TensorData> weights = Weights.toData(net.state());
      byte[] onnx = OnnxModelWriter.toOnnx(a, weights);
      double worst = 0;
      for (int batch : batches) {
        NDArray x = input(scope, sample, batch, ids);
        float[] expected = net.forward(x, false).toFloatArray();
        float[][] actual = OnnxRuntimeCheck.run(onnx, x.toFloatArray(), x.getShape().getShape());
        assertThat(actual).hasNumberOfRows(batch);
        float[] flat = new float[expected.length];
        int at = 0;
        for (float[] row : actual) {
          assertThat(at + row.length).isLessThanOrEqualTo(expected.length);
          System.arraycopy(row, 0, flat, at, row.length);
          at += row.length;
        }
        assertThat(at).as("output size").isEqualTo(expected.length);
        for (int i = 0; i < flat.length; i++) {
          worst = Math.max(worst, Math.abs(flat[i] - expected[i]));
        }
      }
      return new Outcome(onnx, worst);
    }
  }

  private static NDArray input(NDManager m, List<Integer> sample, int batch, boolean ids) {
    long[] shape = new long[sample.size() + 1];
    shape[0] = batch;
    for (int i = 0; i < sample.size(); i++) {
      shape[i + 1] = sample.get(i);
    }
    return ids
        ? m.randomInteger(0, 20, new Shape(shape), DataType.INT64).toType(DataType.FLOAT32, false)
        : m.randomNormal(new Shape(shape));
  }

  @ParameterizedTest
  @EnumSource(LayerType.class)
  void everyLayerTypeMatchesLayerBenchInOnnxRuntime(LayerType t) throws ExportException {
    List<Case> cases = casesFor(t);
    assertThat(cases).as("cases for " + t.typeName()).isNotEmpty();
    for (Case c : cases) {
      Outcome o = export(c.analysis(), 3, 3);
      System.out.printf("ONNX export vs LayerBench, %s: max |Δ| = %.3g%n", c.name(), o.maxDelta());
      assertThat(o.maxDelta()).as(c.name()).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  /**
   * The recurrent mapping (gate order, directions, stacking, final hidden state) and average
   * pooling (padding, ceil_mode, count_include_pad) against PyTorch itself on the same weights and
   * input, a reference independent of LayerBench's own kernels (which once differed from PyTorch on
   * LSTM and on count_include_pad=false); and the options only PyTorch can confirm (see {@link
   * #torchReferenceCases}).
   */
  @Test
  void mappingsMatchPyTorchItself(@TempDir Path dir) throws Exception {
    Python.Lookup lookup = Python.find();
    Assumptions.assumeTrue(lookup.python().isPresent(), lookup.whyNot());
    Python python = lookup.python().get();
    List<Map<String, Object>> specs = new ArrayList<>();
    Map<String, float[][]> onnxOut = new LinkedHashMap<>();
    List<Case> cases = new ArrayList<>();
    for (LayerType t :
        List.of(
            LayerType.RNN,
            LayerType.LSTM,
            LayerType.GRU,
            LayerType.AVGPOOL1D,
            LayerType.AVGPOOL2D)) {
      cases.addAll(casesFor(t));
    }
    cases.addAll(torchReferenceCases());
    int n = 0;
    for (Case c : cases) {
      GraphAnalysis a = c.analysis();
      var r = a.nodeAt("layer").orElseThrow();
      LayerType t = r.node().type();
      boolean pool = t.typeName().contains("Pool");
      var args = t.args(r.node().params());
      try (NDManager scope = manager.newSubManager()) {
        SequencedMap<String, TensorData> weights = new LinkedHashMap<>();
        if (!a.stateDict().isEmpty()) {
          try (Network net = Network.create(a, manager, 3)) {
            weights = Weights.toData(net.state());
          }
        }
        byte[] onnx = OnnxModelWriter.toOnnx(a, weights);
        long[] xShape = new long[r.inputs().getFirst().rank() + 1];
        xShape[0] = 3;
        for (int i = 1; i < xShape.length; i++) {
          xShape[i] = r.inputs().getFirst().dim(i - 1);
        }
        NDArray x = scope.randomNormal(new Shape(xShape));
        onnxOut.put(c.name(), OnnxRuntimeCheck.run(onnx, x.toFloatArray(), xShape));
        Map<String, Object> tensors = new LinkedHashMap<>();
        for (var e : weights.entrySet()) {
          Path f = dir.resolve(n + "-" + e.getKey());
          Files.write(f, e.getValue().data());
          tensors.put(
              e.getKey().substring("layer.".length()), List.of(f.toString(), e.getValue().shape()));
        }
        Path xf = dir.resolve(n + "-x");
        Files.write(xf, TensorData.ofFloats(xShape, x.toFloatArray()).data());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("type", t.typeName());
        spec.put("xshape", xShape);
        if (pool) {
          int[] k = args.tuple("kernel_size");
          spec.put("kernel", k);
          spec.put("stride", args.tupleOr("stride", k));
          spec.put("padding", args.tuple("padding"));
          spec.put("ceil", args.bool("ceil_mode"));
          spec.put(
              "include",
              t.findParam("count_include_pad").isPresent() && args.bool("count_include_pad"));
          spec.put(
              "dilation",
              t.findParam("dilation").isPresent() ? args.tuple("dilation") : new int[] {1, 1});
        } else if (t == LayerType.LAYERNORM) {
          spec.put("eps", args.real("eps"));
        } else {
          spec.put("input", (int) xShape[2]);
          spec.put("hidden", args.integer("hidden_size"));
          spec.put("layers", args.integer("num_layers"));
          spec.put("bias", args.bool("bias"));
          spec.put("bi", args.bool("bidirectional"));
          spec.put("nl", t == LayerType.RNN ? args.string("nonlinearity") : "");
          spec.put("output", args.string("output"));
        }
        spec.put("tensors", tensors);
        spec.put("x", xf.toString());
        spec.put("out", dir.resolve(n + "-y").toString());
        spec.put("name", c.name());
        specs.add(spec);
        n++;
      }
    }
    Path specFile = dir.resolve("spec.json");
    new com.fasterxml.jackson.databind.ObjectMapper().writeValue(specFile.toFile(), specs);
    Python.Result res =
        python.run(dir, Duration.ofSeconds(120), "-c", TORCH_REFERENCE, specFile.toString());
    assertThat(res.ok()).as(res.stderr()).isTrue();
    for (Map<String, Object> spec : specs) {
      byte[] bytes = Files.readAllBytes(Path.of((String) spec.get("out")));
      float[] torch = new float[bytes.length / 4];
      java.nio.ByteBuffer.wrap(bytes)
          .order(java.nio.ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .get(torch);
      float[][] ort = onnxOut.get((String) spec.get("name"));
      int i = 0;
      double worst = 0;
      for (float[] row : ort) {
        for (float v : row) {
          worst = Math.max(worst, Math.abs(v - torch[i++]));
        }
      }
      assertThat(i).as("output size").isEqualTo(torch.length);
      System.out.printf("ONNX export vs PyTorch, %s: max |Δ| = %.3g%n", spec.get("name"), worst);
      assertThat(worst).as((String) spec.get("name")).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  /**
   * MaxPool with dilation, which LayerBench's own forward cannot run (Network.create refuses it),
   * so PyTorch is its only reference; and LayerNorm without affine, which LayerBench could not run
   * before (a null weight reached DJL's layerNorm) and is now also compared with LayerBench in
   * {@link #everyLayerTypeMatchesLayerBenchInOnnxRuntime}.
   */
  private static List<Case> torchReferenceCases() {
    return List.of(
        single(
            LayerType.MAXPOOL1D,
            "dilation-ceil",
            List.of(3, 10),
            Params.of(
                "kernel_size", 3, "stride", 2, "padding", 1, "dilation", 2, "ceil_mode", true)),
        single(
            LayerType.MAXPOOL2D,
            "dilation",
            List.of(2, 9, 8),
            Params.of("kernel_size", 2, "padding", 1, "dilation", List.of(2, 3))),
        single(
            LayerType.LAYERNORM,
            "no-affine",
            List.of(6, 5),
            Params.of("elementwise_affine", false)));
  }

  private static final String TORCH_REFERENCE =
      """
      import sys, json, numpy as np, torch
      F = torch.nn.functional
      for c in json.load(open(sys.argv[1])):
          x = torch.from_numpy(np.fromfile(c["x"], dtype="<f4").reshape(c["xshape"]))
          if c["type"].startswith("AvgPool"):
              pool = F.avg_pool1d if c["type"] == "AvgPool1d" else F.avg_pool2d
              y = pool(x, c["kernel"], c["stride"], c["padding"], ceil_mode=c["ceil"],
                       count_include_pad=c["include"])
          elif c["type"].startswith("MaxPool"):
              pool = F.max_pool1d if c["type"] == "MaxPool1d" else F.max_pool2d
              y = pool(x, c["kernel"], c["stride"], c["padding"],
                       dilation=c["dilation"][:len(c["kernel"])], ceil_mode=c["ceil"])
          elif c["type"] == "LayerNorm":
              y = F.layer_norm(x, (x.shape[-1],), eps=c["eps"])
          if not c["type"] in ("RNN", "LSTM", "GRU"):
              y.contiguous().numpy().astype("<f4").tofile(c["out"])
              continue
          cls = {"RNN": torch.nn.RNN, "LSTM": torch.nn.LSTM, "GRU": torch.nn.GRU}[c["type"]]
          kw = dict(input_size=c["input"], hidden_size=c["hidden"], num_layers=c["layers"],
                    bias=c["bias"], batch_first=True, bidirectional=c["bi"])
          if c["type"] == "RNN":
              kw["nonlinearity"] = c["nl"]
          m = cls(**kw)
          m.load_state_dict({k: torch.from_numpy(np.fromfile(f, dtype="<f4").reshape(s))
                             for k, (f, s) in c["tensors"].items()})
          with torch.no_grad():
              y, h = m(x)
          if c["output"] == "final_hidden":
              h = h[0] if c["type"] == "LSTM" else h
              dirs = 2 if c["bi"] else 1
              y = h[-dirs:].transpose(0, 1).reshape(x.shape[0], -1)
          y.contiguous().numpy().astype("<f4").tofile(c["out"])
      """;

  static final List<String> TEMPLATES =
      List.of("simplenet", "smallcnn", "cnnnet", "inception", "resnet18", "resnet50");

  static GraphAnalysis template(String name) {
    return GraphAnalysis.of(Templates.find(name).orElseThrow().create(4, List.of(3, 64, 64)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"simplenet", "smallcnn", "cnnnet", "inception", "resnet18", "resnet50"})
  void templatesMatchLayerBenchAtBatchOneAndThree(String name) throws ExportException {
    Outcome o = export(template(name), 5, 1, 3);
    System.out.printf("ONNX export %s: max |Δlogit| = %.3g%n", name, o.maxDelta());
    assertThat(o.maxDelta()).as(name).isLessThanOrEqualTo(TOLERANCE);
  }

  /** CI installs python3-onnx; the full check also runs ONNX's shape inference over the graph. */
  @Test
  void onnxCheckerAcceptsEveryExport(@TempDir Path dir) throws Exception {
    Python.Lookup lookup = Python.find();
    Assumptions.assumeTrue(lookup.python().isPresent(), lookup.whyNot());
    Python python = lookup.python().get();
    Assumptions.assumeTrue(python.imports("onnx"), python.executable() + " cannot import onnx");
    Map<String, GraphAnalysis> models = new LinkedHashMap<>();
    for (LayerType t : LayerType.values()) {
      for (Case c : casesFor(t)) {
        models.put(c.name(), c.analysis());
      }
    }
    for (String name : List.of("smallcnn", "cnnnet", "inception", "resnet18")) {
      models.put(name, template(name));
    }
    List<String> args = new ArrayList<>(List.of("-c", CHECK));
    int n = 0;
    for (var e : models.entrySet()) {
      Path file = dir.resolve((n++) + ".onnx");
      try (Network net = Network.create(e.getValue(), manager, 1)) {
        Files.write(file, OnnxModelWriter.toOnnx(e.getValue(), Weights.toData(net.state())));
      }
      args.add(e.getKey());
      args.add(file.toString());
    }
    Python.Result r = python.run(dir, Duration.ofSeconds(300), args.toArray(String[]::new));
    assertThat(r.stderr() + r.stdout()).as("onnx.checker").doesNotContain("FAILED");
    assertThat(r.ok()).as(r.stderr()).isTrue();
    assertThat(r.stdout()).contains("checked " + models.size());
  }

  private static final String CHECK =
      """
      import sys, onnx
      pairs = list(zip(sys.argv[1::2], sys.argv[2::2]))
      for name, path in pairs:
          m = onnx.load(path)
          try:
              onnx.checker.check_model(m, full_check=True)
          except Exception as e:
              print("FAILED", name, str(e).splitlines()[0] if str(e) else type(e).__name__)
              sys.exit(1)
          assert m.opset_import[0].version == 17 and m.ir_version == 8, name
          assert m.graph.input[0].type.tensor_type.shape.dim[0].dim_param == "batch", name
      print("checked", len(pairs))
      """;

  @Test
  void aMissingWeightIsRefusedNamingTheNodeAndNothingIsWritten(@TempDir Path dir) {
    GraphAnalysis a = template("cnnnet");
    SequencedMap<String, TensorData> weights;
    try (Network net = Network.create(a, manager, 1)) {
      weights = new LinkedHashMap<>(Weights.toData(net.state()));
    }
    weights.remove("features.3.weight");
    Path file = dir.resolve("model.onnx");
    assertThatThrownBy(() -> OnnxModelWriter.write(a, weights, file))
        .isInstanceOf(ExportException.class)
        .hasMessage("Conv2d 'features.3' has no tensor 'features.3.weight' in the weights.");
    assertThat(file).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  /**
   * A nested LSTM is written (it is no longer refused), and the same model without one of its
   * recurrent weights, which the recurrent mapping reads through its own path, is refused naming
   * the node by its full path, in one sentence, before anything is written.
   */
  @Test
  void anLstmIsWrittenButNotWithoutItsRecurrentWeight(@TempDir Path dir) throws Exception {
    GraphBuilder b = new GraphBuilder("lstm");
    String x = b.input(List.of(6, 5));
    b.begin("encoder", "Sequential");
    b.add("rnn", LayerType.LSTM, Params.of("hidden_size", 4, "output", "final_hidden"), x);
    b.end();
    GraphAnalysis a = GraphAnalysis.of(b.build());
    SequencedMap<String, TensorData> weights;
    try (Network net = Network.create(a, manager, 1)) {
      weights = new LinkedHashMap<>(Weights.toData(net.state()));
    }
    Path written = dir.resolve("written").resolve("model.onnx");
    Files.createDirectories(written.getParent());
    OnnxModelWriter.write(a, weights, written);
    assertThat(written).isNotEmptyFile();

    weights.remove("encoder.rnn.weight_hh_l0");
    Path refused = dir.resolve("refused");
    Files.createDirectories(refused);
    assertThatThrownBy(() -> OnnxModelWriter.write(a, weights, refused.resolve("model.onnx")))
        .isInstanceOf(ExportException.class)
        .hasMessage("LSTM 'encoder.rnn' has no tensor 'encoder.rnn.weight_hh_l0' in the weights.")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(refused).isEmptyDirectory();
  }

  @Test
  void aWeightThatIsNotFloat32IsRefused(@TempDir Path dir) {
    GraphAnalysis a = template("simplenet");
    SequencedMap<String, TensorData> weights;
    try (Network net = Network.create(a, manager, 1)) {
      weights = new LinkedHashMap<>(Weights.toData(net.state()));
    }
    String name = weights.firstEntry().getKey();
    TensorData w = weights.get(name);
    weights.put(name, new TensorData("F16", w.shape(), new byte[w.data().length / 2]));
    Path file = dir.resolve("model.onnx");
    assertThatThrownBy(() -> OnnxModelWriter.write(a, weights, file))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("Linear '")
        .hasMessageContaining("as F16, but the ONNX export writes float32 only")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void aGraphWithErrorsIsRefused(@TempDir Path dir) {
    GraphBuilder b = new GraphBuilder("broken");
    String x = b.input(List.of(3, 8, 8));
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 3), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    Path file = dir.resolve("model.onnx");
    assertThatThrownBy(() -> OnnxModelWriter.write(a, new LinkedHashMap<>(), file))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("The model has errors and cannot be exported: ")
        .hasMessageContaining("Linear 'fc'");
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void onnxRuntimeErrorsAreOneSentence() {
    assertThatThrownBy(
            () -> OnnxRuntimeCheck.run(new byte[] {1, 2, 3}, new float[] {1}, new long[] {1, 1}))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("ONNX Runtime could not run the model: ")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(
            () ->
                OnnxRuntimeCheck.run(
                    Path.of("/nonexistent/model.onnx"), new float[1], new long[] {1}))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("Could not read /nonexistent/model.onnx");
  }
}
