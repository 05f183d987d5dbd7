package org.layerbench.app.gui.data.text;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.layerbench.engine.data.text.TextEncoding;
import org.layerbench.engine.data.text.TextFormat;

/**
 * How the text file is read, every part overridable: delimiter, header, quoting, the text and label
 * columns (by header name or index, each with its first value), the encoding and the validation
 * split; under it the format detection's reasons. A change is one undoable project edit that reads
 * the file again.
 */
final class TextFormatBar extends VBox {
  private final TextDataViewModel vm;
  private final ComboBox<String> delimiter = new ComboBox<>();
  private final CheckBox header = new CheckBox("Header");
  private final CheckBox quoting = new CheckBox("Quotes");
  private final ComboBox<TextLoad.Column> text = new ComboBox<>();
  private final ComboBox<TextLoad.Column> label = new ComboBox<>();
  private final ComboBox<TextEncoding> encoding = new ComboBox<>();
  private final Spinner<Integer> split = new Spinner<>(0, 90, 20, 5);
  private final Label reasons = new Label();
  private final FlowPane row = new FlowPane(10, 4);
  private boolean syncing;

  TextFormatBar(TextDataViewModel vm) {
    this.vm = vm;
    setId("text-format-bar");
    getStyleClass().add("text-format-bar");
    setSpacing(4);
    delimiter.setId("text-delimiter");
    delimiter.getItems().setAll(",", "tab", ";", "|");
    header.setId("text-header");
    quoting.setId("text-quoting");
    quoting.setTooltip(
        new Tooltip("On: \" encloses fields (RFC 4180). Off: \" is an ordinary character."));
    text.setId("text-text-column");
    label.setId("text-label-column");
    for (ComboBox<TextLoad.Column> c : List.of(text, label)) {
      c.setConverter(columns());
      c.setPrefWidth(190);
    }
    encoding.setId("text-encoding");
    encoding.getItems().setAll(TextEncoding.values());
    encoding.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(TextEncoding e) {
            return e == null ? "" : e.cliName();
          }

          @Override
          public TextEncoding fromString(String s) {
            return TextEncoding.fromName(s);
          }
        });
    split.setId("text-val-split");
    split.setPrefWidth(80);
    split.setTooltip(
        new Tooltip("The share of each class's rows kept for validation (stratified, seeded)."));

    row.setAlignment(Pos.CENTER_LEFT);
    row.getChildren()
        .addAll(
            labelled("Delimiter", delimiter),
            header,
            quoting,
            labelled("Text", text),
            labelled("Label", label),
            labelled("Encoding", encoding),
            labelled("Validation %", split));
    reasons.setId("text-format-reasons");
    reasons.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    reasons.setWrapText(true);
    getChildren().addAll(row, reasons);

    delimiter.valueProperty().addListener((o, a, b) -> commit());
    header.selectedProperty().addListener((o, a, b) -> commit());
    quoting.selectedProperty().addListener((o, a, b) -> commit());
    text.valueProperty().addListener((o, a, b) -> commit());
    label.valueProperty().addListener((o, a, b) -> commit());
    encoding.valueProperty().addListener((o, a, b) -> commit());
    split
        .valueProperty()
        .addListener(
            (o, a, b) -> {
              if (!syncing && b != null && Math.abs(b / 100.0 - vm.valSplit()) > 1e-9) {
                vm.setValSplit(b / 100.0);
              }
            });
    vm.loadedProperty().addListener((o, a, l) -> show(l));
    show(vm.loadedProperty().get());
  }

  /** Puts {@code nodes} at the end of the controls' row. */
  void addToRow(javafx.scene.Node... nodes) {
    row.getChildren().addAll(nodes);
  }

  private static HBox labelled(String name, javafx.scene.Node control) {
    Label l = new Label(name);
    l.getStyleClass().add(Styles.TEXT_SMALL);
    HBox box = new HBox(5, l, control);
    box.setAlignment(Pos.CENTER_LEFT);
    return box;
  }

  private void show(TextLoad l) {
    syncing = true;
    try {
      setDisable(l == null);
      split.getValueFactory().setValue((int) Math.round(vm.valSplit() * 100));
      split.setDisable(vm.valFile() != null);
      if (l == null) {
        return;
      }
      TextFormat f = l.format();
      delimiter.setValue(f.delimiterName());
      header.setSelected(f.header());
      quoting.setSelected(f.quoting());
      encoding.setValue(f.encoding());
      text.getItems().setAll(l.columns());
      label.getItems().setAll(l.columns());
      text.setValue(find(l, f.textColumn()));
      label.setValue(find(l, f.labelColumn()));
      reasons.setText(
          (l.format().equals(l.proposal().format()) ? "Detected: " : "Detection proposed: ")
              + String.join("; ", l.proposal().reasons()));
    } finally {
      syncing = false;
    }
  }

  private static TextLoad.Column find(TextLoad l, String key) {
    for (int i = 0; i < l.columns().size(); i++) {
      TextLoad.Column c = l.columns().get(i);
      if (c.key().equals(key) || Integer.toString(i).equals(key)) {
        return c;
      }
    }
    return new TextLoad.Column(key, "");
  }

  private void commit() {
    TextLoad l = vm.loadedProperty().get();
    if (syncing || l == null || delimiter.getValue() == null || text.getValue() == null) {
      return;
    }
    try {
      TextFormat f =
          new TextFormat(
              TextFormat.delimiterNamed(delimiter.getValue()),
              header.isSelected(),
              quoting.isSelected(),
              text.getValue().key(),
              label.getValue() == null ? l.format().labelColumn() : label.getValue().key(),
              encoding.getValue());
      if (!Objects.equals(f, l.format())) {
        // A header toggled changes what the columns are called: keep them by index then.
        if (f.header() != l.format().header()) {
          f =
              new TextFormat(
                  f.delimiter(),
                  f.header(),
                  f.quoting(),
                  Integer.toString(l.columns().indexOf(text.getValue())),
                  Integer.toString(l.columns().indexOf(label.getValue())),
                  f.encoding());
        }
        vm.setFormat(f);
      }
    } catch (IllegalArgumentException e) {
      reasons.setText(e.getMessage());
    }
  }

  private static StringConverter<TextLoad.Column> columns() {
    return new StringConverter<>() {
      @Override
      public String toString(TextLoad.Column c) {
        return c == null ? "" : c.label();
      }

      @Override
      public TextLoad.Column fromString(String s) {
        return null;
      }
    };
  }

  static String percent(double v) {
    return String.format(Locale.ROOT, "%.1f%%", v * 100);
  }
}
