package org.layerbench.app.gui;

import javafx.scene.control.Label;
import javafx.scene.layout.Region;

/** The small pieces the workspaces' sidebars are built from, styled by workbench.css. */
public final class Sidebar {
  private Sidebar() {}

  /** A section title ("Formats", "Folder"). */
  public static Label section(String text) {
    return styled(new Label(text), "section-title");
  }

  /** A pane's heading. */
  public static Label heading(String text) {
    return styled(new Label(text), "pane-heading");
  }

  /** Explanatory text that wraps. */
  public static Label hint(String text) {
    Label l = styled(new Label(text), "hint-text");
    l.setWrapText(true);
    return l;
  }

  /** Vertical space between groups of controls. */
  public static Region gap(double height) {
    Region r = new Region();
    r.setMinHeight(height);
    return r;
  }

  private static Label styled(Label l, String styleClass) {
    l.getStyleClass().add(styleClass);
    return l;
  }

  /**
   * Runs {@code refresh} now and each time {@code workspace} is shown again (put back in the
   * window): a run listed there may have finished, or appeared, since.
   */
  public static void refreshWhenShown(javafx.scene.Node workspace, Runnable refresh) {
    workspace
        .parentProperty()
        .addListener(
            (obs, o, n) -> {
              if (n != null) {
                refresh.run();
              }
            });
    refresh.run();
  }
}
