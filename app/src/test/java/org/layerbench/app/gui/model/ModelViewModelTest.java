package org.layerbench.app.gui.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.layerbench.app.gui.command.CommandStack;
import org.layerbench.engine.graph.Edge;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.graph.Shape;

/** The model view-model on same-thread executors: every edit is analysed before it returns. */
class ModelViewModelTest {
  private ModelViewModel vm;

  @BeforeEach
  void setUp() {
    vm = new ModelViewModel(new CommandStack(), Runnable::run, Runnable::run);
    GraphBuilder b = new GraphBuilder("t");
    b.input(List.of(3, 32, 32));
    vm.load(b.build());
  }

  private String shapeOf(String id) {
    var r = vm.analysis().node(id);
    return r.output() == null ? null : r.output().toString();
  }

  @Test
  void addingAndWiringAConvShowsItsOutputShapeAndUndoRedoWalksBack() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    assertThat(vm.graph().nodes()).hasSize(2);
    assertThat(vm.selection()).containsExactly(conv);
    assertThat(vm.analysis().node(conv).errors()).anyMatch(e -> e.contains("has no input"));

    assertThat(vm.connect("input", conv, -1)).isTrue();
    assertThat(vm.graph().edges()).containsExactly(new Edge("input", conv, 0));
    assertThat(shapeOf(conv)).isEqualTo("16×30×30");
    assertThat(vm.analysis().ok()).isTrue();

    vm.commands().undo();
    assertThat(vm.graph().edges()).isEmpty();
    assertThat(shapeOf(conv)).isNull();
    vm.commands().undo();
    assertThat(vm.graph().nodes()).hasSize(1);
    vm.commands().redo();
    vm.commands().redo();
    assertThat(shapeOf(conv)).isEqualTo("16×30×30");
    assertThat(vm.commands().undoLabelProperty().get()).isEqualTo("Connect");
  }

  @Test
  void badWiringBecomesAProblemOnTheNode() {
    String fc = vm.addNode(LayerType.LINEAR, 0, 200);
    vm.connect("input", fc, 0);
    assertThat(vm.analysis().problems())
        .anySatisfy(
            p -> {
              assertThat(p.nodeId()).isEqualTo(fc);
              assertThat(p.message()).contains("insert Flatten");
            });
    assertThat(vm.analysis().node(fc).errors()).isNotEmpty();
  }

  @Test
  void aLayerCannotFeedItselfOrAnInput() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    assertThat(vm.connect(conv, conv, 0)).isFalse();
    assertThat(vm.messageProperty().get()).contains("cannot feed itself");
    assertThat(vm.connect(conv, "input", 0)).isFalse();
    assertThat(vm.graph().edges()).isEmpty();
  }

  @Test
  void wiringAnOccupiedSingleInputReplacesTheOldWire() {
    String a = vm.addNode(LayerType.RELU, 0, 100);
    String b = vm.addNode(LayerType.RELU, 0, 200);
    vm.connect("input", b, 0);
    vm.connect(a, b, 0);
    assertThat(vm.graph().edges()).containsExactly(new Edge(a, b, 0));
  }

  @Test
  void mergeNodesTakeTheNextFreePort() {
    String add = vm.addNode(LayerType.ADD, 0, 300);
    String r = vm.addNode(LayerType.RELU, 0, 150);
    vm.connect("input", r, -1);
    vm.connect("input", add, -1);
    vm.connect(r, add, -1);
    assertThat(vm.graph().edges()).contains(new Edge("input", add, 0), new Edge(r, add, 1));
    assertThat(shapeOf(add)).isEqualTo("3×32×32");
  }

  @Test
  void deleteRemovesNodesAndWiresAndUndoRestoresTheExactGraph() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    vm.connect("input", conv, 0);
    ModelGraph before = vm.graph();
    vm.select(conv);
    vm.deleteSelection();
    assertThat(vm.graph().nodes()).extracting(n -> n.id()).containsExactly("input");
    assertThat(vm.graph().edges()).isEmpty();
    assertThat(vm.selection()).isEmpty();
    vm.commands().undo();
    assertThat(vm.graph()).isEqualTo(before);
  }

  @Test
  void parametersAreCheckedAndInferredValuesAreReadOnly() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    vm.connect("input", conv, 0);
    assertThat(vm.setParam(conv, "out_channels", "0"))
        .hasValueSatisfying(m -> assertThat(m).contains("out_channels must be ≥ 1"));
    assertThat(vm.setParam(conv, "out_channels", "abc")).isPresent();
    assertThat(vm.setParam(conv, "kernel_size", "3, 5")).isEmpty();
    assertThat(vm.setParam(conv, "out_channels", "8")).isEmpty();
    assertThat(shapeOf(conv)).isEqualTo("8×30×28");
    assertThat(vm.graph().node(conv).orElseThrow().params().get("kernel_size"))
        .isEqualTo(List.of(3, 5));
    vm.setParam(conv, "out_channels", "");
    assertThat(vm.graph().node(conv).orElseThrow().params().has("out_channels")).isFalse();

    List<ParamRow> rows = vm.paramRows(conv);
    assertThat(rows)
        .anySatisfy(
            r -> {
              assertThat(r.name()).isEqualTo("in_channels");
              assertThat(r.text()).isEqualTo("3");
              assertThat(r.editable()).isFalse();
            });
    assertThat(rows)
        .anySatisfy(
            r -> {
              assertThat(r.name()).isEqualTo("stride");
              assertThat(r.placeholder()).isEqualTo("1");
              assertThat(r.doc()).contains("Step between filter positions");
            });
  }

  @Test
  void renameRefusesNamesThatCannotBeModuleNames() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    assertThat(vm.rename(conv, "layer.1")).isPresent();
    assertThat(vm.rename(conv, "stem")).isEmpty();
    assertThat(vm.graph().node(conv).orElseThrow().name()).isEqualTo("stem");
  }

  @Test
  void addAfterSelectionSplicesTheLayerIntoTheWire() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    vm.connect("input", conv, 0);
    vm.select("input");
    String bn = vm.addAfterSelection(LayerType.BATCHNORM2D);
    assertThat(vm.graph().edges())
        .containsExactlyInAnyOrder(new Edge("input", bn, 0), new Edge(bn, conv, 0));
    assertThat(vm.analysis().ok()).isTrue();
    assertThat(vm.graph().node(conv).orElseThrow().y()).isGreaterThan(200);
    // With nothing selected it goes after the model's output.
    vm.clearSelection();
    String relu = vm.addAfterSelection(LayerType.RELU);
    assertThat(vm.graph().edges()).contains(new Edge(conv, relu, 0));
  }

  @Test
  void copyPasteDuplicatesNodesAndTheirInnerWires() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    String relu = vm.addNode(LayerType.RELU, 0, 300);
    vm.connect(conv, relu, 0);
    vm.selectOnly(List.of(conv, relu));
    vm.copySelection();
    vm.paste();
    assertThat(vm.graph().nodes()).hasSize(5);
    assertThat(vm.graph().edges()).hasSize(2);
    assertThat(vm.selection()).hasSize(2).doesNotContain(conv, relu);
    vm.commands().undo();
    assertThat(vm.graph().nodes()).hasSize(3);
  }

  @Test
  void cutRemovesAndPastePutsBack() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    vm.select(conv);
    vm.cutSelection();
    assertThat(vm.graph().nodes()).hasSize(1);
    vm.paste();
    assertThat(vm.graph().nodes()).hasSize(2);
  }

  @Test
  void moveIsOneCommandAndSelectionIsNotHistory() {
    String conv = vm.addNode(LayerType.CONV2D, 0, 200);
    vm.moveNodes(Map.of(conv, new double[] {50, 260}, "input", new double[] {50, 0}));
    assertThat(vm.graph().node(conv).orElseThrow().x()).isEqualTo(50);
    vm.selectAll();
    assertThat(vm.selection()).hasSize(2);
    vm.commands().undo();
    assertThat(vm.graph().node(conv).orElseThrow().x()).isEqualTo(0);
    assertThat(vm.graph().node("input").orElseThrow().x()).isEqualTo(0);
  }

  @Test
  void autoLayoutIsUndoable() {
    GraphBuilder b = new GraphBuilder("chain");
    String in = b.input(List.of(3, 8, 8));
    String c = b.add("conv", LayerType.CONV2D, Params.of("out_channels", 4), in);
    b.add("relu", LayerType.RELU, Params.EMPTY, c);
    vm.load(b.build());
    ModelGraph before = vm.graph();
    vm.autoLayout();
    assertThat(ElkLayout.needsLayout(vm.graph())).isFalse();
    vm.commands().undo();
    assertThat(vm.graph()).isEqualTo(before);
  }

  @Test
  void staleAnalysesAreDropped() {
    java.util.List<Runnable> queued = new java.util.ArrayList<>();
    ModelViewModel slow = new ModelViewModel(new CommandStack(), queued::add, Runnable::run);
    GraphBuilder b = new GraphBuilder("t");
    b.input(List.of(3, 8, 8));
    slow.load(b.build());
    slow.addNode(LayerType.RELU, 0, 100);
    // Run the newest analysis first, then the older one: the older must not win.
    queued.get(1).run();
    queued.get(0).run();
    assertThat(slow.analysis().graph()).isEqualTo(slow.graph());
    assertThat(slow.analysis().graph().nodes()).hasSize(2);
    assertThat(Set.copyOf(slow.analysis().nodes().stream().map(r -> r.node().id()).toList()))
        .hasSize(2);
    assertThat(Shape.of(3, 8, 8).toString()).isEqualTo("3×8×8");
  }

  @Test
  void collapsingAllGroupsIsOneCommandThatKeepsTheModel() {
    vm.load(org.layerbench.engine.graph.Templates.find("resnet18").orElseThrow().create());
    vm.select("layer1.0.conv1");
    var before = vm.graph();
    vm.setAllCollapsed(true);
    assertThat(vm.graph().groups().stream().filter(g -> g.parent() == null))
        .allMatch(g -> g.collapsed());
    assertThat(vm.selection()).isEmpty();
    assertThat(vm.analysis().ok()).isTrue();
    assertThat(vm.analysis().params()).isEqualTo(11_689_512L);
    vm.commands().undo();
    assertThat(vm.graph()).isEqualTo(before);
    vm.toggleCollapsed("layer2/");
    assertThat(vm.graph().group("layer2/").orElseThrow().collapsed()).isTrue();
    vm.setAllCollapsed(false);
    assertThat(vm.graph().groups()).noneMatch(g -> g.collapsed());
  }

  @Test
  void aModelWhoseOutputIsNotTheDatasetsClassCountHasAProblemOnItsLastLinearAndAFix() {
    vm.load(
        org.layerbench.engine.graph.Templates.find("simplenet")
            .orElseThrow()
            .create(3, List.of(3, 32, 32)));
    assertThat(vm.classMismatchProperty().get()).isNull(); // the class count is not known yet
    vm.setDatasetClasses(2);
    ClassMismatch m = vm.classMismatchProperty().get();
    assertThat(m).isNotNull();
    assertThat(m.layer()).isEqualTo("fc3");
    assertThat(m.fixLabel()).isEqualTo("Set out_features to 2");
    assertThat(vm.problems()).containsExactly(m.problem());
    assertThat(m.problem().message()).contains("gives 3 outputs but the dataset has 2 classes");

    vm.fixClassMismatch();
    assertThat(vm.analysis().output().orElseThrow().dims()).containsExactly(2);
    assertThat(vm.classMismatchProperty().get()).isNull();
    assertThat(vm.problems()).isEmpty();
    vm.commands().undo();
    assertThat(vm.classMismatchProperty().get()).isNotNull();

    // a Softmax after the last Linear keeps the shape: the Linear is still the one to change
    String softmax = vm.addAfterSelection(LayerType.SOFTMAX);
    assertThat(vm.analysis().outputNode().orElseThrow().id()).isEqualTo(softmax);
    assertThat(vm.classMismatchProperty().get().layer()).isEqualTo("fc3");
  }
}
