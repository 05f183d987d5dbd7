package org.layerbench.app.gui;

import atlantafx.base.theme.Styles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;

/**
 * The workspaces' panes, made once from the {@link Workspace} registry, and the row of pill buttons
 * that shows one of them; one workspace is always shown.
 */
final class WorkspaceSwitcher {
  private final ToggleGroup group = new ToggleGroup();
  private final Map<String, Node> panes = new LinkedHashMap<>();
  private final HBox box = new HBox();

  /**
   * @param first the workspace shown at first
   * @param onShow shows a pane (the window's centre)
   */
  WorkspaceSwitcher(
      List<Workspace> all, WorkbenchContext context, String first, Consumer<Node> onShow) {
    box.setAlignment(Pos.CENTER);
    for (int i = 0; i < all.size(); i++) {
      Workspace w = all.get(i);
      Node pane = w.factory().apply(context);
      panes.put(w.name(), pane);
      ToggleButton b = new ToggleButton(w.name());
      b.setId(w.buttonId());
      b.setToggleGroup(group);
      b.setUserData(pane);
      b.setFocusTraversable(false);
      b.getStyleClass()
          .add(
              i == 0
                  ? Styles.LEFT_PILL
                  : i == all.size() - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
      box.getChildren().add(b);
      if (w.name().equals(first)) {
        b.setSelected(true);
      }
    }
    group
        .selectedToggleProperty()
        .addListener(
            (obs, o, n) -> {
              if (n == null) {
                o.setSelected(true); // one workspace is always shown
              } else {
                onShow.accept((Node) n.getUserData());
              }
            });
    box.getStyleClass().add("workspace-switcher");
  }

  /** The row of buttons. */
  Node node() {
    return box;
  }

  /** Shows the workspace with this switcher name ("Data", "Model", "Train", ...). */
  void show(String name) {
    for (var t : group.getToggles()) {
      if (t instanceof ToggleButton b && b.getText().equals(name)) {
        b.setSelected(true);
        return;
      }
    }
    throw new IllegalArgumentException("no workspace " + name);
  }

  /** The pane of this type (each workspace has its own class). */
  <T extends Node> T pane(Class<T> type) {
    return panes.values().stream()
        .filter(type::isInstance)
        .map(type::cast)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no workspace " + type.getSimpleName()));
  }

  Node pane(String name) {
    Node p = panes.get(name);
    if (p == null) {
      throw new IllegalArgumentException("no workspace " + name);
    }
    return p;
  }
}
