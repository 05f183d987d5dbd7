package org.layerbench.app.gui;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * A failure shown in the workspace: the sentence, a "Details" link that expands the technical part,
 * and a close button. Hidden while there is no failure.
 */
public final class ErrorBanner extends VBox {
  private final Label message = new Label();
  private final TextArea details = new TextArea();
  private final Hyperlink more = new Hyperlink("Details");

  /**
   * @param failure what to show (null hides the banner)
   * @param dismiss clears the failure
   */
  public ErrorBanner(ObservableValue<Failure> failure, Runnable dismiss) {
    getStyleClass().add("error-banner");
    message.setWrapText(true);
    message.getStyleClass().add("error-message");
    message.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(message, Priority.ALWAYS);
    FontIcon icon = new FontIcon(Material2AL.ERROR_OUTLINE);
    icon.getStyleClass().add("error-icon");
    Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
    close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    close.setOnAction(e -> dismiss.run());
    HBox top = new HBox(8, icon, message, more, close);
    top.setAlignment(Pos.CENTER_LEFT);
    details.setEditable(false);
    details.setPrefRowCount(8);
    details.getStyleClass().add("error-details");
    details.setVisible(false);
    details.managedProperty().bind(details.visibleProperty());
    more.setOnAction(
        e -> {
          details.setVisible(!details.isVisible());
          more.setText(details.isVisible() ? "Hide details" : "Details");
        });
    getChildren().addAll(top, details);
    managedProperty().bind(visibleProperty());
    failure.addListener((obs, o, n) -> show(n));
    show(failure.getValue());
  }

  private void show(Failure f) {
    setVisible(f != null);
    message.setText(f == null ? "" : f.message());
    details.setText(f == null ? "" : f.details());
    details.setVisible(false);
    more.setText("Details");
    more.setVisible(f != null && !f.details().isEmpty());
  }

  public Label messageLabel() {
    return message;
  }
}
