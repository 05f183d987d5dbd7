package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.collections.SetChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;

/**
 * The graph editor's canvas: groups, wires and node cards on a zoomable, pannable surface. It
 * mirrors the view-model's graph (reusing node views by id, so an edit touches only what changed)
 * into its layers — {@link GroupLayer} behind, {@link EdgeLayer}, then the cards — and leaves the
 * view to {@link CanvasViewport}, the mouse to {@link CanvasGestures} and what a point is on to
 * {@link HitTest}.
 */
public final class GraphCanvas extends Region {
  private static final PseudoClass DROP = PseudoClass.getPseudoClass("drop-target");

  private final ModelViewModel vm;
  private final Pane content = new Pane();
  private final GroupLayer groupLayer;
  private final EdgeLayer edgeLayer;
  private final Pane nodeLayer = new Pane();
  private final Pane overlay = new Pane();
  private final Rectangle band = new Rectangle();
  private final CanvasViewport view;
  private final Map<String, NodeView> views = new LinkedHashMap<>();

  /** Node id → the outermost collapsed group hiding it. */
  private final Map<String, String> folded = new HashMap<>();

  private final Map<String, GroupCard> cards = new HashMap<>();
  private final Minimap minimap;
  private ModelGraph shown;
  private boolean pendingShow;

  /** Until the person moves the view, a resize (the window settling) re-frames the model. */
  private boolean autoFrame;

  public GraphCanvas(ModelViewModel vm) {
    this.vm = vm;
    getStyleClass().add("graph-canvas");
    setId("graph-canvas");
    setFocusTraversable(true);
    groupLayer = new GroupLayer(vm::toggleCollapsed);
    edgeLayer = new EdgeLayer(this::endpoint, views::values);
    for (Pane p : List.of(content, nodeLayer, overlay)) {
      p.setPickOnBounds(false);
    }
    overlay.setMouseTransparent(true);
    // Group boxes ignore the mouse; their titles take clicks (collapse).
    content.getChildren().addAll(groupLayer.pane(), edgeLayer.pane(), nodeLayer, overlay);
    view = new CanvasViewport(this, content, this::redrawMinimap);
    content.setManaged(false);
    band.getStyleClass().add("rubber-band");
    band.setManaged(false);
    band.setVisible(false);
    band.setMouseTransparent(true);
    minimap = new Minimap(this);
    getChildren().addAll(content, band, minimap);
    Rectangle clip = new Rectangle();
    clip.widthProperty().bind(widthProperty());
    clip.heightProperty().bind(heightProperty());
    setClip(clip);

    new CanvasGestures(this, vm, view, edgeLayer, overlay, band);

    vm.graphProperty().addListener((obs, o, n) -> sync(n));
    vm.analysisProperty().addListener((obs, o, n) -> applyAnalysis(n));
    vm.classMismatchProperty().addListener((obs, o, n) -> applyAnalysis(vm.analysis()));
    vm.selection().addListener((SetChangeListener<String>) c -> applySelection());
    vm.documentProperty().addListener((obs, o, n) -> showModelSoon());
    sync(vm.graph());
    applyAnalysis(vm.analysis());
    showModelSoon();
    widthProperty().addListener((obs, o, n) -> reframe());
    heightProperty().addListener((obs, o, n) -> reframe());
  }

  // ---- view state ----

  public ReadOnlyDoubleProperty zoomProperty() {
    return view.zoomProperty();
  }

  /** Canvas coordinates of a point in this region's own coordinates. */
  public Point2D toCanvas(double x, double y) {
    return view.toCanvas(x, y);
  }

  /** The node card for an id (tests and the workspace look nodes up here). */
  public javafx.scene.Node nodeView(String id) {
    return views.get(id);
  }

  public void zoomIn() {
    autoFrame = false;
    view.zoomAt(1.25, getWidth() / 2, getHeight() / 2);
  }

  public void zoomOut() {
    autoFrame = false;
    view.zoomAt(1 / 1.25, getWidth() / 2, getHeight() / 2);
  }

  public void resetZoom() {
    autoFrame = false;
    view.zoomAt(1 / view.scale(), getWidth() / 2, getHeight() / 2);
  }

  /** Fits the whole graph into view (never magnifying past 100%). */
  public void fit() {
    double[] b = bounds();
    if (b == null || getWidth() <= 0) {
      return;
    }
    view.fit(b, getWidth(), getHeight());
  }

  /**
   * What opening a model shows: the whole graph when it fits at a readable size, else its top
   * (where the input is) at a readable zoom, the rest reachable by panning or the minimap.
   */
  public void showModel() {
    double[] b = bounds();
    if (b == null || getWidth() <= 0) {
      return;
    }
    double cx =
        vm.graph().inputNode().map(n -> n.x() + NodeGeometry.WIDTH / 2).orElse(b[0] + b[2] / 2);
    view.frame(b, getWidth(), getHeight(), cx);
  }

  /** Scrolls so that a node is in the middle of the view. */
  public void centerOn(String id) {
    autoFrame = false;
    Region v = endpoint(id); // a layer inside a collapsed group: its group's card
    if (v == null) {
      return;
    }
    view.centerOn(
        v.getLayoutX() + NodeGeometry.WIDTH / 2,
        v.getLayoutY() + NodeGeometry.HEIGHT / 2,
        getWidth(),
        getHeight());
  }

  /**
   * Scrolls a node into the middle of the view unless it is wholly in view already (a layer added
   * from the palette lands below the last one, often past the bottom edge).
   */
  public void ensureVisible(String id) {
    Region v = endpoint(id);
    if (v == null || getWidth() <= 0 || getHeight() <= 0) {
      return;
    }
    double s = view.scale();
    double x0 = view.panX() + v.getLayoutX() * s;
    double y0 = view.panY() + v.getLayoutY() * s;
    double x1 = x0 + NodeGeometry.WIDTH * s;
    double y1 = y0 + NodeGeometry.HEIGHT * s;
    if (x0 < 0 || y0 < 0 || x1 > getWidth() || y1 > getHeight()) {
      centerOn(id);
    }
  }

  /** Moves the view so that canvas point (cx, cy) is in the middle (the minimap's click). */
  void centerOnPoint(double cx, double cy) {
    autoFrame = false;
    view.centerOn(cx, cy, getWidth(), getHeight());
  }

  double panX() {
    return view.panX();
  }

  double panY() {
    return view.panY();
  }

  double scale() {
    return view.scale();
  }

  ModelGraph shown() {
    return shown;
  }

  /** The card of a layer, or null. */
  NodeView card(String id) {
    return views.get(id);
  }

  /** What is drawn now, as plain geometry (the shown cards in drawing order, wires, titles). */
  HitTest hitTest() {
    List<HitTest.Card> shownCards = new ArrayList<>();
    for (NodeView v : views.values()) {
      if (v.isVisible()) {
        shownCards.add(
            new HitTest.Card(
                v.nodeId(), v.getLayoutX(), v.getLayoutY(), v.inputPorts().size(), true));
      }
    }
    return new HitTest(shownCards, edgeLayer.wires(), groupLayer.headers());
  }

  /** The person moved the view: a resize no longer re-frames the model. */
  void viewMovedByHand() {
    autoFrame = false;
  }

  /** Marks the canvas as where a layer dragged from the palette will land. */
  void dropHighlight(boolean on) {
    pseudoClassStateChanged(DROP, on);
  }

  private void redrawMinimap() {
    if (minimap != null) {
      minimap.redraw();
    }
  }

  private void showModelSoon() {
    pendingShow = true;
    autoFrame = true;
    requestLayout();
  }

  private void reframe() {
    if (autoFrame) {
      pendingShow = true;
      requestLayout();
    }
  }

  /** {x, y, w, h} of everything drawn, or null for an empty graph. */
  double[] bounds() {
    List<Region> shownBoxes = new ArrayList<>();
    views.values().stream().filter(Region::isVisible).forEach(shownBoxes::add);
    shownBoxes.addAll(cards.values());
    shownBoxes.addAll(groupLayer.boxes());
    if (shownBoxes.isEmpty()) {
      return null;
    }
    double x0 = Double.MAX_VALUE;
    double y0 = Double.MAX_VALUE;
    double x1 = -Double.MAX_VALUE;
    double y1 = -Double.MAX_VALUE;
    for (Region r : shownBoxes) {
      double w =
          r instanceof NodeView || r instanceof GroupCard ? NodeGeometry.WIDTH : r.getWidth();
      double h =
          r instanceof NodeView || r instanceof GroupCard ? NodeGeometry.HEIGHT : r.getHeight();
      x0 = Math.min(x0, r.getLayoutX());
      y0 = Math.min(y0, r.getLayoutY());
      x1 = Math.max(x1, r.getLayoutX() + w);
      y1 = Math.max(y1, r.getLayoutY() + h);
    }
    return new double[] {x0, y0, x1 - x0, y1 - y0};
  }

  /** The cards drawn now: visible layers and collapsed groups (the minimap draws these). */
  List<Region> visibleCards() {
    List<Region> out = new ArrayList<>();
    views.values().stream().filter(Region::isVisible).forEach(out::add);
    out.addAll(cards.values());
    return out;
  }

  @Override
  protected void layoutChildren() {
    minimap.autosize();
    minimap.relocate(
        getWidth() - minimap.prefWidth(-1) - 12, getHeight() - minimap.prefHeight(-1) - 12);
    if (pendingShow && getWidth() > 0 && getHeight() > 0) {
      pendingShow = false;
      showModel();
    }
  }

  // ---- mirroring the view-model ----

  private void sync(ModelGraph g) {
    shown = g;
    Map<String, Integer> maxPort = new HashMap<>();
    for (Edge e : g.edges()) {
      maxPort.merge(e.to(), e.port(), Math::max);
    }
    Set<String> live = new HashSet<>();
    for (Node n : g.nodes()) {
      live.add(n.id());
      int ports = NodeGeometry.inputPorts(n.type(), maxPort.getOrDefault(n.id(), -1));
      NodeView v = views.get(n.id());
      if (v == null) {
        v = new NodeView(n);
        v.update(n, ports);
        views.put(n.id(), v);
        nodeLayer.getChildren().add(v);
      } else if (!v.node().equals(n) || v.inputPorts().size() != ports) {
        v.update(n, ports);
      }
    }
    views
        .keySet()
        .removeIf(
            id -> {
              if (!live.contains(id)) {
                nodeLayer.getChildren().remove(views.get(id));
                return true;
              }
              return false;
            });
    fold(g);
    edgeLayer.rebuild(g);
    groupLayer.rebuild(g);
    applySelection();
    minimap.redraw();
  }

  /** Hides the layers of collapsed groups and shows one card per outermost collapsed group. */
  private void fold(ModelGraph g) {
    folded.clear();
    folded.putAll(GroupBoxes.folded(g));
    Map<String, Group> byId = new HashMap<>();
    g.groups().forEach(gr -> byId.put(gr.id(), gr));
    Map<String, double[]> corner = new HashMap<>();
    for (Node n : g.nodes()) {
      String outer = folded.get(n.id());
      views.get(n.id()).setVisible(outer == null);
      if (outer != null) {
        corner.merge(
            outer,
            new double[] {n.x(), n.y()},
            (a, b) -> new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1])});
      }
    }
    cards
        .keySet()
        .removeIf(
            id -> {
              if (!corner.containsKey(id)) {
                nodeLayer.getChildren().remove(cards.get(id));
                return true;
              }
              return false;
            });
    corner.forEach(
        (id, xy) -> {
          GroupCard c =
              cards.computeIfAbsent(
                  id,
                  k -> {
                    GroupCard card = new GroupCard(k);
                    card.addEventHandler(
                        MouseEvent.MOUSE_PRESSED,
                        e -> {
                          if (e.getClickCount() == 2) {
                            vm.toggleCollapsed(k);
                          }
                          requestFocus();
                          e.consume();
                        });
                    nodeLayer.getChildren().add(card);
                    return card;
                  });
          c.relocate(xy[0], xy[1]);
          c.update(g, byId.get(id), vm.analysis());
        });
  }

  /** The card a wire end attaches to: the node's own, or its collapsed group's. */
  private Region endpoint(String nodeId) {
    String group = folded.get(nodeId);
    return group == null ? views.get(nodeId) : cards.get(group);
  }

  private void applyAnalysis(GraphAnalysis a) {
    if (shown != null) {
      Map<String, Group> byId = new HashMap<>();
      shown.groups().forEach(gr -> byId.put(gr.id(), gr));
      cards.forEach((id, c) -> c.update(shown, byId.get(id), a));
    }
    ClassMismatch m = vm.classMismatchProperty().get();
    for (NodeView v : views.values()) {
      v.setReport(
          a == null || a.graph().node(v.nodeId()).isEmpty() ? null : a.node(v.nodeId()),
          m != null && m.nodeId().equals(v.nodeId()) ? m.message() : null);
    }
  }

  private void applySelection() {
    Set<String> sel = vm.selection();
    views.forEach((id, v) -> v.setSelected(sel.contains(id)));
  }
}
