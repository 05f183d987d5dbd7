package org.layerbench.app.gui.data.text;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.geometry.Insets;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.Tokenizer;

/**
 * The tokenizer and vocabulary settings (each change one undoable project edit) and the selected
 * row as the model receives it: its tokens with their ids, unknown ones marked.
 */
final class TextSettingsView extends VBox {
  private final TextDataViewModel vm;
  private final ComboBox<String> tokenizer = new ComboBox<>();
  private final Spinner<Integer> minFreq = new Spinner<>(1, 1000, 1);
  private final TextField maxTokens = new TextField();
  private final Spinner<Integer> maxLength =
      new Spinner<>(1, TextSettings.MAX_LENGTH_LIMIT, TextSettings.DEFAULT_MAX_LENGTH, 8);
  private final ComboBox<String> padding = new ComboBox<>();
  private final Label error = new Label();
  private final FlowPane tokens = new FlowPane(3, 3);
  private final Label previewInfo = new Label();
  private boolean syncing;

  TextSettingsView(TextDataViewModel vm) {
    this.vm = vm;
    setSpacing(6);
    setId("text-settings");
    tokenizer.setId("text-tokenizer");
    for (Tokenizer t : Tokenizer.values()) {
      tokenizer.getItems().add(t.id());
    }
    padding.setId("text-padding");
    for (Padding p : Padding.values()) {
      padding.getItems().add(p.id());
    }
    minFreq.setId("text-min-freq");
    minFreq.setEditable(true);
    maxLength.setId("text-max-length");
    maxLength.setEditable(true);
    maxTokens.setId("text-max-tokens");
    maxTokens.setPromptText("no limit");
    maxTokens.setPrefColumnCount(6);
    for (var s : new Spinner<?>[] {minFreq, maxLength}) {
      s.setPrefWidth(96);
    }
    GridPane grid = new GridPane(8, 4);
    grid.addRow(0, small("Tokenizer"), tokenizer, small("Padding"), padding);
    grid.addRow(1, small("min_freq"), minFreq, small("max_tokens"), maxTokens);
    grid.addRow(2, small("Max length"), maxLength);
    error.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.DANGER);
    error.setWrapText(true);
    tokens.setId("text-token-preview");
    tokens.setPadding(new Insets(4, 0, 0, 0));
    previewInfo.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    previewInfo.setWrapText(true);
    Label previewTitle = new Label("Selected row as the model receives it");
    previewTitle.getStyleClass().add(Styles.TEXT_BOLD);
    getChildren().addAll(grid, error, previewTitle, previewInfo, tokens);

    tokenizer.valueProperty().addListener((o, a, b) -> commit());
    padding.valueProperty().addListener((o, a, b) -> commit());
    minFreq.valueProperty().addListener((o, a, b) -> commit());
    maxLength.valueProperty().addListener((o, a, b) -> commit());
    maxTokens.setOnAction(e -> commit());
    maxTokens
        .focusedProperty()
        .addListener(
            (o, a, focused) -> {
              if (!focused) {
                commit();
              }
            });
    vm.settingsProperty().addListener((o, a, s) -> show(s));
    show(vm.settingsProperty().get());
    vm.previewProperty().addListener((o, a, p) -> showPreview(p));
  }

  private static Label small(String s) {
    Label l = new Label(s);
    l.getStyleClass().add(Styles.TEXT_SMALL);
    return l;
  }

  private void show(TextSettings s) {
    syncing = true;
    try {
      tokenizer.setValue(s.tokenizer().id());
      padding.setValue(s.padding().id());
      minFreq.getValueFactory().setValue(s.minFreq());
      maxLength.getValueFactory().setValue(s.maxLength());
      maxTokens.setText(s.maxTokens() == null ? "" : Integer.toString(s.maxTokens()));
      error.setText("");
    } finally {
      syncing = false;
    }
  }

  private void commit() {
    if (syncing || tokenizer.getValue() == null || padding.getValue() == null) {
      return;
    }
    try {
      String mt = maxTokens.getText().strip();
      Integer limit;
      try {
        limit = mt.isEmpty() ? null : Integer.valueOf(mt);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("max_tokens must be a whole number, or empty");
      }
      TextSettings s =
          new TextSettings(
              Tokenizer.fromId(tokenizer.getValue()),
              minFreq.getValue(),
              limit,
              maxLength.getValue(),
              Padding.fromId(padding.getValue()));
      error.setText("");
      if (!s.equals(vm.settingsProperty().get())) {
        vm.setSettings(s);
      }
    } catch (IllegalArgumentException e) {
      error.setText(e.getMessage());
    }
  }

  private void showPreview(TokenPreview p) {
    tokens.getChildren().clear();
    if (p == null) {
      previewInfo.setText("Select a row in the table.");
      return;
    }
    int shown = Math.min(p.tokens().size(), 200);
    for (int i = 0; i < shown; i++) {
      Label t = new Label(p.tokens().get(i) + "  " + p.ids()[i]);
      if (p.unknown(i)) {
        t.setTooltip(new javafx.scene.control.Tooltip("Not in the vocabulary: becomes <unk> (0)"));
      }
      t.getStyleClass().add(p.unknown(i) ? "token-unknown" : "token");
      tokens.getChildren().add(t);
    }
    previewInfo.setText(
        String.format(
            Locale.ROOT,
            "%d tokens%s, %d unknown (→ <unk> 0)%s",
            p.tokens().size(),
            p.dropped() > 0 ? " kept, " + p.dropped() + " cut by the max length" : "",
            p.unknownCount(),
            shown < p.tokens().size() ? "; first " + shown + " shown" : ""));
  }
}
