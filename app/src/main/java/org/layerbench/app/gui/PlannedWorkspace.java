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
  private final Label extra = new Label();

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
    extra.getStyleClass().add("planned-extra");
    extra.setWrapText(true);
    extra.setMaxWidth(640);
    extra.managedProperty().bind(extra.visibleProperty());
    extra.visibleProperty().bind(extra.textProperty().isNotEmpty());
    Label soon = new Label("Coming in a later version of LayerBench.");
    soon.getStyleClass().add("planned-soon");
    getChildren().addAll(big, t, l, extra, list, soon);
  }

  /** A line about the current project shown above the list (the dataset summary). */
  void setExtra(String text) {
    extra.setText(text);
  }
}
