package org.layerbench.app.gui.model;

import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.layerbench.engine.graph.Problem;

/**
 * The analysis's problems, one line each, with the fix in the message; clicking a line selects its
 * layer and brings it into view.
 */
public final class ProblemsView extends BorderPane {
  private final ListView<Problem> list = new ListView<>();
  private final Label title = new Label("Problems");

  public ProblemsView(ModelViewModel vm, Consumer<String> reveal) {
    getStyleClass().add("problems");
    setId("problems");
    title.getStyleClass().add("pane-title");
    list.setId("problems-list");
    Label ok = new Label("No problems: every layer is wired and its shape fits.");
    ok.getStyleClass().add("problems-ok");
    list.setPlaceholder(ok);
    list.setCellFactory(
        l ->
            new ListCell<>() {
              @Override
              protected void updateItem(Problem p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                  setText(null);
                  setGraphic(null);
                  setTooltip(null);
                } else {
                  setText(p.message());
                  FontIcon icon = new FontIcon(Material2AL.ERROR);
                  icon.getStyleClass().add("problem-icon");
                  ClassMismatch m = vm.classMismatchProperty().get();
                  if (m != null && p.equals(m.problem())) {
                    Button fix = new Button(m.fixLabel());
                    fix.setId("fix-class-mismatch");
                    fix.getStyleClass().addAll("small", "accent");
                    fix.setOnAction(e -> vm.fixClassMismatch());
                    HBox box = new HBox(6, icon, fix);
                    box.setAlignment(Pos.CENTER_LEFT);
                    setGraphic(box);
                  } else {
                    setGraphic(icon);
                  }
                  setTooltip(new Tooltip(p.message()));
                }
              }
            });
    list.setOnMouseClicked(
        e -> {
          Problem p = list.getSelectionModel().getSelectedItem();
          if (p != null && p.nodeId() != null) {
            vm.select(p.nodeId());
            reveal.accept(p.nodeId());
          }
        });
    setTop(title);
    setCenter(list);
    vm.analysisProperty().addListener((obs, o, n) -> show(vm));
    vm.classMismatchProperty().addListener((obs, o, n) -> show(vm));
    show(vm);
  }

  private void show(ModelViewModel vm) {
    List<Problem> problems = vm.problems();
    if (!list.getItems().equals(problems)) {
      list.getItems().setAll(problems);
    }
    title.setText(problems.isEmpty() ? "Problems" : "Problems (" + problems.size() + ")");
  }
}
