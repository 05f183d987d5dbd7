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
 * charts and run list) rehearse without errors; an empty table is primed unseen and gets its own
 * items back.
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

  @Test
  void anEmptyTableIsPrimedUnseenAndGetsItsOwnItemsBack() throws Exception {
    javafx.collections.ObservableList<String> own =
        javafx.collections.FXCollections.observableArrayList();
    javafx.collections.ObservableList<String> full =
        javafx.collections.FXCollections.observableArrayList("a row");
    javafx.scene.control.TableView<String> empty = table(own);
    javafx.scene.control.TableView<String> filled = table(full);
    javafx.scene.control.TableView<String> unprimed =
        table(javafx.collections.FXCollections.observableArrayList());
    List<String> states = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          Rehearsal.primeCells(empty, "throwaway");
          Rehearsal.primeCells(filled, "throwaway");
          new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
              if (empty.getItems() != own) {
                states.add(
                    empty.getItems()
                        + " opacity "
                        + empty.getOpacity()
                        + " mouse "
                        + !empty.isMouseTransparent());
              }
              if (filled.getItems() != full) {
                wrong.add("a table with items was primed");
              }
              if (++frames == 12) {
                stop();
                done.countDown();
              }
            }
          }.start();
          root.getChildren().add(new javafx.scene.layout.HBox(empty, filled, unprimed));
        });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(wrong).isEmpty();
    // the throwaway item showed, unseen and without input, in frames of its own
    assertThat(states)
        .isNotEmpty()
        .allSatisfy(st -> assertThat(st).isEqualTo("[throwaway] opacity 0.0 mouse false"));
    // then the table had its own list again, still empty, and looked and took input as before
    assertThat(empty.getItems()).isSameAs(own);
    assertThat(own).isEmpty();
    assertThat(empty.getOpacity()).isEqualTo(1);
    assertThat(empty.isMouseTransparent()).isFalse();
    // its cells were made while primed: rows exist before any real item arrives
    assertThat(empty.lookupAll(".table-row-cell")).isNotEmpty();
    assertThat(unprimed.lookupAll(".table-row-cell")).isEmpty();
  }

  /**
   * A list whose owner fills it while it is primed (a project's runs arriving in those frames)
   * keeps what the owner put there, and the owner hears when its list is back.
   */
  @Test
  void aListFilledWhilePrimedKeepsItsItems() throws Exception {
    javafx.scene.control.ListView<String> list = new javafx.scene.control.ListView<>();
    javafx.collections.ObservableList<String> own = list.getItems();
    List<String> primed = new ArrayList<>();
    List<String> restored = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Platform.runLater(
        () -> {
          Rehearsal.primeCells(
              list, list.itemsProperty(), "throwaway", () -> restored.add(list.getItems() + ""));
          new AnimationTimer() {
            private int frames;

            @Override
            public void handle(long now) {
              if (list.getItems() != own && own.isEmpty()) {
                primed.add(list.getItems() + " opacity " + list.getOpacity());
                own.add("a run that arrived meanwhile");
              }
              if (++frames == 12) {
                stop();
                done.countDown();
              }
            }
          }.start();
          root.getChildren().add(list);
        });
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(primed).containsExactly("[throwaway] opacity 0.0");
    assertThat(list.getItems()).isSameAs(own).containsExactly("a run that arrived meanwhile");
    assertThat(restored).containsExactly("[a run that arrived meanwhile]");
    assertThat(list.getOpacity()).isEqualTo(1);
    assertThat(list.lookupAll(".list-cell")).isNotEmpty();
  }

  private static javafx.scene.control.TableView<String> table(
      javafx.collections.ObservableList<String> items) {
    javafx.scene.control.TableView<String> t = new javafx.scene.control.TableView<>(items);
    javafx.scene.control.TableColumn<String, String> c =
        new javafx.scene.control.TableColumn<>("x");
    c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(d.getValue()));
    t.getColumns().add(c);
    t.setPrefSize(120, 200);
    return t;
  }
}
