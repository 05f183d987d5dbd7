package org.layerbench.app.gui.train;

import atlantafx.base.theme.Styles;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/**
 * Which weights the next run starts from (File → Import Weights), shown while the project has some:
 * the file, how it fits the model in sentences (what loads, what is missing, mis-shaped or left
 * out), and Change… and Clear.
 */
final class WeightsRow extends VBox {

  WeightsRow(TrainViewModel vm) {
    setId("train-weights");
    getStyleClass().add("train-weights");
    setSpacing(2);
    Label title = new Label("Next run starts from", new FontIcon(Material2AL.FILE_UPLOAD));
    title.getStyleClass().add("train-weights-title");
    title.setMinWidth(Region.USE_PREF_SIZE);
    Label file = new Label();
    file.setId("train-weights-file");
    file.getStyleClass().add("train-run-label");
    file.setMinWidth(Region.USE_PREF_SIZE);
    Label folder = new Label();
    folder.getStyleClass().add("train-note");
    folder.setTextOverrun(OverrunStyle.LEADING_ELLIPSIS);
    folder.setMinWidth(0);
    HBox.setHgrow(folder, Priority.ALWAYS);
    folder.setMaxWidth(Double.MAX_VALUE);
    Button change = new Button("Change…");
    change.setId("train-weights-change");
    change.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
    change.setMinWidth(Region.USE_PREF_SIZE);
    change.setOnAction(
        e -> TrainWorkspace.chooseWeights(getScene().getWindow()).ifPresent(vm::importWeights));
    Button clear = new Button("Clear", new FontIcon(Material2AL.CLOSE));
    clear.setId("train-weights-clear");
    clear.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
    clear.setMinWidth(Region.USE_PREF_SIZE);
    clear.setTooltip(new Tooltip("Start the next runs from PyTorch's initialisation (undoable)"));
    clear.setOnAction(e -> vm.clearWeights());
    HBox top = new HBox(8, title, file, folder, change, clear);
    top.setAlignment(Pos.CENTER_LEFT);

    Label fit = new Label();
    fit.setId("train-weights-fit");
    fit.setWrapText(true);
    fit.setMinHeight(Region.USE_PREF_SIZE);
    // One line per kind of mismatch (missing, mis-shaped, left out), in the warning colour.
    Label problems = new Label();
    problems.setId("train-weights-problems");
    problems.getStyleClass().add("train-warning");
    problems.setWrapText(true);
    problems.setMinHeight(Region.USE_PREF_SIZE);
    problems.managedProperty().bind(problems.visibleProperty());
    getChildren().addAll(top, fit, problems);

    visibleProperty().bind(vm.weightsProperty().isNotNull());
    managedProperty().bind(visibleProperty());
    Runnable show =
        () -> {
          var path = vm.weightsProperty().get();
          file.setText(path == null ? "" : path.getFileName().toString());
          folder.setText(path == null || path.getParent() == null ? "" : "in " + path.getParent());
          setTooltip(path, file, folder);
          var f = vm.weightsFitProperty().get();
          fit.getStyleClass().removeAll("train-note", "train-problem");
          if (f == null) {
            fit.setText("Checking how the weights fit the model…");
            fit.getStyleClass().add("train-note");
            problems.setText("");
          } else if (!f.usable()) {
            fit.setText(f.text());
            fit.getStyleClass().add("train-problem");
            problems.setText("");
          } else {
            fit.setText(f.summary());
            fit.getStyleClass().add("train-note");
            problems.setText(String.join("\n", f.problems()));
          }
          problems.setVisible(!problems.getText().isEmpty());
        };
    vm.weightsProperty().addListener((obs, o, n) -> show.run());
    vm.weightsFitProperty().addListener((obs, o, n) -> show.run());
    show.run();
  }

  private static void setTooltip(java.nio.file.Path path, Label... labels) {
    for (Label l : labels) {
      l.setTooltip(path == null ? null : new Tooltip(path.toString()));
    }
  }
}
