package org.layerbench.app.gui.model;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;

/**
 * The boxes drawn behind groups: each encloses its nodes and nested groups with {@link
 * NodeGeometry#GROUP_PAD} around them and room for a title on top, the same padding ELK was given,
 * so a freshly laid-out graph's boxes do not overlap. Boxes follow the nodes when they move.
 */
public final class GroupBoxes {
  private GroupBoxes() {}

  /** A rectangle in canvas coordinates. */
  public record Box(double x, double y, double w, double h) {
    Box union(Box o) {
      double x0 = Math.min(x, o.x);
      double y0 = Math.min(y, o.y);
      return new Box(x0, y0, Math.max(x + w, o.x + o.w) - x0, Math.max(y + h, o.y + o.h) - y0);
    }

    public boolean contains(double px, double py) {
      return px >= x && px <= x + w && py >= y && py <= y + h;
    }
  }

  /** Boxes of all non-empty groups, outermost first. */
  public static Map<String, Box> compute(ModelGraph g) {
    Map<String, Box> inner = new HashMap<>();
    Map<String, Group> byId = new HashMap<>();
    g.groups().forEach(gr -> byId.put(gr.id(), gr));
    for (Node n : g.nodes()) {
      Box b = new Box(n.x(), n.y(), NodeGeometry.WIDTH, NodeGeometry.HEIGHT);
      if (n.group() != null) {
        inner.merge(n.group(), b, Box::union);
      }
    }
    // Pad innermost groups first: a group's box holds its children's padded boxes.
    Map<String, Integer> depth = new HashMap<>();
    g.groups().forEach(gr -> depth.put(gr.id(), depth(gr, byId)));
    Map<String, Box> padded = new HashMap<>();
    g.groups().stream()
        .sorted((a, b) -> Integer.compare(depth.get(b.id()), depth.get(a.id())))
        .forEach(
            gr -> {
              Box b = inner.get(gr.id());
              if (b == null) {
                return;
              }
              double p = NodeGeometry.GROUP_PAD;
              Box box =
                  new Box(
                      b.x - p,
                      b.y - p - NodeGeometry.GROUP_TITLE,
                      b.w + 2 * p,
                      b.h + 2 * p + NodeGeometry.GROUP_TITLE);
              padded.put(gr.id(), box);
              if (gr.parent() != null) {
                inner.merge(gr.parent(), box, Box::union);
              }
            });
    Map<String, Box> out = new LinkedHashMap<>();
    g.groups().stream()
        .sorted((a, b) -> Integer.compare(depth.get(a.id()), depth.get(b.id())))
        .filter(gr -> padded.containsKey(gr.id()))
        .forEach(gr -> out.put(gr.id(), padded.get(gr.id())));
    return out;
  }

  /** Node id → the outermost collapsed group that hides it, for every hidden node. */
  public static Map<String, String> folded(ModelGraph g) {
    Map<String, Group> byId = new HashMap<>();
    g.groups().forEach(gr -> byId.put(gr.id(), gr));
    Map<String, String> out = new HashMap<>();
    for (Node n : g.nodes()) {
      String outer = null;
      for (String gid = n.group(); gid != null; gid = byId.get(gid).parent()) {
        if (byId.get(gid).collapsed()) {
          outer = gid;
        }
      }
      if (outer != null) {
        out.put(n.id(), outer);
      }
    }
    return out;
  }

  private static int depth(Group gr, Map<String, Group> byId) {
    int d = 0;
    for (String p = gr.parent(); p != null; p = byId.get(p).parent()) {
      d++;
    }
    return d;
  }
}
