package org.layerbench.app.gui.model;

import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;

/**
 * The Model workspace: palette on the left, the graph canvas (and the model summary tab) in the
 * middle with the problems below it, the inspector on the right, and the totals underneath.
 */
public final class ModelWorkspace extends BorderPane {
  private final GraphCanvas canvas;
  private final TabPane tabs = new TabPane();

  public ModelWorkspace(ModelViewModel vm) {
    setId("model-workspace");
    canvas = new GraphCanvas(vm);
    PaletteView palette = new PaletteView(vm);
    InspectorView inspector = new InspectorView(vm);
    ProblemsView problems = new ProblemsView(vm, this::reveal);
    Tab graphTab = new Tab("Graph", canvas);
    graphTab.setId("tab-graph");
    Tab summaryTab = new Tab("Summary");
    SummaryTableView summary = new SummaryTableView(vm, summaryTab.selectedProperty());
    summaryTab.setContent(summary);
    summaryTab.setId("tab-summary");
    tabs.getTabs().addAll(graphTab, summaryTab);
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

  /** Shows the graph tab and scrolls a node into the middle of it. */
  public void reveal(String nodeId) {
    tabs.getSelectionModel().select(0);
    canvas.centerOn(nodeId);
  }
}
