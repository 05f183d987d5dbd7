package org.layerbench.engine.graph;

import static org.layerbench.engine.graph.LayerType.ADAPTIVE_AVGPOOL2D;
import static org.layerbench.engine.graph.LayerType.ADD;
import static org.layerbench.engine.graph.LayerType.BATCHNORM2D;
import static org.layerbench.engine.graph.LayerType.CONCAT;
import static org.layerbench.engine.graph.LayerType.CONV2D;
import static org.layerbench.engine.graph.LayerType.DROPOUT;
import static org.layerbench.engine.graph.LayerType.FLATTEN;
import static org.layerbench.engine.graph.LayerType.GLOBAL_AVGPOOL;
import static org.layerbench.engine.graph.LayerType.LINEAR;
import static org.layerbench.engine.graph.LayerType.MAXPOOL2D;
import static org.layerbench.engine.graph.LayerType.RELU;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Ready-made models. The torchvision ones reproduce torchvision's module tree and names exactly (so
 * a torchvision state_dict loads by name); simplenet and cnnnet are the seed notes' SimpleNet and
 * AlexNet-style CNNNet; the text-* ones ({@link TextTemplates}) read token ids and leave their
 * vocabulary's size to be bound ({@link ModelGraph#bindVocabulary}).
 */
public final class Templates {

  /** A template: its name, what it is, and its defaults. */
  public record Template(
      String name,
      String description,
      int defaultClasses,
      List<Integer> defaultInput,
      BiFunction<Integer, List<Integer>, ModelGraph> factory) {

    public ModelGraph create(int classes, List<Integer> input) {
      if (classes < 1) {
        throw new IllegalArgumentException(
            "the number of classes must be at least 1, got " + classes);
      }
      return factory.apply(classes, List.copyOf(input));
    }

    public ModelGraph create() {
      return create(defaultClasses, defaultInput);
    }
  }

  private static final Map<String, Template> ALL = new LinkedHashMap<>();

  static {
    List<Integer> small = List.of(3, 64, 64);
    List<Integer> imagenet = List.of(3, 224, 224);
    register(
        new Template(
            "simplenet",
            "A first fully connected net (the book's SimpleNet): Flatten → Linear(84) → ReLU → Linear(50) → ReLU → Linear(classes)",
            2,
            small,
            Templates::simpleNet));
    register(
        new Template(
            "cnnnet",
            "An AlexNet-style convolutional net (the book's CNNNet): five convolutions, AdaptiveAvgPool2d(6×6) and three Linear layers",
            2,
            small,
            (c, in) -> alexNet("cnnnet", c, in)));
    register(
        new Template(
            "smallcnn",
            "A small three-stage CNN (Conv-BN-ReLU-MaxPool ×3, global pool, Linear) that trains in seconds on a CPU",
            3,
            small,
            Templates::smallCnn));
    register(
        new Template(
            "alexnet",
            "torchvision's AlexNet",
            1000,
            imagenet,
            (c, in) -> alexNet("alexnet", c, in)));
    register(
        new Template(
            "resnet18",
            "torchvision's ResNet-18 (BasicBlock ×[2,2,2,2])",
            1000,
            imagenet,
            (c, in) -> resNet("resnet18", false, new int[] {2, 2, 2, 2}, c, in)));
    register(
        new Template(
            "resnet34",
            "torchvision's ResNet-34 (BasicBlock ×[3,4,6,3])",
            1000,
            imagenet,
            (c, in) -> resNet("resnet34", false, new int[] {3, 4, 6, 3}, c, in)));
    register(
        new Template(
            "resnet50",
            "torchvision's ResNet-50 (Bottleneck ×[3,4,6,3])",
            1000,
            imagenet,
            (c, in) -> resNet("resnet50", true, new int[] {3, 4, 6, 3}, c, in)));
    register(
        new Template(
            "inception",
            "A small net around one Inception block: 1×1, 1×1→3×3, 1×1→5×5 and pool→1×1 branches, concatenated",
            10,
            small,
            Templates::inception));
    List<Integer> tokens = TextTemplates.DEFAULT_INPUT;
    register(
        new Template(
            "text-lstm",
            "A text classifier (the book's chapter 5): Embedding(vocabulary, 300) → LSTM(100), its final hidden state → Linear(classes); input: T token ids",
            2,
            tokens,
            TextTemplates::lstm));
    register(
        new Template(
            "text-bilstm",
            "A text classifier: Embedding(vocabulary, 100) → bidirectional LSTM(128), both final states → Linear(classes); input: T token ids",
            2,
            tokens,
            TextTemplates::bilstm));
    register(
        new Template(
            "text-gru",
            "A text classifier: Embedding(vocabulary, 100) → GRU(128), its final state → Linear(classes); input: T token ids",
            2,
            tokens,
            TextTemplates::gru));
  }

  private Templates() {}

  private static void register(Template t) {
    ALL.put(t.name(), t);
  }

  public static List<Template> all() {
    return List.copyOf(ALL.values());
  }

  public static List<String> names() {
    return List.copyOf(ALL.keySet());
  }

  public static Optional<Template> find(String name) {
    return Optional.ofNullable(ALL.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  // ---- builders ----

  private static Params conv(int out, int k, int s, int p, boolean bias) {
    Params params = Params.of("out_channels", out, "kernel_size", k);
    if (s != 1) {
      params = params.with("stride", s);
    }
    if (p != 0) {
      params = params.with("padding", p);
    }
    return bias ? params : params.with("bias", false);
  }

  private static ModelGraph simpleNet(int classes, List<Integer> input) {
    GraphBuilder b = new GraphBuilder("simplenet");
    String x = b.input(input);
    x = b.add("flatten", FLATTEN, Params.EMPTY, x);
    x = b.add("fc1", LINEAR, Params.of("out_features", 84), x);
    x = b.add("relu1", RELU, Params.EMPTY, x);
    x = b.add("fc2", LINEAR, Params.of("out_features", 50), x);
    x = b.add("relu2", RELU, Params.EMPTY, x);
    b.add("fc3", LINEAR, Params.of("out_features", classes), x);
    return b.build();
  }

  /** torchvision's AlexNet; the seed's CNNNet is the same network under another name. */
  private static ModelGraph alexNet(String name, int classes, List<Integer> input) {
    GraphBuilder b = new GraphBuilder(name);
    String x = b.input(input);
    b.begin("features", "Sequential");
    x = b.add("0", CONV2D, conv(64, 11, 4, 2, true), x);
    x = b.add("1", RELU, Params.EMPTY, x);
    x = b.add("2", MAXPOOL2D, Params.of("kernel_size", 3, "stride", 2), x);
    x = b.add("3", CONV2D, conv(192, 5, 1, 2, true), x);
    x = b.add("4", RELU, Params.EMPTY, x);
    x = b.add("5", MAXPOOL2D, Params.of("kernel_size", 3, "stride", 2), x);
    x = b.add("6", CONV2D, conv(384, 3, 1, 1, true), x);
    x = b.add("7", RELU, Params.EMPTY, x);
    x = b.add("8", CONV2D, conv(256, 3, 1, 1, true), x);
    x = b.add("9", RELU, Params.EMPTY, x);
    x = b.add("10", CONV2D, conv(256, 3, 1, 1, true), x);
    x = b.add("11", RELU, Params.EMPTY, x);
    x = b.add("12", MAXPOOL2D, Params.of("kernel_size", 3, "stride", 2), x);
    b.end();
    x = b.add("avgpool", ADAPTIVE_AVGPOOL2D, Params.of("output_size", List.of(6, 6)), x);
    x = b.add("flatten", FLATTEN, Params.EMPTY, x);
    b.begin("classifier", "Sequential");
    x = b.add("0", DROPOUT, Params.of("p", 0.5), x);
    x = b.add("1", LINEAR, Params.of("out_features", 4096), x);
    x = b.add("2", RELU, Params.EMPTY, x);
    x = b.add("3", DROPOUT, Params.of("p", 0.5), x);
    x = b.add("4", LINEAR, Params.of("out_features", 4096), x);
    x = b.add("5", RELU, Params.EMPTY, x);
    b.add("6", LINEAR, Params.of("out_features", classes), x);
    b.end();
    return b.build();
  }

  private static ModelGraph smallCnn(int classes, List<Integer> input) {
    GraphBuilder b = new GraphBuilder("smallcnn");
    String x = b.input(input);
    b.begin("features", "Sequential");
    int index = 0;
    for (int width : new int[] {16, 32, 64}) {
      x = b.add(String.valueOf(index++), CONV2D, conv(width, 3, 1, 1, false), x);
      x = b.add(String.valueOf(index++), BATCHNORM2D, Params.EMPTY, x);
      x = b.add(String.valueOf(index++), RELU, Params.EMPTY, x);
      x = b.add(String.valueOf(index++), MAXPOOL2D, Params.of("kernel_size", 2), x);
    }
    b.end();
    x = b.add("pool", GLOBAL_AVGPOOL, Params.EMPTY, x);
    x = b.add("dropout", DROPOUT, Params.of("p", 0.2), x);
    b.add("fc", LINEAR, Params.of("out_features", classes), x);
    return b.build();
  }

  /**
   * torchvision's ResNet (v1.5: a Bottleneck strides in its 3×3 conv). Nodes are added in the order
   * torchvision registers modules, so the state_dict order matches too.
   */
  private static ModelGraph resNet(
      String name, boolean bottleneck, int[] blocks, int classes, List<Integer> input) {
    GraphBuilder b = new GraphBuilder(name);
    String x = b.input(input);
    x = b.add("conv1", CONV2D, conv(64, 7, 2, 3, false), x);
    x = b.add("bn1", BATCHNORM2D, Params.EMPTY, x);
    x = b.add("relu", RELU, Params.EMPTY, x);
    x = b.add("maxpool", MAXPOOL2D, Params.of("kernel_size", 3, "stride", 2, "padding", 1), x);
    int expansion = bottleneck ? 4 : 1;
    int inPlanes = 64;
    for (int stage = 0; stage < 4; stage++) {
      int planes = 64 << stage;
      b.begin("layer" + (stage + 1), "Sequential");
      for (int i = 0; i < blocks[stage]; i++) {
        int stride = stage > 0 && i == 0 ? 2 : 1;
        boolean downsample = stride != 1 || inPlanes != planes * expansion;
        b.begin(String.valueOf(i), bottleneck ? "Bottleneck" : "BasicBlock");
        x =
            bottleneck
                ? bottleneck(b, x, planes, stride, downsample)
                : basicBlock(b, x, planes, stride, downsample);
        b.end();
        inPlanes = planes * expansion;
      }
      b.end();
    }
    x = b.add("avgpool", ADAPTIVE_AVGPOOL2D, Params.of("output_size", 1), x);
    x = b.add("flatten", FLATTEN, Params.EMPTY, x);
    b.add("fc", LINEAR, Params.of("out_features", classes), x);
    return b.build();
  }

  private static String basicBlock(
      GraphBuilder b, String in, int planes, int stride, boolean downsample) {
    int top = b.row();
    String x = b.add("conv1", CONV2D, conv(planes, 3, stride, 1, false), in);
    x = b.add("bn1", BATCHNORM2D, Params.EMPTY, x);
    x = b.add("relu", RELU, Params.EMPTY, x);
    x = b.add("conv2", CONV2D, conv(planes, 3, 1, 1, false), x);
    x = b.add("bn2", BATCHNORM2D, Params.EMPTY, x);
    return shortcutAndAdd(b, in, x, planes, stride, downsample, top);
  }

  private static String bottleneck(
      GraphBuilder b, String in, int planes, int stride, boolean downsample) {
    int top = b.row();
    String x = b.add("conv1", CONV2D, conv(planes, 1, 1, 0, false), in);
    x = b.add("bn1", BATCHNORM2D, Params.EMPTY, x);
    x = b.add("relu", RELU, Params.EMPTY, x);
    x = b.add("conv2", CONV2D, conv(planes, 3, stride, 1, false), x);
    x = b.add("bn2", BATCHNORM2D, Params.EMPTY, x);
    x = b.add("relu", RELU, Params.EMPTY, x);
    x = b.add("conv3", CONV2D, conv(planes * 4, 1, 1, 0, false), x);
    x = b.add("bn3", BATCHNORM2D, Params.EMPTY, x);
    return shortcutAndAdd(b, in, x, planes * 4, stride, downsample, top);
  }

  /** The identity or 1×1-conv shortcut, the residual Add, and the block's final ReLU. */
  private static String shortcutAndAdd(
      GraphBuilder b,
      String in,
      String main,
      int outPlanes,
      int stride,
      boolean downsample,
      int top) {
    String shortcut = in;
    int bottom = b.row();
    if (downsample) {
      b.column(1);
      b.row(top);
      b.begin("downsample", "Sequential");
      shortcut = b.add("0", CONV2D, conv(outPlanes, 1, stride, 0, false), in);
      shortcut = b.add("1", BATCHNORM2D, Params.EMPTY, shortcut);
      b.end();
      b.column(0);
      b.row(bottom);
    }
    String sum = b.add("add", ADD, Params.EMPTY, main, shortcut);
    return b.add("relu", RELU, Params.EMPTY, sum);
  }

  private static ModelGraph inception(int classes, List<Integer> input) {
    GraphBuilder b = new GraphBuilder("inception");
    String x = b.input(input);
    x = b.add("stem", CONV2D, conv(64, 3, 1, 1, false), x);
    x = b.add("stem_bn", BATCHNORM2D, Params.EMPTY, x);
    x = b.add("stem_relu", RELU, Params.EMPTY, x);
    String in = b.add("stem_pool", MAXPOOL2D, Params.of("kernel_size", 2), x);
    b.begin("inception", "Inception");
    int top = b.row();
    String[] outs = new String[4];
    int[][] branches = {{64}, {48, 64}, {16, 32}, {32}};
    for (int i = 0; i < 4; i++) {
      b.column(i);
      b.row(top);
      b.begin("branch" + (i + 1), "Sequential");
      String y = in;
      int index = 0;
      if (i == 3) {
        y =
            b.add(
                String.valueOf(index++),
                MAXPOOL2D,
                Params.of("kernel_size", 3, "stride", 1, "padding", 1),
                y);
      }
      for (int j = 0; j < branches[i].length; j++) {
        int k = i == 1 && j == 1 ? 3 : i == 2 && j == 1 ? 5 : 1;
        y = b.add(String.valueOf(index++), CONV2D, conv(branches[i][j], k, 1, k / 2, false), y);
        y = b.add(String.valueOf(index++), BATCHNORM2D, Params.EMPTY, y);
        y = b.add(String.valueOf(index++), RELU, Params.EMPTY, y);
      }
      b.end();
      outs[i] = y;
    }
    b.column(0);
    b.row(top + 10);
    x = b.add("concat", CONCAT, Params.of("dim", 1), outs);
    b.end();
    x = b.add("pool", GLOBAL_AVGPOOL, Params.EMPTY, x);
    x = b.add("dropout", DROPOUT, Params.of("p", 0.2), x);
    b.add("fc", LINEAR, Params.of("out_features", classes), x);
    return b.build();
  }
}
