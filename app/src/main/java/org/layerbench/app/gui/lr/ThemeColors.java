package org.layerbench.app.gui.lr;

import java.util.EnumMap;
import java.util.Map;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;

/**
 * The AtlantaFX theme's colours as Java colours, for drawing that CSS does not reach (JFreeChart
 * paints with AWT colours). One hidden label per colour carries {@code -fx-text-fill: -color-…};
 * when the theme changes, CSS re-resolves them and {@link #onChange} runs. Add it to the scene
 * graph (it takes no space).
 */
final class ThemeColors extends Group {

  /** The theme colours the chart uses (AtlantaFX's looked-up colour names). */
  enum Token {
    BG("-color-bg-default"),
    BG_SUBTLE("-color-bg-subtle"),
    FG("-color-fg-default"),
    FG_MUTED("-color-fg-muted"),
    BORDER("-color-border-default"),
    BORDER_MUTED("-color-border-muted"),
    ACCENT("-color-accent-fg"),
    SUCCESS("-color-success-fg"),
    WARNING("-color-warning-fg"),
    DANGER("-color-danger-fg"),
    PURPLE("-color-chart-6");

    final String css;

    Token(String css) {
      this.css = css;
    }
  }

  private final Map<Token, Label> probes = new EnumMap<>(Token.class);
  private Runnable onChange = () -> {};

  ThemeColors() {
    // Transparent rather than invisible: CSS must keep resolving the probes' colours.
    setManaged(false);
    setOpacity(0);
    setMouseTransparent(true);
    for (Token t : Token.values()) {
      Label l = new Label();
      l.setStyle("-fx-text-fill: " + t.css + ";");
      l.textFillProperty().addListener((obs, o, n) -> onChange.run());
      probes.put(t, l);
      getChildren().add(l);
    }
  }

  /** Runs after the theme's colours changed (any of them). */
  void onChange(Runnable r) {
    this.onChange = r;
  }

  Color fx(Token t) {
    Paint p = probes.get(t).getTextFill();
    return p instanceof Color c ? c : Color.GRAY;
  }

  java.awt.Color awt(Token t) {
    return awt(t, 1);
  }

  /** The colour with its opacity multiplied by {@code alpha}. */
  java.awt.Color awt(Token t, double alpha) {
    Color c = fx(t);
    return new java.awt.Color(
        (float) c.getRed(),
        (float) c.getGreen(),
        (float) c.getBlue(),
        (float) (c.getOpacity() * alpha));
  }
}
