package org.layerbench.app.gui.evaluate;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import org.layerbench.engine.train.Evaluation.SampleResult;

/**
 * The texts of a confusion-matrix cell, or the worst misclassified texts, in the order given (worst
 * first): line, text, true class, predicted class and the probability of the true class. Where
 * images show a gallery, texts show this table.
 */
final class TextSamplesTable extends TableView<SampleResult> {
  private List<String> classes = List.of();
  private final Label empty = new Label();

  TextSamplesTable(String id) {
    setId(id);
    setColumnResizePolicy(CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    empty.getStyleClass().add("hint-text");
    setPlaceholder(empty);
    TableColumn<SampleResult, Integer> line = new TableColumn<>("Line");
    line.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue().line()));
    line.setMinWidth(54);
    line.setPrefWidth(54);
    TableColumn<SampleResult, String> truth = new TableColumn<>("True");
    truth.setCellValueFactory(c -> new ReadOnlyStringWrapper(classes.get(c.getValue().label())));
    truth.setMinWidth(60);
    truth.setPrefWidth(60);
    TableColumn<SampleResult, String> predicted = new TableColumn<>("Predicted");
    predicted.setCellValueFactory(
        c -> new ReadOnlyStringWrapper(classes.get(c.getValue().predicted())));
    predicted.setMinWidth(100);
    predicted.setPrefWidth(100);
    TableColumn<SampleResult, String> p = new TableColumn<>("P(true)");
    p.setCellValueFactory(
        c ->
            new ReadOnlyStringWrapper(
                String.format(Locale.ROOT, "%.3f", c.getValue().trueProbability())));
    p.setMinWidth(84);
    p.setPrefWidth(84);
    TableColumn<SampleResult, String> text = new TableColumn<>("Text");
    text.setCellValueFactory(
        c -> new ReadOnlyStringWrapper(c.getValue().text().replaceAll("\\R", " ")));
    text.setCellFactory(
        col ->
            new javafx.scene.control.TableCell<>() {
              @Override
              protected void updateItem(String item, boolean isEmpty) {
                super.updateItem(item, isEmpty);
                setText(isEmpty ? null : item);
                setTooltip(isEmpty || item == null ? null : new Tooltip(item));
              }
            });
    text.setPrefWidth(300);
    text.setMinWidth(120);
    getColumns().addAll(List.of(line, truth, predicted, p, text)); // the text takes the rest
  }

  /** Shows {@code samples} in their order; {@code emptyText} when there are none. */
  void show(List<String> classes, List<SampleResult> samples, String emptyText) {
    this.classes = List.copyOf(classes);
    empty.setText(emptyText);
    getItems().setAll(samples);
  }
}
