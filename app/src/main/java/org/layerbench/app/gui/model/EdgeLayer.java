package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.CubicCurveTo;
import javafx.scene.shape.LineTo;
import javafx.scene.shape.MoveTo;
import javafx.scene.shape.Path;
import javafx.scene.shape.PathElement;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.ModelGraph;

/**
 * The canvas's wires: one path per edge, kept in step with the graph (adding and removing only what
 * changed) and routed from a card's output port to the next card's input port, around the cards in
 * between.
 */
final class EdgeLayer {
  /** A wire's view; its path carries it as user data (the canvas's right-click finds it so). */
  record EdgeView(Edge edge, Path curve) {}

  private final Pane pane = new Pane();
  private final Map<Edge, EdgeView> edgeViews = new LinkedHashMap<>();
  private final Map<String, List<EdgeView>> edgesByNode = new HashMap<>();
  private final Function<String, Region> endpoint;
  private final Supplier<Collection<NodeView>> cards;

  /**
   * @param endpoint the card a wire end attaches to (a node's own, or its collapsed group's)
   * @param cards the layers' cards, which wires route around
   */
  EdgeLayer(Function<String, Region> endpoint, Supplier<Collection<NodeView>> cards) {
    this.endpoint = endpoint;
    this.cards = cards;
    pane.setPickOnBounds(false);
  }

  Pane pane() {
    return pane;
  }

  /** Keeps one wire view per edge, adding and removing only what changed, then re-routes all. */
  void rebuild(ModelGraph g) {
    Set<Edge> live = new HashSet<>(g.edges());
    edgeViews
        .keySet()
        .removeIf(
            e -> {
              if (!live.contains(e)) {
                pane.getChildren().remove(edgeViews.get(e).curve());
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
    pane.getChildren().addAll(added);
    edgesByNode.clear();
    for (EdgeView ev : edgeViews.values()) {
      edgesByNode.computeIfAbsent(ev.edge().from(), k -> new ArrayList<>()).add(ev);
      edgesByNode.computeIfAbsent(ev.edge().to(), k -> new ArrayList<>()).add(ev);
      place(ev);
    }
  }

  /** Re-routes the wires of these nodes (their cards are being dragged). */
  void placeTouching(Collection<String> nodeIds) {
    Set<EdgeView> touched = new HashSet<>();
    for (String id : nodeIds) {
      touched.addAll(edgesByNode.getOrDefault(id, List.of()));
    }
    touched.forEach(this::place);
  }

  /** The shown wires as polylines, for hit-testing. */
  List<HitTest.Wire> wires() {
    List<HitTest.Wire> out = new ArrayList<>();
    for (EdgeView ev : edgeViews.values()) {
      if (ev.curve().isVisible() && !ev.curve().getElements().isEmpty()) {
        out.add(new HitTest.Wire(ev.edge(), polyline(ev.curve().getElements())));
      }
    }
    return out;
  }

  private void place(EdgeView ev) {
    Region from = endpoint.apply(ev.edge().from());
    Region to = endpoint.apply(ev.edge().to());
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
      for (NodeView v : cards.get()) {
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

  /** The wire being dragged from an output port to the pointer. */
  static void curve(CubicCurve c, double sx, double sy, double tx, double ty) {
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

  /** A path of moves, lines and cubic curves as points along it (16 per curve). */
  static List<double[]> polyline(List<PathElement> elements) {
    List<double[]> points = new ArrayList<>();
    double x = 0;
    double y = 0;
    for (PathElement e : elements) {
      if (e instanceof MoveTo m) {
        x = m.getX();
        y = m.getY();
        points.add(new double[] {x, y});
      } else if (e instanceof LineTo l) {
        x = l.getX();
        y = l.getY();
        points.add(new double[] {x, y});
      } else if (e instanceof CubicCurveTo c) {
        for (int i = 1; i <= 16; i++) {
          double t = i / 16.0;
          double u = 1 - t;
          double a = u * u * u;
          double b = 3 * u * u * t;
          double d = 3 * u * t * t;
          double f = t * t * t;
          points.add(
              new double[] {
                a * x + b * c.getControlX1() + d * c.getControlX2() + f * c.getX(),
                a * y + b * c.getControlY1() + d * c.getControlY2() + f * c.getY()
              });
        }
        x = c.getX();
        y = c.getY();
      }
    }
    return points;
  }
}
