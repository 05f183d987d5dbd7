package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import javafx.util.Duration;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.NodeReport;

/**
 * One layer on the canvas: a fixed-size card with its name, type, key parameters, output shape and
 * parameter count, input ports on top, the output port below, and a red badge when the analysis
 * found an error (the message and its fix in the badge's tooltip). Purely a view: {@link
 * GraphCanvas} wires its gestures to the view-model.
 */
final class NodeView extends Region {
  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

  private final String id;
  private final Label name = new Label();
  private final Label type = new Label();
  private final Label params = new Label();
  private final Label shape = new Label();
  private final Label count = new Label();
  private final Region stripe = new Region();
  private final StackPane badge = new StackPane();
  private final Tooltip badgeTip = new Tooltip();
  private final Circle output = new Circle(5.5);
  private final List<Circle> inputs = new ArrayList<>();
  private final VBox card;
  private Node node;
  private int inputCount = -1;

  NodeView(Node node) {
    this.id = node.id();
    getStyleClass().add("graph-node");
    setId("node-" + node.id());
    name.getStyleClass().add("node-name");
    type.getStyleClass().add("node-type");
    params.getStyleClass().add("node-params");
    shape.getStyleClass().add("node-shape");
    count.getStyleClass().add("node-count");
    Region spacer1 = new Region();
    Region spacer2 = new Region();
    HBox.setHgrow(spacer1, Priority.ALWAYS);
    HBox.setHgrow(spacer2, Priority.ALWAYS);
    HBox header = new HBox(6, name, spacer1, type);
    header.setAlignment(Pos.BASELINE_LEFT);
    HBox footer = new HBox(6, shape, spacer2, count);
    footer.setAlignment(Pos.BASELINE_LEFT);
    name.setMinWidth(Region.USE_PREF_SIZE);
    type.setMinWidth(0);
    shape.setMinWidth(Region.USE_PREF_SIZE);
    card = new VBox(1, header, params, footer);
    card.getStyleClass().add("node-card");
    stripe.getStyleClass().add("node-stripe");
    Label mark = new Label("!");
    mark.getStyleClass().add("node-badge-mark");
    Circle dot = new Circle(9);
    dot.getStyleClass().add("node-badge-dot");
    badge.getChildren().addAll(dot, mark);
    badge.getStyleClass().add("node-badge");
    badge.setVisible(false);
    badgeTip.setShowDelay(Duration.millis(150));
    badgeTip.setShowDuration(Duration.INDEFINITE);
    badgeTip.setWrapText(true);
    badgeTip.setMaxWidth(420);
    Tooltip.install(badge, badgeTip);
    output.getStyleClass().addAll("port", "port-out");
    getChildren().addAll(stripe, card, output, badge);
    setPrefSize(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
    setMinSize(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
    setMaxSize(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
    resize(NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
    update(node, 1);
  }

  String nodeId() {
    return id;
  }

  Node node() {
    return node;
  }

  Circle outputPort() {
    return output;
  }

  List<Circle> inputPorts() {
    return inputs;
  }

  StackPane badge() {
    return badge;
  }

  /** Shows a (possibly changed) node; {@code ports} is how many input ports to draw. */
  void update(Node n, int ports) {
    if (node == null || node.type() != n.type()) {
      stripe
          .getStyleClass()
          .setAll("node-stripe", "cat-" + n.type().category().name().toLowerCase(Locale.ROOT));
    }
    this.node = n;
    name.setText(n.name());
    type.setText(n.type().typeName());
    params.setText(NodeText.keyParams(n));
    output.setVisible(true);
    relocate(n.x(), n.y());
    if (ports != inputCount) {
      getChildren().removeAll(inputs);
      inputs.clear();
      for (int i = 0; i < ports; i++) {
        Circle c = new Circle(5.5);
        c.getStyleClass().addAll("port", "port-in");
        c.setUserData(i);
        inputs.add(c);
      }
      getChildren().addAll(1, inputs);
      inputCount = ports;
      requestLayout();
    }
  }

  void setReport(NodeReport r) {
    setReport(r, null);
  }

  /**
   * @param more a problem the analysis does not know of (the class mismatch), or null
   */
  void setReport(NodeReport r, String more) {
    if (r == null) {
      shape.setText("");
      count.setText("");
      badge.setVisible(false);
      pseudoClassStateChanged(ERROR, false);
      return;
    }
    shape.setText(r.output() == null ? "→ ?" : "→ " + r.output());
    count.setText(NodeText.paramCount(r.params()));
    List<String> errors = new ArrayList<>(r.errors());
    if (more != null) {
      errors.add(more);
    }
    boolean error = !errors.isEmpty();
    badge.setVisible(error);
    pseudoClassStateChanged(ERROR, error);
    badgeTip.setText(error ? String.join("\n\n", errors) : "");
  }

  void setSelected(boolean selected) {
    pseudoClassStateChanged(SELECTED, selected);
  }

  @Override
  protected void layoutChildren() {
    double w = NodeGeometry.WIDTH;
    double h = NodeGeometry.HEIGHT;
    stripe.resizeRelocate(0, 0, 5, h);
    card.resizeRelocate(5, 0, w - 5, h);
    for (int i = 0; i < inputs.size(); i++) {
      inputs.get(i).setLayoutX(NodeGeometry.inputPortX(i, inputs.size()));
      inputs.get(i).setLayoutY(0);
    }
    output.setLayoutX(NodeGeometry.outputPortX());
    output.setLayoutY(h);
    badge.resize(18, 18);
    badge.relocate(w - 11, -9);
  }
}
