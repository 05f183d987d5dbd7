package org.layerbench.app.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.layerbench.app.gui.command.CommandStack;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Model workspace on headless Monocle: in the Code tab, an edit in the inspector changes the
 * code, selecting a layer on the canvas marks its lines, and the code can be copied; a model whose
 * output does not fit the dataset's classes gets a problem with a one-click fix. Analysis and code
 * generation run on the calling thread here, so each gesture's effect is there when it ends.
 */
@ExtendWith(ApplicationExtension.class)
class ModelWorkspaceGuiTest {
  private ModelViewModel vm;
  private ModelWorkspace workspace;

  /**
   * Starts the toolkit and loads RichTextFX and ELK before the first test's setup, whose time limit
   * is otherwise spent on class loading when the machine is busy.
   */
  @BeforeAll
  static void warmUp() throws Exception {
    FxToolkit.registerPrimaryStage();
    FxToolkit.setupFixture(
        () -> {
          // the window's theme: code.css uses its colour variables
          javafx.application.Application.setUserAgentStylesheet(
              new atlantafx.base.theme.PrimerLight().getUserAgentStylesheet());
          new CodeArea("x = 1");
          PythonHighlighter.styles("x = 1");
          ElkLayout.layout(Templates.find("simplenet").orElseThrow().create(3, List.of(3, 8, 8)));
        });
  }

  @Start
  void start(Stage stage) {
    vm = new ModelViewModel(new CommandStack(), Runnable::run, Runnable::run);
    workspace = new ModelWorkspace(vm, Runnable::run, Runnable::run);
    stage.setScene(new Scene(workspace, 1280, 800));
    stage.show();
    ModelGraph g = Templates.find("simplenet").orElseThrow().create(3, List.of(3, 32, 32));
    vm.load(g);
  }

  private String id(String path) {
    return vm.analysis().nodeAt(path).orElseThrow().node().id();
  }

  private CodeArea area() {
    return workspace.code().area();
  }

  private List<String> markedLines() {
    List<String> out = new ArrayList<>();
    CodeArea a = area();
    for (int p = 0; p < a.getParagraphs().size(); p++) {
      if (a.getParagraph(p).getParagraphStyle().contains(CodeView.SELECTED)) {
        out.add(a.getParagraph(p).getText());
      }
    }
    return out;
  }

  @Test
  void editingALayersParameterInTheInspectorChangesTheCode(FxRobot robot) {
    robot.clickOn("#tab-code");
    assertThat(area().getText()).contains("self.fc2 = nn.Linear(84, 50)", "nn.Linear(50, 3)");

    robot.clickOn("#tab-graph");
    robot.clickOn(workspace.canvas().nodeView(id("fc2")));
    TextField out = robot.lookup("#param-out_features").queryAs(TextField.class);
    robot.doubleClickOn(out).eraseText(out.getText().length()).write("33").type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    robot.clickOn("#tab-code");

    assertThat(area().getText())
        .contains("self.fc2 = nn.Linear(84, 33)", "self.fc3 = nn.Linear(33, 3)")
        .doesNotContain("nn.Linear(84, 50)");
  }

  @Test
  void selectingALayerOnTheCanvasMarksItsLinesInInitAndForward(FxRobot robot) {
    robot.clickOn(workspace.canvas().nodeView(id("fc1")));
    robot.clickOn("#tab-code");

    assertThat(markedLines())
        .containsExactly("        self.fc1 = nn.Linear(3072, 84)", "        x = self.fc1(x)");

    robot.clickOn("#tab-graph");
    robot.clickOn(workspace.canvas().nodeView(id("flatten")));
    robot.clickOn("#tab-code");
    assertThat(markedLines()).containsExactly("        x = torch.flatten(x, 1)");
  }

  @Test
  void aGraphWithAnErrorShowsTheErrorAsACommentWhereItsLayerWouldBe(FxRobot robot) {
    robot.clickOn("#tab-graph");
    robot.clickOn(workspace.canvas().nodeView(id("flatten")));
    robot.interact(vm::deleteSelection);
    robot.clickOn("#tab-code");
    assertThat(area().getText()).contains("# Error: ").doesNotContain("self.fc1(x)");
    assertThat(robot.lookup("#code-status").queryLabeled().getText()).contains("error");
  }

  @Test
  void theCodeIsCopiedWithTheButtonAndWithCtrlC(FxRobot robot) {
    robot.clickOn("#tab-code");
    robot.clickOn("#code-copy");
    assertThat(clipboard(robot)).isEqualTo(area().getText());

    int at = area().getText().indexOf("import torch");
    robot.interact(
        () -> {
          area().requestFocus();
          area().selectRange(at, at + "import torch".length());
        });
    robot.push(KeyCode.CONTROL, KeyCode.C);
    assertThat(clipboard(robot)).isEqualTo("import torch");
  }

  private static String clipboard(FxRobot robot) {
    String[] s = new String[1];
    robot.interact(() -> s[0] = Clipboard.getSystemClipboard().getString());
    return s[0];
  }

  @Test
  void aClassMismatchIsAProblemOnTheLastLayerWithAOneClickFix(FxRobot robot) {
    robot.interact(() -> vm.setDatasetClasses(2));
    assertThat(robot.lookup("#summary-status").queryLabeled().getText()).startsWith("1 problem");
    javafx.scene.control.ListView<org.layerbench.engine.graph.Problem> problems =
        robot.lookup("#problems-list").queryListView();
    assertThat(problems.getItems())
        .singleElement()
        .satisfies(p -> assertThat(p.nodeId()).isEqualTo(id("fc3")));
    javafx.scene.Node badge =
        robot.from(workspace.canvas().nodeView(id("fc3"))).lookup(".node-badge").query();
    assertThat(badge.isVisible()).isTrue();

    robot.clickOn("#fix-class-mismatch");

    assertThat(vm.analysis().output().orElseThrow().dims()).containsExactly(2);
    assertThat(problems.getItems()).isEmpty();
    assertThat(badge.isVisible()).isFalse();
    assertThat(robot.lookup("#summary-status").queryLabeled().getText()).startsWith("✓ valid");

    // a template chosen afterwards is checked against the same dataset
    robot.interact(
        () -> vm.load(Templates.find("resnet18").orElseThrow().create(10, List.of(3, 64, 64))));
    assertThat(problems.getItems())
        .singleElement()
        .satisfies(p -> assertThat(p.message()).contains("set its out_features to 2"));
    robot.clickOn("#fix-class-mismatch");
    assertThat(vm.analysis().output().orElseThrow().dims()).containsExactly(2);
  }

  @Test
  void aLayerAddedByDoubleClickInThePaletteLandsInViewAndTheSearchClearsOnAnotherModel(
      FxRobot robot) {
    GraphCanvas canvas = workspace.canvas();
    robot.interact(
        () -> {
          vm.select(id("fc3"));
          canvas.centerOnPoint(-3000, -3000); // the graph far out of view
        });
    robot.clickOn("#palette-search").write("Dropout");
    robot.doubleClickOn("#palette-Dropout");
    robot.interact(() -> {}); // the layout pass after the edit

    String added = vm.selectedProperty().get();
    assertThat(vm.graph().node(added).orElseThrow().type().typeName()).isEqualTo("Dropout");
    javafx.scene.Node card = canvas.nodeView(added);
    var view = canvas.localToScene(canvas.getLayoutBounds());
    var shown = card.localToScene(card.getBoundsInLocal());
    assertThat(view.contains(shown)).as("%s inside %s", shown, view).isTrue();

    robot.interact(
        () -> vm.load(Templates.find("cnnnet").orElseThrow().create(3, List.of(3, 32, 32))));
    assertThat(robot.lookup("#palette-search").queryAs(TextField.class).getText()).isEmpty();
  }

  @Test
  void theSummarysProblemColumnIsWhollyInsideTheTableAndWrapsItsSentence(FxRobot robot) {
    // Without its Flatten, Linear 'fc1' has a long problem sentence on its row.
    robot.interact(
        () -> {
          vm.select(id("flatten"));
          vm.deleteSelection();
        });
    robot.clickOn("#tab-summary");
    robot.interact(() -> {});
    javafx.scene.control.TableView<?> table = robot.lookup("#summary-table").queryTableView();
    double used = table.getColumns().stream().mapToDouble(c -> c.getWidth()).sum();
    var problem = table.getColumns().get(table.getColumns().size() - 1);
    assertThat(problem.getText()).isEqualTo("Problem");
    assertThat(problem.getWidth()).isGreaterThanOrEqualTo(SummaryTableView.PROBLEM_MIN);
    assertThat(used).isLessThanOrEqualTo(table.getWidth());
    javafx.scene.control.TableCell<?, ?> cell =
        robot.lookup(".summary-problem").queryAll().stream()
            .map(javafx.scene.control.TableCell.class::cast)
            .filter(c -> c.getItem() instanceof String t && t.length() > 40)
            .findFirst()
            .orElseThrow();
    assertThat(cell.getHeight()).isGreaterThan(30); // its row grew to more than one line
  }
}
