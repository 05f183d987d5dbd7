package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.graph.Edge;

/**
 * What a point of the canvas is on, from plain geometry (canvas coordinates, no JavaFX): the cards
 * drawn, their ports, the wires and the group titles. The canvas builds one from what it shows;
 * tests build one by hand.
 */
final class HitTest {
  /** How far from a port's centre a point still counts as on the port. */
  static final double PORT_RADIUS = 7;

  /** How far from a wire a point still counts as on it. */
  static final double WIRE_TOLERANCE = 4;

  /** A layer's card at its top-left corner, with its input ports and whether it has an output. */
  record Card(String id, double x, double y, int inputPorts, boolean output) {}

  /** A wire as the polyline it is drawn along. */
  record Wire(Edge edge, List<double[]> points) {}

  /** A group's title strip (clicking it collapses the group). */
  record Header(String groupId, double x, double y, double w, double h) {}

  /** What a point is on. */
  sealed interface Hit {}

  /** On a card, away from its ports. */
  record NodeHit(String id) implements Hit {}

  /** On a card's output port ({@code port} -1) or input port {@code port}. */
  record PortHit(String id, int port) implements Hit {
    boolean output() {
      return port < 0;
    }
  }

  record EdgeHit(Edge edge) implements Hit {}

  record GroupHeaderHit(String groupId) implements Hit {}

  /** Empty canvas. */
  record Nothing() implements Hit {}

  /** Where a dragged wire lands: a card and its input port (-1: the first free one). */
  record DropTarget(String id, int port) {}

  private final List<Card> cards;
  private final List<Wire> wires;
  private final List<Header> headers;

  HitTest(List<Card> cards, List<Wire> wires, List<Header> headers) {
    this.cards = List.copyOf(cards);
    this.wires = List.copyOf(wires);
    this.headers = List.copyOf(headers);
  }

  /** What (x, y) is on; ports over cards over group titles over wires, the topmost card first. */
  Hit at(double x, double y) {
    for (Card c : cards.reversed()) {
      if (near(x, y, c.x() + NodeGeometry.outputPortX(), c.y() + NodeGeometry.HEIGHT)
          && c.output()) {
        return new PortHit(c.id(), -1);
      }
      for (int i = 0; i < c.inputPorts(); i++) {
        if (near(x, y, c.x() + NodeGeometry.inputPortX(i, c.inputPorts()), c.y())) {
          return new PortHit(c.id(), i);
        }
      }
    }
    for (Card c : cards.reversed()) {
      if (x >= c.x()
          && x <= c.x() + NodeGeometry.WIDTH
          && y >= c.y()
          && y <= c.y() + NodeGeometry.HEIGHT) {
        return new NodeHit(c.id());
      }
    }
    for (Header h : headers.reversed()) {
      if (x >= h.x() && x <= h.x() + h.w() && y >= h.y() && y <= h.y() + h.h()) {
        return new GroupHeaderHit(h.groupId());
      }
    }
    for (Wire w : wires.reversed()) {
      List<double[]> p = w.points();
      for (int i = 1; i < p.size(); i++) {
        if (segmentDistance(x, y, p.get(i - 1), p.get(i)) <= WIRE_TOLERANCE) {
          return new EdgeHit(w.edge());
        }
      }
    }
    return new Nothing();
  }

  /**
   * The card a wire dragged to (x, y) connects to, with a margin above it so that a drop on a port
   * counts, and the input port nearest to the drop when it lands near the top edge; null when none.
   */
  DropTarget dropTarget(double x, double y) {
    for (Card c : cards) {
      if (x >= c.x() - 6
          && x <= c.x() + NodeGeometry.WIDTH + 6
          && y >= c.y() - 14
          && y <= c.y() + NodeGeometry.HEIGHT) {
        return new DropTarget(c.id(), portAt(c, x, y));
      }
    }
    return null;
  }

  /** The input port a drop lands on: the nearest one near the top edge, else -1 (first free). */
  private static int portAt(Card c, double x, double y) {
    int count = c.inputPorts();
    if (count <= 1 || y > c.y() + 16) {
      return -1;
    }
    int best = 0;
    double bestD = Double.MAX_VALUE;
    for (int i = 0; i < count; i++) {
      double d = Math.abs(c.x() + NodeGeometry.inputPortX(i, count) - x);
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    return best;
  }

  /** The cards a rubber band from (x0, y0) to (x1, y1) touches. */
  List<String> inBand(double x0, double y0, double x1, double y1) {
    List<String> hits = new ArrayList<>();
    for (Card c : cards) {
      if (c.x() < x1
          && c.x() + NodeGeometry.WIDTH > x0
          && c.y() < y1
          && c.y() + NodeGeometry.HEIGHT > y0) {
        hits.add(c.id());
      }
    }
    return hits;
  }

  private static boolean near(double x, double y, double px, double py) {
    return Math.hypot(x - px, y - py) <= PORT_RADIUS;
  }

  private static double segmentDistance(double x, double y, double[] a, double[] b) {
    double dx = b[0] - a[0];
    double dy = b[1] - a[1];
    double len2 = dx * dx + dy * dy;
    double t = len2 == 0 ? 0 : Math.max(0, Math.min(1, ((x - a[0]) * dx + (y - a[1]) * dy) / len2));
    return Math.hypot(x - (a[0] + t * dx), y - (a[1] + t * dy));
  }
}
