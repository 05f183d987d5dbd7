package org.layerbench.app.gui.evaluate;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.Thumbnails;
import org.layerbench.engine.train.Evaluation.SampleResult;

/**
 * Evaluated images as tiles: the thumbnail (decoded off the FX thread), the true class, the
 * predicted class with its probability, and the loss. Shows the first {@link #LIMIT} of the list it
 * is given (callers pass them worst first).
 */
public final class SampleGallery extends BorderPane {
  /** Tiles shown at most; a note says how many more there are. */
  public static final int LIMIT = 240;

  static final int THUMB = 88;

  private final Thumbnails thumbnails;
  private final FlowPane tiles = new FlowPane(8, 8);
  private final Label note = new Label();
  private final Label empty = new Label();

  public SampleGallery(String id, Thumbnails thumbnails) {
    this.thumbnails = thumbnails;
    setId(id);
    getStyleClass().add("sample-gallery");
    tiles.setPadding(new Insets(8));
    tiles.getStyleClass().add("gallery-tiles");
    ScrollPane scroll = new ScrollPane(tiles);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("edge-to-edge");
    note.getStyleClass().add("gallery-note");
    note.managedProperty().bind(note.visibleProperty());
    empty.getStyleClass().add("gallery-empty");
    empty.setWrapText(true);
    StackPane center = new StackPane(scroll, empty);
    StackPane.setAlignment(empty, Pos.CENTER);
    setCenter(center);
    setTop(note);
    BorderPane.setMargin(note, new Insets(6, 10, 0, 10));
    show(List.of(), List.of(), "");
  }

  /**
   * @param classes the class names (labels index them)
   * @param samples the images, in the order to show
   * @param whenEmpty what to say when there are none
   */
  public void show(List<String> classes, List<SampleResult> samples, String whenEmpty) {
    tiles.getChildren().clear();
    int shown = Math.min(LIMIT, samples.size());
    for (int i = 0; i < shown; i++) {
      tiles.getChildren().add(tile(classes, samples.get(i)));
    }
    note.setVisible(samples.size() > shown);
    note.setText(
        "Showing the " + shown + " with the highest loss of " + samples.size() + " images.");
    empty.setText(whenEmpty);
    empty.setVisible(samples.isEmpty());
  }

  /** The tiles shown (for tests). */
  public List<javafx.scene.Node> tiles() {
    return tiles.getChildren();
  }

  private VBox tile(List<String> classes, SampleResult s) {
    ImageView view = new ImageView();
    view.setFitWidth(THUMB);
    view.setFitHeight(THUMB);
    view.setPreserveRatio(true);
    view.setSmooth(true);
    StackPane frame = new StackPane(view);
    frame.getStyleClass().add("tile-image");
    frame.setMinSize(THUMB + 4, THUMB + 4);
    frame.setPrefSize(THUMB + 4, THUMB + 4);
    FontIcon waiting = new FontIcon(Material2MZ.PHOTO);
    waiting.getStyleClass().add("tile-placeholder");
    frame.getChildren().add(waiting);
    Path file = Path.of(s.file());
    thumbnails.load(
        file,
        THUMB,
        img -> {
          frame.getChildren().remove(waiting);
          if (img == null) {
            Label bad = new Label("cannot read");
            bad.getStyleClass().add("tile-bad");
            frame.getChildren().add(bad);
          } else {
            view.setImage(img);
          }
        });
    boolean right = s.label() == s.predicted();
    Label truth = new Label("true " + classes.get(s.label()));
    truth.getStyleClass().add("tile-true");
    Label pred = new Label("→ " + classes.get(s.predicted()));
    pred.getStyleClass().addAll("tile-pred", right ? "tile-right" : "tile-wrong");
    Label loss =
        new Label(
            String.format(
                Locale.ROOT,
                "%.0f%% · loss %.2f",
                100 * s.probabilities()[s.predicted()],
                s.loss()));
    loss.getStyleClass().add("tile-loss");
    for (Label l : List.of(truth, pred, loss)) {
      l.setMaxWidth(THUMB + 2);
      l.setTextOverrun(OverrunStyle.ELLIPSIS);
    }
    VBox tile = new VBox(3, frame, truth, pred, loss);
    tile.getStyleClass().add("gallery-tile");
    tile.setAlignment(Pos.TOP_LEFT);
    tile.setPrefWidth(THUMB + 12);
    tile.setMaxWidth(THUMB + 12);
    Tooltip tip = new Tooltip(tooltip(classes, s));
    tip.setShowDelay(Duration.millis(300));
    Tooltip.install(tile, tip);
    return tile;
  }

  static String tooltip(List<String> classes, SampleResult s) {
    StringBuilder sb = new StringBuilder(s.file()).append('\n');
    sb.append("true class: ").append(classes.get(s.label())).append('\n');
    float[] p = s.probabilities();
    IntStream.range(0, p.length)
        .boxed()
        .sorted(Comparator.comparingDouble((Integer i) -> p[i]).reversed())
        .limit(5)
        .forEach(
            i ->
                sb.append(
                    String.format(Locale.ROOT, "%n%-12s %6.2f %%", classes.get(i), 100 * p[i])));
    sb.append(String.format(Locale.ROOT, "%n%ncross-entropy loss %.4f", s.loss()));
    return sb.toString();
  }
}
