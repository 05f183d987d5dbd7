package org.layerbench.app.gui.model;

import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.layerbench.app.Format;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Shape;

/** Totals under the canvas: parameters, trainable parameters, MACs, weight size, output shape. */
public final class SummaryBar extends HBox {
  private final Label params = value("summary-params");
  private final Label trainable = value("summary-trainable");
  private final Label macs = value("summary-macs");
  private final Label size = value("summary-size");
  private final Label output = value("summary-output");
  private final Label status = value("summary-status");
  private final ModelViewModel vm;

  public SummaryBar(ModelViewModel vm) {
    getStyleClass().add("summary-bar");
    setId("summary-bar");
    setAlignment(Pos.CENTER_LEFT);
    setSpacing(6);
    Region spacer = new Region();
    HBox.setHgrow(spacer, Priority.ALWAYS);
    getChildren()
        .addAll(
            key("Params"),
            params,
            sep(),
            key("Trainable"),
            trainable,
            sep(),
            key("MACs"),
            macs,
            sep(),
            key("Size"),
            size,
            sep(),
            key("Output"),
            output,
            spacer,
            status);
    this.vm = vm;
    vm.analysisProperty().addListener((obs, o, n) -> show(n, vm.analysisMillisProperty().get()));
    vm.classMismatchProperty()
        .addListener((obs, o, n) -> show(vm.analysis(), vm.analysisMillisProperty().get()));
    show(vm.analysis(), 0);
  }

  private void show(GraphAnalysis a, double ms) {
    if (a == null) {
      return;
    }
    params.setText(Format.count(a.params()));
    trainable.setText(Format.count(a.trainableParams()));
    macs.setText(Format.si(a.macs()));
    size.setText(Format.megabytes(a.stateBytes()));
    output.setText(a.output().map(Shape::toString).orElse("—"));
    int n = vm.problems().size();
    status.setText(
        (n == 0 ? "✓ valid" : n + (n == 1 ? " problem" : " problems"))
            + String.format(Locale.ROOT, " · checked in %.1f ms", ms));
    status.getStyleClass().removeAll("ok", "bad");
    status.getStyleClass().add(n == 0 ? "ok" : "bad");
  }

  private static Label key(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("summary-key");
    return l;
  }

  private static Label value(String id) {
    Label l = new Label("—");
    l.setId(id);
    l.getStyleClass().add("summary-value");
    return l;
  }

  private static Label sep() {
    Label l = new Label("·");
    l.getStyleClass().add("summary-key");
    return l;
  }
}
