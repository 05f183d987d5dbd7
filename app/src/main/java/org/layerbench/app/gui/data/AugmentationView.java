package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.Map;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.data.DataViewModel.Which;

/**
 * The augmentation editor: the train and validation pipelines (torchvision's {@code
 * transforms.Compose}), their steps and the selected step's parameters. Its live preview is a
 * {@link PreviewView} under the image grid, where it has the width for all its draws in a row.
 */
final class AugmentationView extends VBox {

  AugmentationView(DataViewModel vm) {
    setId("data-augmentation");
    getStyleClass().add("augmentation-view");
    setSpacing(8);

    Label title = new Label("Augmentation");
    title.getStyleClass().add("pane-title");
    ToggleGroup which = new ToggleGroup();
    ToggleButton train = pill("Train", Which.TRAIN, which, Styles.LEFT_PILL);
    ToggleButton val = pill("Validation", Which.VAL, which, Styles.RIGHT_PILL);
    train.setTooltip(
        new Tooltip("Applied to every training image, anew each epoch: random steps belong here"));
    val.setTooltip(
        new Tooltip(
            "Applied to validation images and when predicting: deterministic, usually Resize +"
                + " CenterCrop + Normalize"));
    which.selectToggle(vm.activeProperty().get() == Which.TRAIN ? train : val);
    which
        .selectedToggleProperty()
        .addListener(
            (obs, o, n) -> {
              if (n == null) {
                o.setSelected(true);
              } else {
                vm.activeProperty().set((Which) n.getUserData());
              }
            });
    vm.activeProperty()
        .addListener((obs, o, n) -> which.selectToggle(n == Which.TRAIN ? train : val));
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox head = new HBox(8, title, gap, new HBox(train, val));
    head.setAlignment(Pos.CENTER_LEFT);

    Label origin = new Label();
    origin.setId("data-pipeline-origin");
    origin.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    origin.setWrapText(true);
    origin
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    vm.defaultPipelinesProperty().get()
                        ? "The default pipelines: resize to "
                            + vm.trainingSize()
                            + " px, ImageNet Normalize. Edit them to add augmentation."
                        : "Kept in the project file; every change is undoable (Ctrl+Z).",
                vm.defaultPipelinesProperty(),
                vm.pipelinesProperty()));

    StepList steps = new StepList(vm);
    steps.setMinHeight(100);

    Label pipelineError = new Label();
    pipelineError.setId("data-pipeline-error");
    pipelineError.getStyleClass().add("step-refused");
    pipelineError.setWrapText(true);
    pipelineError.setGraphic(new FontIcon(Material2AL.ERROR_OUTLINE));
    pipelineError
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  Map<org.layerbench.app.gui.data.StepPath, String> e =
                      vm.stepErrorsProperty().get();
                  return e.getOrDefault(StepPath.ROOT, "");
                },
                vm.stepErrorsProperty()));
    pipelineError.visibleProperty().bind(pipelineError.textProperty().isNotEmpty());
    pipelineError.managedProperty().bind(pipelineError.visibleProperty());

    Button reset = new Button("Default", new FontIcon(Material2MZ.SETTINGS_BACKUP_RESTORE));
    reset.setId("data-reset-pipelines");
    reset.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
    Tooltip resetTip = new Tooltip();
    resetTip.textProperty().bind(origin.textProperty());
    resetTip.setWrapText(true);
    resetTip.setMaxWidth(340);
    reset.setTooltip(resetTip);
    reset.setOnAction(e -> vm.resetPipelines());
    reset.disableProperty().bind(vm.defaultPipelinesProperty());
    Label count = new Label();
    count.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    count
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  var p = vm.activePipelineProperty().get();
                  int errors = vm.stepErrorsProperty().get().size();
                  if (p == null) {
                    return "";
                  }
                  return p.steps().size()
                      + " steps"
                      + (errors == 0 ? "" : " · " + errors + (errors == 1 ? " error" : " errors"));
                },
                vm.activePipelineProperty(),
                vm.stepErrorsProperty()));
    Region gap2 = new Region();
    HBox.setHgrow(gap2, Priority.ALWAYS);
    HBox tools = new HBox(6, AddStepMenu.button(vm), reset, gap2, count);
    tools.setAlignment(Pos.CENTER_LEFT);

    StepEditor editor = new StepEditor(vm);
    ScrollPane editorScroll = new ScrollPane(editor);
    editorScroll.setFitToWidth(true);
    editorScroll.setMinViewportHeight(60);
    editorScroll.getStyleClass().add("step-editor-scroll");
    editorScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);

    VBox list = new VBox(4, steps, pipelineError);
    VBox.setVgrow(steps, Priority.ALWAYS);
    // The person decides how much room the list and the parameters get.
    SplitPane split = new SplitPane(list, editorScroll);
    split.setOrientation(Orientation.VERTICAL);
    split.setDividerPositions(0.52);
    split.getStyleClass().add("augmentation-split");
    VBox.setVgrow(split, Priority.ALWAYS);

    origin.setVisible(false);
    origin.setManaged(false);
    // The preview sits under the image grid (DataWorkspace): this column's height is the steps'.
    getChildren().addAll(head, tools, split);
  }

  private static ToggleButton pill(String text, Which w, ToggleGroup g, String style) {
    ToggleButton b = new ToggleButton(text);
    b.setId("data-pipeline-" + w.name().toLowerCase(java.util.Locale.ROOT));
    b.setUserData(w);
    b.setToggleGroup(g);
    b.getStyleClass().addAll(style, Styles.SMALL);
    b.setFocusTraversable(false);
    return b;
  }
}
