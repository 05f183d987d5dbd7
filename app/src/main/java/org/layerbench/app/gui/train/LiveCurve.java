package org.layerbench.app.gui.train;

import java.util.ArrayList;
import java.util.List;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.geometry.Point2D;

/**
 * The points of one chart line, bounded: once it holds more than {@code max} points every other one
 * is dropped and from then on only every second offered point is kept (then every fourth, ...), so
 * a run of any length costs the chart at most {@code max} points and the line keeps its shape.
 * Points arrive in batches and are added with one list change, so a chart lays out once per batch.
 */
public final class LiveCurve {
  private final ObservableList<Point2D> points = FXCollections.observableArrayList();
  private final ObservableList<Point2D> view = FXCollections.unmodifiableObservableList(points);
  private final int max;
  private long offered;
  private long stride = 1;

  public LiveCurve(int max) {
    if (max < 4) {
      throw new IllegalArgumentException("a curve keeps at least 4 points, got " + max);
    }
    this.max = max;
  }

  /** The kept points; additions at the end come as one change per {@link #addAll}. */
  public ObservableList<Point2D> points() {
    return view;
  }

  public void clear() {
    offered = 0;
    stride = 1;
    points.clear();
  }

  /** Keeps the points the current stride keeps. */
  public void addAll(List<Point2D> batch) {
    List<Point2D> kept = new ArrayList<>(batch.size());
    for (Point2D p : batch) {
      if (offered++ % stride == 0) {
        kept.add(p);
      }
    }
    if (kept.isEmpty()) {
      return;
    }
    if (points.size() + kept.size() <= max) {
      points.addAll(kept);
      return;
    }
    List<Point2D> all = new ArrayList<>(points);
    all.addAll(kept);
    while (all.size() > max) {
      List<Point2D> half = new ArrayList<>(all.size() / 2 + 1);
      for (int i = 0; i < all.size(); i += 2) {
        half.add(all.get(i));
      }
      all = half;
      stride *= 2;
    }
    points.setAll(all);
  }

  public void add(Point2D p) {
    addAll(List.of(p));
  }
}
