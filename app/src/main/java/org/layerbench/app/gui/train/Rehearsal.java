package org.layerbench.app.gui.train;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;

/**
 * Lays out throwaway copies of the controls a run fills (an epoch-table row, chart points with
 * their dots, a run-list cell) once, invisible inside the workspace, a few frames after it is first
 * shown. The first real row, point and cell of a run otherwise pay in one frame for what a control
 * costs only the first time in a process (class loading, method-handle linking, CSS matching for
 * its style classes, fonts): the end of the first epoch took 105-145 ms of one frame. Each copy
 * takes one frame of its own and is gone the frame after; none has an id, and none takes input.
 */
final class Rehearsal {
  private Rehearsal() {}

  /**
   * Gives an empty table one throwaway item for two frames, a few frames after it is first shown,
   * then its own items back; meanwhile it is invisible and takes no input. A table makes the cells
   * that fill its viewport (a row and a cell per column, with their skins and styles) when its
   * first item arrives, and keeps them for reuse: the epoch table made them in the frame that ended
   * a run's first epoch, a CSS and layout phase of 32-92 ms while CNNNet trained, and none over 30
   * ms once primed (TrainBenchmark, two epochs, alternating pairs). A table that has items by then
   * is left alone.
   */
  static <T> void primeCells(javafx.scene.control.TableView<T> table, T sample) {
    primeCells(table, table.itemsProperty(), sample, () -> {});
  }

  /**
   * The same for any control that shows a list of items in cells (a run list's first cell was made
   * in the frame where the first run started). The control's own list gets nothing written to it
   * meanwhile: an owner that fills its list in those frames fills its own list, not the throwaway
   * one, and {@code restored} runs once it is back (to select again what the swap unselected).
   */
  static <T> void primeCells(
      javafx.scene.control.Control control,
      javafx.beans.property.ObjectProperty<javafx.collections.ObservableList<T>> items,
      T sample,
      Runnable restored) {
    AnimationTimer timer =
        new AnimationTimer() {
          private int frames;
          private javafx.collections.ObservableList<T> own;
          private double opacity;
          private boolean mouseTransparent;

          @Override
          public void handle(long now) {
            frames++;
            if (frames == 3) {
              own = items.get();
              if (own == null || !own.isEmpty()) {
                stop();
                return;
              }
              opacity = control.getOpacity();
              mouseTransparent = control.isMouseTransparent();
              control.setOpacity(0);
              control.setMouseTransparent(true);
              items.set(javafx.collections.FXCollections.observableArrayList(sample));
            } else if (frames == 5) {
              items.set(own);
              control.setOpacity(opacity);
              control.setMouseTransparent(mouseTransparent);
              stop();
              restored.run();
            }
          }
        };
    boolean[] started = {false};
    control
        .sceneProperty()
        .addListener(
            (obs, o, n) -> {
              if (n != null && !started[0]) {
                started[0] = true;
                timer.start();
              }
            });
  }

  /** Starts once the host is in a scene; each part is shown in a frame of its own. */
  static void inside(Pane host, List<Supplier<Region>> parts) {
    Deque<Supplier<Region>> left = new ArrayDeque<>(parts);
    AnimationTimer timer =
        new AnimationTimer() {
          private Region shown;
          private int frames;

          @Override
          public void handle(long now) {
            if (shown != null) {
              host.getChildren().remove(shown);
              shown = null;
            }
            if (++frames < 3) {
              return; // the workspace's own first layout comes first
            }
            if (left.isEmpty()) {
              stop();
              return;
            }
            shown = left.poll().get();
            shown.setManaged(false);
            shown.setOpacity(0);
            shown.setMouseTransparent(true);
            shown.setFocusTraversable(false);
            shown.resizeRelocate(0, 0, 360, 220);
            host.getChildren().add(shown);
          }
        };
    host.sceneProperty()
        .addListener(
            (obs, o, n) -> {
              if (n != null && !left.isEmpty()) {
                timer.start();
              }
            });
  }
}
