package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.scene.control.Label;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import org.layerbench.engine.graph.Group;
import org.layerbench.engine.graph.ModelGraph;

/**
 * The canvas's group boxes behind the cards: one box per expanded group around its members, with a
 * title that collapses the group when clicked. The boxes ignore the mouse; the titles take it.
 */
final class GroupLayer {
  private final Pane pane = new Pane();
  private final Map<String, Region> groupViews = new HashMap<>();
  private final Map<String, Label> groupTitles = new HashMap<>();
  private final Consumer<String> toggleCollapsed;

  /**
   * @param toggleCollapsed collapses or expands a group by id (a title's click)
   */
  GroupLayer(Consumer<String> toggleCollapsed) {
    this.toggleCollapsed = toggleCollapsed;
    pane.setPickOnBounds(false);
  }

  Pane pane() {
    return pane;
  }

  void rebuild(ModelGraph g) {
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
          Label title = groupTitles.computeIfAbsent(id, this::title);
          title.setText("▾ " + g.groupPath(id) + "  ·  " + byId.get(id).kind());
          title.relocate(b.x() + 8, b.y() + 3);
          children.add(r);
          children.add(title);
        });
    if (!children.equals(pane.getChildren())) {
      pane.getChildren().setAll(children);
    }
  }

  private Label title(String groupId) {
    Label l = new Label();
    l.getStyleClass().add("graph-group-title");
    l.setTooltip(new javafx.scene.control.Tooltip("Click to collapse"));
    l.addEventHandler(
        MouseEvent.MOUSE_PRESSED,
        e -> {
          if (e.getButton() == MouseButton.PRIMARY) {
            toggleCollapsed.accept(groupId);
          }
          e.consume();
        });
    return l;
  }

  /** The boxes drawn (for the bounds of everything drawn). */
  List<Region> boxes() {
    List<Region> out = new ArrayList<>();
    pane.getChildren().stream()
        .filter(n -> n instanceof Region && !(n instanceof Label))
        .forEach(n -> out.add((Region) n));
    return out;
  }

  /** The titles drawn, for hit-testing. */
  List<HitTest.Header> headers() {
    List<HitTest.Header> out = new ArrayList<>();
    groupTitles.forEach(
        (id, l) -> {
          if (l.getParent() == pane) {
            out.add(
                new HitTest.Header(
                    id, l.getLayoutX(), l.getLayoutY(), l.getWidth(), l.getHeight()));
          }
        });
    return out;
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
}
