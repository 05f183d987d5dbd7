package org.layerbench.app.gui.predict;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.Sidebar;
import org.layerbench.engine.train.Predictor;

/**
 * The Predict workspace for a text model: a text area (type or paste; each non-blank line is one
 * text) with a Classify button (or Ctrl+Enter), and per text its top classes as probability bars.
 */
final class TextPredictPane extends VBox {
  private final PredictViewModel vm;
  private final VBox results = new VBox(10);

  TextPredictPane(PredictViewModel vm) {
    this.vm = vm;
    setId("predict-text-pane");
    setSpacing(8);
    setPadding(new Insets(4, 12, 12, 12));
    TextArea area = new TextArea();
    area.setId("predict-text");
    area.setPromptText("Type or paste texts to classify, one per line.");
    area.setWrapText(true);
    area.setPrefRowCount(5);
    area.textProperty().bindBidirectional(vm.textProperty());
    area.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
            vm.classifyText();
            e.consume();
          }
        });
    Button classify = new Button("Classify", new FontIcon(Material2MZ.PLAY_ARROW));
    classify.setId("predict-classify-text");
    classify.getStyleClass().add(Styles.ACCENT);
    classify.setDefaultButton(false);
    classify.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
    classify.setOnAction(e -> vm.classifyText());
    classify.disableProperty().bind(vm.runningProperty().or(Bindings.isEmpty(vm.chosen())));
    Label hint =
        Sidebar.hint(
            "Each line is one text (Ctrl+Enter classifies). The model tokenizes it with its own"
                + " tokenizer and vocabulary; words it does not know count as <unk>.");
    hint.setWrapText(true);
    HBox.setHgrow(hint, Priority.ALWAYS);
    HBox row = new HBox(10, classify, hint);
    row.setAlignment(Pos.CENTER_LEFT);
    results.setId("predict-text-results");
    results.setPadding(new Insets(4, 0, 0, 0));
    ScrollPane scroll = new ScrollPane(results);
    scroll.setFitToWidth(true);
    scroll.getStyleClass().add("edge-to-edge");
    VBox.setVgrow(scroll, Priority.ALWAYS);
    getChildren().addAll(area, row, scroll);
    vm.textResults().addListener((ListChangeListener<TextResult>) c -> show());
    vm.topKProperty().addListener((obs, o, n) -> show());
  }

  private void show() {
    results.getChildren().clear();
    int k = vm.topKProperty().get();
    for (TextResult r : vm.textResults()) {
      results.getChildren().add(card(r, k));
    }
  }

  private static VBox card(TextResult r, int k) {
    Label text = new Label(r.text());
    text.getStyleClass().add("prediction-file");
    text.setWrapText(true);
    text.setMaxWidth(Double.MAX_VALUE);
    List<Predictor.Ranked> top = r.ranked().subList(0, Math.min(k, r.ranked().size()));
    Predictor.Ranked best = top.getFirst();
    Label verdict =
        new Label(best.label() + String.format(Locale.ROOT, "  %.1f %%", 100 * best.probability()));
    verdict.getStyleClass().add("prediction-verdict");
    GridPane bars = new GridPane();
    bars.getStyleClass().add("prediction-bars");
    bars.setHgap(8);
    bars.setVgap(5);
    ColumnConstraints label = new ColumnConstraints(60, 96, 140);
    ColumnConstraints bar = new ColumnConstraints(60, 220, 400);
    bar.setHgrow(Priority.ALWAYS);
    bars.getColumnConstraints().addAll(label, bar, new ColumnConstraints(58));
    for (int i = 0; i < top.size(); i++) {
      Predictor.Ranked t = top.get(i);
      Label l = new Label(t.label());
      l.getStyleClass().add("bar-label");
      l.setTextOverrun(OverrunStyle.ELLIPSIS);
      l.setTooltip(new Tooltip(t.label()));
      Label p = new Label(String.format(Locale.ROOT, "%5.1f %%", 100 * t.probability()));
      p.getStyleClass().add("bar-percent");
      p.setMaxWidth(Double.MAX_VALUE);
      p.setAlignment(Pos.CENTER_RIGHT);
      bars.addRow(i, l, PredictionCard.bar(t.probability(), i == 0), p);
    }
    VBox card = new VBox(4, text, verdict, bars);
    card.getStyleClass().addAll("prediction-card", "text-prediction");
    card.setMaxWidth(720);
    return card;
  }
}
