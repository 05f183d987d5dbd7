package org.layerbench.app.gui.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.Insets;
import javafx.scene.Cursor;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.layerbench.engine.graph.LayerCategory;
import org.layerbench.engine.graph.LayerType;

/**
 * Every layer type, grouped by category, with a search filter and the type's doc as tooltip. Drag
 * an entry onto the canvas to add it there (a press-drag-release gesture inside the window, which
 * {@link GraphCanvas} receives); double-click it to add it after the selected layer.
 */
public final class PaletteView extends VBox {
  private final ModelViewModel vm;
  private final TextField search = new TextField();
  private final TreeView<Object> tree = new TreeView<>();

  private final Consumer<String> onAdded;

  /**
   * @param onAdded called with the id of a layer added by double-click (the canvas scrolls to it)
   */
  public PaletteView(ModelViewModel vm, Consumer<String> onAdded) {
    this.vm = vm;
    this.onAdded = onAdded;
    getStyleClass().add("palette");
    setId("palette");
    Label title = new Label("Layers");
    title.getStyleClass().add("pane-title");
    search.setPromptText("Search layers");
    search.setId("palette-search");
    search.setTooltip(new Tooltip("Filter by name, category or description"));
    tree.setShowRoot(false);
    tree.setId("palette-tree");
    tree.setCellFactory(t -> new Cell());
    VBox.setVgrow(tree, Priority.ALWAYS);
    setSpacing(8);
    setPadding(new Insets(10, 8, 8, 8));
    getChildren().addAll(title, search, tree);
    search.textProperty().addListener((obs, o, n) -> rebuild(n));
    // Another model (another project) starts with the whole catalogue, not the last search.
    vm.documentProperty().addListener((obs, o, n) -> search.clear());
    rebuild("");
  }

  private void rebuild(String filter) {
    String f = filter == null ? "" : filter.strip().toLowerCase(Locale.ROOT);
    TreeItem<Object> root = new TreeItem<>("layers");
    for (LayerCategory c : LayerCategory.values()) {
      TreeItem<Object> cat = new TreeItem<>(c);
      Arrays.stream(LayerType.values())
          .filter(t -> t.category() == c)
          .filter(
              t ->
                  f.isEmpty()
                      || t.typeName().toLowerCase(Locale.ROOT).contains(f)
                      || c.label().toLowerCase(Locale.ROOT).contains(f)
                      || t.doc().toLowerCase(Locale.ROOT).contains(f))
          .forEach(t -> cat.getChildren().add(new TreeItem<>(t)));
      if (!cat.getChildren().isEmpty()) {
        cat.setExpanded(true);
        root.getChildren().add(cat);
      }
    }
    tree.setRoot(root);
  }

  private final class Cell extends TreeCell<Object> {
    private final Tooltip tip = new Tooltip();

    Cell() {
      tip.setShowDelay(Duration.millis(300));
      tip.setWrapText(true);
      tip.setMaxWidth(360);
      setOnDragDetected(
          e -> {
            if (getItem() instanceof LayerType) {
              startFullDrag();
              getScene().setCursor(Cursor.CLOSED_HAND);
              e.consume();
            }
          });
      addEventHandler(
          MouseEvent.MOUSE_RELEASED,
          e -> {
            if (getScene() != null) {
              getScene().setCursor(Cursor.DEFAULT);
            }
          });
      setOnMouseClicked(
          e -> {
            if (e.getButton() == MouseButton.PRIMARY
                && e.getClickCount() == 2
                && getItem() instanceof LayerType t) {
              onAdded.accept(vm.addAfterSelection(t));
              e.consume();
            }
          });
    }

    @Override
    protected void updateItem(Object item, boolean empty) {
      super.updateItem(item, empty);
      getStyleClass().removeAll("palette-category", "palette-layer");
      if (empty || item == null) {
        setText(null);
        setGraphic(null);
        setTooltip(null);
        setUserData(null);
        setId(null);
      } else if (item instanceof LayerCategory c) {
        setText(c.label());
        setGraphic(null);
        setTooltip(null);
        setUserData(null);
        setId(null);
        getStyleClass().add("palette-category");
      } else if (item instanceof LayerType t) {
        setText(t.typeName());
        setGraphic(LayerIcons.of(t.category()));
        tip.setText(t.typeName() + " — " + t.doc());
        setTooltip(tip);
        setUserData(t);
        setId("palette-" + t.typeName());
        getStyleClass().add("palette-layer");
      }
    }
  }
}
