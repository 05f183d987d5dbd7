package org.layerbench.app.gui.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/**
 * The rehearsal of first-use costs: each part is laid out inside the shown workspace in a frame of
 * its own, hidden and without input, and nothing of it stays; the real parts (the epoch table,
 * charts and run list) rehearse without errors.
 */
@ExtendWith(ApplicationExtension.class)
class RehearsalGuiTest {
  private StackPane root;
  private StackPane host;
  private final List<String> seen = new ArrayList<>();
  private final List<String> wrong = new ArrayList<>();

  @Start
  void start(Stage stage) {
    root = new StackPane();
    host = new StackPane(new Label("the workspace"));
    stage.setScene(new Scene(root, 400, 300));
    stage.show();
  }

  @Test
  void eachPartGetsAFrameAndNothingStays() throws Exception {
    List<Supplier<Region>> parts = new ArrayList<>(LiveCharts.rehearsals());
    parts.add(RunHistoryView::rehearsal);
    List<Supplier<Region>> watched = new ArrayList<>();
    for (Supplier<Region> p : parts) {
      watched.add(
          () -> {
            Region r = p.get();
            seen.add(r.getClass().getSimpleName());
            return r;
          });
    }
    List<Long> frames = new ArrayList<>();
    List<Integer> children = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          Rehearsal.inside(host, watched);
          if (!seen.isEmpty()) {
            wrong.add("a part was made before the host was shown");
          }
          new AnimationTimer() {
            @Override
            public void handle(long now) {
              children.add(host.getChildren().size());
              if (host.getChildren().size() > 1) {
                Region shown = (Region) host.getChildren().get(1);
                if (shown.getOpacity() != 0
                    || !shown.isMouseTransparent()
                    || shown.isManaged()
                    || shown.getWidth() != 360) {
                  wrong.add("shown as " + shown);
                }
              }
              if (frames.size() == 20) {
                stop();
                done.countDown();
              }
              frames.add(now);
            }
          }.start();
          root.getChildren().add(host);
        });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong).isEmpty();
    assertThat(seen).containsExactly("VBox", "LineChart", "VBox");
    // one part per frame: never two at once, and only the workspace's own child at the end
    assertThat(children).allSatisfy(n -> assertThat(n).isBetween(1, 2));
    assertThat(children.getLast()).isEqualTo(1);
    assertThat(children.stream().filter(n -> n == 2).count()).isEqualTo(3);
  }
}
