package org.layerbench.app.gui.model;

import java.util.HashMap;
import java.util.Map;
import javafx.geometry.Point2D;
import javafx.scene.Cursor;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.MenuItem;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseDragEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Pane;
import javafx.scene.shape.Circle;
import javafx.scene.shape.CubicCurve;
import javafx.scene.shape.Path;
import javafx.scene.shape.Rectangle;
import org.layerbench.engine.graph.LayerType;

/**
 * The canvas's mouse gestures, turned into view-model commands: drag a card to move it (one command
 * on release), drag from an output port to a card or its input port to wire, drag on empty space to
 * rubber-band select, drag with the middle or right button to pan, scroll to zoom (with Shift or
 * the shortcut key: scroll), right-click for a card's or a wire's menu, and release a layer dragged
 * from the palette to add it.
 */
final class CanvasGestures {
  private enum Mode {
    NONE,
    PAN,
    BAND,
    MOVE,
    WIRE
  }

  private final GraphCanvas canvas;
  private final ModelViewModel vm;
  private final CanvasViewport view;
  private final EdgeLayer edges;
  private final Pane overlay;
  private final Rectangle band;
  private Mode mode = Mode.NONE;
  private double pressX;
  private double pressY;
  private double panX;
  private double panY;
  private Map<String, double[]> moveStart = Map.of();
  private String wireFrom;
  private CubicCurve ghost;
  private ContextMenu menu;

  /**
   * @param overlay where the wire being dragged is drawn (in canvas coordinates)
   * @param band the rubber band (in the view's coordinates)
   */
  CanvasGestures(
      GraphCanvas canvas,
      ModelViewModel vm,
      CanvasViewport view,
      EdgeLayer edges,
      Pane overlay,
      Rectangle band) {
    this.canvas = canvas;
    this.vm = vm;
    this.view = view;
    this.edges = edges;
    this.overlay = overlay;
    this.band = band;
    canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
    canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
    canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
    canvas.addEventHandler(ScrollEvent.SCROLL, this::scrolled);
    canvas.addEventHandler(MouseDragEvent.MOUSE_DRAG_ENTERED, e -> dropHover(e, true));
    canvas.addEventHandler(MouseDragEvent.MOUSE_DRAG_EXITED, e -> dropHover(e, false));
    canvas.addEventHandler(MouseDragEvent.MOUSE_DRAG_RELEASED, this::dropped);
  }

  private void pressed(MouseEvent e) {
    canvas.requestFocus();
    canvas.viewMovedByHand();
    if (menu != null) {
      menu.hide();
    }
    pressX = e.getX();
    pressY = e.getY();
    javafx.scene.Node hit = e.getPickResult().getIntersectedNode();
    NodeView nv = ancestorNode(hit);
    if (e.getButton() == MouseButton.MIDDLE
        || (e.getButton() == MouseButton.SECONDARY && nv == null && !(hit instanceof Path))) {
      mode = Mode.PAN;
      panX = view.panX();
      panY = view.panY();
      canvas.setCursor(Cursor.CLOSED_HAND);
      e.consume();
      return;
    }
    if (e.getButton() == MouseButton.SECONDARY) {
      if (nv != null) {
        if (!vm.selection().contains(nv.nodeId())) {
          vm.select(nv.nodeId());
        }
        showMenu(nodeMenu(), e);
      } else if (hit instanceof Path c && c.getUserData() instanceof EdgeLayer.EdgeView ev) {
        MenuItem remove = new MenuItem("Remove wire");
        remove.setOnAction(a -> vm.disconnect(ev.edge()));
        showMenu(new ContextMenu(remove), e);
      }
      e.consume();
      return;
    }
    if (e.getButton() != MouseButton.PRIMARY) {
      return;
    }
    if (nv != null && hit instanceof Circle c && c.getStyleClass().contains("port-out")) {
      mode = Mode.WIRE;
      wireFrom = nv.nodeId();
      ghost = new CubicCurve();
      ghost.getStyleClass().addAll("graph-edge", "ghost-edge");
      overlay.getChildren().add(ghost);
      wireTo(e);
    } else if (nv != null) {
      String id = nv.nodeId();
      if (e.isShortcutDown() || e.isShiftDown()) {
        vm.toggle(id);
      } else if (!vm.selection().contains(id)) {
        vm.select(id);
      }
      mode = vm.selection().contains(id) ? Mode.MOVE : Mode.NONE;
      moveStart = vm.positions(vm.selection());
    } else {
      mode = Mode.BAND;
      if (!e.isShortcutDown() && !e.isShiftDown()) {
        vm.clearSelection();
      }
    }
    e.consume();
  }

  private void dragged(MouseEvent e) {
    switch (mode) {
      case PAN -> view.set(view.scale(), panX + e.getX() - pressX, panY + e.getY() - pressY);
      case MOVE -> {
        double dx = (e.getX() - pressX) / view.scale();
        double dy = (e.getY() - pressY) / view.scale();
        moveStart.forEach(
            (id, p) -> {
              NodeView v = canvas.card(id);
              if (v != null) {
                v.relocate(p[0] + dx, p[1] + dy);
              }
            });
        edges.placeTouching(
            moveStart.keySet().stream().filter(id -> canvas.card(id) != null).toList());
      }
      case WIRE -> wireTo(e);
      case BAND -> {
        band.setVisible(true);
        band.setX(Math.min(pressX, e.getX()));
        band.setY(Math.min(pressY, e.getY()));
        band.setWidth(Math.abs(e.getX() - pressX));
        band.setHeight(Math.abs(e.getY() - pressY));
      }
      default -> {}
    }
    e.consume();
  }

  private void released(MouseEvent e) {
    Mode m = mode;
    mode = Mode.NONE;
    canvas.setCursor(Cursor.DEFAULT);
    switch (m) {
      case MOVE -> {
        double dx = (e.getX() - pressX) / view.scale();
        double dy = (e.getY() - pressY) / view.scale();
        if (Math.hypot(dx, dy) * view.scale() >= 2) {
          Map<String, double[]> to = new HashMap<>();
          moveStart.forEach(
              (id, p) -> to.put(id, new double[] {Math.round(p[0] + dx), Math.round(p[1] + dy)}));
          vm.moveNodes(to);
        }
      }
      case WIRE -> {
        overlay.getChildren().remove(ghost);
        ghost = null;
        Point2D p = view.toCanvas(e.getX(), e.getY());
        HitTest.DropTarget target = canvas.hitTest().dropTarget(p.getX(), p.getY());
        if (target != null && !target.id().equals(wireFrom)) {
          vm.connect(wireFrom, target.id(), target.port());
        }
        wireFrom = null;
      }
      case BAND -> {
        band.setVisible(false);
        Point2D a = view.toCanvas(band.getX(), band.getY());
        Point2D b = view.toCanvas(band.getX() + band.getWidth(), band.getY() + band.getHeight());
        if (band.getWidth() > 2 || band.getHeight() > 2) {
          vm.addToSelection(canvas.hitTest().inBand(a.getX(), a.getY(), b.getX(), b.getY()));
        }
        band.setWidth(0);
        band.setHeight(0);
      }
      default -> {}
    }
    e.consume();
  }

  private void wireTo(MouseEvent e) {
    NodeView from = canvas.card(wireFrom);
    Point2D p = view.toCanvas(e.getX(), e.getY());
    EdgeLayer.curve(
        ghost,
        from.getLayoutX() + NodeGeometry.outputPortX(),
        from.getLayoutY() + NodeGeometry.HEIGHT,
        p.getX(),
        p.getY());
  }

  private static NodeView ancestorNode(javafx.scene.Node n) {
    for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
      if (p instanceof NodeView v) {
        return v;
      }
    }
    return null;
  }

  private void scrolled(ScrollEvent e) {
    canvas.viewMovedByHand();
    if (e.getDeltaY() == 0 && e.getDeltaX() == 0) {
      return;
    }
    if (e.isShiftDown() || e.isShortcutDown()) {
      view.panBy(e.getDeltaX(), e.getDeltaY());
    } else {
      view.zoomAt(Math.pow(1.0025, e.getDeltaY()), e.getX(), e.getY());
    }
    e.consume();
  }

  private void dropHover(MouseDragEvent e, boolean on) {
    if (e.getGestureSource() instanceof javafx.scene.Node n
        && n.getUserData() instanceof LayerType) {
      canvas.dropHighlight(on);
    }
  }

  private void dropped(MouseDragEvent e) {
    canvas.dropHighlight(false);
    if (e.getGestureSource() instanceof javafx.scene.Node n
        && n.getUserData() instanceof LayerType type) {
      Point2D p = view.toCanvas(e.getX(), e.getY());
      vm.addNode(
          type,
          Math.round(p.getX() - NodeGeometry.WIDTH / 2),
          Math.round(p.getY() - NodeGeometry.HEIGHT / 2));
      canvas.requestFocus();
      e.consume();
    }
  }

  private ContextMenu nodeMenu() {
    MenuItem cut = new MenuItem("Cut");
    cut.setOnAction(a -> vm.cutSelection());
    MenuItem copy = new MenuItem("Copy");
    copy.setOnAction(a -> vm.copySelection());
    MenuItem delete = new MenuItem("Delete");
    delete.setOnAction(a -> vm.deleteSelection());
    return new ContextMenu(cut, copy, delete);
  }

  private void showMenu(ContextMenu m, MouseEvent e) {
    menu = m;
    m.show(canvas, e.getScreenX(), e.getScreenY());
  }
}
