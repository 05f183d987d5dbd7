package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableSet;
import org.layerbench.app.gui.command.CommandStack;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.graph.ParamSpec;

/**
 * The model workspace's state and commands: the graph being edited, its latest analysis (shapes,
 * costs, problems), the selection and the clipboard. Every change to the graph is a command on the
 * shared {@link CommandStack}; after each one the graph is analysed on {@code analysisExecutor} and
 * the result applied on {@code fxExecutor} (a stale result, overtaken by a newer edit, is dropped).
 * Tests pass same-thread executors and stay deterministic. No controls here.
 */
public final class ModelViewModel {
  private final CommandStack stack;
  private final Executor analysisExecutor;
  private final Executor fxExecutor;
  private final ReadOnlyObjectWrapper<ModelGraph> graph =
      new ReadOnlyObjectWrapper<>(
          this, "graph", new ModelGraph("model", List.of(), List.of(), List.of()));
  private final ReadOnlyObjectWrapper<GraphAnalysis> analysis =
      new ReadOnlyObjectWrapper<>(this, "analysis");
  private final ReadOnlyDoubleWrapper analysisMillis = new ReadOnlyDoubleWrapper(this, "ms");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
  private final ObservableSet<String> selection =
      FXCollections.observableSet(new LinkedHashSet<>());
  // One wrapper for everyone: a wrapper made per call holds its listeners weakly and would be
  // collected together with them.
  private final ObservableSet<String> selectionView =
      FXCollections.unmodifiableObservableSet(selection);
  private final ReadOnlyObjectWrapper<String> selected =
      new ReadOnlyObjectWrapper<>(this, "selected");
  private final javafx.beans.property.ReadOnlyLongWrapper document =
      new javafx.beans.property.ReadOnlyLongWrapper(this, "document");
  private final javafx.beans.property.ReadOnlyIntegerWrapper datasetClasses =
      new javafx.beans.property.ReadOnlyIntegerWrapper(this, "datasetClasses");
  private final ReadOnlyObjectWrapper<ClassMismatch> classMismatch =
      new ReadOnlyObjectWrapper<>(this, "classMismatch");
  private ModelGraph clipboard;
  private int pasteCount;
  private long ticket;
  // The text dataset's vocabulary size bound to num_embeddings 0 when analysing; 0 when unknown.
  private int vocabularySize;
  // The graph the analysis was made of (before a vocabulary was bound).
  private ModelGraph analysed;

  public ModelViewModel(CommandStack stack, Executor analysisExecutor, Executor fxExecutor) {
    this.stack = stack;
    this.analysisExecutor = analysisExecutor;
    this.fxExecutor = fxExecutor;
    selection.addListener(
        (javafx.collections.SetChangeListener<String>)
            c -> selected.set(selection.size() == 1 ? selection.iterator().next() : null));
    analysis.addListener((obs, o, n) -> checkClasses());
    datasetClasses.addListener((obs, o, n) -> checkClasses());
  }

  private void checkClasses() {
    classMismatch.set(ClassMismatch.of(analysis.get(), datasetClasses.get()));
  }

  // ---- state ----

  public ReadOnlyObjectProperty<ModelGraph> graphProperty() {
    return graph.getReadOnlyProperty();
  }

  public ModelGraph graph() {
    return graph.get();
  }

  /** The analysis of the current graph; null until the first one arrives. */
  public ReadOnlyObjectProperty<GraphAnalysis> analysisProperty() {
    return analysis.getReadOnlyProperty();
  }

  public GraphAnalysis analysis() {
    return analysis.get();
  }

  /**
   * Whether the analysis is of {@code g} as it is (a text model's analysis is of {@code g} with the
   * vocabulary bound, so its graph is another object).
   */
  public boolean analyses(ModelGraph g) {
    return analysis.get() != null && analysed == g;
  }

  /** How long the latest analysis took, in milliseconds. */
  public ReadOnlyDoubleProperty analysisMillisProperty() {
    return analysisMillis.getReadOnlyProperty();
  }

  /** The latest refusal or notice ("out_channels must be ≥ 1, got 0"); empty when none. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** Selected node ids, in the order they were selected. Change it through the select methods. */
  public ObservableSet<String> selection() {
    return selectionView;
  }

  /** The one selected node, or null when none or several are selected. */
  public ReadOnlyObjectProperty<String> selectedProperty() {
    return selected.getReadOnlyProperty();
  }

  /** Changes each time another model is loaded (not on edits): views reset zoom and pan then. */
  public javafx.beans.property.ReadOnlyLongProperty documentProperty() {
    return document.getReadOnlyProperty();
  }

  public CommandStack commands() {
    return stack;
  }

  /** The class count of the project's dataset; 0 when unknown (no dataset, not counted yet). */
  public javafx.beans.property.ReadOnlyIntegerProperty datasetClassesProperty() {
    return datasetClasses.getReadOnlyProperty();
  }

  /**
   * Tells the editor how many classes the dataset has (0: unknown), to check the model's output.
   */
  public void setDatasetClasses(int classes) {
    datasetClasses.set(Math.max(classes, 0));
  }

  /**
   * Tells the editor the text dataset's vocabulary size (0: unknown or no text dataset): a model
   * whose num_embeddings is 0 is analysed with it bound ({@link ModelGraph#bindVocabulary}), so its
   * sizes and parameter count are the ones a run will have.
   */
  public void setVocabularySize(int size) {
    int s = Math.max(size, 0);
    if (s != vocabularySize) {
      vocabularySize = s;
      if (graph.get() != null) {
        analyze(graph.get());
      }
    }
  }

  /**
   * The model's output against the dataset's classes: null when they fit or either is unknown. A
   * problem of the graph, shown with the analysis's, with a one-click fix ({@link
   * #fixClassMismatch}).
   */
  public ReadOnlyObjectProperty<ClassMismatch> classMismatchProperty() {
    return classMismatch.getReadOnlyProperty();
  }

  /** The analysis's problems and a class mismatch, as the problems list shows them. */
  public List<org.layerbench.engine.graph.Problem> problems() {
    GraphAnalysis a = analysis.get();
    List<org.layerbench.engine.graph.Problem> out =
        new ArrayList<>(a == null ? List.of() : a.problems());
    if (classMismatch.get() != null) {
      out.add(classMismatch.get().problem());
    }
    return out;
  }

  /** Sets the last Linear's out_features to the dataset's class count (one undoable edit). */
  public void fixClassMismatch() {
    ClassMismatch m = classMismatch.get();
    if (m != null) {
      setParam(m.nodeId(), "out_features", Integer.toString(m.classes()));
    }
  }

  // ---- loading ----

  /** Shows another model; history is cleared (a new document). */
  public void load(ModelGraph g) {
    selection.clear();
    show(g);
    stack.clear();
    document.set(document.get() + 1);
  }

  private void show(ModelGraph g) {
    graph.set(g);
    Set<String> ids = new java.util.HashSet<>();
    g.nodes().forEach(n -> ids.add(n.id()));
    selection.retainAll(ids);
    analyze(g);
  }

  private void analyze(ModelGraph g) {
    long mine = ++ticket;
    int vocabulary = vocabularySize;
    analysisExecutor.execute(
        () -> {
          long t0 = System.nanoTime();
          GraphAnalysis a =
              vocabulary > 0 && g.needsVocabulary()
                  ? GraphAnalysis.of(g.bindVocabulary(vocabulary))
                  : GraphAnalysis.of(g);
          double ms = (System.nanoTime() - t0) / 1e6;
          fxExecutor.execute(
              () -> {
                if (mine == ticket) {
                  analysisMillis.set(ms);
                  analysed = g;
                  analysis.set(a);
                }
              });
        });
  }

  /** Runs one edit as a command; an edit that changes nothing leaves no history. */
  private void edit(String label, ModelGraph after) {
    ModelGraph before = graph.get();
    if (after.equals(before)) {
      return;
    }
    message.set("");
    stack.push(new GraphChange(label, before, after, this::show));
  }

  // ---- edits ----

  /** Adds an unwired layer with its top-left at (x, y), selects it, and returns its id. */
  public String addNode(LayerType type, double x, double y) {
    GraphEdits.Added a = GraphEdits.addNode(graph.get(), type, x, y);
    edit("Add " + type.typeName(), a.graph());
    selectOnly(List.of(a.id()));
    return a.id();
  }

  /**
   * Adds a layer after the selected one, spliced into its wires; with nothing selected, after the
   * model's output node (or unwired below everything when the graph is empty).
   */
  public String addAfterSelection(LayerType type) {
    ModelGraph g = graph.get();
    String anchor = selected.get();
    if (anchor == null && !selection.isEmpty()) {
      anchor = new ArrayList<>(selection).get(selection.size() - 1);
    }
    if (anchor == null) {
      GraphAnalysis a = analysis.get();
      anchor = a == null ? null : a.outputNode().map(Node::id).orElse(null);
    }
    if (anchor == null || g.node(anchor).isEmpty()) {
      double y = g.nodes().stream().mapToDouble(n -> n.y() + GraphEdits.ROW).max().orElse(0);
      return addNode(type, 0, y);
    }
    GraphEdits.Added a = GraphEdits.insertAfter(g, anchor, type);
    edit("Add " + type.typeName(), a.graph());
    selectOnly(List.of(a.id()));
    return a.id();
  }

  /**
   * Wires {@code from}'s output into {@code to}; {@code port} &lt; 0 picks the first free port. A
   * wire into itself is refused with a message; anything else is allowed and checked by the
   * analysis, whose problems show what is wrong.
   */
  public boolean connect(String from, String to, int port) {
    if (from.equals(to)) {
      message.set("A layer cannot feed itself.");
      return false;
    }
    ModelGraph g = graph.get();
    Node target = g.node(to).orElse(null);
    if (target == null || g.node(from).isEmpty()) {
      return false;
    }
    if (target.type().maxInputs() == 0) {
      message.set("An Input takes no wires; wire its output into the first layer instead.");
      return false;
    }
    int p = port < 0 ? GraphEdits.freePort(g, to) : port;
    if (target.type().maxInputs() == 1) {
      p = 0;
    }
    edit("Connect", GraphEdits.connect(g, from, to, p));
    return true;
  }

  public void disconnect(org.layerbench.engine.graph.Edge edge) {
    edit("Remove wire", GraphEdits.disconnect(graph.get(), edge));
  }

  public void deleteSelection() {
    if (selection.isEmpty()) {
      return;
    }
    Set<String> ids = Set.copyOf(selection);
    String label =
        ids.size() == 1
            ? "Delete " + typeOf(ids.iterator().next())
            : "Delete " + ids.size() + " layers";
    selection.clear();
    edit(label, GraphEdits.removeNodes(graph.get(), ids));
  }

  /** Moves nodes (one command for the whole drag). */
  public void moveNodes(Map<String, double[]> positions) {
    edit(
        positions.size() == 1 ? "Move layer" : "Move " + positions.size() + " layers",
        GraphEdits.move(graph.get(), positions));
  }

  /** Collapses an expanded group or expands a collapsed one (undoable: it is saved). */
  public void toggleCollapsed(String groupId) {
    ModelGraph g = graph.get();
    g.group(groupId)
        .ifPresent(
            gr -> {
              // Selected layers that disappear into the fold are deselected.
              if (!gr.collapsed()) {
                selection.removeIf(id -> g.node(id).map(n -> g.isInside(n, groupId)).orElse(false));
              }
              edit(
                  (gr.collapsed() ? "Expand " : "Collapse ") + g.groupPath(groupId),
                  GraphEdits.setCollapsed(g, groupId, !gr.collapsed()));
            });
  }

  /**
   * Folds every top-level group (a ResNet's stages) or unfolds every group, and lays the graph out
   * again so the cards sit close together — one command.
   */
  public void setAllCollapsed(boolean collapsed) {
    ModelGraph g = graph.get();
    ModelGraph after = g;
    for (org.layerbench.engine.graph.Group gr : g.groups()) {
      if (collapsed ? gr.parent() == null : gr.collapsed()) {
        after = GraphEdits.setCollapsed(after, gr.id(), collapsed);
      }
    }
    if (after.equals(g)) {
      return;
    }
    if (collapsed) {
      Set<String> hidden = GroupBoxes.folded(after).keySet();
      selection.removeAll(hidden);
    }
    edit(
        collapsed ? "Collapse all groups" : "Expand all groups",
        GraphEdits.move(after, ElkLayout.layout(after)));
  }

  /** Lays the graph out with ELK (one undoable command). */
  public void autoLayout() {
    ModelGraph g = graph.get();
    edit("Auto layout", GraphEdits.move(g, ElkLayout.layout(g)));
  }

  /**
   * Sets a parameter from the inspector's text. Refused values leave the graph as it was and return
   * the reason (also published in {@link #messageProperty()}).
   */
  public Optional<String> setParam(String nodeId, String param, String text) {
    Node n = graph.get().node(nodeId).orElse(null);
    if (n == null) {
      return Optional.of("the layer no longer exists");
    }
    ParamSpec spec = n.type().findParam(param).orElse(null);
    if (spec == null) {
      return refuse(n.type().typeName() + " has no parameter " + param);
    }
    ParamText.Parsed parsed = ParamText.parse(spec, text);
    if (!parsed.ok()) {
      return refuse(parsed.error());
    }
    edit("Set " + param, GraphEdits.setParam(graph.get(), nodeId, param, parsed.value()));
    return Optional.empty();
  }

  /** Renames a layer; the name must be a plain identifier (it becomes part of tensor names). */
  public Optional<String> rename(String nodeId, String name) {
    String s = name == null ? "" : name.strip();
    if (s.isEmpty() || !s.matches("[A-Za-z0-9_]+")) {
      return refuse(
          "A layer name is letters, digits and _ only (it becomes part of the weight names), got \""
              + s
              + "\"");
    }
    edit("Rename to " + s, GraphEdits.rename(graph.get(), nodeId, s));
    return Optional.empty();
  }

  private Optional<String> refuse(String why) {
    message.set(why);
    return Optional.of(why);
  }

  // ---- clipboard ----

  public boolean copySelection() {
    if (selection.isEmpty()) {
      return false;
    }
    clipboard = GraphEdits.fragment(graph.get(), Set.copyOf(selection));
    pasteCount = 0;
    return true;
  }

  public void cutSelection() {
    if (copySelection()) {
      deleteSelection();
    }
  }

  public boolean canPaste() {
    return clipboard != null && !clipboard.nodes().isEmpty();
  }

  public void paste() {
    if (!canPaste()) {
      return;
    }
    pasteCount++;
    double off = 40 * pasteCount;
    GraphEdits.Pasted p = GraphEdits.paste(graph.get(), clipboard, off, off);
    edit("Paste", p.graph());
    selectOnly(p.ids());
  }

  // ---- selection (not undoable: it does not change the document) ----

  public void select(String id) {
    selectOnly(List.of(id));
  }

  public void selectOnly(Collection<String> ids) {
    if (selection.size() == ids.size() && selection.containsAll(ids)) {
      return;
    }
    selection.clear();
    selection.addAll(ids);
  }

  public void toggle(String id) {
    if (!selection.remove(id)) {
      selection.add(id);
    }
  }

  public void addToSelection(Collection<String> ids) {
    selection.addAll(ids);
  }

  public void selectAll() {
    selectOnly(graph.get().nodes().stream().map(Node::id).toList());
  }

  public void clearSelection() {
    selection.clear();
  }

  // ---- inspector ----

  /** The inspector's lines for a node: its name, its parameters, and what was inferred. */
  public List<ParamRow> paramRows(String nodeId) {
    Node n = graph.get().node(nodeId).orElse(null);
    if (n == null) {
      return List.of();
    }
    List<ParamRow> rows = new ArrayList<>();
    rows.add(
        new ParamRow(
            "Layer",
            "name",
            null,
            n.name(),
            "",
            true,
            "Module name inside its group; with the group path it names the weights ("
                + graph.get().path(n)
                + ".weight)"));
    for (ParamSpec spec : n.type().params()) {
      Object given = n.params().get(spec.name());
      String def = spec.defaultValue() == null ? "auto" : ParamText.format(spec.defaultValue());
      rows.add(
          new ParamRow(
              "Parameters",
              spec.name(),
              spec,
              n.params().has(spec.name()) ? ParamText.format(given) : "",
              def,
              true,
              spec.doc() + "\nAllowed: " + spec.allowed() + "\nDefault: " + def));
    }
    GraphAnalysis a = analysis.get();
    if (a != null && a.graph().node(nodeId).isPresent()) {
      NodeReport r = a.node(nodeId);
      Map<String, Object> inferred = r.inferred() == null ? Map.of() : r.inferred();
      inferred.forEach(
          (k, v) ->
              rows.add(
                  new ParamRow(
                      "Inferred",
                      k,
                      null,
                      ParamText.format(v),
                      "",
                      false,
                      k + " follows from the incoming shape; it is never typed by hand")));
      if (r.params() > 0) {
        rows.add(
            new ParamRow(
                "Inferred",
                "parameters",
                null,
                org.layerbench.app.Format.count(r.params()),
                "",
                false,
                "Trainable weights of this layer: "
                    + String.join(
                        ", ",
                        r.tensors().stream()
                            .filter(t -> !t.buffer())
                            .map(t -> t.name() + " " + t.shape())
                            .toList())));
      }
      rows.add(
          new ParamRow(
              "Inferred",
              "output shape",
              null,
              r.output() == null ? "unknown" : r.output().toString(),
              "",
              false,
              "The shape of one sample leaving this layer (batch dimension free)"));
    }
    return rows;
  }

  private String typeOf(String id) {
    return graph.get().node(id).map(n -> n.type().typeName()).orElse("layer");
  }

  /** Positions of the given nodes, for a view that starts a drag. */
  public Map<String, double[]> positions(Collection<String> ids) {
    Map<String, double[]> out = new HashMap<>();
    for (String id : ids) {
      graph.get().node(id).ifPresent(n -> out.put(id, new double[] {n.x(), n.y()}));
    }
    return out;
  }
}
