package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.collections.SetChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseDragEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;

/**
 * The graph editor's canvas: groups, wires and node cards on a zoomable, pannable surface. It
 * mirrors the view-model's graph (reusing node views by id, so an edit touches only what changed)
 * and turns gestures into view-model commands: drag a card to move it (one command on release),
 * drag from an output port to a card or its input port to wire, drag on empty space to rubber-band
 * select, drag with the middle or right button to pan, scroll to zoom, and release a layer dragged
 * from the palette to add it.
 */
public final class GraphCanvas extends Region {
  private static final PseudoClass DROP = PseudoClass.getPseudoClass("drop-target");
  private static final double MIN_ZOOM = 0.08;
  private static final double MAX_ZOOM = 2.5;

  private enum Mode {
    NONE,
    PAN,
    BAND,
    MOVE,
    WIRE
  }

  private record EdgeView(Edge edge, Path curve) {}

  private final ModelViewModel vm;
  private final Pane content = new Pane();
  private final Pane groupLayer = new Pane();
  private final Pane edgeLayer = new Pane();
  private final Pane nodeLayer = new Pane();
  private final Pane overlay = new Pane();
  private final Rectangle band = new Rectangle();
  private final Translate pan = new Translate();
  private final Scale scale = new Scale(1, 1, 0, 0);
  private final ReadOnlyDoubleWrapper zoom = new ReadOnlyDoubleWrapper(this, "zoom", 1);
  private final Map<String, NodeView> views = new LinkedHashMap<>();
  private final Map<String, List<EdgeView>> edgesByNode = new HashMap<>();
  private final Map<Edge, EdgeView> edgeViews = new LinkedHashMap<>();
  private final Map<String, Label> groupTitles = new HashMap<>();

  /** Node id → the outermost collapsed group hiding it. */
  private final Map<String, String> folded = new HashMap<>();

  private final Map<String, GroupCard> cards = new HashMap<>();
  private final Map<String, Region> groupViews = new HashMap<>();
  private final Minimap minimap;
  private ModelGraph shown;
  private Mode mode = Mode.NONE;
  private double pressX;
  private double pressY;
  private double panX;
  private double panY;
  private Map<String, double[]> moveStart = Map.of();
  private String wireFrom;
  private CubicCurve ghost;
  private boolean pendingShow;

  /** Until the person moves the view, a resize (the window settling) re-frames the model. */
  private boolean autoFrame;

  private ContextMenu menu;

  public GraphCanvas(ModelViewModel vm) {
    this.vm = vm;
    getStyleClass().add("graph-canvas");
    setId("graph-canvas");
    setFocusTraversable(true);
    for (Pane p : List.of(content, groupLayer, edgeLayer, nodeLayer, overlay)) {
      p.setPickOnBounds(false);
    }
    overlay.setMouseTransparent(true);
    // Group boxes ignore the mouse; their titles take clicks (collapse).
    content.getChildren().addAll(groupLayer, edgeLayer, nodeLayer, overlay);
    content.getTransforms().addAll(pan, scale);
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

    addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
    addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
    addEventHandler(ScrollEvent.SCROLL, this::scrolled);
    addEventHandler(MouseDragEvent.MOUSE_DRAG_ENTERED, e -> dropHover(e, true));
    addEventHandler(MouseDragEvent.MOUSE_DRAG_EXITED, e -> dropHover(e, false));
    addEventHandler(MouseDragEvent.MOUSE_DRAG_RELEASED, this::dropped);

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
    return zoom.getReadOnlyProperty();
  }

  /** Canvas coordinates of a point in this region's own coordinates. */
  public Point2D toCanvas(double x, double y) {
    return new Point2D((x - pan.getX()) / scale.getX(), (y - pan.getY()) / scale.getY());
  }

  /** The node card for an id (tests and the workspace look nodes up here). */
  public javafx.scene.Node nodeView(String id) {
    return views.get(id);
  }

  public void zoomIn() {
    autoFrame = false;
    zoomAt(1.25, getWidth() / 2, getHeight() / 2);
  }

  public void zoomOut() {
    autoFrame = false;
    zoomAt(1 / 1.25, getWidth() / 2, getHeight() / 2);
  }

  public void resetZoom() {
    autoFrame = false;
    zoomAt(1 / scale.getX(), getWidth() / 2, getHeight() / 2);
  }

  /** Fits the whole graph into view (never magnifying past 100%). */
  public void fit() {
    double[] b = bounds();
    if (b == null || getWidth() <= 0) {
      return;
    }
    double s = clamp(Math.min((getWidth() - 60) / b[2], (getHeight() - 60) / b[3]), MIN_ZOOM, 1.0);
    setView(s, getWidth() / 2 - (b[0] + b[2] / 2) * s, getHeight() / 2 - (b[1] + b[3] / 2) * s);
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
    double fit = Math.min((getWidth() - 60) / b[2], (getHeight() - 60) / b[3]);
    if (fit >= 0.7) {
      fit();
      return;
    }
    double s = 0.85;
    double cx =
        vm.graph().inputNode().map(n -> n.x() + NodeGeometry.WIDTH / 2).orElse(b[0] + b[2] / 2);
    setView(s, getWidth() / 2 - cx * s, 30 - b[1] * s);
  }

  /** Scrolls so that a node is in the middle of the view. */
  public void centerOn(String id) {
    autoFrame = false;
    Region v = endpoint(id); // a layer inside a collapsed group: its group's card
    if (v == null) {
      return;
    }
    double s = scale.getX();
    double cx = v.getLayoutX() + NodeGeometry.WIDTH / 2;
    double cy = v.getLayoutY() + NodeGeometry.HEIGHT / 2;
    setView(s, getWidth() / 2 - cx * s, getHeight() / 2 - cy * s);
  }

  /** Moves the view so that canvas point (cx, cy) is in the middle (the minimap's click). */
  void centerOnPoint(double cx, double cy) {
    autoFrame = false;
    double s = scale.getX();
    setView(s, getWidth() / 2 - cx * s, getHeight() / 2 - cy * s);
  }

  double panX() {
    return pan.getX();
  }

  double panY() {
    return pan.getY();
  }

  double scale() {
    return scale.getX();
  }

  ModelGraph shown() {
    return shown;
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

  private void setView(double s, double tx, double ty) {
    scale.setX(s);
    scale.setY(s);
    pan.setX(tx);
    pan.setY(ty);
    zoom.set(s);
    minimap.redraw();
  }

  private void zoomAt(double factor, double x, double y) {
    double s = scale.getX();
    double ns = clamp(s * factor, MIN_ZOOM, MAX_ZOOM);
    double k = ns / s;
    setView(ns, x - (x - pan.getX()) * k, y - (y - pan.getY()) * k);
  }

  /** {x, y, w, h} of everything drawn, or null for an empty graph. */
  double[] bounds() {
    List<Region> shownBoxes = new ArrayList<>();
    views.values().stream().filter(Region::isVisible).forEach(shownBoxes::add);
    shownBoxes.addAll(cards.values());
    groupLayer.getChildren().stream()
        .filter(n -> n instanceof Region && !(n instanceof Label))
        .forEach(n -> shownBoxes.add((Region) n));
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

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
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
    rebuildEdges(g);
    rebuildGroups(g);
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

  /** Keeps one wire view per edge, adding and removing only what changed, then re-routes all. */
  private void rebuildEdges(ModelGraph g) {
    Set<Edge> live = new HashSet<>(g.edges());
    edgeViews
        .keySet()
        .removeIf(
            e -> {
              if (!live.contains(e)) {
                edgeLayer.getChildren().remove(edgeViews.get(e).curve());
                return true;
              }
              return false;
            });
    List<Path> added = new ArrayList<>();
    for (Edge e : g.edges()) {
      edgeViews.computeIfAbsent(
          e,
          k -> {
            Path c = new Path();
            c.getStyleClass().add("graph-edge");
            EdgeView ev = new EdgeView(k, c);
            c.setUserData(ev);
            added.add(c);
            return ev;
          });
    }
    edgeLayer.getChildren().addAll(added);
    edgesByNode.clear();
    for (EdgeView ev : edgeViews.values()) {
      edgesByNode.computeIfAbsent(ev.edge().from(), k -> new ArrayList<>()).add(ev);
      edgesByNode.computeIfAbsent(ev.edge().to(), k -> new ArrayList<>()).add(ev);
      place(ev);
    }
  }

  private void place(EdgeView ev) {
    Region from = endpoint(ev.edge().from());
    Region to = endpoint(ev.edge().to());
    if (from == null || to == null) {
      return;
    }
    ev.curve().setVisible(from != to);
    if (from == to) {
      return;
    }
    int count = to instanceof NodeView tv ? Math.max(1, tv.inputPorts().size()) : 1;
    int port = Math.min(ev.edge().port(), count - 1);
    double sx = from.getLayoutX() + NodeGeometry.outputPortX();
    double sy = from.getLayoutY() + NodeGeometry.HEIGHT;
    double tx = to.getLayoutX() + NodeGeometry.inputPortX(port, count);
    double ty = to.getLayoutY();
    route(ev.curve(), sx, sy, tx, ty, from, to);
  }

  /**
   * Draws a wire as a smooth curve; one that would pass behind other cards (a residual shortcut
   * skipping a block) detours through a lane beside them, so it is not mistaken for the chain.
   */
  private void route(
      Path path, double sx, double sy, double tx, double ty, Region from, Region to) {
    double lo = Math.min(sx, tx) - 8;
    double hi = Math.max(sx, tx) + 8;
    double right = -Double.MAX_VALUE;
    double left = Double.MAX_VALUE;
    // Only a wire that spans more than one row can hide behind a card.
    if (ty - sy > NodeGeometry.HEIGHT) {
      for (NodeView v : views.values()) {
        if (v == from || v == to || !v.isVisible()) {
          continue;
        }
        double x = v.getLayoutX();
        double y = v.getLayoutY();
        if (y + NodeGeometry.HEIGHT > sy && y < ty && x < hi && x + NodeGeometry.WIDTH > lo) {
          right = Math.max(right, x + NodeGeometry.WIDTH);
          left = Math.min(left, x);
        }
      }
    }
    path.getElements().clear();
    path.getElements().add(new MoveTo(sx, sy));
    if (right == -Double.MAX_VALUE) {
      double d = Math.max(30, Math.abs(ty - sy) / 2);
      path.getElements().add(new CubicCurveTo(sx, sy + d, tx, ty - d, tx, ty));
      return;
    }
    // Detour on the side nearer to the target port.
    double lane = (tx >= (left + right) / 2) ? right + 22 : left - 22;
    double r = Math.min(28, (ty - sy) / 4);
    path.getElements()
        .addAll(
            new CubicCurveTo(sx, sy + r, lane, sy + r, lane, sy + 2 * r),
            new LineTo(lane, ty - 2 * r),
            new CubicCurveTo(lane, ty - r, tx, ty - r, tx, ty));
  }

  private static void curve(CubicCurve c, double sx, double sy, double tx, double ty) {
    double d = Math.max(30, Math.abs(ty - sy) / 2);
    c.setStartX(sx);
    c.setStartY(sy);
    c.setControlX1(sx);
    c.setControlY1(sy + d);
    c.setControlX2(tx);
    c.setControlY2(ty - d);
    c.setEndX(tx);
    c.setEndY(ty);
  }

  private void rebuildGroups(ModelGraph g) {
    Map<String, GroupBoxes.Box> boxes = GroupBoxes.compute(g);
    Map<String, Group> byId = new HashMap<>();
    g.groups().forEach(gr -> byId.put(gr.id(), gr));
    groupViews.keySet().removeIf(id -> !boxes.containsKey(id));
    groupTitles.keySet().removeIf(id -> !boxes.containsKey(id));
    List<javafx.scene.Node> children = new ArrayList<>();
    boxes.forEach(
        (id, b) -> {
          if (hiddenGroup(id, byId)) {
            return;
          }
          Region r =
              groupViews.computeIfAbsent(
                  id,
                  k -> {
                    Region box = new Region();
                    box.setManaged(false);
                    box.setMouseTransparent(true);
                    box.getStyleClass().add("graph-group");
                    return box;
                  });
          r.resizeRelocate(b.x(), b.y(), b.w(), b.h());
          Label title =
              groupTitles.computeIfAbsent(
                  id,
                  k -> {
                    Label l = new Label();
                    l.getStyleClass().add("graph-group-title");
                    l.setTooltip(new javafx.scene.control.Tooltip("Click to collapse"));
                    l.addEventHandler(
                        MouseEvent.MOUSE_PRESSED,
                        e -> {
                          if (e.getButton() == MouseButton.PRIMARY) {
                            vm.toggleCollapsed(k);
                          }
                          e.consume();
                        });
                    return l;
                  });
          title.setText("▾ " + g.groupPath(id) + "  ·  " + byId.get(id).kind());
          title.relocate(b.x() + 8, b.y() + 3);
          children.add(r);
          children.add(title);
        });
    if (!children.equals(groupLayer.getChildren())) {
      groupLayer.getChildren().setAll(children);
    }
  }

  /** Whether a group is collapsed or inside a collapsed one (its box is not drawn). */
  private static boolean hiddenGroup(String id, Map<String, Group> byId) {
    for (String g = id; g != null; g = byId.get(g).parent()) {
      if (byId.get(g).collapsed()) {
        return true;
      }
    }
    return false;
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

  // ---- gestures ----

  private void pressed(MouseEvent e) {
    requestFocus();
    autoFrame = false;
    if (menu != null) {
      menu.hide();
    }
    pressX = e.getX();
    pressY = e.getY();
    javafx.scene.Node hit = e.getPickResult().getIntersectedNode();
    NodeView nv = ancestorNode(hit);
    if (e.getButton() == MouseButton.MIDDLE
        || (e.getButton() == MouseButton.SECONDARY && nv == null && !(hit instanceof Path))) {
      mode = Mode.PAN;
      panX = pan.getX();
      panY = pan.getY();
      setCursor(Cursor.CLOSED_HAND);
      e.consume();
      return;
    }
    if (e.getButton() == MouseButton.SECONDARY) {
      if (nv != null) {
        if (!vm.selection().contains(nv.nodeId())) {
          vm.select(nv.nodeId());
        }
        showMenu(nodeMenu(), e);
      } else if (hit instanceof Path c && c.getUserData() instanceof EdgeView ev) {
        MenuItem remove = new MenuItem("Remove wire");
        remove.setOnAction(a -> vm.disconnect(ev.edge()));
        showMenu(new ContextMenu(remove), e);
      }
      e.consume();
      return;
    }
    if (e.getButton() != MouseButton.PRIMARY) {
      return;
    }
    if (nv != null && hit instanceof Circle c && c.getStyleClass().contains("port-out")) {
      mode = Mode.WIRE;
      wireFrom = nv.nodeId();
      ghost = new CubicCurve();
      ghost.getStyleClass().addAll("graph-edge", "ghost-edge");
      overlay.getChildren().add(ghost);
      wireTo(e);
    } else if (nv != null) {
      String id = nv.nodeId();
      if (e.isShortcutDown() || e.isShiftDown()) {
        vm.toggle(id);
      } else if (!vm.selection().contains(id)) {
        vm.select(id);
      }
      mode = vm.selection().contains(id) ? Mode.MOVE : Mode.NONE;
      moveStart = vm.positions(vm.selection());
    } else {
      mode = Mode.BAND;
      if (!e.isShortcutDown() && !e.isShiftDown()) {
        vm.clearSelection();
      }
    }
    e.consume();
  }

  private void dragged(MouseEvent e) {
    switch (mode) {
      case PAN -> setView(scale.getX(), panX + e.getX() - pressX, panY + e.getY() - pressY);
      case MOVE -> {
        double dx = (e.getX() - pressX) / scale.getX();
        double dy = (e.getY() - pressY) / scale.getY();
        Set<EdgeView> touched = new HashSet<>();
        moveStart.forEach(
            (id, p) -> {
              NodeView v = views.get(id);
              if (v != null) {
                v.relocate(p[0] + dx, p[1] + dy);
                touched.addAll(edgesByNode.getOrDefault(id, List.of()));
              }
            });
        touched.forEach(this::place);
      }
      case WIRE -> wireTo(e);
      case BAND -> {
        band.setVisible(true);
        band.setX(Math.min(pressX, e.getX()));
        band.setY(Math.min(pressY, e.getY()));
        band.setWidth(Math.abs(e.getX() - pressX));
        band.setHeight(Math.abs(e.getY() - pressY));
      }
      default -> {}
    }
    e.consume();
  }

  private void released(MouseEvent e) {
    Mode m = mode;
    mode = Mode.NONE;
    setCursor(Cursor.DEFAULT);
    switch (m) {
      case MOVE -> {
        double dx = (e.getX() - pressX) / scale.getX();
        double dy = (e.getY() - pressY) / scale.getY();
        if (Math.hypot(dx, dy) * scale.getX() >= 2) {
          Map<String, double[]> to = new HashMap<>();
          moveStart.forEach(
              (id, p) -> to.put(id, new double[] {Math.round(p[0] + dx), Math.round(p[1] + dy)}));
          vm.moveNodes(to);
        }
      }
      case WIRE -> {
        overlay.getChildren().remove(ghost);
        ghost = null;
        Point2D p = toCanvas(e.getX(), e.getY());
        NodeView target = nodeAt(p.getX(), p.getY());
        if (target != null && !target.nodeId().equals(wireFrom)) {
          vm.connect(wireFrom, target.nodeId(), portAt(target, p));
        }
        wireFrom = null;
      }
      case BAND -> {
        band.setVisible(false);
        Point2D a = toCanvas(band.getX(), band.getY());
        Point2D b = toCanvas(band.getX() + band.getWidth(), band.getY() + band.getHeight());
        if (band.getWidth() > 2 || band.getHeight() > 2) {
          List<String> hits = new ArrayList<>();
          views.forEach(
              (id, v) -> {
                if (v.isVisible()
                    && v.getLayoutX() < b.getX()
                    && v.getLayoutX() + NodeGeometry.WIDTH > a.getX()
                    && v.getLayoutY() < b.getY()
                    && v.getLayoutY() + NodeGeometry.HEIGHT > a.getY()) {
                  hits.add(id);
                }
              });
          vm.addToSelection(hits);
        }
        band.setWidth(0);
        band.setHeight(0);
      }
      default -> {}
    }
    e.consume();
  }

  private void wireTo(MouseEvent e) {
    NodeView from = views.get(wireFrom);
    Point2D p = toCanvas(e.getX(), e.getY());
    curve(
        ghost,
        from.getLayoutX() + NodeGeometry.outputPortX(),
        from.getLayoutY() + NodeGeometry.HEIGHT,
        p.getX(),
        p.getY());
  }

  /** The card under a canvas point, with a margin above it so that a drop on a port counts. */
  private NodeView nodeAt(double x, double y) {
    for (NodeView v : views.values()) {
      if (v.isVisible()
          && x >= v.getLayoutX() - 6
          && x <= v.getLayoutX() + NodeGeometry.WIDTH + 6
          && y >= v.getLayoutY() - 14
          && y <= v.getLayoutY() + NodeGeometry.HEIGHT) {
        return v;
      }
    }
    return null;
  }

  /** The input port a drop lands on: the nearest one near the top edge, else -1 (first free). */
  private static int portAt(NodeView v, Point2D p) {
    int count = v.inputPorts().size();
    if (count <= 1 || p.getY() > v.getLayoutY() + 16) {
      return -1;
    }
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      double d = Math.abs(v.getLayoutX() + NodeGeometry.inputPortX(i, count) - p.getX());
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  private static NodeView ancestorNode(javafx.scene.Node n) {
    for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
      if (p instanceof NodeView v) {
        return v;
      }
    }
    return null;
  }

  private void scrolled(ScrollEvent e) {
    autoFrame = false;
    if (e.getDeltaY() == 0 && e.getDeltaX() == 0) {
      return;
    }
    if (e.isShiftDown() || e.isShortcutDown()) {
      setView(scale.getX(), pan.getX() + e.getDeltaX(), pan.getY() + e.getDeltaY());
    } else {
      zoomAt(Math.pow(1.0025, e.getDeltaY()), e.getX(), e.getY());
    }
    e.consume();
  }

  private void dropHover(MouseDragEvent e, boolean on) {
    if (e.getGestureSource() instanceof javafx.scene.Node n
        && n.getUserData() instanceof LayerType) {
      pseudoClassStateChanged(DROP, on);
    }
  }

  private void dropped(MouseDragEvent e) {
    pseudoClassStateChanged(DROP, false);
    if (e.getGestureSource() instanceof javafx.scene.Node n
        && n.getUserData() instanceof LayerType type) {
      Point2D p = toCanvas(e.getX(), e.getY());
      vm.addNode(
          type,
          Math.round(p.getX() - NodeGeometry.WIDTH / 2),
          Math.round(p.getY() - NodeGeometry.HEIGHT / 2));
      requestFocus();
      e.consume();
    }
  }

  private ContextMenu nodeMenu() {
    MenuItem cut = new MenuItem("Cut");
    cut.setOnAction(a -> vm.cutSelection());
    MenuItem copy = new MenuItem("Copy");
    copy.setOnAction(a -> vm.copySelection());
    MenuItem delete = new MenuItem("Delete");
    delete.setOnAction(a -> vm.deleteSelection());
    return new ContextMenu(cut, copy, delete);
  }

  private void showMenu(ContextMenu m, MouseEvent e) {
    menu = m;
    m.show(this, e.getScreenX(), e.getScreenY());
  }
}
