package org.layerbench.app.gui.model;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.geometry.Point2D;
import javafx.scene.transform.Scale;
import javafx.scene.transform.Translate;

/**
 * The canvas's window onto the graph: a pan and a zoom applied to the drawn content as transforms,
 * kept between {@link #MIN_ZOOM} and {@link #MAX_ZOOM}, with fitting and framing of a bounding box.
 */
final class CanvasViewport {
  static final double MIN_ZOOM = 0.08;
  static final double MAX_ZOOM = 2.5;

  private final Translate pan = new Translate();
  private final Scale scale = new Scale(1, 1, 0, 0);
  private final ReadOnlyDoubleWrapper zoom;
  private final Runnable changed;

  /**
   * @param content what is panned and zoomed
   * @param changed runs after every change (the minimap redraws)
   */
  CanvasViewport(Object bean, javafx.scene.Node content, Runnable changed) {
    this.zoom = new ReadOnlyDoubleWrapper(bean, "zoom", 1);
    this.changed = changed;
    content.getTransforms().addAll(pan, scale);
  }

  ReadOnlyDoubleProperty zoomProperty() {
    return zoom.getReadOnlyProperty();
  }

  double panX() {
    return pan.getX();
  }

  double panY() {
    return pan.getY();
  }

  double scale() {
    return scale.getX();
  }

  /** Canvas coordinates of a point in the view's own coordinates. */
  Point2D toCanvas(double x, double y) {
    return new Point2D((x - pan.getX()) / scale.getX(), (y - pan.getY()) / scale.getY());
  }

  void set(double s, double tx, double ty) {
    scale.setX(s);
    scale.setY(s);
    pan.setX(tx);
    pan.setY(ty);
    zoom.set(s);
    changed.run();
  }

  /** Moves the view by (dx, dy) at the same zoom. */
  void panBy(double dx, double dy) {
    set(scale.getX(), pan.getX() + dx, pan.getY() + dy);
  }

  /** Zooms by {@code factor} keeping the view point (x, y) where it is. */
  void zoomAt(double factor, double x, double y) {
    double s = scale.getX();
    double ns = clamp(s * factor, MIN_ZOOM, MAX_ZOOM);
    double k = ns / s;
    set(ns, x - (x - pan.getX()) * k, y - (y - pan.getY()) * k);
  }

  /** Fits {x, y, w, h} into a view of this size (never magnifying past 100%). */
  void fit(double[] b, double width, double height) {
    double s = clamp(Math.min((width - 60) / b[2], (height - 60) / b[3]), MIN_ZOOM, 1.0);
    set(s, width / 2 - (b[0] + b[2] / 2) * s, height / 2 - (b[1] + b[3] / 2) * s);
  }

  /**
   * The whole box when it fits at a readable size, else its top at a readable zoom, centred on
   * {@code topX} (where the input is).
   */
  void frame(double[] b, double width, double height, double topX) {
    double fit = Math.min((width - 60) / b[2], (height - 60) / b[3]);
    if (fit >= 0.7) {
      fit(b, width, height);
      return;
    }
    double s = 0.85;
    set(s, width / 2 - topX * s, 30 - b[1] * s);
  }

  /** Puts canvas point (cx, cy) in the middle of a view of this size, at the same zoom. */
  void centerOn(double cx, double cy, double width, double height) {
    double s = scale.getX();
    set(s, width / 2 - cx * s, height / 2 - cy * s);
  }

  private static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }
}
