package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.layerbench.engine.data.transform.TransformType;

/**
 * The transform catalogue as a menu, grouped as a person looks for them, each entry with its
 * one-line description. Random transforms are disabled while the validation pipeline is edited.
 */
final class AddStepMenu {

  private record Group(String name, List<TransformType> types) {}

  private static final List<Group> GROUPS =
      List.of(
          new Group(
              "Size and crop",
              List.of(
                  TransformType.RESIZE,
                  TransformType.CENTER_CROP,
                  TransformType.RANDOM_CROP,
                  TransformType.RANDOM_RESIZED_CROP,
                  TransformType.PAD)),
          new Group(
              "Flip and rotate",
              List.of(
                  TransformType.RANDOM_HORIZONTAL_FLIP,
                  TransformType.RANDOM_VERTICAL_FLIP,
                  TransformType.RANDOM_ROTATION,
                  TransformType.RANDOM_AFFINE)),
          new Group(
              "Colour and blur",
              List.of(
                  TransformType.COLOR_JITTER,
                  TransformType.GRAYSCALE,
                  TransformType.RANDOM_GRAYSCALE,
                  TransformType.TO_HSV,
                  TransformType.GAUSSIAN_BLUR)),
          new Group(
              "Tensor",
              List.of(
                  TransformType.TO_TENSOR,
                  TransformType.NORMALIZE,
                  TransformType.GAUSSIAN_NOISE,
                  TransformType.RANDOM_ERASING)),
          new Group("Group", List.of(TransformType.RANDOM_APPLY)));

  private AddStepMenu() {}

  /** Every catalogue entry appears in exactly one group (checked by a test). */
  static List<TransformType> listed() {
    return GROUPS.stream().flatMap(g -> g.types().stream()).toList();
  }

  /** The "Add step" button of the editor. */
  static MenuButton button(DataViewModel vm) {
    MenuButton b = new MenuButton("Add Step", new FontIcon(Material2AL.ADD));
    b.setId("data-add-step");
    b.getStyleClass().add(Styles.SMALL);
    b.setOnShowing(e -> fill(b.getItems(), vm, type -> vm.addStep(type, false)));
    fill(b.getItems(), vm, type -> vm.addStep(type, false));
    return b;
  }

  /** A sub-menu with the catalogue (RandomApply's "Add Inside"). */
  static Menu menu(String title, DataViewModel vm, Consumer<TransformType> add) {
    Menu m = new Menu(title);
    fill(m.getItems(), vm, add);
    return m;
  }

  private static void fill(
      List<javafx.scene.control.MenuItem> items, DataViewModel vm, Consumer<TransformType> add) {
    items.clear();
    boolean val = vm.activeProperty().get() == DataViewModel.Which.VAL;
    for (Group g : GROUPS) {
      Menu group = new Menu(g.name());
      for (TransformType t : g.types()) {
        Label name = new Label(t.jsonName());
        name.getStyleClass().add(Styles.TEXT_BOLD);
        Label doc = new Label(t.doc());
        doc.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
        doc.setWrapText(true);
        doc.setMaxWidth(320);
        VBox box = new VBox(1, name, doc);
        box.setPrefWidth(330);
        CustomMenuItem item = new CustomMenuItem(box, true);
        item.setId("add-" + t.jsonName());
        item.setMnemonicParsing(false);
        item.setDisable(val && t.random());
        item.setOnAction(e -> add.accept(t));
        group.getItems().add(item);
      }
      items.add(group);
    }
  }
}
