package org.layerbench.app.gui.model;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;

/**
 * An overview of a graph larger than the view: every layer as a small bar, the visible part as a
 * frame; clicking or dragging in it moves the view there. Hidden when the whole graph is visible.
 */
final class Minimap extends Region {
  private static final double W = 150;
  private static final double H = 190;
  private final GraphCanvas canvas;
  private final Canvas surface = new Canvas(W, H);
  private double mapScale;
  private double originX;
  private double originY;

  Minimap(GraphCanvas canvas) {
    this.canvas = canvas;
    getStyleClass().add("minimap");
    setId("minimap");
    getChildren().add(surface);
    setPrefSize(W, H);
    setMinSize(W, H);
    setMaxSize(W, H);
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::navigate);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::navigate);
    addEventHandler(MouseEvent.MOUSE_RELEASED, MouseEvent::consume);
    setVisible(false);
  }

  private void navigate(MouseEvent e) {
    if (mapScale > 0) {
      canvas.centerOnPoint(
          originX + (e.getX() - 4) / mapScale, originY + (e.getY() - 4) / mapScale);
    }
    e.consume();
  }

  void redraw() {
    double[] b = canvas.bounds();
    if (b == null || canvas.getWidth() <= 0 || canvas.shown() == null) {
      setVisible(false);
      return;
    }
    double s = canvas.scale();
    double vx = -canvas.panX() / s;
    double vy = -canvas.panY() / s;
    double vw = canvas.getWidth() / s;
    double vh = canvas.getHeight() / s;
    boolean allVisible =
        b[0] >= vx && b[1] >= vy && b[0] + b[2] <= vx + vw && b[1] + b[3] <= vy + vh;
    setVisible(!allVisible && canvas.visibleCards().size() > 12);
    if (!isVisible()) {
      return;
    }
    mapScale = Math.min((W - 8) / b[2], (H - 8) / b[3]);
    originX = b[0] - ((W - 8) / mapScale - b[2]) / 2;
    originY = b[1];
    GraphicsContext gc = surface.getGraphicsContext2D();
    gc.clearRect(0, 0, W, H);
    gc.setFill(Color.web("#8c959f"));
    for (Region v : canvas.visibleCards()) {
      double x = v.getLayoutX();
      double y = v.getLayoutY();
      gc.fillRect(
          4 + (x - originX) * mapScale,
          4 + (y - originY) * mapScale,
          Math.max(2, NodeGeometry.WIDTH * mapScale),
          Math.max(1.5, NodeGeometry.HEIGHT * mapScale));
    }
    gc.setStroke(Color.web("#0969da"));
    gc.setLineWidth(1.5);
    gc.strokeRect(
        4 + (vx - originX) * mapScale, 4 + (vy - originY) * mapScale, vw * mapScale, vh * mapScale);
  }

  @Override
  protected void layoutChildren() {
    surface.relocate(0, 0);
  }
}
