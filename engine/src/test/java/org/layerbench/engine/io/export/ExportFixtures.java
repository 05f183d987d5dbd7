package org.layerbench.engine.io.export;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.TensorData;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;
import org.layerbench.engine.train.Engines;

/** Bundles with LayerBench's own initialisation, and one small graph per layer type. */
final class ExportFixtures {
  private ExportFixtures() {}

  static void startEngine() {
    System.setProperty("ai.djl.offline", "true");
    Engines.ensureStarted();
    JniUtils.setGradMode(false);
  }

  /**
   * The state of a freshly initialised network (seeded), with BatchNorm statistics made
   * non-trivial.
   */
  static SequencedMap<String, TensorData> weights(ModelGraph g, long seed) {
    try (NDManager m = NDManager.newBaseManager();
        Network net = Network.create(GraphAnalysis.of(g), m, seed)) {
      var state = new java.util.LinkedHashMap<>(Weights.toData(net.state()));
      // Running statistics of 0 and 1 would hide a BatchNorm that ignores them.
      java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
      state.replaceAll(
          (k, v) -> {
            if (k.endsWith("running_mean") || k.endsWith("running_var")) {
              float[] f = v.floats();
              for (int i = 0; i < f.length; i++) {
                f[i] =
                    k.endsWith("running_mean")
                        ? (float) r.nextDouble(-0.5, 0.5)
                        : (float) r.nextDouble(0.5, 2);
              }
              return TensorData.ofFloats(v.shape(), f);
            }
            return v;
          });
      return state;
    }
  }

  static Path bundle(Path dir, ModelGraph g, int classes) throws IOException {
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < classes; i++) {
      labels.add("class" + i);
    }
    Path file = dir.resolve(g.name() + ".lbmodel");
    ModelBundle.write(
        file,
        new BundleContents(
            g, weights(g, 7), labels, ImagePreprocessing.imagenet(64, 64), Map.of(), null, null));
    return file;
  }

  /** A small model around one layer of the given type, ending in logits. */
  static ModelGraph around(LayerType type) {
    GraphBuilder b = new GraphBuilder("m_" + type.typeName().toLowerCase(java.util.Locale.ROOT));
    String x;
    switch (type) {
      case CONV1D, MAXPOOL1D, AVGPOOL1D, BATCHNORM1D -> {
        x = b.input(List.of(4, 11));
        Params p =
            switch (type) {
              case CONV1D ->
                  Params.of(
                      "out_channels",
                      6,
                      "kernel_size",
                      3,
                      "stride",
                      2,
                      "padding",
                      1,
                      "dilation",
                      1);
              case MAXPOOL1D -> Params.of("kernel_size", 3, "stride", 2, "ceil_mode", true);
              case AVGPOOL1D ->
                  Params.of(
                      "kernel_size", 3, "stride", 2, "padding", 1, "count_include_pad", false);
              default -> Params.of("momentum", 0.2);
            };
        x = b.add("layer", type, p, x);
        x = b.add("flatten", LayerType.FLATTEN, Params.EMPTY, x);
      }
      case LINEAR, LAYERNORM, RNN, LSTM, GRU, SOFTMAX, LOG_SOFTMAX, RESHAPE -> {
        x = b.input(List.of(5, 4));
        Params p =
            switch (type) {
              case LINEAR -> Params.of("out_features", 6);
              case LAYERNORM -> Params.of("eps", 1e-3);
              case RNN ->
                  Params.of(
                      "hidden_size",
                      6,
                      "num_layers",
                      2,
                      "nonlinearity",
                      "relu",
                      "bidirectional",
                      true);
              case LSTM ->
                  Params.of(
                      "hidden_size",
                      6,
                      "num_layers",
                      2,
                      "bidirectional",
                      true,
                      "output",
                      "final_hidden");
              case GRU -> Params.of("hidden_size", 6, "bias", false);
              case SOFTMAX, LOG_SOFTMAX -> Params.of("dim", 2);
              default -> Params.of("shape", List.of(2, -1));
            };
        x = b.add("layer", type, p, x);
        if (type != LayerType.LSTM) {
          x = b.add("flatten", LayerType.FLATTEN, Params.EMPTY, x);
        }
      }
      case EMBEDDING -> {
        x = b.input(List.of(6));
        x =
            b.add(
                "layer",
                type,
                Params.of("num_embeddings", 20, "embedding_dim", 4, "padding_idx", 0),
                x);
        x = b.add("flatten", LayerType.FLATTEN, Params.EMPTY, x);
      }
      case INPUT, FLATTEN, IDENTITY, DROPOUT, RELU, LEAKY_RELU, GELU, SIGMOID, TANH -> {
        x = b.input(List.of(3, 4, 4));
        if (type != LayerType.INPUT && type != LayerType.FLATTEN) {
          Params p =
              switch (type) {
                case LEAKY_RELU -> Params.of("negative_slope", 0.2);
                case GELU -> Params.of("approximate", "tanh");
                case DROPOUT -> Params.of("p", 0.3);
                default -> Params.EMPTY;
              };
          x = b.add("layer", type, p, x);
        }
        x = b.add("flatten", LayerType.FLATTEN, Params.EMPTY, x);
      }
      case ADD, CONCAT -> {
        x = b.input(List.of(3, 6, 6));
        b.begin("block", "Residual");
        String a =
            b.add(
                "conv1",
                LayerType.CONV2D,
                Params.of("out_channels", 3, "kernel_size", 3, "padding", 1),
                x);
        String c =
            b.add("conv2", LayerType.CONV2D, Params.of("out_channels", 3, "kernel_size", 1), x);
        x = b.add("merge", type, Params.EMPTY, a, c, x);
        b.end();
        x = b.add("flatten", LayerType.FLATTEN, Params.EMPTY, x);
      }
      default -> {
        x = b.input(List.of(3, 9, 9));
        Params p =
            switch (type) {
              case CONV2D ->
                  Params.of(
                      "out_channels",
                      4,
                      "kernel_size",
                      List.of(3, 2),
                      "stride",
                      2,
                      "padding",
                      List.of(1, 0),
                      "groups",
                      1,
                      "bias",
                      false);
              case MAXPOOL2D ->
                  Params.of("kernel_size", 3, "stride", 2, "padding", 1, "ceil_mode", true);
              case AVGPOOL2D ->
                  Params.of("kernel_size", 2, "ceil_mode", true, "count_include_pad", false);
              case ADAPTIVE_AVGPOOL2D -> Params.of("output_size", List.of(4, 2));
              case BATCHNORM2D -> Params.of("eps", 1e-3);
              default -> Params.EMPTY;
            };
        x = b.add("layer", type, p, x);
        if (type != LayerType.GLOBAL_AVGPOOL) {
          x = b.add("flatten", LayerType.FLATTEN, Params.EMPTY, x);
        }
      }
    }
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 3), x);
    return b.build();
  }

  /**
   * A template with the given classes: image templates read {@code image}, text templates their own
   * token input with a vocabulary of 1000 bound.
   */
  static ModelGraph template(String name, int classes, List<Integer> image) {
    var t = org.layerbench.engine.graph.Templates.find(name).orElseThrow();
    ModelGraph g = t.create(classes, t.defaultInput().size() == 1 ? t.defaultInput() : image);
    return g.needsVocabulary() ? g.bindVocabulary(1000) : g;
  }
}
