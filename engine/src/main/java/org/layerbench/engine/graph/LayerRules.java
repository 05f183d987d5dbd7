package org.layerbench.engine.graph;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Shape, tensor and cost rules of the catalogue, one static method per layer family. Each follows
 * PyTorch's own arithmetic (the formulas in torch.nn's docs and ATen's {@code
 * pooling_output_shape}); shapes exclude the batch dimension.
 */
final class LayerRules {
  private LayerRules() {}

  static LayerOutcome input(Args a, List<Shape> in) throws ShapeException {
    List<Integer> dims = a.intList("shape");
    return LayerOutcome.passThrough(new Shape(dims));
  }

  static LayerOutcome identity(Args a, List<Shape> in) {
    return LayerOutcome.passThrough(in.get(0));
  }

  static LayerOutcome linear(Args a, List<Shape> in) throws ShapeException {
    Shape x = in.get(0);
    if (x.rank() > 2) {
      throw new ShapeException(
          "expects a flat input (or T×F) but receives " + x, "insert Flatten before it");
    }
    int inF = x.last();
    int outF = a.integer("out_features");
    boolean bias = a.bool("bias");
    List<TensorSpec> t = new ArrayList<>();
    t.add(TensorSpec.param("weight", outF, inF));
    if (bias) {
      t.add(TensorSpec.param("bias", outF));
    }
    Shape out = x.withLast(outF);
    long macs = out.numel() * inF;
    return new LayerOutcome(out, t, macs, Map.of("in_features", inF));
  }

  /** Conv1d (n = 1) and Conv2d (n = 2): out = ⌊(in + 2p − d(k−1) − 1)/s⌋ + 1 per spatial dim. */
  static LayerOutcome conv(Args a, List<Shape> in, int n) throws ShapeException {
    Shape x = in.get(0);
    requireSpatial(a.type(), x, n);
    int inC = x.dim(0);
    int outC = a.integer("out_channels");
    int groups = a.integer("groups");
    if (inC % groups != 0 || outC % groups != 0) {
      throw new ShapeException(
          "has groups="
              + groups
              + " but in_channels="
              + inC
              + " and out_channels="
              + outC
              + " must both be divisible by it",
          "choose groups dividing both (1, or " + gcd(inC, outC) + " for the most groups)");
    }
    int[] k = a.tuple("kernel_size");
    int[] s = a.tuple("stride");
    int[] p = a.tuple("padding");
    int[] d = a.tuple("dilation");
    int[] outDims = new int[n + 1];
    outDims[0] = outC;
    for (int i = 0; i < n; i++) {
      int size = x.dim(i + 1);
      int span = d[i] * (k[i] - 1) + 1;
      int o = Math.floorDiv(size + 2 * p[i] - span, s[i]) + 1;
      if (o < 1) {
        throw kernelTooLarge(x, n, k, d, p);
      }
      outDims[i + 1] = o;
    }
    Shape out = Shape.of(outDims);
    int[] wShape = new int[n + 2];
    wShape[0] = outC;
    wShape[1] = inC / groups;
    System.arraycopy(k, 0, wShape, 2, n);
    List<TensorSpec> t = new ArrayList<>();
    t.add(TensorSpec.param("weight", wShape));
    if (a.bool("bias")) {
      t.add(TensorSpec.param("bias", outC));
    }
    long kernelVolume = Arrays.stream(k).asLongStream().reduce(1, (u, v) -> u * v);
    long macs = out.numel() * (inC / groups) * kernelVolume;
    return new LayerOutcome(out, t, macs, Map.of("in_channels", inC));
  }

  /**
   * MaxPool/AvgPool in 1 or 2 dims, with ATen's rule: with ceil_mode the size is rounded up, but a
   * last window that would start inside the right padding is dropped.
   */
  static LayerOutcome pool(Args a, List<Shape> in, int n, boolean max) throws ShapeException {
    Shape x = in.get(0);
    requireSpatial(a.type(), x, n);
    int[] k = a.tuple("kernel_size");
    int[] s = a.tupleOr("stride", k);
    int[] p = a.tuple("padding");
    int[] d = max ? a.tuple("dilation") : ones(n);
    boolean ceil = a.bool("ceil_mode");
    int[] outDims = new int[n + 1];
    outDims[0] = x.dim(0);
    for (int i = 0; i < n; i++) {
      int span = d[i] * (k[i] - 1) + 1;
      if (p[i] > (max ? span / 2 : k[i] / 2)) {
        throw new ShapeException(
            "has padding " + p[i] + " but padding may be at most half the window (" + span + ")",
            "reduce padding to " + (max ? span / 2 : k[i] / 2) + " or less");
      }
      int size = x.dim(i + 1);
      int num = size + 2 * p[i] - span;
      int o = (ceil ? Math.floorDiv(num + s[i] - 1, s[i]) : Math.floorDiv(num, s[i])) + 1;
      if (ceil && (o - 1) * s[i] >= size + p[i]) {
        o--;
      }
      if (o < 1) {
        throw kernelTooLarge(x, n, k, d, p);
      }
      outDims[i + 1] = o;
    }
    return LayerOutcome.passThrough(Shape.of(outDims));
  }

  static LayerOutcome adaptiveAvgPool(Args a, List<Shape> in) throws ShapeException {
    Shape x = in.get(0);
    requireSpatial(a.type(), x, 2);
    int[] size = a.tuple("output_size");
    return LayerOutcome.passThrough(Shape.of(x.dim(0), size[0], size[1]));
  }

  static LayerOutcome globalAvgPool(Args a, List<Shape> in) throws ShapeException {
    Shape x = in.get(0);
    if (x.rank() < 2) {
      throw new ShapeException(
          "expects C×H×W (or C×L) but receives " + x + ", which has no positions to average",
          "remove it, or move it before Flatten");
    }
    return LayerOutcome.passThrough(Shape.of(x.dim(0)));
  }

  /** BatchNorm1d (C or C×L) and BatchNorm2d (C×H×W); tensors in PyTorch's state_dict order. */
  static LayerOutcome batchNorm(Args a, List<Shape> in, int n) throws ShapeException {
    Shape x = in.get(0);
    boolean ok = n == 1 ? x.rank() == 1 || x.rank() == 2 : x.rank() == 3;
    if (!ok) {
      String want = n == 1 ? "C or C×L" : "C×H×W";
      String fix =
          n == 1 && x.rank() == 3
              ? "use BatchNorm2d for images"
              : n == 2 && x.rank() < 3
                  ? "use BatchNorm1d for flat or sequence inputs"
                  : "reshape the input";
      throw new ShapeException("expects " + want + " but receives " + x, fix);
    }
    int c = x.dim(0);
    List<TensorSpec> t = new ArrayList<>();
    if (a.bool("affine")) {
      t.add(TensorSpec.param("weight", c));
      t.add(TensorSpec.param("bias", c));
    }
    if (a.bool("track_running_stats")) {
      t.add(TensorSpec.buffer("running_mean", c));
      t.add(TensorSpec.buffer("running_var", c));
      t.add(TensorSpec.buffer("num_batches_tracked"));
    }
    return new LayerOutcome(x, t, 0, Map.of("num_features", c));
  }

  static LayerOutcome layerNorm(Args a, List<Shape> in) {
    Shape x = in.get(0);
    int dim = x.last();
    List<TensorSpec> t = new ArrayList<>();
    if (a.bool("elementwise_affine")) {
      t.add(TensorSpec.param("weight", dim));
      t.add(TensorSpec.param("bias", dim));
    }
    return new LayerOutcome(x, t, 0, Map.of("normalized_shape", List.of(dim)));
  }

  static LayerOutcome softmax(Args a, List<Shape> in) throws ShapeException {
    Shape x = in.get(0);
    int dim = batchDim(a, "dim", x);
    if (dim == 0) {
      throw new ShapeException(
          "normalizes over dim=0, the batch dimension, mixing different samples",
          "use dim=1 (or -1)");
    }
    return LayerOutcome.passThrough(x);
  }

  static LayerOutcome flatten(Args a, List<Shape> in) throws ShapeException {
    Shape x = in.get(0);
    int start = batchDim(a, "start_dim", x);
    int end = batchDim(a, "end_dim", x);
    if (start == 0) {
      throw new ShapeException(
          "has start_dim=0, which would merge the batch dimension into the features",
          "use start_dim=1");
    }
    if (end < start) {
      throw new ShapeException(
          "has end_dim (" + end + ") before start_dim (" + start + ")",
          "make end_dim ≥ start_dim, or -1");
    }
    List<Integer> dims = new ArrayList<>();
    long merged = 1;
    for (int i = 1; i <= x.rank(); i++) {
      if (i < start || i > end) {
        dims.add(x.dim(i - 1));
      } else {
        merged *= x.dim(i - 1);
        if (i == end) {
          dims.add(checkedSize(merged));
        }
      }
    }
    return LayerOutcome.passThrough(new Shape(dims));
  }

  static LayerOutcome reshape(Args a, List<Shape> in) throws ShapeException {
    Shape x = in.get(0);
    List<Integer> target = a.intList("shape");
    int free = -1;
    long known = 1;
    for (int i = 0; i < target.size(); i++) {
      int v = target.get(i);
      if (v == 0) {
        throw new ShapeException(
            "has a 0 in its shape " + target, "use -1 for the one inferred entry");
      }
      if (v == -1) {
        if (free >= 0) {
          throw new ShapeException("has more than one -1 in " + target, "give all entries but one");
        }
        free = i;
      } else {
        known *= v;
      }
    }
    long total = x.numel();
    List<Integer> dims = new ArrayList<>(target);
    if (free >= 0) {
      if (total % known != 0) {
        throw reshapeMismatch(x, target);
      }
      dims.set(free, checkedSize(total / known));
    } else if (known != total) {
      throw reshapeMismatch(x, target);
    }
    return LayerOutcome.passThrough(new Shape(dims));
  }

  /** num_embeddings 0: the vocabulary's size, bound by {@link ModelGraph#bindVocabulary}. */
  static final int VOCABULARY_SIZE = 0;

  static LayerOutcome embedding(Args a, List<Shape> in) throws ShapeException {
    Shape x = in.get(0);
    int num = a.integer("num_embeddings");
    int dim = a.integer("embedding_dim");
    Integer pad = a.optionalInteger("padding_idx");
    if (num == VOCABULARY_SIZE) {
      throw new ShapeException(
          "has num_embeddings 0: num_embeddings is the vocabulary's size, known once a text"
              + " dataset is chosen",
          "or set it");
    }
    if (pad != null && (pad < -num || pad >= num)) {
      throw new ShapeException(
          "has padding_idx " + pad + " outside the vocabulary of " + num,
          "use an id in 0…" + (num - 1));
    }
    List<Integer> dims = new ArrayList<>(x.dims());
    dims.add(dim);
    return new LayerOutcome(
        new Shape(dims), List.of(TensorSpec.param("weight", num, dim)), 0, Map.of());
  }

  /**
   * RNN (gates = 1), GRU (3) and LSTM (4), batch first, over T×F. Tensors per layer and direction
   * in PyTorch's order: weight_ih_l{k}, weight_hh_l{k}, bias_ih_l{k}, bias_hh_l{k}, with the suffix
   * {@code _reverse} for the backward direction.
   */
  static LayerOutcome recurrent(Args a, List<Shape> in, int gates) throws ShapeException {
    Shape x = in.get(0);
    if (x.rank() != 2) {
      String fix =
          x.rank() == 1
              ? "insert Embedding before it for token ids, or Reshape to T×F"
              : "reshape to T×F (time steps × features)";
      throw new ShapeException("expects a sequence T×F but receives " + x, fix);
    }
    int steps = x.dim(0);
    int inF = x.dim(1);
    int hidden = a.integer("hidden_size");
    int layers = a.integer("num_layers");
    boolean bias = a.bool("bias");
    int dirs = a.bool("bidirectional") ? 2 : 1;
    List<TensorSpec> t = new ArrayList<>();
    long macs = 0;
    for (int layer = 0; layer < layers; layer++) {
      int layerIn = layer == 0 ? inF : hidden * dirs;
      for (int dir = 0; dir < dirs; dir++) {
        String sfx = "_l" + layer + (dir == 1 ? "_reverse" : "");
        t.add(TensorSpec.param("weight_ih" + sfx, gates * hidden, layerIn));
        t.add(TensorSpec.param("weight_hh" + sfx, gates * hidden, hidden));
        if (bias) {
          t.add(TensorSpec.param("bias_ih" + sfx, gates * hidden));
          t.add(TensorSpec.param("bias_hh" + sfx, gates * hidden));
        }
        macs += (long) steps * gates * hidden * (layerIn + hidden);
      }
    }
    Shape out =
        a.string("output").equals("sequence")
            ? Shape.of(steps, hidden * dirs)
            : Shape.of(hidden * dirs);
    return new LayerOutcome(out, t, macs, Map.of("input_size", inF));
  }

  static LayerOutcome add(Args a, List<Shape> in) throws ShapeException {
    Shape result = in.get(0);
    for (int i = 1; i < in.size(); i++) {
      Shape other = in.get(i);
      if (other.rank() != result.rank()) {
        throw new ShapeException(
            "cannot add "
                + result
                + " and "
                + other
                + ": their ranks differ, so the batch dimension"
                + " would be broadcast against a feature dimension",
            "make both inputs the same rank (Reshape or Flatten one of them)");
      }
      try {
        result = new Shape(Broadcast.shapes(result.dims(), other.dims()));
      } catch (IllegalArgumentException e) {
        throw new ShapeException(
            "cannot add " + result + " and " + other + ": " + e.getMessage(),
            "make the shapes equal (a 1×1 Conv2d with stride on the shortcut, as ResNet's downsample)");
      }
    }
    return LayerOutcome.passThrough(result);
  }

  static LayerOutcome concat(Args a, List<Shape> in) throws ShapeException {
    Shape first = in.get(0);
    int dim = batchDim(a, "dim", first);
    if (dim == 0) {
      throw new ShapeException("joins along dim=0, the batch dimension", "use dim=1 (channels)");
    }
    long sum = 0;
    for (Shape s : in) {
      if (s.rank() != first.rank()) {
        throw new ShapeException(
            "cannot join " + list(in) + ": ranks differ", "make all inputs the same rank");
      }
      for (int i = 0; i < s.rank(); i++) {
        if (i != dim - 1 && s.dim(i) != first.dim(i)) {
          throw new ShapeException(
              "cannot join "
                  + list(in)
                  + " along dim="
                  + dim
                  + ": dimension "
                  + (i + 1)
                  + " differs ("
                  + first.dim(i)
                  + " vs "
                  + s.dim(i)
                  + ")",
              "give the branches the same spatial size (same stride and padding)");
        }
      }
      sum += s.dim(dim - 1);
    }
    List<Integer> dims = new ArrayList<>(first.dims());
    dims.set(dim - 1, checkedSize(sum));
    return LayerOutcome.passThrough(new Shape(dims));
  }

  // ---- helpers ----

  private static void requireSpatial(LayerType type, Shape x, int n) throws ShapeException {
    if (x.rank() == n + 1) {
      return;
    }
    String want = n == 1 ? "C×L" : "C×H×W";
    String fix;
    if (x.rank() == 1) {
      fix =
          "it cannot follow a flat layer: remove the Flatten before it, or insert Reshape to "
              + want;
    } else if (n == 2 && x.rank() == 2) {
      fix = "use the 1-d variant for sequences, or Reshape to C×H×W";
    } else if (n == 1 && x.rank() == 3) {
      fix = "use the 2-d variant for images";
    } else {
      fix = "Reshape the input to " + want;
    }
    throw new ShapeException(
        "expects a " + want + " input but receives " + x + " (" + type.typeName() + ")", fix);
  }

  private static ShapeException kernelTooLarge(Shape x, int n, int[] k, int[] d, int[] p) {
    int[] span = new int[n];
    int[] padded = new int[n];
    for (int i = 0; i < n; i++) {
      span[i] = d[i] * (k[i] - 1) + 1;
      padded[i] = x.dim(i + 1) + 2 * p[i];
    }
    return new ShapeException(
        "has a window of " + join(span) + " but its padded input is only " + join(padded),
        "use a smaller kernel_size or dilation, add padding, or feed it a larger input");
  }

  private static ShapeException reshapeMismatch(Shape x, List<Integer> target) {
    return new ShapeException(
        "cannot view " + x + " (" + x.numel() + " values) as " + target,
        "choose a shape whose product is " + x.numel() + ", or use -1 for one entry");
  }

  /** Resolves a PyTorch dim (batch = 0, negatives from the end) against a batched rank. */
  private static int batchDim(Args a, String name, Shape x) throws ShapeException {
    int rank = x.rank() + 1;
    int dim = a.integer(name);
    if (dim < -rank || dim >= rank) {
      throw new ShapeException(
          "has "
              + name
              + "="
              + dim
              + " but its input "
              + x
              + " has dims 0…"
              + (rank - 1)
              + " (0 is the batch)",
          "use a dim in " + -rank + "…" + (rank - 1));
    }
    return dim < 0 ? dim + rank : dim;
  }

  private static int checkedSize(long v) throws ShapeException {
    if (v > Integer.MAX_VALUE) {
      throw new ShapeException("would make a dimension of " + v + " elements", "reduce the sizes");
    }
    return (int) v;
  }

  private static int[] ones(int n) {
    int[] out = new int[n];
    Arrays.fill(out, 1);
    return out;
  }

  private static int gcd(int x, int y) {
    return y == 0 ? x : gcd(y, x % y);
  }

  private static String join(int[] v) {
    return Arrays.stream(v).mapToObj(String::valueOf).collect(Collectors.joining("×"));
  }

  private static String list(List<Shape> shapes) {
    return shapes.stream().map(Shape::toString).collect(Collectors.joining(", "));
  }

  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
