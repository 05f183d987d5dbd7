package org.layerbench.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Walks the whole catalogue (STYLE.md §2): every layer type round-trips through JSON unchanged, its
 * shape rule accepts a suitable input, and every parameter rejects a value of the wrong type and a
 * value out of range with a message naming the node and the parameter.
 */
class CatalogueTest {

  /** An input each type accepts, and non-default values for all its parameters. */
  record Example(List<Integer> input, Params params, int inputs) {}

  static Example example(LayerType t) {
    return switch (t) {
      case INPUT -> new Example(List.of(), Params.of("shape", List.of(1, 28, 28)), 0);
      case LINEAR -> new Example(List.of(20), Params.of("out_features", 5, "bias", false), 1);
      case CONV1D ->
          new Example(
              List.of(4, 50),
              Params.of(
                  "out_channels",
                  8,
                  "kernel_size",
                  5,
                  "stride",
                  2,
                  "padding",
                  1,
                  "dilation",
                  2,
                  "groups",
                  2,
                  "bias",
                  false),
              1);
      case CONV2D ->
          new Example(
              List.of(4, 32, 32),
              Params.of(
                  "out_channels",
                  8,
                  "kernel_size",
                  List.of(3, 5),
                  "stride",
                  2,
                  "padding",
                  List.of(1, 2),
                  "dilation",
                  1,
                  "groups",
                  4,
                  "bias",
                  true),
              1);
      case MAXPOOL1D ->
          new Example(
              List.of(4, 50),
              Params.of(
                  "kernel_size", 3, "stride", 2, "padding", 1, "dilation", 1, "ceil_mode", true),
              1);
      case MAXPOOL2D ->
          new Example(
              List.of(4, 33, 33),
              Params.of(
                  "kernel_size",
                  3,
                  "stride",
                  List.of(2, 2),
                  "padding",
                  1,
                  "dilation",
                  1,
                  "ceil_mode",
                  true),
              1);
      case AVGPOOL1D ->
          new Example(
              List.of(4, 50),
              Params.of(
                  "kernel_size",
                  4,
                  "stride",
                  2,
                  "padding",
                  2,
                  "ceil_mode",
                  false,
                  "count_include_pad",
                  false),
              1);
      case AVGPOOL2D ->
          new Example(
              List.of(4, 33, 33),
              Params.of(
                  "kernel_size",
                  2,
                  "stride",
                  2,
                  "padding",
                  0,
                  "ceil_mode",
                  true,
                  "count_include_pad",
                  true),
              1);
      case ADAPTIVE_AVGPOOL2D ->
          new Example(List.of(4, 5, 5), Params.of("output_size", List.of(7, 3)), 1);
      case GLOBAL_AVGPOOL -> new Example(List.of(4, 5, 5), Params.EMPTY, 1);
      case BATCHNORM1D ->
          new Example(
              List.of(6, 10),
              Params.of(
                  "eps", 1e-3, "momentum", 0.01, "affine", false, "track_running_stats", true),
              1);
      case BATCHNORM2D ->
          new Example(
              List.of(6, 8, 8),
              Params.of("eps", 1e-3, "momentum", 0.2, "affine", true, "track_running_stats", false),
              1);
      case LAYERNORM ->
          new Example(List.of(7, 12), Params.of("eps", 1e-6, "elementwise_affine", false), 1);
      case DROPOUT -> new Example(List.of(10), Params.of("p", 0.25), 1);
      case RELU, SIGMOID, TANH, IDENTITY -> new Example(List.of(3, 4), Params.EMPTY, 1);
      case LEAKY_RELU -> new Example(List.of(3, 4), Params.of("negative_slope", 0.2), 1);
      case GELU -> new Example(List.of(3, 4), Params.of("approximate", "tanh"), 1);
      case SOFTMAX, LOG_SOFTMAX -> new Example(List.of(3, 4), Params.of("dim", -1), 1);
      case FLATTEN -> new Example(List.of(3, 4, 5), Params.of("start_dim", 2, "end_dim", 3), 1);
      case RESHAPE -> new Example(List.of(3, 4, 5), Params.of("shape", List.of(12, -1)), 1);
      case EMBEDDING ->
          new Example(
              List.of(16),
              Params.of("num_embeddings", 30, "embedding_dim", 8, "padding_idx", 0),
              1);
      case RNN ->
          new Example(
              List.of(9, 6),
              Params.of(
                  "hidden_size",
                  5,
                  "num_layers",
                  2,
                  "bias",
                  false,
                  "bidirectional",
                  true,
                  "dropout",
                  0.1,
                  "nonlinearity",
                  "relu",
                  "output",
                  "final_hidden"),
              1);
      case LSTM, GRU ->
          new Example(
              List.of(9, 6),
              Params.of(
                  "hidden_size",
                  5,
                  "num_layers",
                  2,
                  "bias",
                  true,
                  "bidirectional",
                  true,
                  "dropout",
                  0.1,
                  "output",
                  "sequence"),
              1);
      case ADD -> new Example(List.of(3, 4), Params.EMPTY, 2);
      case CONCAT -> new Example(List.of(3, 4), Params.of("dim", 2), 2);
    };
  }

  /** Input → (inputs copies of Identity) → the layer, so merge types get several inputs. */
  static ModelGraph graphFor(LayerType t) {
    Example ex = example(t);
    GraphBuilder b = new GraphBuilder("catalogue-" + t.typeName());
    if (t == LayerType.INPUT) {
      b.add("x", t, ex.params());
      return b.build();
    }
    String in = b.input(ex.input());
    String[] sources = new String[ex.inputs()];
    for (int i = 0; i < sources.length; i++) {
      sources[i] =
          ex.inputs() == 1 ? in : b.add("branch" + i, LayerType.IDENTITY, Params.EMPTY, in);
    }
    b.add("layer", t, ex.params(), sources);
    return b.build();
  }

  @ParameterizedTest
  @EnumSource(LayerType.class)
  void jsonRoundTripIsUnchanged(LayerType t) throws Exception {
    ModelGraph g = graphFor(t);
    String json = ModelJson.toJson(g);
    ModelGraph back = ModelJson.parse(json);
    assertThat(back).isEqualTo(g);
    ObjectMapper m = new ObjectMapper();
    assertThat(m.readTree(ModelJson.toJson(back))).isEqualTo(m.readTree(json));
  }

  @ParameterizedTest
  @EnumSource(LayerType.class)
  void shapeRuleAcceptsItsExample(LayerType t) {
    GraphAnalysis a = GraphAnalysis.of(graphFor(t));
    assertThat(a.problems()).isEmpty();
    assertThat(a.output()).isPresent();
    assertThat(t.doc()).isNotBlank();
    t.params().forEach(p -> assertThat(p.doc()).as(t + "." + p.name()).isNotBlank());
  }

  @ParameterizedTest
  @EnumSource(LayerType.class)
  void everyParameterRejectsBadValues(LayerType t) {
    ModelGraph base = graphFor(t);
    Node node = base.nodes().get(base.nodes().size() - 1);
    for (ParamSpec spec : t.params()) {
      for (Object bad : badValues(spec)) {
        GraphAnalysis a =
            GraphAnalysis.of(base.withNode(node.withParams(node.params().with(spec.name(), bad))));
        assertThat(a.problems())
            .as("%s.%s = %s", t.typeName(), spec.name(), bad)
            .anySatisfy(
                p -> {
                  assertThat(p.nodeId()).isEqualTo(node.id());
                  assertThat(p.message()).contains(t.typeName()).contains(spec.name());
                });
      }
    }
    GraphAnalysis unknown =
        GraphAnalysis.of(base.withNode(node.withParams(node.params().with("no_such_param", 1))));
    assertThat(unknown.problems())
        .anySatisfy(p -> assertThat(p.message()).contains("unknown parameter 'no_such_param'"));
  }

  /** A wrong-typed value, and one just outside the allowed range where there is a range. */
  static List<Object> badValues(ParamSpec spec) {
    List<Object> bad = new ArrayList<>();
    bad.add(
        spec.kind() == ParamKind.BOOL
            ? "yes"
            : spec.kind() == ParamKind.CHOICE ? "nonsense" : Boolean.TRUE);
    if (spec.min() != null) {
      double below = spec.min() - (spec.kind() == ParamKind.FLOAT ? 0.5 : 1);
      bad.add(spec.kind() == ParamKind.FLOAT ? (Object) below : (Object) (int) below);
    }
    if (spec.max() != null) {
      bad.add(
          spec.kind() == ParamKind.FLOAT
              ? (Object) (spec.max() + 0.5)
              : (Object) (int) (spec.max() + 1));
    }
    if (spec.kind() == ParamKind.INT_TUPLE) {
      bad.add(Stream.generate(() -> 1).limit(spec.arity() + 1).toList());
    }
    if (!spec.nullable()) {
      bad.add(null);
    }
    return bad;
  }

  @ParameterizedTest
  @EnumSource(LayerType.class)
  void schemaIsComplete(LayerType t) {
    assertThat(LayerType.byName(t.typeName())).contains(t);
    for (ParamSpec p : t.params()) {
      if (p.defaultValue() != null) {
        assertThat(p.check(p.defaultValue())).as("default of %s.%s", t, p.name()).isEmpty();
      }
      assertThat(p.allowed()).isNotBlank();
    }
  }
}
