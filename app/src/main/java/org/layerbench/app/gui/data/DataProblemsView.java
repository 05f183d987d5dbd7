package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.layerbench.app.gui.data.DataViewModel.JobState;
import org.layerbench.engine.data.ScanReport;

/**
 * What the dataset scan found: its progress (with Cancel) while it decodes every image, the image
 * sizes and colour modes, and one line per problem with its reason. Clicking a line shows that
 * image in the grid.
 */
final class DataProblemsView extends BorderPane {

  DataProblemsView(DataViewModel vm, Consumer<DataProblem> reveal) {
    getStyleClass().add("data-problems");
    setId("data-problems");

    ProgressBar progress = new ProgressBar();
    progress.setId("data-scan-progress");
    progress.progressProperty().bind(vm.scanProgressProperty());
    progress.setPrefWidth(180);
    progress.visibleProperty().bind(vm.scanStateProperty().isEqualTo(JobState.RUNNING));
    progress.managedProperty().bind(progress.visibleProperty());
    Button cancel = new Button("Cancel");
    cancel.setId("data-scan-cancel");
    cancel.getStyleClass().add(Styles.SMALL);
    cancel.setOnAction(e -> vm.cancelScan());
    cancel.visibleProperty().bind(progress.visibleProperty());
    cancel.managedProperty().bind(progress.visibleProperty());
    Button again = new Button("Check again");
    again.getStyleClass().add(Styles.SMALL);
    again.setOnAction(e -> vm.refresh());
    again.visibleProperty().bind(vm.scanStateProperty().isEqualTo(JobState.CANCELLED));
    again.managedProperty().bind(again.visibleProperty());
    Label state = new Label();
    state.setId("data-scan-text");
    state.textProperty().bind(vm.scanTextProperty());
    state.getStyleClass().add(Styles.TEXT_SMALL);
    HBox top = new HBox(10, state, progress, cancel, again);
    top.setAlignment(Pos.CENTER_LEFT);

    Label facts = new Label();
    facts.setId("data-scan-facts");
    facts.setWrapText(true);
    facts.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    facts.textProperty().bind(Bindings.createStringBinding(() -> facts(vm), vm.reportProperty()));
    facts.visibleProperty().bind(vm.reportProperty().isNotNull());
    facts.managedProperty().bind(facts.visibleProperty());
    VBox header = new VBox(6, top, facts);
    header.getStyleClass().add("problems-header");

    TableView<DataProblem> table = new TableView<>(vm.problems());
    table.setId("data-problems-table");
    table.getStyleClass().addAll(Styles.DENSE);
    TableColumn<DataProblem, DataProblem> kind = new TableColumn<>("problem");
    kind.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    kind.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(DataProblem p, boolean empty) {
                super.updateItem(p, empty);
                if (empty || p == null) {
                  setText(null);
                  setGraphic(null);
                  return;
                }
                setText(p.kind());
                FontIcon icon =
                    new FontIcon(p.excluded() ? Material2AL.BLOCK : Material2AL.ERROR_OUTLINE);
                icon.getStyleClass().add(p.excluded() ? "problem-excluded" : "problem-warning");
                setGraphic(icon);
                setTooltip(
                    new Tooltip(
                        p.excluded()
                            ? "Training leaves this file out."
                            : "Training uses this file; worth a look."));
              }
            });
    kind.setPrefWidth(150);
    kind.setMinWidth(120);
    TableColumn<DataProblem, String> file =
        text(
            "file",
            p -> {
              DatasetIndex idx = vm.indexProperty().get();
              return idx == null ? p.file().toString() : idx.relative(p.file());
            });
    file.setPrefWidth(170);
    TableColumn<DataProblem, String> reason = text("reason", DataProblem::reason);
    reason.setPrefWidth(320);
    table.getColumns().addAll(java.util.List.of(kind, file, reason));
    table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
    Label none = new Label();
    none.setWrapText(true);
    none.setMaxWidth(380);
    none.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
    none.getStyleClass().add(Styles.TEXT_MUTED);
    none.textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    vm.scanStateProperty().get() == JobState.DONE
                        ? "No problems: every image decodes, none is tiny, none is a"
                            + " duplicate, and there is nothing but images in the class folders."
                        : vm.scanStateProperty().get() == JobState.RUNNING
                            ? "Checking…"
                            : "No problems found so far.",
                vm.scanStateProperty()));
    table.setPlaceholder(none);
    table.setOnMouseClicked(
        e -> {
          DataProblem p = table.getSelectionModel().getSelectedItem();
          if (p != null && e.getClickCount() == 2) {
            reveal.accept(p);
          }
        });
    setTop(header);
    setCenter(table);
    BorderPane.setMargin(table, new javafx.geometry.Insets(8, 0, 0, 0));
    HBox.setHgrow(table, Priority.ALWAYS);
  }

  private static TableColumn<DataProblem, String> text(
      String title, Function<DataProblem, String> value) {
    TableColumn<DataProblem, String> c = new TableColumn<>(title);
    c.setCellValueFactory(v -> new ReadOnlyObjectWrapper<>(value.apply(v.getValue())));
    c.setCellFactory(
        col ->
            new TableCell<>() {
              @Override
              protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null ? null : new Tooltip(text));
              }
            });
    return c;
  }

  private static String facts(DataViewModel vm) {
    ScanReport r = vm.reportProperty().get();
    if (r == null) {
      return "";
    }
    StringBuilder b = new StringBuilder("Sizes: ");
    int shown = 0;
    for (ScanReport.SizeCount s : r.sizes()) {
      if (shown++ == 4) {
        b.append(", … (").append(r.sizes().size()).append(" sizes)");
        break;
      }
      b.append(shown > 1 ? ", " : "")
          .append(s.width())
          .append("×")
          .append(s.height())
          .append(String.format(Locale.ROOT, " (%,d)", s.count()));
    }
    if (r.sizes().isEmpty()) {
      b.append("none");
    }
    b.append("   ·   Modes: ");
    for (int i = 0; i < r.modes().size(); i++) {
      ScanReport.ModeCount m = r.modes().get(i);
      b.append(i > 0 ? ", " : "")
          .append(m.mode())
          .append(" ")
          .append(ImageDetailsView.modeText(m.mode()))
          .append(String.format(Locale.ROOT, " (%,d)", m.count()));
    }
    if (!r.hidden().isEmpty()) {
      b.append("   ·   ").append(r.hidden().size()).append(" hidden files ignored");
    }
    return b.toString();
  }
}
