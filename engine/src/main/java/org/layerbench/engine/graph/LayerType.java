package org.layerbench.engine.graph;

import static org.layerbench.engine.graph.ParamSpec.bool;
import static org.layerbench.engine.graph.ParamSpec.choice;
import static org.layerbench.engine.graph.ParamSpec.intList;
import static org.layerbench.engine.graph.ParamSpec.integer;
import static org.layerbench.engine.graph.ParamSpec.optionalInteger;
import static org.layerbench.engine.graph.ParamSpec.optionalTuple;
import static org.layerbench.engine.graph.ParamSpec.real;
import static org.layerbench.engine.graph.ParamSpec.tuple;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The layer catalogue. Each type has the name PyTorch gives its module ({@code Conv2d}), a
 * parameter schema whose names are PyTorch's constructor keywords, how many inputs it takes, and a
 * rule that gives its output shape, tensors, cost and inferred parameters ({@link LayerRules}).
 * Parameters PyTorch makes you type but that follow from the input ({@code in_channels}, {@code
 * in_features}, {@code num_features}, {@code input_size}) are not in the schema: they are inferred.
 */
public enum LayerType {
  INPUT(
      "Input",
      LayerCategory.INPUT,
      "The model's input: the shape of one sample, without the batch dimension.",
      0,
      0,
      List.of(
          intList(
              "shape",
              List.of(3, 64, 64),
              1,
              "One sample's shape without the batch: C,H,W for images, T,F for sequences"),
          choice(
              "dtype",
              "float32",
              List.of("float32", "int64"),
              "Element type: float32 (images, audio features) or int64 (token ids for Embedding)")),
      LayerRules::input),
  LINEAR(
      "Linear",
      LayerCategory.CORE,
      "Fully connected layer y = xWᵀ + b on the last dimension; in_features is inferred.",
      1,
      1,
      List.of(
          integer("out_features", 10, 1, null, "Size of each output sample"),
          bool("bias", true, "Learn an additive bias")),
      LayerRules::linear),
  CONV1D(
      "Conv1d",
      LayerCategory.CONVOLUTION,
      "1-D convolution over C×L sequences (audio, text features); in_channels is inferred.",
      1,
      1,
      convParams(1),
      (a, in) -> LayerRules.conv(a, in, 1)),
  CONV2D(
      "Conv2d",
      LayerCategory.CONVOLUTION,
      "2-D convolution over C×H×W images; in_channels is inferred.",
      1,
      1,
      convParams(2),
      (a, in) -> LayerRules.conv(a, in, 2)),
  MAXPOOL1D(
      "MaxPool1d",
      LayerCategory.POOLING,
      "Max over sliding windows of a C×L sequence.",
      1,
      1,
      poolParams(1, true),
      (a, in) -> LayerRules.pool(a, in, 1, true)),
  MAXPOOL2D(
      "MaxPool2d",
      LayerCategory.POOLING,
      "Max over sliding windows of a C×H×W image.",
      1,
      1,
      poolParams(2, true),
      (a, in) -> LayerRules.pool(a, in, 2, true)),
  AVGPOOL1D(
      "AvgPool1d",
      LayerCategory.POOLING,
      "Average over sliding windows of a C×L sequence.",
      1,
      1,
      poolParams(1, false),
      (a, in) -> LayerRules.pool(a, in, 1, false)),
  AVGPOOL2D(
      "AvgPool2d",
      LayerCategory.POOLING,
      "Average over sliding windows of a C×H×W image.",
      1,
      1,
      poolParams(2, false),
      (a, in) -> LayerRules.pool(a, in, 2, false)),
  ADAPTIVE_AVGPOOL2D(
      "AdaptiveAvgPool2d",
      LayerCategory.POOLING,
      "Averages to a fixed H×W whatever the input size; the output may be larger than the input.",
      1,
      1,
      List.of(tuple("output_size", 2, 1, 1, "Target height and width (one number for both)")),
      LayerRules::adaptiveAvgPool),
  GLOBAL_AVGPOOL(
      "GlobalAvgPool",
      LayerCategory.POOLING,
      "Averages each channel over all positions: C×H×W → C (AdaptiveAvgPool2d(1) + Flatten).",
      1,
      1,
      List.of(),
      LayerRules::globalAvgPool),
  BATCHNORM1D(
      "BatchNorm1d",
      LayerCategory.NORMALIZATION,
      "Batch normalization of C or C×L inputs; num_features is inferred.",
      1,
      1,
      batchNormParams(),
      (a, in) -> LayerRules.batchNorm(a, in, 1)),
  BATCHNORM2D(
      "BatchNorm2d",
      LayerCategory.NORMALIZATION,
      "Batch normalization of C×H×W images per channel; num_features is inferred.",
      1,
      1,
      batchNormParams(),
      (a, in) -> LayerRules.batchNorm(a, in, 2)),
  LAYERNORM(
      "LayerNorm",
      LayerCategory.NORMALIZATION,
      "Normalizes over the last dimension of each sample; normalized_shape is inferred.",
      1,
      1,
      List.of(
          real("eps", 1e-5, 0.0, null, "Added to the variance for numerical stability"),
          bool("elementwise_affine", true, "Learn a per-element scale and shift")),
      LayerRules::layerNorm),
  DROPOUT(
      "Dropout",
      LayerCategory.REGULARIZATION,
      "Zeroes elements with probability p while training, scaling the rest by 1/(1-p).",
      1,
      1,
      List.of(real("p", 0.5, 0.0, 1.0, "Probability of zeroing an element")),
      LayerRules::identity),
  RELU("ReLU", LayerCategory.ACTIVATION, "max(0, x).", 1, 1, List.of(), LayerRules::identity),
  LEAKY_RELU(
      "LeakyReLU",
      LayerCategory.ACTIVATION,
      "x for x ≥ 0, negative_slope·x otherwise.",
      1,
      1,
      List.of(real("negative_slope", 0.01, 0.0, null, "Slope for negative inputs")),
      LayerRules::identity),
  GELU(
      "GELU",
      LayerCategory.ACTIVATION,
      "Gaussian error linear unit, x·Φ(x).",
      1,
      1,
      List.of(
          choice(
              "approximate",
              "none",
              List.of("none", "tanh"),
              "Exact (none) or the tanh approximation")),
      LayerRules::identity),
  SIGMOID(
      "Sigmoid",
      LayerCategory.ACTIVATION,
      "1 / (1 + e^−x).",
      1,
      1,
      List.of(),
      LayerRules::identity),
  TANH(
      "Tanh",
      LayerCategory.ACTIVATION,
      "Hyperbolic tangent.",
      1,
      1,
      List.of(),
      LayerRules::identity),
  SOFTMAX(
      "Softmax",
      LayerCategory.ACTIVATION,
      "Exponentials normalized to sum to 1 along dim. Leave it out before CrossEntropyLoss.",
      1,
      1,
      List.of(dimParam()),
      LayerRules::softmax),
  LOG_SOFTMAX(
      "LogSoftmax",
      LayerCategory.ACTIVATION,
      "log(Softmax) along dim, computed stably.",
      1,
      1,
      List.of(dimParam()),
      LayerRules::softmax),
  FLATTEN(
      "Flatten",
      LayerCategory.RESHAPE,
      "Merges dimensions start_dim…end_dim into one (dims count the batch as 0, as in PyTorch).",
      1,
      1,
      List.of(
          integer("start_dim", 1, null, null, "First dimension to merge; 0 is the batch"),
          integer("end_dim", -1, null, null, "Last dimension to merge; −1 is the last")),
      LayerRules::flatten),
  RESHAPE(
      "Reshape",
      LayerCategory.RESHAPE,
      "Views each sample with a new shape of the same size; one entry may be −1 (inferred).",
      1,
      1,
      List.of(
          intList("shape", List.of(-1), -1, "Target shape without the batch; −1 takes the rest")),
      LayerRules::reshape),
  EMBEDDING(
      "Embedding",
      LayerCategory.SEQUENCE,
      "Looks up a learned vector for each integer token id: T → T×embedding_dim.",
      1,
      1,
      List.of(
          integer(
              "num_embeddings",
              1000,
              0,
              null,
              "Vocabulary size; 0: the text dataset's vocabulary size, set when it is chosen"),
          integer("embedding_dim", 64, 1, null, "Size of each vector"),
          optionalInteger("padding_idx", null, "Token id whose vector stays zero and untrained")),
      LayerRules::embedding),
  RNN(
      "RNN",
      LayerCategory.SEQUENCE,
      "Elman recurrent layer over T×F sequences (batch first); input_size is inferred.",
      1,
      1,
      recurrentParams(true),
      (a, in) -> LayerRules.recurrent(a, in, 1)),
  LSTM(
      "LSTM",
      LayerCategory.SEQUENCE,
      "Long short-term memory over T×F sequences (batch first); input_size is inferred.",
      1,
      1,
      recurrentParams(false),
      (a, in) -> LayerRules.recurrent(a, in, 4)),
  GRU(
      "GRU",
      LayerCategory.SEQUENCE,
      "Gated recurrent unit over T×F sequences (batch first); input_size is inferred.",
      1,
      1,
      recurrentParams(false),
      (a, in) -> LayerRules.recurrent(a, in, 3)),
  ADD(
      "Add",
      LayerCategory.MERGE,
      "Elementwise sum of its inputs with PyTorch broadcasting (a residual connection).",
      2,
      Integer.MAX_VALUE,
      List.of(),
      LayerRules::add),
  CONCAT(
      "Concat",
      LayerCategory.MERGE,
      "Joins its inputs along dim (1 = channels); the other dimensions must match.",
      2,
      Integer.MAX_VALUE,
      List.of(integer("dim", 1, null, null, "Dimension to join along; 0 is the batch")),
      LayerRules::concat),
  IDENTITY(
      "Identity",
      LayerCategory.CORE,
      "Passes its input through unchanged (a placeholder, or a removed head).",
      1,
      1,
      List.of(),
      LayerRules::identity);

  /** A layer's shape, tensor and cost rule. */
  @FunctionalInterface
  interface Rule {
    LayerOutcome apply(Args args, List<Shape> inputs) throws ShapeException;
  }

  private final String typeName;
  private final LayerCategory category;
  private final String doc;
  private final int minInputs;
  private final int maxInputs;
  private final List<ParamSpec> params;
  private final Rule rule;

  LayerType(
      String typeName,
      LayerCategory category,
      String doc,
      int minInputs,
      int maxInputs,
      List<ParamSpec> params,
      Rule rule) {
    this.typeName = typeName;
    this.category = category;
    this.doc = doc;
    this.minInputs = minInputs;
    this.maxInputs = maxInputs;
    this.params = List.copyOf(params);
    this.rule = rule;
  }

  /** The name used in JSON and shown to people; PyTorch's class name where PyTorch has one. */
  public String typeName() {
    return typeName;
  }

  public LayerCategory category() {
    return category;
  }

  public String doc() {
    return doc;
  }

  public int minInputs() {
    return minInputs;
  }

  public int maxInputs() {
    return maxInputs;
  }

  public List<ParamSpec> params() {
    return params;
  }

  /** The spec of one parameter; throws for names the schema does not have. */
  public ParamSpec param(String name) {
    return findParam(name)
        .orElseThrow(() -> new IllegalArgumentException(typeName + " has no parameter " + name));
  }

  public Optional<ParamSpec> findParam(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Checks every given value against the schema; returns one sentence per problem. */
  public List<String> checkParams(Params given) {
    List<String> problems = new ArrayList<>();
    given
        .values()
        .forEach(
            (name, value) ->
                findParam(name)
                    .ifPresentOrElse(
                        spec -> spec.check(value).ifPresent(problems::add),
                        () -> problems.add(unknownParam(name))));
    return problems;
  }

  /** The given params resolved against this schema (defaults filled in), for compilers. */
  public Args args(Params given) {
    return new Args(this, given);
  }

  /** Applies the shape rule to params that passed {@link #checkParams}. */
  public LayerOutcome apply(Params given, List<Shape> inputs) throws ShapeException {
    return rule.apply(new Args(this, given), inputs);
  }

  /** Looks a type up by its JSON name, ignoring case ("conv2d" finds Conv2d). */
  public static Optional<LayerType> byName(String name) {
    return Arrays.stream(values()).filter(t -> t.typeName.equalsIgnoreCase(name)).findFirst();
  }

  private String unknownParam(String name) {
    String known =
        params.isEmpty()
            ? typeName + " takes no parameters"
            : "it takes " + String.join(", ", params.stream().map(ParamSpec::name).toList());
    return "unknown parameter '" + name + "' (" + known + ")";
  }

  private static ParamSpec dimParam() {
    return integer(
        "dim",
        1,
        null,
        null,
        "Dimension to normalize over; 0 is the batch, 1 the first feature dim");
  }

  private static List<ParamSpec> convParams(int n) {
    String unit = n == 1 ? "length" : "height and width (one number for both)";
    return List.of(
        integer("out_channels", 16, 1, null, "Number of filters, the output's channels"),
        tuple("kernel_size", n, 3, 1, "Filter size: " + unit),
        tuple("stride", n, 1, 1, "Step between filter positions"),
        tuple("padding", n, 0, 0, "Zeros added on each side"),
        tuple("dilation", n, 1, 1, "Spacing between filter taps"),
        integer("groups", 1, 1, null, "Split channels into groups (in_channels for depthwise)"),
        bool("bias", true, "Learn an additive bias per output channel"));
  }

  private static List<ParamSpec> poolParams(int n, boolean max) {
    List<ParamSpec> list = new ArrayList<>();
    list.add(tuple("kernel_size", n, 2, 1, "Window size"));
    list.add(optionalTuple("stride", n, 1, "Step between windows; empty means kernel_size"));
    list.add(tuple("padding", n, 0, 0, "Implicit padding on each side, at most half the window"));
    if (max) {
      list.add(tuple("dilation", n, 1, 1, "Spacing between window taps"));
    }
    list.add(bool("ceil_mode", false, "Round the output size up instead of down"));
    if (!max) {
      list.add(bool("count_include_pad", true, "Count padding zeros in the average"));
    }
    return list;
  }

  private static List<ParamSpec> batchNormParams() {
    return List.of(
        real("eps", 1e-5, 0.0, null, "Added to the variance for numerical stability"),
        real("momentum", 0.1, 0.0, 1.0, "Weight of the newest batch in the running statistics"),
        bool("affine", true, "Learn a per-channel scale (weight) and shift (bias)"),
        bool("track_running_stats", true, "Keep running mean/variance for evaluation"));
  }

  private static List<ParamSpec> recurrentParams(boolean elman) {
    List<ParamSpec> list = new ArrayList<>();
    list.add(integer("hidden_size", 64, 1, null, "Size of the hidden state"));
    list.add(integer("num_layers", 1, 1, null, "Stacked recurrent layers"));
    list.add(bool("bias", true, "Learn bias_ih and bias_hh"));
    list.add(bool("bidirectional", false, "Also run backwards and concatenate both directions"));
    list.add(real("dropout", 0.0, 0.0, 1.0, "Dropout between stacked layers (not after the last)"));
    if (elman) {
      list.add(choice("nonlinearity", "tanh", List.of("tanh", "relu"), "Activation of the cell"));
    }
    list.add(
        choice(
            "output",
            "sequence",
            List.of("sequence", "final_hidden"),
            "sequence: every step's output (T×H·dirs); final_hidden: the last layer's final hidden state (H·dirs)"));
    return list;
  }
}
