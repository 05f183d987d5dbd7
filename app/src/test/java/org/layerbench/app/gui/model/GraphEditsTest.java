package org.layerbench.app.gui.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;

class GraphEditsTest {
  private final ModelGraph resnet = Templates.find("resnet18").orElseThrow().create();

  @Test
  void newNodesGetPyTorchStyleNamesUniqueInTheirGroup() {
    ModelGraph g = new ModelGraph("m", List.of(), List.of(), List.of());
    var a = GraphEdits.addNode(g, LayerType.CONV2D, 0, 0);
    var b = GraphEdits.addNode(a.graph(), LayerType.CONV2D, 0, 0);
    var c = GraphEdits.addNode(b.graph(), LayerType.LINEAR, 0, 0);
    assertThat(c.graph().nodes())
        .extracting(n -> n.name())
        .containsExactly("conv1", "conv2", "fc1");
    assertThat(GraphEdits.addNode(resnet, LayerType.CONV2D, 0, 0).id()).isEqualTo("conv2");
  }

  @Test
  void removingTheLastNodesOfAGroupRemovesTheGroup() {
    Set<String> block =
        Set.copyOf(
            resnet.nodes().stream()
                .filter(n -> resnet.isInside(n, "layer4.1/"))
                .map(n -> n.id())
                .toList());
    ModelGraph g = GraphEdits.removeNodes(resnet, block);
    assertThat(g.group("layer4.1/")).isEmpty();
    assertThat(g.group("layer4/")).isPresent();
    assertThat(g.edges()).noneMatch(e -> block.contains(e.from()) || block.contains(e.to()));
  }

  @Test
  void connectReplacesTheWireOnThatPortAndRefusesSelfLoops() {
    ModelGraph g = GraphEdits.connect(resnet, "conv1", "fc", 0);
    assertThat(g.edges()).contains(new Edge("conv1", "fc", 0));
    assertThat(g.edges().stream().filter(e -> e.to().equals("fc"))).hasSize(1);
    assertThat(GraphAnalysis.of(g).ok()).isFalse();
    assertThatThrownBy(() -> GraphEdits.connect(resnet, "fc", "fc", 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void insertAfterInsideAGroupStaysInThatGroup() {
    var a = GraphEdits.insertAfter(resnet, "layer1.0.conv1", LayerType.DROPOUT);
    var n = a.graph().node(a.id()).orElseThrow();
    assertThat(n.group()).isEqualTo("layer1.0/");
    assertThat(a.graph().path(n)).isEqualTo("layer1.0.dropout1");
    assertThat(GraphAnalysis.of(a.graph()).ok()).isTrue();
  }

  @Test
  void pasteGivesFreshIdsAndNames() {
    ModelGraph frag = GraphEdits.fragment(resnet, Set.of("layer1.0.conv1", "layer1.0.bn1"));
    assertThat(frag.edges()).hasSize(1);
    var p = GraphEdits.paste(resnet, frag, 10, 10);
    assertThat(p.ids()).hasSize(2);
    assertThat(p.graph().nodes()).hasSize(resnet.nodes().size() + 2);
    assertThat(p.graph().nodes().stream().map(n -> n.id()).distinct().count())
        .isEqualTo(resnet.nodes().size() + 2);
  }
}
