package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformParam;
import org.layerbench.engine.data.transform.TransformType;

/**
 * The steps of the pipeline being edited, RandomApply's nested steps indented under it. Each line
 * has a switch to enable or disable the step, a summary of its parameters, and its error in red
 * when it has one. Steps are reordered by dragging (onto the upper or lower half of a line; onto
 * the middle of a RandomApply to put a step inside it) or with Alt+Up/Down; Delete removes one.
 */
final class StepList extends TreeView<StepPath> {

  private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");
  private static final PseudoClass DISABLED_STEP = PseudoClass.getPseudoClass("off");
  private static final PseudoClass DROP_BEFORE = PseudoClass.getPseudoClass("drop-before");
  private static final PseudoClass DROP_AFTER = PseudoClass.getPseudoClass("drop-after");
  private static final PseudoClass DROP_INTO = PseudoClass.getPseudoClass("drop-into");
  private static final String DRAG_PREFIX = "layerbench-step:";

  private final DataViewModel vm;
  private StepPath dragging;
  private boolean rebuilding;

  StepList(DataViewModel vm) {
    this.vm = vm;
    setId("data-steps");
    getStyleClass().add("step-list");
    setShowRoot(false);
    setRoot(new TreeItem<>(StepPath.ROOT));
    setCellFactory(t -> new StepCell());
    setFixedCellSize(-1);
    getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (obs, o, n) -> {
              if (!rebuilding) {
                vm.selectedStepProperty().set(n == null ? null : n.getValue());
              }
            });
    vm.selectedStepProperty().addListener((obs, o, n) -> select(n));
    vm.activePipelineProperty().addListener((obs, o, n) -> rebuild());
    vm.stepErrorsProperty().addListener((obs, o, n) -> refresh());
    setOnKeyPressed(
        e -> {
          StepPath sel = vm.selectedStepProperty().get();
          if (sel == null) {
            return;
          }
          if (e.isAltDown() && (e.getCode() == KeyCode.UP || e.getCode() == KeyCode.DOWN)) {
            moveBy(sel, e.getCode() == KeyCode.UP ? -1 : 1);
            e.consume();
          } else if (e.getCode() == KeyCode.DELETE || e.getCode() == KeyCode.BACK_SPACE) {
            vm.removeStep(sel);
            e.consume();
          } else if (e.getCode() == KeyCode.SPACE) {
            vm.setEnabled(sel, !vm.step(sel).enabled());
            e.consume();
          }
        });
    // Dropping below the last line puts the step at the end.
    setOnDragOver(
        e -> {
          if (dragging != null) {
            e.acceptTransferModes(TransferMode.MOVE);
          }
        });
    setOnDragDropped(
        e -> {
          if (dragging != null) {
            vm.moveStep(dragging, StepPath.ROOT, vm.activePipelineProperty().get().steps().size());
            e.setDropCompleted(true);
            e.consume();
          }
        });
    rebuild();
  }

  private void moveBy(StepPath path, int delta) {
    int size = PipelineEdits.children(vm.activePipelineProperty().get(), path.parent()).size();
    int target = path.last() + delta;
    if (target < 0 || target >= size) {
      return;
    }
    // move() counts positions before the move: down by one means "before the one after next".
    vm.moveStep(path, path.parent(), delta > 0 ? target + 1 : target);
  }

  private void rebuild() {
    Pipeline p = vm.activePipelineProperty().get();
    rebuilding = true;
    try {
      getRoot().getChildren().setAll(items(p == null ? List.of() : p.steps(), StepPath.ROOT));
      select(vm.selectedStepProperty().get());
    } finally {
      rebuilding = false;
    }
  }

  private List<TreeItem<StepPath>> items(List<Step> steps, StepPath parent) {
    List<TreeItem<StepPath>> out = new ArrayList<>();
    for (int i = 0; i < steps.size(); i++) {
      StepPath path = parent.child(i);
      TreeItem<StepPath> item = new TreeItem<>(path);
      item.getChildren().setAll(items(steps.get(i).steps(), path));
      item.setExpanded(true);
      out.add(item);
    }
    return out;
  }

  private void select(StepPath path) {
    TreeItem<StepPath> item = path == null ? null : find(getRoot(), path);
    if (item == null) {
      getSelectionModel().clearSelection();
    } else if (getSelectionModel().getSelectedItem() != item) {
      getSelectionModel().select(item);
    }
  }

  private static TreeItem<StepPath> find(TreeItem<StepPath> from, StepPath path) {
    for (TreeItem<StepPath> c : from.getChildren()) {
      if (c.getValue().equals(path)) {
        return c;
      }
      TreeItem<StepPath> inner = find(c, path);
      if (inner != null) {
        return inner;
      }
    }
    return null;
  }

  /** One parameter summary: "size 64 · scale [0.6, 1.0]". */
  static String summary(Step s) {
    List<String> parts = new ArrayList<>();
    for (TransformParam p : s.type().params()) {
      Object v = s.params().get(p.name());
      if (v != null) {
        parts.add(p.name() + " " + ParamValues.format(v));
      }
    }
    if (s.type() == TransformType.RANDOM_APPLY) {
      parts.add(s.steps().size() == 1 ? "1 step" : s.steps().size() + " steps");
    }
    return String.join(" · ", parts);
  }

  /** Where a drop on this cell at height {@code y} puts the dragged step. */
  private record Drop(StepPath parent, int index, PseudoClass look) {}

  private Drop drop(StepPath target, DragEvent e, double height) {
    double y = e.getY();
    Step s = vm.step(target);
    boolean group = s.type() == TransformType.RANDOM_APPLY && !dragging.contains(target);
    if (group && y > height * 0.3 && y < height * 0.7) {
      return new Drop(target, s.steps().size(), DROP_INTO);
    }
    boolean before = y < height / 2;
    return new Drop(
        target.parent(),
        before ? target.last() : target.last() + 1,
        before ? DROP_BEFORE : DROP_AFTER);
  }

  private final class StepCell extends TreeCell<StepPath> {
    private final CheckBox enabled = new CheckBox();
    private final Label name = new Label();
    private final Label params = new Label();
    private final Label error = new Label();
    private final Button remove = new Button(null, new FontIcon(Material2MZ.REMOVE_CIRCLE_OUTLINE));
    private final VBox box;

    StepCell() {
      getStyleClass().add("step-cell");
      FontIcon handle = new FontIcon(Material2AL.DRAG_INDICATOR);
      handle.getStyleClass().add("step-handle");
      name.getStyleClass().add("step-name");
      name.setMinWidth(Region.USE_PREF_SIZE);
      params.getStyleClass().add("step-params");
      params.setMinWidth(0);
      params.setMaxWidth(Double.MAX_VALUE);
      HBox.setHgrow(params, Priority.ALWAYS);
      error.getStyleClass().add("step-error");
      error.setWrapText(true);
      error.setGraphic(new FontIcon(Material2AL.ERROR));
      error.managedProperty().bind(error.visibleProperty());
      remove.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT, Styles.SMALL, "step-remove");
      remove.setTooltip(new Tooltip("Remove this step (Delete)"));
      remove.setFocusTraversable(false);
      enabled.setFocusTraversable(false);
      enabled.getStyleClass().add(Styles.SMALL);
      HBox line = new HBox(6, handle, enabled, name, params, remove);
      line.setAlignment(Pos.CENTER_LEFT);
      box = new VBox(0, line, error);
      box.setMinWidth(0);
      // the tree's indentation and scroll bar come off the cell's width
      box.maxWidthProperty().bind(widthProperty().subtract(30));
      box.prefWidthProperty().bind(widthProperty().subtract(30));
      enabled.setOnAction(
          e -> {
            if (getItem() != null) {
              vm.setEnabled(getItem(), enabled.isSelected());
            }
          });
      remove.setOnAction(
          e -> {
            if (getItem() != null) {
              vm.removeStep(getItem());
            }
          });
      setOnDragDetected(
          e -> {
            if (getItem() == null) {
              return;
            }
            dragging = getItem();
            var db = startDragAndDrop(TransferMode.MOVE);
            ClipboardContent c = new ClipboardContent();
            c.putString(DRAG_PREFIX + getItem().label());
            db.setContent(c);
            db.setDragView(snapshot(null, null));
            e.consume();
          });
      setOnDragOver(
          e -> {
            if (dragging == null) {
              return;
            }
            if (getItem() == null) {
              e.acceptTransferModes(TransferMode.MOVE);
              e.consume();
              return;
            }
            if (dragging.equals(getItem())) {
              e.consume();
              return;
            }
            Drop d = drop(getItem(), e, getHeight());
            e.acceptTransferModes(TransferMode.MOVE);
            show(d.look());
            e.consume();
          });
      setOnDragExited(e -> show(null));
      setOnDragDropped(
          e -> {
            if (dragging == null) {
              return;
            }
            Drop d =
                getItem() == null
                    ? new Drop(
                        StepPath.ROOT, vm.activePipelineProperty().get().steps().size(), null)
                    : drop(getItem(), e, getHeight());
            show(null);
            if (!dragging.equals(getItem())) {
              vm.moveStep(dragging, d.parent(), d.index());
            }
            e.setDropCompleted(true);
            e.consume();
          });
      setOnDragDone(e -> dragging = null);
    }

    private void show(PseudoClass look) {
      pseudoClassStateChanged(DROP_BEFORE, look == DROP_BEFORE);
      pseudoClassStateChanged(DROP_AFTER, look == DROP_AFTER);
      pseudoClassStateChanged(DROP_INTO, look == DROP_INTO);
    }

    @Override
    protected void updateItem(StepPath path, boolean empty) {
      super.updateItem(path, empty);
      Pipeline p = vm.activePipelineProperty().get();
      if (empty || path == null || p == null || !PipelineEdits.exists(p, path)) {
        setGraphic(null);
        setText(null);
        setContextMenu(null);
        setId(null);
        pseudoClassStateChanged(ERROR, false);
        pseudoClassStateChanged(DISABLED_STEP, false);
        return;
      }
      Step s = PipelineEdits.get(p, path);
      setId("step-" + path.label().replace('.', '-'));
      name.setText(s.type().jsonName());
      String sum = summary(s);
      params.setText(sum);
      enabled.setSelected(s.enabled());
      enabled.setTooltip(new Tooltip(s.enabled() ? "Disable this step" : "Enable this step"));
      Map<StepPath, String> errors = vm.stepErrorsProperty().get();
      String problem = errors.get(path);
      error.setText(problem);
      error.setVisible(problem != null);
      pseudoClassStateChanged(ERROR, problem != null);
      pseudoClassStateChanged(DISABLED_STEP, !s.enabled());
      Tooltip tip = new Tooltip(s.type().doc());
      tip.setWrapText(true);
      tip.setMaxWidth(340);
      name.setTooltip(tip);
      setText(null);
      setGraphic(box);
      setContextMenu(menu(path, s));
    }

    private ContextMenu menu(StepPath path, Step s) {
      MenuItem toggle = new MenuItem(s.enabled() ? "Disable" : "Enable");
      toggle.setOnAction(e -> vm.setEnabled(path, !s.enabled()));
      MenuItem up = new MenuItem("Move Up");
      up.setOnAction(e -> moveBy(path, -1));
      up.setDisable(path.last() == 0);
      MenuItem down = new MenuItem("Move Down");
      down.setOnAction(e -> moveBy(path, 1));
      MenuItem delete = new MenuItem("Remove");
      delete.setOnAction(e -> vm.removeStep(path));
      ContextMenu m = new ContextMenu(toggle, up, down, new SeparatorMenuItem(), delete);
      if (s.type() == TransformType.RANDOM_APPLY) {
        Menu inside =
            AddStepMenu.menu(
                "Add Inside",
                vm,
                type -> {
                  vm.selectedStepProperty().set(path);
                  vm.addStep(type, true);
                });
        m.getItems().addAll(0, List.of(inside, new SeparatorMenuItem()));
      }
      return m;
    }
  }
}
