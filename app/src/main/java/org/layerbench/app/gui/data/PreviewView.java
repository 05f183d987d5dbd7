package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.data.DataViewModel.Preview;
import org.layerbench.engine.data.transform.Image8;

/**
 * The selected image through the pipeline being edited, several times with different random draws
 * (what training sees in different epochs). It redraws shortly after each edit; Re-roll draws again
 * with a new seed.
 */
final class PreviewView extends VBox {

  private static final double TILE = 80;

  /** The smallest tile of the one-row layout: the sample's 64-pixel images barely shrunk. */
  private static final double MIN_TILE = 56;

  private final TilePane tiles = new TilePane();
  private final List<ImageView> views = new ArrayList<>();
  private final List<Label> tags = new ArrayList<>();
  private final Label caption = new Label();

  PreviewView(DataViewModel vm) {
    setId("data-preview");
    getStyleClass().add("preview-view");
    setSpacing(6);
    Label title = new Label("Preview");
    title.getStyleClass().add("pane-title");
    ProgressIndicator busy = new ProgressIndicator();
    busy.setPrefSize(16, 16);
    busy.setMaxSize(16, 16);
    busy.visibleProperty().bind(vm.previewBusyProperty());
    Button reroll = new Button("Re-roll", new FontIcon(Material2MZ.REFRESH));
    reroll.setId("data-reroll");
    reroll.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
    reroll.setTooltip(new Tooltip("Draw the random steps again (a new seed)"));
    reroll.setOnAction(e -> vm.reroll());
    reroll
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> vm.previewProperty().get() == null || !vm.previewProperty().get().random(),
                vm.previewProperty()));
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox head = new HBox(8, title, busy, gap, reroll);
    head.setAlignment(Pos.CENTER_LEFT);

    tiles.setId("data-preview-tiles");
    tiles.setHgap(6);
    tiles.setVgap(6);
    tiles.setPrefColumns(DataViewModel.PREVIEW_COUNT);
    // All draws in one row when they fit at a readable size, else four across; up to a size that
    // keeps small images crisp.
    var tile =
        Bindings.createDoubleBinding(
            () -> {
              double w = getWidth() - getInsets().getLeft() - getInsets().getRight();
              int n = DataViewModel.PREVIEW_COUNT;
              double one = Math.floor((w - (n - 1) * 6) / n);
              return one >= MIN_TILE
                  ? Math.min(88, one)
                  : Math.max(TILE, Math.min(88, (w - 18) / 4));
            },
            widthProperty());
    tiles.prefTileWidthProperty().bind(tile);
    tiles.prefTileHeightProperty().bind(tile);
    tiles.setAlignment(Pos.TOP_CENTER);
    for (int i = 0; i < DataViewModel.PREVIEW_COUNT; i++) {
      ImageView v = new ImageView();
      v.setId("preview-" + i);
      v.fitWidthProperty().bind(tiles.prefTileWidthProperty());
      v.fitHeightProperty().bind(tiles.prefTileHeightProperty());
      v.setPreserveRatio(true);
      v.setSmooth(false); // show the pixels the model gets
      Label tag = new Label();
      tag.getStyleClass().add("thumb-tag");
      tag.setVisible(false);
      StackPane.setAlignment(tag, Pos.BOTTOM_LEFT);
      tags.add(tag);
      StackPane frame = new StackPane(v, tag);
      frame.getStyleClass().add("preview-tile");

      views.add(v);
      tiles.getChildren().add(frame);
    }

    Label message = new Label();
    message.setId("data-preview-message");
    message.setWrapText(true);
    message.getStyleClass().addAll(Styles.TEXT_SMALL, "preview-message");
    message.textProperty().bind(vm.previewMessageProperty());
    message.visibleProperty().bind(vm.previewMessageProperty().isNotEmpty());
    message.managedProperty().bind(message.visibleProperty());
    caption.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    caption.setWrapText(true);
    caption.setMinHeight(Region.USE_PREF_SIZE);

    getChildren().addAll(head, message, tiles, caption);
    vm.previewProperty().addListener((obs, o, n) -> show(n));
    vm.previewMessageProperty()
        .addListener((obs, o, n) -> tiles.setOpacity(n.isEmpty() ? 1 : 0.35));
    show(vm.previewProperty().get());
  }

  private void show(Preview p) {
    // A random pipeline: its draws. A fixed one: the image before and after it, side by side.
    List<Image8> shown = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    if (p != null && p.random()) {
      shown.addAll(p.variants());
    } else if (p != null) {
      shown.add(p.original());
      labels.add("original");
      shown.add(p.variants().get(0));
      labels.add("after the pipeline");
    }
    for (int i = 0; i < views.size(); i++) {
      Image8 img = i < shown.size() ? shown.get(i) : null;
      views.get(i).setImage(img == null ? null : FxImages.of(img));
      boolean used = p == null || i < shown.size();
      views.get(i).getParent().setVisible(used);
      views.get(i).getParent().setManaged(used);
      tags.get(i).setText(i < labels.size() ? labels.get(i) : "");
      tags.get(i).setVisible(i < labels.size());
    }
    if (p == null) {
      caption.setText("");
      return;
    }
    caption.setText(
        p.random()
            ? String.format(
                "%d random draws (seed %d) · %d×%d · training draws anew every epoch",
                p.variants().size(), p.seed(), p.width(), p.height())
            : String.format(
                "No random steps: every epoch sees this image exactly so · %d×%d",
                p.width(), p.height()));
  }

  /** The pixels of preview tile {@code i} as shown (tests). */
  javafx.scene.image.Image tile(int i) {
    return views.get(i).getImage();
  }
}
