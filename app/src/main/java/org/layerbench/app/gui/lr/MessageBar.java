package org.layerbench.app.gui.lr;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.lr.LrViewModel.Message;

/**
 * One sentence above the chart: what the last sweep found (info), why its suggestions may not be
 * trusted (warning), or why it could not run (error), with the technical details behind a link.
 * Hidden when there is nothing to say.
 */
final class MessageBar extends VBox {
  private final FontIcon icon = new FontIcon();
  private final Label text = new Label();
  private final Hyperlink toggle = new Hyperlink("Details");
  private final TextArea details = new TextArea();

  MessageBar(ObservableValue<Message> message) {
    setId("lr-message");
    getStyleClass().add("lr-message");
    text.setId("lr-message-text");
    text.setWrapText(true);
    text.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(text, Priority.ALWAYS);
    toggle.setOnAction(e -> showDetails(!details.isVisible()));
    toggle.setId("lr-message-details-toggle");
    toggle.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    details.setEditable(false);
    details.setPrefRowCount(8);
    details.getStyleClass().add("lr-message-details");
    HBox line = new HBox(10, icon, text, toggle);
    line.setAlignment(Pos.CENTER_LEFT);
    getChildren().addAll(line, details);
    setSpacing(6);
    message.addListener((obs, o, n) -> show(n));
    show(message.getValue());
  }

  private void show(Message m) {
    getStyleClass().removeAll("info", "warning", "error");
    boolean on = m != null;
    setVisible(on);
    setManaged(on);
    showDetails(false);
    if (!on) {
      return;
    }
    switch (m.kind()) {
      case INFO -> {
        getStyleClass().add("info");
        icon.setIconCode(Material2AL.INFO);
      }
      case WARNING -> {
        getStyleClass().add("warning");
        icon.setIconCode(Material2MZ.WARNING);
      }
      case ERROR -> {
        getStyleClass().add("error");
        icon.setIconCode(Material2AL.ERROR_OUTLINE);
      }
    }
    text.setText(m.text());
    details.setText(m.details() == null ? "" : m.details());
    toggle.setVisible(m.details() != null);
    toggle.setManaged(m.details() != null);
  }

  private void showDetails(boolean on) {
    details.setVisible(on);
    details.setManaged(on);
    toggle.setText(on ? "Hide details" : "Details");
  }
}
