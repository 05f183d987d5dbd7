package org.layerbench.app.gui.model;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.NodeReport;

/**
 * A collapsed group on the canvas: one card in place of its layers, with its path, kind, how many
 * layers it holds, their parameters and the shape leaving it. Double-click expands it again.
 */
final class GroupCard extends Region {
  private final String groupId;
  private final Label name = new Label();
  private final Label kind = new Label();
  private final Label detail = new Label();
  private final Label shape = new Label();
  private final Label count = new Label();
  private final VBox card;

  GroupCard(String groupId) {
    this.groupId = groupId;
    getStyleClass().addAll("graph-node", "group-card");
    setId("group-" + groupId.replace('/', '_'));
    name.getStyleClass().add("node-name");
    kind.getStyleClass().add("node-type");
    detail.getStyleClass().add("node-params");
    shape.getStyleClass().add("node-shape");
    count.getStyleClass().add("node-count");
    Region s1 = new Region();
    Region s2 = new Region();
    HBox.setHgrow(s1, Priority.ALWAYS);
    HBox.setHgrow(s2, Priority.ALWAYS);
    HBox header = new HBox(6, name, s1, kind);
    header.setAlignment(Pos.BASELINE_LEFT);
    HBox footer = new HBox(6, shape, s2, count);
    footer.setAlignment(Pos.BASELINE_LEFT);
    name.setMinWidth(Region.USE_PREF_SIZE);
    card = new VBox(1, header, detail, footer);
    card.getStyleClass().add("node-card");
    getChildren().add(card);
    setPrefSize(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
    setMinSize(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
    setMaxSize(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
    resize(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
    Tooltip.install(this, new Tooltip("Collapsed group — double-click to expand"));
  }

  String groupId() {
    return groupId;
  }

  void update(ModelGraph g, Group gr, GraphAnalysis a) {
    name.setText("▸ " + g.groupPath(gr.id()));
    kind.setText(gr.kind());
    long layers = g.nodes().stream().filter(n -> g.isInside(n, gr.id())).count();
    long blocks = g.groups().stream().filter(x -> gr.id().equals(x.parent())).count();
    detail.setText(
        (blocks > 0 ? blocks + (blocks == 1 ? " block · " : " blocks · ") : "")
            + layers
            + " layers");
    long params = 0;
    if (a != null) {
      for (Node n : g.nodes()) {
        if (g.isInside(n, gr.id()) && a.graph().node(n.id()).isPresent()) {
          NodeReport r = a.node(n.id());
          params += r.params();
        }
      }
      shape.setText(a.groupOutput(gr.id()).map(s -> "→ " + s).orElse("→ ?"));
    }
    count.setText(NodeText.paramCount(params));
  }

  @Override
  protected void layoutChildren() {
    card.resizeRelocate(5, 0, NodeGeometry.WIDTH - 5, NodeGeometry.HEIGHT);
  }
}
