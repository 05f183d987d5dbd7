package org.layerbench.app.gui.model;

import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import javafx.application.Platform;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;

/**
 * The Model workspace: palette on the left, the graph canvas (and the model summary and code tabs)
 * in the middle with the problems below it, the inspector on the right, and the totals underneath.
 */
public final class ModelWorkspace extends BorderPane {
  /** Generates the Code tab's code: one daemon thread, so the FX thread never waits on it. */
  private static final Executor CODE_WORKER =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "model-code");
            t.setDaemon(true);
            return t;
          });

  private final GraphCanvas canvas;
  private final TabPane tabs = new TabPane();
  private final CodeView code;

  public ModelWorkspace(ModelViewModel vm) {
    this(vm, CODE_WORKER, Platform::runLater);
  }

  /**
   * @param codeWorker generates the Code tab's code after each analysis
   * @param fx applies it (the FX thread; the calling thread in tests)
   */
  public ModelWorkspace(ModelViewModel vm, Executor codeWorker, Executor fx) {
    setId("model-workspace");
    canvas = new GraphCanvas(vm);
    PaletteView palette = new PaletteView(vm, id -> canvas.ensureVisible(id));
    InspectorView inspector = new InspectorView(vm);
    ProblemsView problems = new ProblemsView(vm, this::reveal);
    Tab graphTab = new Tab("Graph", canvas);
    graphTab.setId("tab-graph");
    Tab summaryTab = new Tab("Summary");
    SummaryTableView summary = new SummaryTableView(vm, summaryTab.selectedProperty());
    summaryTab.setContent(summary);
    summaryTab.setId("tab-summary");
    Tab codeTab = new Tab("Code");
    codeTab.setId("tab-code");
    code = new CodeView(new CodeViewModel(vm, codeWorker, fx), codeTab.selectedProperty());
    codeTab.setContent(code);
    tabs.getTabs().addAll(graphTab, summaryTab, codeTab);
    tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
    tabs.getStyleClass().add("workspace-tabs");

    SplitPane middle = new SplitPane(tabs, problems);
    middle.setOrientation(Orientation.VERTICAL);
    middle.setDividerPositions(0.84);
    SplitPane.setResizableWithParent(problems, false);

    SplitPane main = new SplitPane(palette, middle, inspector);
    main.setDividerPositions(0.178, 0.745);
    SplitPane.setResizableWithParent(palette, false);
    SplitPane.setResizableWithParent(inspector, false);
    palette.setMinWidth(180);
    inspector.setMinWidth(220);
    setCenter(main);
    setBottom(new SummaryBar(vm));
  }

  public GraphCanvas canvas() {
    return canvas;
  }

  public CodeView code() {
    return code;
  }

  /** Shows the Code tab. */
  public void showCode() {
    tabs.getSelectionModel().select(2);
  }

  /** Shows the graph tab and scrolls a node into the middle of it. */
  public void reveal(String nodeId) {
    tabs.getSelectionModel().select(0);
    canvas.centerOn(nodeId);
  }
}
