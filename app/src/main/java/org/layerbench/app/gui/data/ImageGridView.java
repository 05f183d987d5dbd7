package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.GridCell;
import org.controlsfx.control.GridView;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * The dataset's images as a virtualized grid of thumbnails (only the visible cells exist, and only
 * their images are decoded, off the FX thread), filtered by class and split, with the selected
 * image's details underneath.
 */
final class ImageGridView extends BorderPane {

  private static final PseudoClass SELECTED = PseudoClass.getPseudoClass("selected");
  private static final String ALL = "All classes";

  private final DataViewModel vm;
  private final ThumbnailLoader thumbnails;
  private final GridView<DataImage> grid;

  ImageGridView(DataViewModel vm, ThumbnailLoader thumbnails) {
    this.vm = vm;
    this.thumbnails = thumbnails;
    getStyleClass().add("image-grid-view");
    grid = new GridView<>(vm.shownImages());
    grid.setId("data-grid");
    grid.setCellWidth(ThumbnailLoader.SIZE + 12);
    grid.setCellHeight(ThumbnailLoader.SIZE + 30);
    grid.setHorizontalCellSpacing(6);
    grid.setVerticalCellSpacing(6);
    grid.setCellFactory(g -> new ThumbCell());
    grid.getStyleClass().add("thumb-grid");
    grid.setFocusTraversable(true);
    grid.setOnKeyPressed(
        e -> {
          int step =
              e.getCode() == KeyCode.RIGHT
                  ? 1
                  : e.getCode() == KeyCode.LEFT ? -1 : e.getCode() == KeyCode.DOWN ? 100 : 0;
          if (e.getCode() == KeyCode.UP) {
            step = -100;
          }
          if (step != 0) {
            moveSelection(step);
            e.consume();
          }
        });

    grid.addEventFilter(ScrollEvent.SCROLL, this::scrollRows);

    setTop(filterBar());
    setCenter(grid);
    setBottom(new ImageDetailsView(vm));
  }

  /**
   * A mouse-wheel notch scrolls one row of thumbnails. The grid's flow moves a notch's 40 pixels
   * (or fewer), about a third of a 138-pixel row: 40 notches went 5 rows down. Touchpad scrolls
   * (with inertia, or many small deltas) keep the flow's own smooth pixels.
   */
  private void scrollRows(ScrollEvent e) {
    if (e.isInertia() || e.getTouchCount() > 0 || e.getDeltaY() == 0) {
      return;
    }
    // A notch is deltaY = ±multiplierY (40 on GTK); events without a multiplier count 40 a notch.
    double notches = e.getDeltaY() / (e.getMultiplierY() > 1 ? e.getMultiplierY() : 40);
    if (Math.abs(notches) < 0.5 || !(grid.lookup(".virtual-flow") instanceof VirtualFlow<?> f)) {
      return; // a touchpad's fraction of a notch
    }
    f.scrollPixels(-notches * rowHeight());
    e.consume();
  }

  /** A row of the grid: a cell and the spacing above and below it (ControlsFX's GridRow). */
  double rowHeight() {
    return grid.getCellHeight() + 2 * grid.getVerticalCellSpacing();
  }

  /** Arrow keys: ±1 across, ±100 means a row (the grid's current column count). */
  private void moveSelection(int step) {
    var items = vm.shownImages();
    if (items.isEmpty()) {
      return;
    }
    int columns =
        Math.max(
            1,
            (int)
                ((grid.getWidth() - 16)
                    / (grid.getCellWidth() + grid.getHorizontalCellSpacing() * 2)));
    int delta = Math.abs(step) == 100 ? Integer.signum(step) * columns : step;
    int i = items.indexOf(vm.selectedProperty().get());
    int next = Math.max(0, Math.min(items.size() - 1, (i < 0 ? 0 : i + delta)));
    vm.selectedProperty().set(items.get(next));
  }

  private HBox filterBar() {
    ComboBox<String> classes = new ComboBox<>();
    classes.setId("data-class-filter");
    classes.setPrefWidth(140);
    classes.getStyleClass().add(Styles.SMALL);
    Runnable fill =
        () -> {
          List<String> names = new ArrayList<>();
          names.add(ALL);
          vm.counts().forEach(c -> names.add(c.name()));
          String keep = vm.classFilterProperty().get();
          classes.getItems().setAll(names);
          classes.setValue(keep == null ? ALL : keep);
        };
    vm.counts().addListener((ListChangeListener<Object>) c -> fill.run());
    fill.run();
    classes.setButtonCell(
        new ListCell<>() {
          @Override
          protected void updateItem(String s, boolean empty) {
            super.updateItem(s, empty);
            setText(empty ? null : s);
          }
        });
    classes
        .valueProperty()
        .addListener(
            (obs, o, n) -> {
              if (n != null) {
                vm.classFilterProperty().set(ALL.equals(n) ? null : n);
              }
            });
    vm.classFilterProperty().addListener((obs, o, n) -> classes.setValue(n == null ? ALL : n));

    ToggleGroup splits = new ToggleGroup();
    List<ToggleButton> buttons = new ArrayList<>();
    String[][] defs = {{"All", null}, {"Train", "train"}, {"Val", "val"}, {"Test", "test"}};
    for (int i = 0; i < defs.length; i++) {
      ToggleButton b = new ToggleButton(defs[i][0]);
      b.setUserData(defs[i][1]);
      b.setId("data-split-" + defs[i][0].toLowerCase(Locale.ROOT));
      b.setToggleGroup(splits);
      b.setFocusTraversable(false);
      b.getStyleClass().add(Styles.SMALL);
      b.getStyleClass()
          .add(
              i == 0
                  ? Styles.LEFT_PILL
                  : i == defs.length - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
      buttons.add(b);
    }
    ToggleButton test = buttons.get(3);
    buttons.get(2).getStyleClass().remove(Styles.CENTER_PILL);
    Runnable testShown =
        () -> {
          boolean any = vm.counts().stream().anyMatch(c -> c.test() > 0);
          test.setVisible(any);
          test.setManaged(any);
          var val = buttons.get(2).getStyleClass();
          val.removeAll(Styles.CENTER_PILL, Styles.RIGHT_PILL);
          val.add(any ? Styles.CENTER_PILL : Styles.RIGHT_PILL);
        };
    vm.counts().addListener((ListChangeListener<Object>) c -> testShown.run());
    testShown.run();
    buttons.get(0).setSelected(true);
    splits
        .selectedToggleProperty()
        .addListener(
            (obs, o, n) -> {
              if (n == null) {
                o.setSelected(true);
              } else {
                vm.splitFilterProperty().set((String) n.getUserData());
              }
            });
    vm.splitFilterProperty()
        .addListener(
            (obs, o, n) -> {
              for (ToggleButton b : buttons) {
                if (java.util.Objects.equals(b.getUserData(), n)) {
                  b.setSelected(true);
                }
              }
            });
    HBox pills = new HBox();
    pills.getChildren().addAll(buttons);

    Label count = new Label();
    count.setId("data-grid-count");
    count.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    count.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    count
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> String.format(Locale.ROOT, "%,d images", vm.shownImages().size()),
                vm.shownImages()));
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox bar = new HBox(10, classes, pills, gap, count);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.getStyleClass().add("grid-filter-bar");
    return bar;
  }

  /** One thumbnail: the image, its class as a tag, and its file name. */
  private final class ThumbCell extends GridCell<DataImage> {
    private final ImageView view = new ImageView();
    private final Label tag = new Label();
    private final Label name = new Label();
    private final FontIcon broken = new FontIcon(Material2AL.BROKEN_IMAGE);
    private final Tooltip tip = new Tooltip();
    private final VBox box;
    private final javafx.beans.value.ChangeListener<DataImage> selection =
        (obs, o, n) -> pseudoClassStateChanged(SELECTED, getItem() != null && getItem().equals(n));
    private ThumbnailLoader.Ticket ticket;

    ThumbCell() {
      getStyleClass().add("thumb-cell");
      view.setFitWidth(ThumbnailLoader.SIZE);
      view.setFitHeight(ThumbnailLoader.SIZE);
      view.setPreserveRatio(true);
      view.setSmooth(true);
      tag.getStyleClass().add("thumb-tag");
      broken.getStyleClass().add("thumb-broken");
      broken.setVisible(false);
      StackPane frame = new StackPane(view, broken, tag);
      frame.getStyleClass().add("thumb-frame");
      frame.setMinSize(ThumbnailLoader.SIZE, ThumbnailLoader.SIZE);
      frame.setPrefSize(ThumbnailLoader.SIZE, ThumbnailLoader.SIZE);
      StackPane.setAlignment(tag, Pos.BOTTOM_LEFT);
      name.getStyleClass().add("thumb-name");
      name.setMaxWidth(ThumbnailLoader.SIZE + 8);
      box = new VBox(3, frame, name);
      box.setAlignment(Pos.TOP_CENTER);
      setGraphic(null);
      setOnMouseClicked(
          e -> {
            if (getItem() != null) {
              vm.selectedProperty().set(getItem());
              grid.requestFocus();
            }
          });
      // Weak: the grid may drop cells, and the selection must not keep them alive.
      vm.selectedProperty().addListener(new javafx.beans.value.WeakChangeListener<>(selection));
    }

    @Override
    protected void updateItem(DataImage item, boolean empty) {
      super.updateItem(item, empty);
      if (ticket != null) {
        ticket.cancel();
        ticket = null;
      }
      if (empty || item == null) {
        setGraphic(null);
        setTooltip(null);
        pseudoClassStateChanged(SELECTED, false);
        return;
      }
      name.setText(item.file().getFileName().toString());
      tag.setText(item.className());
      tag.setVisible(vm.classFilterProperty().get() == null);
      tip.setText(item.file().getFileName() + "\n" + item.split() + " / " + item.className());
      setTooltip(tip);
      pseudoClassStateChanged(SELECTED, item.equals(vm.selectedProperty().get()));
      view.setImage(null);
      broken.setVisible(false);
      setGraphic(box);
      ticket =
          thumbnails.request(
              item.file(),
              t -> {
                if (item.equals(getItem())) {
                  view.setImage(t.image());
                  broken.setVisible(t.image() == null);
                  if (t.error() != null) {
                    tip.setText(tip.getText() + "\n" + t.error());
                  }
                }
              });
    }
  }
}
