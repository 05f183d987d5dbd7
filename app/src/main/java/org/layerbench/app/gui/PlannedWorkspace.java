package org.layerbench.app.gui;

import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * A workspace that later issues fill: it says what it will hold, so the switcher never leads to an
 * empty pane. The Data one also shows what is known already: the dataset's classes and counts.
 */
final class PlannedWorkspace extends VBox {

  PlannedWorkspace(String id, Ikon icon, String title, String lead, List<String> items) {
    setId(id);
    getStyleClass().add("planned-workspace");
    setAlignment(Pos.TOP_CENTER);
    setPadding(new Insets(60, 40, 40, 40));
    setSpacing(12);
    FontIcon big = new FontIcon(icon);
    big.getStyleClass().add("planned-icon");
    Label t = new Label(title);
    t.getStyleClass().add("planned-title");
    Label l = new Label(lead);
    l.getStyleClass().add("planned-lead");
    l.setWrapText(true);
    l.setMaxWidth(640);
    VBox list = new VBox(6);
    list.setMaxWidth(640);
    for (String item : items) {
      Label b = new Label("•  " + item);
      b.setWrapText(true);
      b.getStyleClass().add("planned-item");
      list.getChildren().add(b);
    }
    Label soon = new Label("Coming in a later version of LayerBench.");
    soon.getStyleClass().add("planned-soon");
    getChildren().addAll(big, t, l, list, soon);
  }
}
