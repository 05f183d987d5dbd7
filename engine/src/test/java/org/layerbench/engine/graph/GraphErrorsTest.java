package org.layerbench.engine.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Mistakes a person makes on the canvas, each reported once with the node, the cause and a fix. */
class GraphErrorsTest {

  private static List<Integer> img(int c, int h, int w) {
    return List.of(c, h, w);
  }

  @Test
  void linearStraightAfterConvSuggestsFlatten() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(img(3, 32, 32));
    x = b.add("conv1", LayerType.CONV2D, Params.of("out_channels", 8), x);
    String fc = b.add("fc1", LayerType.LINEAR, Params.of("out_features", 10), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());

    assertThat(a.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.nodeId()).isEqualTo(fc);
              assertThat(p.message())
                  .isEqualTo(
                      "Linear 'fc1' expects a flat input (or T×F) but receives 8×30×30 — insert Flatten before it");
            });
    assertThat(a.node(fc).output()).isNull();
  }

  @Test
  void residualAddOfMismatchedShapesNamesBothInputs() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(img(64, 56, 56));
    String main =
        b.add(
            "conv2",
            LayerType.CONV2D,
            Params.of("out_channels", 128, "kernel_size", 3, "stride", 2, "padding", 1),
            x);
    String add = b.add("add", LayerType.ADD, Params.EMPTY, main, x);
    GraphAnalysis a = GraphAnalysis.of(b.build());

    assertThat(a.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.nodeId()).isEqualTo(add);
              assertThat(p.message())
                  .startsWith("Add 'add' cannot add 128×28×28 and 64×56×56")
                  .contains("'conv2' gives 128×28×28")
                  .contains("'input' gives 64×56×56")
                  .contains("downsample");
            });
  }

  @Test
  void addOfBroadcastableShapesWorksAsInPyTorch() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(List.of(3, 3));
    String pooled = b.add("pool", LayerType.AVGPOOL1D, Params.of("kernel_size", List.of(3)), x);
    String add = b.add("add", LayerType.ADD, Params.EMPTY, x, pooled);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems()).isEmpty();
    assertThat(a.node(pooled).output()).isEqualTo(Shape.of(3, 1));
    assertThat(a.node(add).output()).isEqualTo(Shape.of(3, 3));
  }

  @Test
  void cycleIsReportedOnEachNodeOfIt() {
    ModelGraph g =
        new ModelGraph(
            "m",
            List.of(
                new Node("in", "in", LayerType.INPUT, Params.of("shape", List.of(4)), null, 0, 0),
                new Node("a", "a", LayerType.ADD, Params.EMPTY, null, 0, 0),
                new Node("b", "b", LayerType.RELU, Params.EMPTY, null, 0, 0),
                new Node("c", "c", LayerType.LINEAR, Params.of("out_features", 2), null, 0, 0)),
            List.of(
                new Edge("in", "a", 0),
                new Edge("b", "a", 1),
                new Edge("a", "b", 0),
                new Edge("b", "c", 0)),
            List.of());
    GraphAnalysis a = GraphAnalysis.of(g);
    assertThat(a.problems()).extracting(Problem::nodeId).containsExactlyInAnyOrder("a", "b");
    assertThat(a.problems())
        .allSatisfy(
            p ->
                assertThat(p.message())
                    .contains("is on a cycle")
                    .contains("'a' → 'b'")
                    .contains("delete one of these wires"));
    assertThat(a.node("c").output()).isNull();
  }

  @Test
  void danglingInputsAndLooseEnds() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(List.of(10));
    String relu = b.add("relu", LayerType.RELU, Params.EMPTY);
    String fc = b.add("fc", LayerType.LINEAR, Params.of("out_features", 2), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems())
        .anySatisfy(
            p -> {
              assertThat(p.nodeId()).isEqualTo(relu);
              assertThat(p.message())
                  .isEqualTo("ReLU 'relu' has no input — wire an output into it (or delete it)");
            });
    assertThat(a.problems())
        .anySatisfy(
            p -> {
              assertThat(p.nodeId()).isEqualTo(fc);
              assertThat(p.message()).contains("is one of 2 loose ends");
            });
  }

  @Test
  void mergeWithOneInputAndTwoWiresOnOnePort() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(List.of(10));
    String add = b.add("add", LayerType.ADD, Params.EMPTY, x);
    String fc = b.add("fc", LayerType.LINEAR, Params.of("out_features", 2), add);
    ModelGraph g = b.build();
    GraphAnalysis a = GraphAnalysis.of(g);
    assertThat(a.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .isEqualTo(
                        "Add 'add' needs at least 2 inputs but receives 1 — wire another branch into it"));

    List<Edge> edges = new java.util.ArrayList<>(g.edges());
    edges.add(new Edge(x, fc, 0));
    GraphAnalysis twice = GraphAnalysis.of(new ModelGraph("m", g.nodes(), edges, g.groups()));
    assertThat(twice.problems())
        .anySatisfy(
            p ->
                assertThat(p.message())
                    .contains("Linear 'fc' receives 'add' and 'input' on the same input port 0")
                    .contains("Add or Concat"));
  }

  @Test
  void kernelLargerThanInput() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(img(3, 8, 8));
    String conv =
        b.add("conv", LayerType.CONV2D, Params.of("out_channels", 4, "kernel_size", 11), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.nodeId()).isEqualTo(conv);
              assertThat(p.message())
                  .isEqualTo(
                      "Conv2d 'conv' has a window of 11×11 but its padded input is only 8×8 — use a smaller kernel_size or dilation, add padding, or feed it a larger input");
            });
  }

  @Test
  void poolTooLargeAfterDownsampling() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(img(3, 4, 4));
    x = b.add("pool1", LayerType.MAXPOOL2D, Params.of("kernel_size", 2), x);
    x = b.add("pool2", LayerType.MAXPOOL2D, Params.of("kernel_size", 2), x);
    String p3 = b.add("pool3", LayerType.MAXPOOL2D, Params.of("kernel_size", 2), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems()).singleElement().satisfies(p -> assertThat(p.nodeId()).isEqualTo(p3));
  }

  @Test
  void outOfRangeAndMistypedParameters() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(img(3, 8, 8));
    x = b.add("drop", LayerType.DROPOUT, Params.of("p", 1.5), x);
    b.add("conv", LayerType.CONV2D, Params.of("out_channels", 0, "kernel_size", "3"), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems())
        .extracting(Problem::message)
        .containsExactly(
            "Dropout 'drop': p must be 0 … 1, got 1.5",
            "Conv2d 'conv': out_channels must be ≥ 1, got 0",
            "Conv2d 'conv': kernel_size must be a whole number or a list of 2, got \"3\"");
  }

  @Test
  void convAfterFlattenAndGroupsThatDoNotDivide() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(img(6, 8, 8));
    String flat = b.add("flat", LayerType.FLATTEN, Params.EMPTY, x);
    b.add("conv_flat", LayerType.CONV2D, Params.EMPTY, flat);
    b.add("conv_groups", LayerType.CONV2D, Params.of("out_channels", 8, "groups", 4), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems())
        .anySatisfy(
            p ->
                assertThat(p.message())
                    .startsWith("Conv2d 'conv_flat' expects a C×H×W input but receives 384")
                    .contains("remove the Flatten"));
    assertThat(a.problems())
        .anySatisfy(
            p ->
                assertThat(p.message())
                    .startsWith(
                        "Conv2d 'conv_groups' has groups=4 but in_channels=6 and out_channels=8"));
  }

  @Test
  void sameNameForTwoWeightedLayersCollides() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(List.of(10));
    x = b.add("fc", LayerType.LINEAR, Params.of("out_features", 5), x);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 2), x);
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.message())
                    .contains("has the same name as Linear 'fc'")
                    .contains("rename one"));
  }

  @Test
  void noInputNode() {
    GraphAnalysis a =
        GraphAnalysis.of(
            new ModelGraph(
                "m",
                List.of(new Node("r", "r", LayerType.RELU, Params.EMPTY, null, 0, 0)),
                List.of(),
                List.of()));
    assertThat(a.problems())
        .anySatisfy(p -> assertThat(p.message()).contains("the model has no Input node"));
  }

  @Test
  void errorsUpstreamAreNotRepeatedDownstream() {
    GraphBuilder b = new GraphBuilder("m");
    String x = b.input(img(3, 32, 32));
    x = b.add("conv", LayerType.CONV2D, Params.of("out_channels", 8, "kernel_size", 99), x);
    x = b.add("relu", LayerType.RELU, Params.EMPTY, x);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 2), x);
    assertThat(GraphAnalysis.of(b.build()).problems()).hasSize(1);
  }
}
