package org.layerbench.app.gui;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.gui.model.GraphCanvas;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Problem;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window, driven by TestFX on headless Monocle: palette drag, wiring, undo/redo by
 * keyboard, a bad wiring's badge and problem line, the inspector, and save/reopen. File and
 * analysis work run on the FX thread here (same-thread executors), so each gesture's effect is
 * visible as soon as the gesture ends.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchGuiTest {
  private WorkbenchViewModel vm;
  private WorkbenchView view;

  @Start
  void start(Stage stage) {
    vm =
        new WorkbenchViewModel(
            Runnable::run, Runnable::run, Runnable::run, Settings.inMemory(), null);
    view = new WorkbenchView(vm, stage);
    stage.setScene(view.createScene(1280, 800));
    stage.show();
    vm.newProject();
  }

  private GraphCanvas canvas() {
    return view.modelWorkspace().canvas();
  }

  private Node card(String id) {
    return canvas().nodeView(id);
  }

  private String shapeText(FxRobot robot, String id) {
    return robot.from(card(id)).lookup(".node-shape").queryAs(Label.class).getText();
  }

  private void dragConvOntoCanvas(FxRobot robot) {
    robot.drag("#palette-Conv2d", MouseButton.PRIMARY);
    robot.moveTo(canvas()).moveBy(0, 160);
    robot.release(MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
  }

  private void wire(FxRobot robot, String from, String to) {
    Node port = robot.from(card(from)).lookup(".port-out").query();
    robot.drag(port, MouseButton.PRIMARY).dropTo(card(to));
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void dragConv2dFromThePaletteAndWireItToSeeItsOutputShape(FxRobot robot) {
    dragConvOntoCanvas(robot);
    assertThat(vm.model().graph().nodes()).hasSize(2);
    assertThat(card("conv1")).isNotNull();
    assertThat(shapeText(robot, "conv1")).isEqualTo("→ ?");

    wire(robot, "input", "conv1");
    assertThat(vm.model().graph().edges()).hasSize(1);
    assertThat(shapeText(robot, "conv1")).isEqualTo("→ 16×62×62");
    assertThat(robot.lookup("#summary-params").queryAs(Label.class).getText()).isEqualTo("448");
  }

  @Test
  void undoAndRedoFromTheKeyboard(FxRobot robot) {
    dragConvOntoCanvas(robot);
    wire(robot, "input", "conv1");
    robot.clickOn(canvas(), MouseButton.PRIMARY);
    robot.push(KeyCode.CONTROL, KeyCode.Z);
    assertThat(vm.model().graph().edges()).isEmpty();
    assertThat(shapeText(robot, "conv1")).isEqualTo("→ ?");
    robot.push(KeyCode.CONTROL, KeyCode.Z);
    assertThat(card("conv1")).isNull();
    robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
    assertThat(card("conv1")).isNotNull();
    robot.push(KeyCode.CONTROL, KeyCode.Y);
    assertThat(shapeText(robot, "conv1")).isEqualTo("→ 16×62×62");
  }

  @Test
  void aBadWiringShowsABadgeAndAProblemLineThatSelectsTheLayer(FxRobot robot) {
    robot.clickOn(card("input"));
    robot.doubleClickOn("#palette-Linear");
    assertThat(vm.model().graph().nodes()).hasSize(2);
    Node badge = robot.from(card("fc1")).lookup(".node-badge").query();
    assertThat(badge.isVisible()).isTrue();
    ListView<Problem> problems = robot.lookup("#problems-list").queryListView();
    assertThat(problems.getItems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("insert Flatten"));

    robot.clickOn(card("input"));
    assertThat(vm.model().selection()).containsExactly("input");
    robot.clickOn(robot.from(problems).lookup(".list-cell").nth(0).queryAs(Node.class));
    assertThat(vm.model().selection()).containsExactly("fc1");
  }

  @Test
  void theInspectorRefusesBadValuesAndAppliesGoodOnes(FxRobot robot) {
    dragConvOntoCanvas(robot);
    wire(robot, "input", "conv1");
    robot.clickOn(card("conv1"));
    robot.doubleClickOn("#param-out_channels").write("0").push(KeyCode.ENTER);
    assertThat(robot.lookup("#inspector-problem").queryAs(Label.class).getText())
        .contains("out_channels must be ≥ 1");
    assertThat(shapeText(robot, "conv1")).isEqualTo("→ 16×62×62");
    robot.doubleClickOn("#param-out_channels").write("8").push(KeyCode.ENTER);
    assertThat(shapeText(robot, "conv1")).isEqualTo("→ 8×62×62");
    assertThat(robot.lookup("#inferred-in_channels").queryAs(Label.class).getText()).isEqualTo("3");
  }

  @Test
  void savedAndReopenedProjectShowsTheSameGraph(FxRobot robot) throws Exception {
    dragConvOntoCanvas(robot);
    wire(robot, "input", "conv1");
    ModelGraph edited = vm.model().graph();
    Path file = Files.createTempDirectory("layerbench-gui").resolve("saved.lbproj");
    robot.interact(() -> vm.saveAs(file));
    assertThat(robot.window(0).getScene().getWindow()).isNotNull();
    assertThat(vm.titleProperty().get()).startsWith("saved — saved.lbproj");
    robot.interact(vm::newProject);
    assertThat(card("conv1")).isNull();
    robot.interact(() -> vm.open(file));
    assertThat(vm.model().graph()).isEqualTo(edited);
    assertThat(shapeText(robot, "conv1")).isEqualTo("→ 16×62×62");
  }

  @Test
  void aGroupCollapsesToOneCardAndExpandsAgain(FxRobot robot) throws Exception {
    robot.interact(() -> vm.newFromTemplate("resnet18", 10, java.util.List.of(3, 64, 64)));
    robot.interact(() -> view.modelWorkspace().reveal("layer1.0.conv1"));
    Node title =
        robot
            .lookup(".graph-group-title")
            .match(n -> ((Label) n).getText().contains("layer1  ·"))
            .query();
    robot.clickOn(title);
    assertThat(vm.model().graph().group("layer1/").orElseThrow().collapsed()).isTrue();
    Node card = robot.lookup("#group-layer1_").query();
    assertThat(card.isVisible()).isTrue();
    assertThat(card("layer1.0.conv1").isVisible()).isFalse();
    assertThat(robot.from(card).lookup(".node-shape").queryAs(Label.class).getText())
        .isEqualTo("→ 64×16×16");
    robot.doubleClickOn(card);
    assertThat(vm.model().graph().group("layer1/").orElseThrow().collapsed()).isFalse();
    assertThat(card("layer1.0.conv1").isVisible()).isTrue();
    robot.push(KeyCode.CONTROL, KeyCode.Z);
    assertThat(vm.model().graph().group("layer1/").orElseThrow().collapsed()).isTrue();
  }

  @Test
  void deleteKeyRemovesTheSelectedLayerAndRubberBandSelects(FxRobot robot) {
    dragConvOntoCanvas(robot);
    wire(robot, "input", "conv1");
    robot.clickOn(card("conv1"));
    robot.push(KeyCode.DELETE);
    assertThat(vm.model().graph().nodes()).hasSize(1);
    assertThat(vm.model().graph().edges()).isEmpty();
    robot.push(KeyCode.CONTROL, KeyCode.Z);
    assertThat(vm.model().graph().nodes()).hasSize(2);
    // Drag a band around both cards from an empty corner of the canvas.
    robot.moveTo(canvas()).moveBy(-canvas().getWidth() / 2 + 10, -canvas().getHeight() / 2 + 10);
    robot.press(MouseButton.PRIMARY).moveBy(canvas().getWidth() - 20, canvas().getHeight() - 20);
    robot.release(MouseButton.PRIMARY);
    assertThat(vm.model().selection()).containsExactlyInAnyOrder("input", "conv1");
  }

  /** The selection stays, but Delete on another workspace must not remove layers out of sight. */
  @Test
  void deleteOnAnotherWorkspaceLeavesTheModelAlone(FxRobot robot) {
    dragConvOntoCanvas(robot);
    robot.clickOn(card("conv1"));
    assertThat(vm.model().selection()).containsExactly("conv1");
    robot.clickOn("#ws-predict");
    robot.push(KeyCode.DELETE);
    robot.push(KeyCode.CONTROL, KeyCode.X);
    assertThat(vm.model().graph().nodes()).hasSize(2);
    robot.clickOn("#ws-model");
    robot.clickOn(card("conv1"));
    robot.push(KeyCode.DELETE);
    assertThat(vm.model().graph().nodes()).hasSize(1);
  }

  @Test
  void unsavedChangesAreNotDroppedWithoutAsking(FxRobot robot) {
    dragConvOntoCanvas(robot);
    assertThat(vm.isDirty()).isTrue();
    assertThat(robot.window(0).getScene().getWindow()).isNotNull();
    robot.push(KeyCode.CONTROL, KeyCode.N);
    robot.clickOn("Cancel");
    assertThat(vm.model().graph().nodes()).hasSize(2);
    robot.push(KeyCode.CONTROL, KeyCode.N);
    robot.clickOn("Don't Save");
    assertThat(vm.model().graph().nodes()).hasSize(1);
    assertThat(vm.isDirty()).isFalse();
  }

  @Test
  void newFromTemplateAsksForClassesAndInputSize(FxRobot robot) {
    robot.push(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.N);
    javafx.scene.control.TextField input =
        robot
            .lookup(
                n ->
                    n instanceof javafx.scene.control.TextField t
                        && "C, H, W".equals(t.getPromptText()))
            .query();
    assertThat(input.getText()).isEqualTo("3, 224, 224");
    robot.doubleClickOn(input).eraseText(12).write("3, 96, 96");
    robot.clickOn("Create");
    assertThat(vm.model().analysis().output().orElseThrow().toString()).isEqualTo("1000");
    assertThat(vm.model().graph().inputNode().orElseThrow().params().get("shape"))
        .isEqualTo(java.util.List.of(3, 96, 96));
    assertThat(vm.titleProperty().get()).startsWith("resnet18 — not saved");
  }

  @Test
  void selectingALayerWithChoicesMakesNoEdit(FxRobot robot) {
    robot.interact(() -> vm.model().addNode(org.layerbench.engine.graph.LayerType.GELU, 0, 200));
    robot.interact(() -> vm.model().addNode(org.layerbench.engine.graph.LayerType.RNN, 300, 200));
    String undo = vm.commands().undoLabelProperty().get();
    robot.clickOn(card("gelu1"));
    robot.clickOn(card("rnn1"));
    assertThat(vm.commands().undoLabelProperty().get()).isEqualTo(undo);
    assertThat(vm.model().graph().node("gelu1").orElseThrow().params().values()).isEmpty();
  }
}
