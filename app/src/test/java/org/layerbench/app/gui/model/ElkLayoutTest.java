package org.layerbench.app.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.Templates;

class ElkLayoutTest {
  @Test
  void resnet50IsLaidOutTopToBottomWithoutOverlapsAndGroupsStayApart() {
    ModelGraph g = Templates.find("resnet50").orElseThrow().create();
    assertThat(ElkLayout.needsLayout(g)).isTrue();
    ModelGraph laid = GraphEdits.move(g, ElkLayout.layout(g));
    assertThat(ElkLayout.needsLayout(laid)).isFalse();
    for (Edge e : laid.edges()) {
      Node from = laid.node(e.from()).orElseThrow();
      Node to = laid.node(e.to()).orElseThrow();
      assertThat(to.y()).as(e.toString()).isGreaterThan(from.y());
    }
    // Sibling blocks' boxes do not overlap.
    Map<String, GroupBoxes.Box> boxes = GroupBoxes.compute(laid);
    var a = boxes.get("layer1.0/");
    var b = boxes.get("layer1.1/");
    assertThat(a.y() + a.h() <= b.y() || b.y() + b.h() <= a.y()).isTrue();
    // A group's box encloses its nodes.
    Node conv = laid.node("layer1.0.conv1").orElseThrow();
    assertThat(a.contains(conv.x(), conv.y())).isTrue();
  }

  @Test
  void aCollapsedStageIsLaidOutAsOneCard() {
    ModelGraph g = Templates.find("resnet50").orElseThrow().create();
    ModelGraph full = GraphEdits.move(g, ElkLayout.layout(g));
    ModelGraph folded = GraphEdits.setCollapsed(full, "layer3/", true);
    ModelGraph compact = GraphEdits.move(folded, ElkLayout.layout(folded));
    double fcFull = full.node("fc").orElseThrow().y();
    double fcCompact = compact.node("fc").orElseThrow().y();
    assertThat(fcCompact).isLessThan(fcFull - 2000);
    assertThat(ElkLayout.needsLayout(compact)).isFalse();
    // Hidden layers keep their arrangement relative to each other.
    Node a = compact.node("layer3.0.conv1").orElseThrow();
    Node b = compact.node("layer3.0.conv2").orElseThrow();
    Node a0 = full.node("layer3.0.conv1").orElseThrow();
    Node b0 = full.node("layer3.0.conv2").orElseThrow();
    assertThat(b.y() - a.y()).isEqualTo(b0.y() - a0.y());
  }
}
