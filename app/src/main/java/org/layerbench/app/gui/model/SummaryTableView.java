package org.layerbench.app.gui.model;

import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.scene.control.Control;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.text.Text;
import org.layerbench.app.Format;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.NodeReport;

/** The model summary, like torchsummary: one row per layer with output shape, params and MACs. */
public final class SummaryTableView extends TableView<NodeReport> {
  /** The Problem column's least width: a few words a line, wrapped. */
  static final double PROBLEM_MIN = 180;

  private static final PseudoClass ERROR = PseudoClass.getPseudoClass("error");

  private final ModelViewModel vm;
  private boolean stale;

  /**
   * @param shown whether the table is on screen; while hidden it skips updates and catches up when
   *     shown, so edits on a large model do not re-render an invisible table
   */
  public SummaryTableView(ModelViewModel vm, javafx.beans.value.ObservableBooleanValue shown) {
    this.vm = vm;
    setId("summary-table");
    getStyleClass().addAll("striped", "dense");
    setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    getColumns().add(column("Layer (path)", 150, NodeReport::path));
    getColumns().add(column("Type", 110, r -> r.node().type().typeName()));
    getColumns()
        .add(
            column(
                "Output shape",
                150,
                r ->
                    r.output() == null
                        ? "—"
                        : "[-1, " + r.output().toString().replace("×", ", ") + "]"));
    getColumns().add(number("Params", r -> r.params() == 0 ? "" : Format.count(r.params())));
    getColumns().add(number("MACs", r -> r.macs() == 0 ? "" : Format.si(r.macs())));
    getColumns().add(problemColumn());
    setRowFactory(
        tv ->
            new TableRow<>() {
              @Override
              protected void updateItem(NodeReport item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(ERROR, !empty && item != null && !item.errors().isEmpty());
                setTooltip(item == null || empty ? null : new Tooltip(item.node().type().doc()));
              }
            });
    getSelectionModel()
        .selectedItemProperty()
        .addListener(
            (obs, o, n) -> {
              if (n != null && isFocused()) {
                vm.select(n.node().id());
              }
            });
    vm.analysisProperty()
        .addListener(
            (obs, o, n) -> {
              if (shown.get()) {
                show(n);
              } else {
                stale = true;
              }
            });
    shown.addListener(
        (obs, o, n) -> {
          if (n && stale) {
            show(vm.analysis());
          }
        });
    show(vm.analysis());
  }

  private void show(GraphAnalysis a) {
    stale = false;
    getItems().setAll(a == null ? java.util.List.of() : a.nodes());
  }

  private static TableColumn<NodeReport, String> column(
      String title, double width, Function<NodeReport, String> f) {
    TableColumn<NodeReport, String> c = new TableColumn<>(title);
    c.setPrefWidth(width);
    // The columns fit the table's width (no column past its right edge): Problem takes what is
    // left, at least PROBLEM_MIN, and the others give up to 40% of their width for it.
    c.setMinWidth(title.equals("Problem") ? PROBLEM_MIN : Math.round(width * 0.6));
    c.setCellValueFactory(cd -> new ReadOnlyStringWrapper(f.apply(cd.getValue())));
    return c;
  }

  /**
   * The last column: a problem is a sentence with its fix, longer than any width left to it, so it
   * wraps onto more lines of its row instead of ending in "…" (and its tooltip holds it whole).
   */
  private static TableColumn<NodeReport, String> problemColumn() {
    TableColumn<NodeReport, String> c = column("Problem", 260, r -> String.join(" ", r.errors()));
    c.setId("summary-problem-column");
    c.setCellFactory(
        col -> {
          // A Text that wraps at the column's width: a wrapping label keeps its row one line high.
          Text text = new Text();
          text.getStyleClass().add("summary-problem-text");
          text.wrappingWidthProperty().bind(col.widthProperty().subtract(12));
          TableCell<NodeReport, String> cell =
              new TableCell<>() {
                @Override
                protected void updateItem(String item, boolean empty) {
                  super.updateItem(item, empty);
                  boolean none = empty || item == null || item.isEmpty();
                  text.setText(none ? "" : item);
                  setGraphic(none ? null : text);
                  setText(null);
                  setTooltip(none ? null : new Tooltip(item));
                }
              };
          cell.getStyleClass().add("summary-problem");
          cell.setPrefHeight(Control.USE_COMPUTED_SIZE);
          return cell;
        });
    return c;
  }

  private static TableColumn<NodeReport, String> number(
      String title, Function<NodeReport, String> f) {
    TableColumn<NodeReport, String> c = column(title, 85, f);
    c.setMinWidth(66); // "Params" stays readable in its header
    c.setStyle("-fx-alignment: CENTER-RIGHT;");
    return c;
  }
}
