package org.layerbench.app.gui;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.layerbench.app.Version;
import org.layerbench.engine.graph.Templates;

/** The workbench's small dialogs: new from template, unsaved changes, recovery, help. */
final class WorkbenchDialogs {
  private WorkbenchDialogs() {}

  /** What New from Template asks for. */
  record TemplateChoice(String name, int classes, List<Integer> input) {}

  /**
   * @param datasetClasses the open dataset's class count, the classes field's default; 0 when there
   *     is none (each template's own default then)
   */
  static Optional<TemplateChoice> template(Window owner, int datasetClasses) {
    return templateDialog(owner, datasetClasses).showAndWait();
  }

  static Dialog<TemplateChoice> templateDialog(Window owner, int datasetClasses) {
    Dialog<TemplateChoice> d = new Dialog<>();
    d.initOwner(owner);
    d.setTitle("New from Template");
    d.setHeaderText("Start from a ready-made model");
    ComboBox<Templates.Template> pick = new ComboBox<>();
    pick.getItems().setAll(Templates.all());
    pick.setConverter(
        new StringConverter<>() {
          @Override
          public String toString(Templates.Template t) {
            return t == null ? "" : t.name() + " — " + t.description();
          }

          @Override
          public Templates.Template fromString(String s) {
            return null;
          }
        });
    pick.setPrefWidth(460);
    Spinner<Integer> classes = new Spinner<>(1, 100_000, 10);
    classes.setId("template-classes");
    classes.setEditable(true);
    TextField input = new TextField();
    input.setId("template-input");
    input.setPromptText("C, H, W");
    Label problem = new Label();
    problem.setId("template-problem");
    problem.getStyleClass().add("inspector-problem");
    // The problem style draws a pink box: shown only while there is a problem to read.
    problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
    problem.managedProperty().bind(problem.visibleProperty());
    input.textProperty().addListener((obs, o, n) -> problem.setText(""));
    pick.valueProperty()
        .addListener(
            (obs, o, t) -> {
              if (t != null) {
                classes
                    .getValueFactory()
                    .setValue(datasetClasses > 0 ? datasetClasses : t.defaultClasses());
                input.setText(
                    String.join(", ", t.defaultInput().stream().map(String::valueOf).toList()));
              }
            });
    pick.getSelectionModel().select(Templates.find("resnet18").orElse(Templates.all().get(0)));
    GridPane g = new GridPane();
    g.setHgap(12);
    g.setVgap(10);
    g.setPadding(new Insets(16));
    g.addRow(0, new Label("Template"), pick);
    g.addRow(1, new Label("Classes"), classes);
    g.addRow(2, new Label("Input size"), input);
    g.add(problem, 1, 3);
    d.getDialogPane().setContent(g);
    ButtonType create = new ButtonType("Create", ButtonBar.ButtonData.OK_DONE);
    d.getDialogPane().getButtonTypes().addAll(create, ButtonType.CANCEL);
    d.getDialogPane()
        .lookupButton(create)
        .addEventFilter(
            javafx.event.ActionEvent.ACTION,
            e -> {
              if (parseShape(input.getText()).isEmpty()) {
                problem.setText("Input size is whole numbers ≥ 1 such as 3, 224, 224");
                e.consume();
              }
            });
    d.setResultConverter(
        b ->
            b == create
                ? new TemplateChoice(
                    pick.getValue().name(),
                    classes.getValue(),
                    parseShape(input.getText()).orElseThrow())
                : null);
    return d;
  }

  static Optional<List<Integer>> parseShape(String text) {
    List<Integer> out = new ArrayList<>();
    try {
      for (String p : text.split("[,×x\\s]+")) {
        if (!p.isBlank()) {
          int v = Integer.parseInt(p.strip());
          if (v < 1) {
            return Optional.empty();
          }
          out.add(v);
        }
      }
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    return out.isEmpty() ? Optional.empty() : Optional.of(out);
  }

  /** The unsaved-changes prompt: Save, Don't Save, or Cancel. */
  static ButtonType unsaved(Window owner, String projectName) {
    ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
    ButtonType discard = new ButtonType("Don't Save", ButtonBar.ButtonData.NO);
    Alert a =
        new Alert(
            Alert.AlertType.CONFIRMATION,
            "Your changes will be lost if you don't save them.",
            save,
            discard,
            ButtonType.CANCEL);
    a.initOwner(owner);
    a.setTitle("Unsaved changes");
    a.setHeaderText("Save changes to " + projectName + "?");
    return a.showAndWait().orElse(ButtonType.CANCEL);
  }

  static boolean recover(Window owner, WorkbenchViewModel.Recovery r) {
    ButtonType recover = new ButtonType("Recover", ButtonBar.ButtonData.YES);
    ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
    Alert a =
        new Alert(
            Alert.AlertType.CONFIRMATION,
            "LayerBench did not close normally last time. Changes autosaved "
                + when(r.when())
                + (r.origin() == null ? "" : " to " + r.origin().getFileName())
                + " can be recovered.",
            recover,
            discard);
    a.initOwner(owner);
    a.setTitle("Recover unsaved work");
    a.setHeaderText("Recover unsaved work?");
    return a.showAndWait().orElse(discard) == recover;
  }

  /** "at 21:23" today, else "on 26 Nov 2026 at 21:23", in the machine's time zone. */
  static String when(java.time.Instant instant) {
    return Moments.when(instant);
  }

  static void error(Window owner, String message) {
    Alert a = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
    a.initOwner(owner);
    a.setHeaderText("Something went wrong");
    a.show();
  }

  static void shortcuts(Window owner) {
    String[][] rows = {
      {"New / Open / Save", "Ctrl+N / Ctrl+O / Ctrl+S"},
      {"New from template", "Ctrl+Shift+N"},
      {"Save as", "Ctrl+Shift+S"},
      {"Undo / Redo", "Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y)"},
      {"Cut / Copy / Paste", "Ctrl+X / Ctrl+C / Ctrl+V"},
      {"Delete selected layers", "Delete"},
      {"Select all", "Ctrl+A"},
      {"Zoom in / out / 100%", "Ctrl+= / Ctrl+- / Ctrl+0"},
      {"Fit to view", "Ctrl+9"},
      {"Auto layout", "Ctrl+L"},
      {"Collapse / expand all groups", "Ctrl+Shift+C / Ctrl+Shift+E"},
      {"Collapse / expand one group", "click its title / double-click its card"},
      {"Pan", "drag with the right or middle button, or Shift+scroll"},
      {"Zoom", "scroll wheel"},
      {"Select several", "drag on empty canvas, or Shift/Ctrl+click"},
      {"Wire", "drag from a layer's bottom port onto another layer"},
      {"Add a layer", "drag it from the palette, or double-click it to add after the selection"},
      {"Find learning rate (sweep)", "F4"},
      {"Start training", "F5"},
      {"Pause / resume training", "F6"},
      {"Stop training", "Shift+F5"},
      {"Continue a stopped run", "Ctrl+F5"},
      {"Keyboard shortcuts", "F1"},
    };
    GridPane g = new GridPane();
    g.setHgap(24);
    g.setVgap(6);
    for (int i = 0; i < rows.length; i++) {
      Label k = new Label(rows[i][1]);
      k.getStyleClass().add("shortcut-key");
      g.addRow(i, new Label(rows[i][0]), k);
    }
    Alert a = new Alert(Alert.AlertType.INFORMATION);
    a.initOwner(owner);
    a.setTitle("Keyboard shortcuts");
    a.setHeaderText("Keyboard and mouse");
    a.getDialogPane().setContent(g);
    a.show();
  }

  static void about(Window owner) {
    Alert a =
        new Alert(
            Alert.AlertType.INFORMATION,
            "A workbench for building, training and exporting neural-network classifiers"
                + " visually.\nJava "
                + Runtime.version()
                + " · JavaFX "
                + System.getProperty("javafx.runtime.version", "?"),
            ButtonType.OK);
    a.initOwner(owner);
    a.setTitle("About LayerBench");
    a.setHeaderText("LayerBench " + Version.get());
    a.show();
  }
}
