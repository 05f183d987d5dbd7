package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.Templates;

/**
 * The Code tab's listing: for a valid graph exactly model.py's text, with each node's lines in
 * {@code __init__} and {@code forward}; for a graph with errors the code before the first error and
 * the error's sentence as a comment in its place.
 */
class PyTorchCodeListingTest {
  static Stream<String> templates() {
    return Templates.names().stream();
  }

  private static String line(PyTorchCode.Listing l, int i) {
    return l.text().split("\n", -1)[i];
  }

  private static List<String> linesOf(PyTorchCode.Listing l, String nodeId) {
    return l.lines().getOrDefault(nodeId, List.of()).stream().map(i -> line(l, i)).toList();
  }

  @ParameterizedTest
  @MethodSource("templates")
  void aTemplatesListingIsModelPyToTheCharacter(String name) throws Exception {
    GraphAnalysis a = GraphAnalysis.of(ExportFixtures.template(name, 3, List.of(3, 64, 64)));
    PyTorchCode.Listing l = PyTorchCode.listing(a, "header");
    assertThat(l.text()).isEqualTo(PyTorchCode.modelPy(a, "header"));
    assertThat(l.error()).isNull();
    assertThat(l.errorLine()).isEqualTo(-1);
    for (Node n : a.graph().nodes()) {
      if (n.type() != LayerType.INPUT) {
        assertThat(l.lines().get(n.id())).as(n.name()).isNotEmpty();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(LayerType.class)
  void everyLayerTypesListingIsModelPyToTheCharacter(LayerType type) throws Exception {
    GraphAnalysis a = GraphAnalysis.of(ExportFixtures.around(type));
    assertThat(PyTorchCode.listing(a, null).text()).isEqualTo(PyTorchCode.modelPy(a, null));
  }

  @Test
  void aLayerInsideABlockMapsToItsConstructorTheBlocksLinesAndTheCallOfItsStage() {
    GraphAnalysis a =
        GraphAnalysis.of(Templates.find("resnet18").orElseThrow().create(3, List.of(3, 64, 64)));
    PyTorchCode.Listing l = PyTorchCode.listing(a, null);
    String conv = a.nodeAt("layer1.0.conv1").orElseThrow().node().id();
    assertThat(linesOf(l, conv))
        .anyMatch(s -> s.strip().startsWith("conv1=nn.Conv2d(64, 64"))
        .contains("        self.conv1 = conv1", "        out = self.conv1(x)")
        .contains("        x = self.layer1(x)")
        .noneMatch(s -> s.contains("self.layer2"));
    // layer2.1 uses the class written for layer1.0: the class's lines stand for it too.
    String later = a.nodeAt("layer2.1.conv1").orElseThrow().node().id();
    assertThat(linesOf(l, later))
        .contains("        self.conv1 = conv1", "        x = self.layer2(x)")
        .anyMatch(s -> s.strip().startsWith("conv1=nn.Conv2d(128, 128"));
    String fc = a.nodeAt("fc").orElseThrow().node().id();
    assertThat(linesOf(l, fc))
        .containsExactly("        self.fc = nn.Linear(512, 3)", "        x = self.fc(x)");
  }

  @Test
  void aGraphWithAnErrorShowsTheCodeBeforeItAndTheErrorInPlace() {
    ModelGraph g = Templates.find("resnet18").orElseThrow().create(3, List.of(3, 64, 64));
    GraphAnalysis valid = GraphAnalysis.of(g);
    Node conv = valid.nodeAt("layer2.0.conv1").orElseThrow().node();
    GraphAnalysis a =
        GraphAnalysis.of(g.withNode(conv.withParams(conv.params().with("kernel_size", 99))));
    assertThat(a.ok()).isFalse();

    PyTorchCode.Listing l = PyTorchCode.listing(a, null);

    assertThat(l.error()).isEqualTo(a.problems().getFirst().message());
    assertThat(line(l, l.errorLine())).startsWith("        # Error: ");
    assertThat(l.text()).contains("self.layer1 = ", "x = self.layer1(x)", "class BasicBlock");
    assertThat(l.text()).doesNotContain("self.layer3", "self.fc");
    assertThat(l.lines().get(conv.id())).contains(l.errorLine());
    StringBuilder said = new StringBuilder();
    String[] lines = l.text().split("\n");
    for (int i = l.errorLine(); lines[i].startsWith("        #"); i++) {
      said.append(' ').append(lines[i].strip().replaceFirst("^# (Error:)?", "").strip());
      assertThat(l.lines().get(conv.id())).contains(i);
    }
    assertThat(said.toString().strip()).isEqualTo(l.error().replaceAll("\\s+", " ").strip());
  }

  @Test
  void aGraphWithoutInputSaysSoInACommentOnly() {
    ModelGraph g = new ModelGraph("m", List.of(), List.of(), List.of());
    PyTorchCode.Listing l = PyTorchCode.listing(GraphAnalysis.of(g), null);
    assertThat(l.text()).doesNotContain("class ");
    assertThat(l.errorLine()).isGreaterThanOrEqualTo(0);
  }
}
