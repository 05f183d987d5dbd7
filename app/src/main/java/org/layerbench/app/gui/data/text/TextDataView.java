package org.layerbench.app.gui.data.text;

import atlantafx.base.theme.Styles;
import java.io.File;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

/**
 * The Data workspace for a CSV/TSV file of labelled texts: how the file is read on top; the rows on
 * the left; the token-length histogram, the settings with the token preview and what the dataset
 * holds on the right. Shown instead of the image views when the project's dataset is a text file.
 */
public final class TextDataView extends BorderPane {

  public TextDataView(TextDataViewModel vm) {
    setId("text-data-view");
    getStyleClass().add("text-data-view");
    TextFormatBar format = new TextFormatBar(vm);
    Button valFile = new Button("Validation file…");
    valFile.setId("text-val-file");
    valFile.getStyleClass().add(Styles.SMALL);
    valFile.setOnAction(e -> chooseValidation(vm));
    Button splitAgain = new Button("Split instead");
    splitAgain.getStyleClass().add(Styles.SMALL);
    splitAgain.setOnAction(e -> vm.setFiles(null, null));
    Label files = new Label();
    files.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    vm.loadedProperty()
        .addListener(
            (o, a, l) -> {
              String v = vm.valFile();
              files.setText(v == null ? "" : "validation: " + v);
              splitAgain.setVisible(v != null);
            });
    splitAgain.setVisible(false);
    HBox fileRow = new HBox(8, valFile, splitAgain, files);
    fileRow.setAlignment(Pos.CENTER_LEFT);
    format.addToRow(fileRow);
    VBox top = new VBox(4, format);
    top.setPadding(new Insets(6, 12, 6, 12));
    top.getStyleClass().add("text-top");
    setTop(top);

    TextRowsView rows = new TextRowsView(vm);
    rows.setPadding(new Insets(8, 6, 8, 12));

    TokenLengthChart chart = new TokenLengthChart();
    vm.statsProperty().addListener((o, a, s) -> chart.show(s));
    Label chartTitle = new Label("Token lengths");
    chartTitle.getStyleClass().add(Styles.TITLE_4);
    VBox right = new VBox(12, chartTitle, chart, new TextSettingsView(vm), new TextSummaryView(vm));
    right.setPadding(new Insets(8, 12, 12, 8));
    ScrollPane rightScroll = new ScrollPane(right);
    rightScroll.setFitToWidth(true);
    rightScroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
    rightScroll.setMinWidth(380);

    SplitPane main = new SplitPane(rows, rightScroll);
    main.setOrientation(Orientation.HORIZONTAL);
    main.setDividerPositions(0.56);

    Label message = new Label();
    message.setId("text-message");
    message.setWrapText(true);
    message.setMaxWidth(520);
    message.textProperty().bind(vm.messageProperty());
    ProgressIndicator busy = new ProgressIndicator();
    busy.setMaxSize(28, 28);
    busy.visibleProperty().bind(vm.loadJob().runningProperty().or(vm.statsJob().runningProperty()));
    busy.managedProperty().bind(busy.visibleProperty());
    Button cancel = new Button("Cancel");
    cancel.setOnAction(e -> vm.cancel());
    cancel.visibleProperty().bind(busy.visibleProperty());
    VBox overlay = new VBox(10, busy, message, cancel);
    overlay.setAlignment(Pos.CENTER);
    overlay.getStyleClass().add("text-overlay");
    overlay.visibleProperty().bind(vm.messageProperty().isNotEmpty());
    main.visibleProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> vm.statsProperty().get() != null, vm.statsProperty()));
    StackPane center = new StackPane(main, overlay);
    VBox.setVgrow(center, Priority.ALWAYS);
    setCenter(center);
  }

  private void chooseValidation(TextDataViewModel vm) {
    FileChooser chooser = new FileChooser();
    chooser.setTitle("Validation file (read in the same format)");
    chooser
        .getExtensionFilters()
        .add(new FileChooser.ExtensionFilter("Text tables", "*.csv", "*.tsv", "*.txt"));
    File f = chooser.showOpenDialog(getScene() == null ? null : getScene().getWindow());
    if (f != null) {
      vm.setFiles(f.toPath(), null);
    }
  }
}
