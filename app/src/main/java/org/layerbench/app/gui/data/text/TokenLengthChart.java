package org.layerbench.app.gui.data.text;

import java.util.Locale;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;

/**
 * The token-length histogram: texts per length bin, with a red marker at the maximum length (texts
 * right of it are cut) and the share truncated.
 */
final class TokenLengthChart extends Region {
  static final int BINS = 40;
  private final Canvas canvas = new Canvas();
  private TextStats stats;

  TokenLengthChart() {
    setId("text-length-chart");
    getStyleClass().add("text-length-chart");
    getChildren().add(canvas);
    setPrefHeight(150);
    setMinHeight(150);
  }

  void show(TextStats s) {
    stats = s;
    draw();
  }

  @Override
  protected void layoutChildren() {
    canvas.setWidth(getWidth());
    canvas.setHeight(getHeight());
    draw();
  }

  private void draw() {
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.clearRect(0, 0, w, h);
    if (stats == null || w < 40 || h < 40) {
      return;
    }
    TextStats.Histogram hist = stats.histogram(BINS);
    int max = 1;
    for (int c : hist.counts()) {
      max = Math.max(max, c);
    }
    double left = 8;
    double bottom = h - 18;
    double top = 16;
    double barW = (w - 2 * left) / hist.counts().length;
    g.setFill(Color.web("#4c8bf5"));
    for (int i = 0; i < hist.counts().length; i++) {
      double bh = (bottom - top) * hist.counts()[i] / max;
      g.fillRect(left + i * barW + 0.5, bottom - bh, Math.max(1, barW - 1), bh);
    }
    Color text = Color.web("#8b949e");
    g.setFont(Font.font(10));
    g.setFill(text);
    g.setTextBaseline(VPos.TOP);
    g.setTextAlign(TextAlignment.LEFT);
    g.fillText("0", left, bottom + 3);
    g.setTextAlign(TextAlignment.RIGHT);
    g.fillText(hist.counts().length * hist.width() + " tokens", w - left, bottom + 3);
    double x = left + barW * stats.settings().maxLength() / (double) hist.width();
    g.setStroke(Color.web("#e5534b"));
    g.setLineWidth(2);
    g.strokeLine(x, top - 4, x, bottom);
    g.setFill(Color.web("#e5534b"));
    boolean rightSide = x < w * 0.6;
    g.setTextAlign(rightSide ? TextAlignment.LEFT : TextAlignment.RIGHT);
    g.setTextBaseline(VPos.TOP);
    g.fillText(
        String.format(
            Locale.ROOT,
            " max length %d · %.1f%% cut ",
            stats.settings().maxLength(),
            stats.truncated() * 100),
        x,
        0);
  }
}
