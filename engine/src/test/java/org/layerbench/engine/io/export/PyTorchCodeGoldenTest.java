package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.graph.Templates;

/**
 * model.py and the Code tab's listing, to the character, for every template (ResNet-18 and the
 * branchy Inception among them), a model around every layer type, a hand-made graph with odd names
 * and repeated group kinds, and a graph with an error. The files in {@code golden/pytorch-code}
 * were written by the generator before it was split into classes; regenerate them (only for a
 * deliberate change of the generated code) with {@code LAYERBENCH_WRITE_GOLDEN=<that folder>}.
 */
class PyTorchCodeGoldenTest {
  private static final List<Integer> IMAGE = List.of(3, 64, 64);

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (String name : Templates.names()) {
      all.add(Arguments.of(name, ExportFixtures.template(name, 3, IMAGE)));
    }
    for (LayerType t : LayerType.values()) {
      all.add(
          Arguments.of(
              "around-" + t.typeName().toLowerCase(java.util.Locale.ROOT),
              ExportFixtures.around(t)));
    }
    all.add(Arguments.of("odd-names", oddNames()));
    all.add(Arguments.of("resnet18-error", resnet18WithError()));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theGeneratedCodeAndListingAreAsBefore(String name, ModelGraph g) throws Exception {
    GraphAnalysis a = GraphAnalysis.of(g);
    PyTorchCode.Listing l = PyTorchCode.listing(a, "header");
    String code = a.ok() ? PyTorchCode.modelPy(a, "header") : l.text();
    String lines = lines(a, l);
    String dir = System.getenv("LAYERBENCH_WRITE_GOLDEN");
    if (dir != null) {
      Files.writeString(Path.of(dir, name + ".py.txt"), code);
      Files.writeString(Path.of(dir, name + ".lines.txt"), lines);
      return;
    }
    assertThat(code).isEqualTo(read(name + ".py.txt"));
    assertThat(l.text()).isEqualTo(code);
    assertThat(lines).isEqualTo(read(name + ".lines.txt"));
  }

  /** The listing's line map by node path (ids are not part of the contract), and its error. */
  private static String lines(GraphAnalysis a, PyTorchCode.Listing l) {
    TreeMap<String, List<Integer>> byPath = new TreeMap<>();
    for (Node n : a.graph().nodes()) {
      if (l.lines().containsKey(n.id())) {
        byPath.put(a.graph().path(n), l.lines().get(n.id()));
      }
    }
    StringBuilder sb = new StringBuilder();
    byPath.forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
    sb.append("error: ").append(l.error()).append(" at ").append(l.errorLine()).append('\n');
    return sb.toString();
  }

  private static String read(String file) throws IOException {
    try (InputStream in =
        PyTorchCodeGoldenTest.class.getResourceAsStream("/golden/pytorch-code/" + file)) {
      assertThat(in).as(file).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static ModelGraph resnet18WithError() {
    ModelGraph g = Templates.find("resnet18").orElseThrow().create(3, IMAGE);
    Node conv = GraphAnalysis.of(g).nodeAt("layer2.0.conv1").orElseThrow().node();
    return g.withNode(conv.withParams(conv.params().with("kernel_size", 99)));
  }

  /**
   * Names that are not Python identifiers or are keywords (add_module, getattr, OrderedDict), a
   * chain with named members, and two groups of one kind with different wiring.
   */
  private static ModelGraph oddNames() {
    GraphBuilder b = new GraphBuilder("odd net");
    String x = b.input(List.of(3, 8, 8));
    b.begin("stem", "Stem");
    x = b.add("conv", LayerType.CONV2D, conv(4), x);
    x = b.add("act", LayerType.RELU, Params.EMPTY, x);
    b.end();
    b.begin("block-1", "Branch");
    String left = b.add("left", LayerType.CONV2D, conv(4), x);
    String right = b.add("right-path", LayerType.CONV2D, conv(4), x);
    x = b.add("sum", LayerType.ADD, Params.EMPTY, left, right);
    b.end();
    b.begin("block2", "Branch");
    left = b.add("left", LayerType.CONV2D, conv(4), x);
    String extra = b.add("extra", LayerType.CONV2D, conv(4), x);
    x = b.add("cat", LayerType.CONCAT, Params.of("dim", 1), left, extra);
    b.end();
    b.begin("block3", "Branch");
    left = b.add("left", LayerType.CONV2D, conv(8), x);
    extra = b.add("extra", LayerType.CONV2D, conv(8), x);
    x = b.add("cat", LayerType.CONCAT, Params.of("dim", 1), left, extra);
    b.end();
    x = b.add("class", LayerType.RELU, Params.EMPTY, x);
    x = b.add("pool", LayerType.GLOBAL_AVGPOOL, Params.EMPTY, x);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 3), x);
    return b.build();
  }

  private static Params conv(int out) {
    return Params.of("out_channels", out, "kernel_size", 3, "padding", 1);
  }
}
