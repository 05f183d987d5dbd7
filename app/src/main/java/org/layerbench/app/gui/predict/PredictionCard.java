package org.layerbench.app.gui.predict;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.Thumbnails;

/**
 * One image and what the model says: the thumbnail, the top class and its probability, and a
 * horizontal bar per class of the top k; for an ensemble, each member's own top class underneath.
 */
final class PredictionCard extends HBox {
  static final int THUMB = 112;

  private final VBox body = new VBox(6);
  private final Label name = new Label();
  private ImageResult shown;

  PredictionCard(ImageResult r, Thumbnails thumbnails, Runnable remove) {
    getStyleClass().add("prediction-card");
    setSpacing(12);
    setPrefWidth(470);
    setMaxWidth(470);
    ImageView view = new ImageView();
    view.setFitWidth(THUMB);
    view.setFitHeight(THUMB);
    view.setPreserveRatio(true);
    view.setSmooth(true);
    StackPane frame = new StackPane(view);
    frame.getStyleClass().add("tile-image");
    frame.setMinSize(THUMB + 4, THUMB + 4);
    frame.setMaxSize(THUMB + 4, THUMB + 4);
    FontIcon waiting = new FontIcon(Material2MZ.PHOTO);
    waiting.getStyleClass().add("tile-placeholder");
    frame.getChildren().add(waiting);
    thumbnails.load(
        r.file(),
        THUMB,
        img -> {
          frame.getChildren().remove(waiting);
          if (img != null) {
            view.setImage(img);
          } else {
            Label bad = new Label("cannot read");
            bad.getStyleClass().add("tile-bad");
            frame.getChildren().add(bad);
          }
        });
    name.setText(r.file().getFileName().toString());
    name.getStyleClass().add("prediction-file");
    name.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
    name.setTooltip(new Tooltip(r.file().toString()));
    name.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(name, Priority.ALWAYS);
    Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
    close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL);
    close.setTooltip(new Tooltip("Remove this image"));
    close.setOnAction(e -> remove.run());
    HBox head = new HBox(4, name, close);
    head.setAlignment(Pos.CENTER_LEFT);
    VBox right = new VBox(4, head, body);
    HBox.setHgrow(right, Priority.ALWAYS);
    getChildren().addAll(frame, right);
  }

  ImageResult shown() {
    return shown;
  }

  /** Shows a result (or its waiting / failed state) with the top k classes. */
  void show(ImageResult r, int k) {
    shown = r;
    body.getChildren().clear();
    if (r.error() != null) {
      Label e = new Label("Cannot classify: " + r.error());
      e.getStyleClass().add("prediction-error");
      e.setWrapText(true);
      body.getChildren().add(e);
      return;
    }
    if (r.pending()) {
      ProgressIndicator spin = new ProgressIndicator();
      spin.setPrefSize(18, 18);
      Label l = new Label("waiting for the model…");
      l.getStyleClass().add("hint-text");
      HBox w = new HBox(8, spin, l);
      w.setAlignment(Pos.CENTER_LEFT);
      body.getChildren().add(w);
      return;
    }
    List<ImageResult.Ranked> top = r.top(k);
    ImageResult.Ranked best = top.getFirst();
    Label verdict =
        new Label(best.label() + String.format(Locale.ROOT, "  %.1f %%", 100 * best.probability()));
    verdict.getStyleClass().add("prediction-verdict");
    GridPane bars = new GridPane();
    bars.getStyleClass().add("prediction-bars");
    bars.setHgap(8);
    bars.setVgap(5);
    ColumnConstraints label = new ColumnConstraints(60, 96, 140);
    ColumnConstraints bar = new ColumnConstraints(60, 150, Double.MAX_VALUE);
    bar.setHgrow(Priority.ALWAYS);
    ColumnConstraints pct = new ColumnConstraints(58);
    bars.getColumnConstraints().addAll(label, bar, pct);
    for (int i = 0; i < top.size(); i++) {
      ImageResult.Ranked t = top.get(i);
      Label l = new Label(t.label());
      l.getStyleClass().add("bar-label");
      l.setTextOverrun(OverrunStyle.ELLIPSIS);
      l.setTooltip(new Tooltip(t.label()));
      Label p = new Label(String.format(Locale.ROOT, "%5.1f %%", 100 * t.probability()));
      p.getStyleClass().add("bar-percent");
      p.setMaxWidth(Double.MAX_VALUE);
      p.setAlignment(Pos.CENTER_RIGHT);
      bars.addRow(i, l, bar(t.probability(), i == 0), p);
    }
    body.getChildren().addAll(verdict, bars);
    if (r.members().size() > 1) {
      VBox members = new VBox(1);
      members.getStyleClass().add("members");
      for (ImageResult.Member m : r.members()) {
        ImageResult.Ranked mt = r.topOf(m);
        Label line =
            new Label(
                String.format(
                    Locale.ROOT,
                    "%s says %s %.0f %%",
                    m.name(),
                    mt.label(),
                    100 * mt.probability()));
        line.getStyleClass().add("member-line");
        line.setTextOverrun(OverrunStyle.ELLIPSIS);
        members.getChildren().add(line);
      }
      body.getChildren().add(members);
    }
  }

  static StackPane bar(double p, boolean top) {
    Region fill = new Region();
    fill.getStyleClass().add("bar-fill");
    if (top) {
      fill.getStyleClass().add("bar-top");
    }
    StackPane track = new StackPane(fill);
    track.getStyleClass().add("bar-track");
    track.setAlignment(Pos.CENTER_LEFT);
    track.setMinHeight(14);
    track.setPrefHeight(14);
    track.setMaxHeight(14);
    fill.setMinWidth(0);
    fill.prefWidthProperty().bind(track.widthProperty().multiply(Math.clamp(p, 0, 1)));
    fill.setMaxWidth(Region.USE_PREF_SIZE);
    fill.setMaxHeight(Double.MAX_VALUE);
    StackPane.setMargin(fill, Insets.EMPTY);
    return track;
  }
}
