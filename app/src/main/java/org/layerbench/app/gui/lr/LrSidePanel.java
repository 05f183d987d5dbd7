package org.layerbench.app.gui.lr;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Separator;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Circle;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.lr.LrViewModel.Phase;
import org.layerbench.app.gui.lr.LrViewModel.Suggestion;

/**
 * The workspace's right-hand column: the sweep's settings (start, end, steps; batch and image size
 * shared with the project's training settings), Run / Cancel with progress, the three suggestions
 * with a Pick button each, and the picked rate with "Use this rate".
 */
final class LrSidePanel extends VBox {
  private final LrViewModel vm;
  private final Label problem = new Label();

  LrSidePanel(LrViewModel vm) {
    this.vm = vm;
    setId("lr-side");
    getStyleClass().add("lr-side");
    setSpacing(8);
    problem.setId("lr-settings-problem");
    problem.getStyleClass().add("lr-problem");
    problem.setWrapText(true);
    problem.managedProperty().bind(problem.visibleProperty());
    problem.setVisible(false);
    getChildren()
        .addAll(
            title("Sweep"),
            settings(),
            problem,
            runRow(),
            progress(),
            new Separator(),
            title("Suggestions"),
            suggestions(),
            new Separator(),
            title("Picked rate"),
            picked());
  }

  private static Label title(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("pane-title");
    return l;
  }

  // ---- settings ----

  private Node settings() {
    GridPane grid = new GridPane();
    grid.setHgap(10);
    grid.setVgap(6);
    ColumnConstraints keys = new ColumnConstraints();
    keys.setHalignment(HPos.LEFT);
    ColumnConstraints values = new ColumnConstraints();
    values.setHgrow(Priority.ALWAYS);
    values.setFillWidth(true);
    grid.getColumnConstraints().addAll(keys, values);

    TextField start =
        field(
            "lr-start",
            "The first learning rate of the sweep",
            () -> LrFormat.rate(vm.settingsProperty().get().start()),
            text -> {
              double v = LrFormat.parseRate(text, "The start rate");
              LrSettings s = vm.settingsProperty().get();
              return check(new LrSettings(v, s.end(), s.steps()));
            });
    TextField end =
        field(
            "lr-end",
            "The last learning rate of the sweep (it stops earlier if the loss blows up)",
            () -> LrFormat.rate(vm.settingsProperty().get().end()),
            text -> {
              double v = LrFormat.parseRate(text, "The end rate");
              LrSettings s = vm.settingsProperty().get();
              return check(new LrSettings(s.start(), v, s.steps()));
            });
    TextField steps =
        field(
            "lr-steps",
            "Batches in the sweep, one learning rate each",
            () -> String.valueOf(vm.settingsProperty().get().steps()),
            text -> {
              int v = integer(text, "The number of steps");
              LrSettings s = vm.settingsProperty().get();
              return check(new LrSettings(s.start(), s.end(), v));
            });
    TextField batch =
        field(
            "lr-batch",
            "The batch size, shared with the Train workspace (a rate found at one batch size does"
                + " not carry over to another)",
            () -> String.valueOf(vm.batchProperty().get()),
            text -> vm.setBatch(integer(text, "The batch size")));
    TextField size =
        field(
            "lr-size",
            "The image size in pixels, shared with the Train workspace",
            () -> String.valueOf(vm.sizeProperty().get()),
            text -> vm.setSize(integer(text, "The image size")));
    vm.settingsProperty()
        .addListener(
            (obs, o, n) -> {
              start.setText(LrFormat.rate(n.start()));
              end.setText(LrFormat.rate(n.end()));
              steps.setText(String.valueOf(n.steps()));
            });
    vm.batchProperty().addListener((obs, o, n) -> batch.setText(String.valueOf(n)));
    vm.sizeProperty().addListener((obs, o, n) -> size.setText(String.valueOf(n)));

    grid.addRow(0, key("Start rate"), start);
    grid.addRow(1, key("End rate"), end);
    grid.addRow(2, key("Steps"), steps);
    Label shared = new Label("From the training settings");
    shared.getStyleClass().add("lr-note");
    grid.add(shared, 0, 3, 2, 1);
    grid.addRow(4, key("Batch size"), batch);
    grid.addRow(5, key("Image size"), size);
    grid.disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> vm.phaseProperty().get().busy(), vm.phaseProperty()));
    return grid;
  }

  private String check(LrSettings s) {
    String why = s.problem();
    if (why == null) {
      vm.settingsProperty().set(s);
    }
    return why;
  }

  private static int integer(String text, String what) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + " must be a whole number, not '" + text.strip() + "'");
    }
  }

  private static Label key(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("lr-key");
    return l;
  }

  /**
   * A field committed on Enter or when focus leaves: {@code commit} returns why the value was
   * refused (or throws with the reason); then the reason shows and the field snaps back.
   */
  private TextField field(
      String id,
      String tip,
      java.util.function.Supplier<String> current,
      Function<String, String> commit) {
    TextField f = new TextField(current.get());
    f.setId(id);
    f.setTooltip(new Tooltip(tip));
    f.setPrefColumnCount(7);
    Runnable apply =
        () -> {
          if (f.getText().equals(current.get())) {
            problem.setVisible(false);
            return;
          }
          String why;
          try {
            why = commit.apply(f.getText());
          } catch (IllegalArgumentException e) {
            why = LrViewModel.sentence(e.getMessage());
          }
          problem.setText(why == null ? "" : why);
          problem.setVisible(why != null);
          f.setText(current.get());
        };
    f.setOnAction(e -> apply.run());
    f.focusedProperty()
        .addListener(
            (obs, was, is) -> {
              if (!is) {
                apply.run();
              }
            });
    return f;
  }

  // ---- run ----

  private Node runRow() {
    Button run = new Button("Run sweep", new FontIcon(Material2MZ.PLAY_ARROW));
    run.setId("lr-run");
    run.getStyleClass().add(Styles.ACCENT);
    run.setDefaultButton(false);
    run.setOnAction(e -> vm.run());
    run.setTooltip(
        new Tooltip(
            "Train one batch per rate on the project's data and model; the weights are restored"
                + " afterwards"));
    Button cancel = new Button("Cancel", new FontIcon(Material2MZ.STOP));
    cancel.setId("lr-cancel");
    cancel.setOnAction(e -> vm.cancel());
    run.disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> vm.phaseProperty().get().busy(), vm.phaseProperty()));
    cancel
        .disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> {
                  Phase p = vm.phaseProperty().get();
                  return p != Phase.WAITING && p != Phase.RUNNING;
                },
                vm.phaseProperty()));
    run.setMaxWidth(Double.MAX_VALUE);
    cancel.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(run, Priority.ALWAYS);
    HBox.setHgrow(cancel, Priority.ALWAYS);
    return new HBox(8, run, cancel);
  }

  private Node progress() {
    ProgressBar bar = new ProgressBar(0);
    bar.setId("lr-progress");
    bar.setMaxWidth(Double.MAX_VALUE);
    bar.progressProperty().bind(vm.progressProperty());
    Label text = new Label();
    text.setId("lr-progress-text");
    text.getStyleClass().add("lr-note");
    text.textProperty().bind(vm.progressTextProperty());
    text.setWrapText(true);
    return new VBox(4, bar, text);
  }

  // ---- suggestions and the picked rate ----

  private Node suggestions() {
    GridPane grid = new GridPane();
    grid.setHgap(8);
    grid.setVgap(6);
    ColumnConstraints dot = new ColumnConstraints();
    ColumnConstraints name = new ColumnConstraints();
    name.setHgrow(Priority.ALWAYS);
    ColumnConstraints value = new ColumnConstraints();
    value.setHalignment(HPos.RIGHT);
    grid.getColumnConstraints().addAll(dot, name, value, new ColumnConstraints());
    int row = 0;
    for (Suggestion s : Suggestion.values()) {
      String id = s.name().toLowerCase(Locale.ROOT).replace('_', '-');
      Circle c = new Circle(5);
      c.getStyleClass().addAll("lr-dot", "lr-dot-" + id);
      Label label = new Label(s.label());
      label.setTooltip(new Tooltip(s.explanation()));
      Label v = new Label();
      v.setId("lr-value-" + id);
      v.getStyleClass().add("lr-value");
      v.textProperty()
          .bind(
              Bindings.createStringBinding(
                  () -> LrFormat.rate(s.of(vm.resultProperty().get())), vm.resultProperty()));
      Button pick = new Button("Pick");
      pick.setId("lr-pick-" + id);
      pick.getStyleClass().addAll(Styles.SMALL, Styles.FLAT);
      pick.setTooltip(new Tooltip("Pick the " + s.label().toLowerCase(Locale.ROOT) + " rate"));
      pick.setOnAction(e -> vm.pick(s));
      pick.disableProperty()
          .bind(
              Bindings.createBooleanBinding(
                  () -> !Double.isFinite(s.of(vm.resultProperty().get())), vm.resultProperty()));
      grid.addRow(row++, c, label, v, pick);
    }
    return grid;
  }

  private Node picked() {
    Label value = new Label();
    value.setId("lr-picked");
    value.getStyleClass().add("lr-picked");
    value
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> {
                  double lr = vm.pickedProperty().get();
                  return Double.isFinite(lr) ? LrFormat.rate(lr) : "—";
                },
                vm.pickedProperty()));
    Label current = new Label();
    current.setId("lr-current");
    current.getStyleClass().add("lr-note");
    current
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () -> "Training uses " + LrFormat.rate(vm.projectLrProperty().get()) + " now.",
                vm.projectLrProperty()));
    Button use = new Button("Use this rate", new FontIcon(Material2AL.ARROW_FORWARD));
    use.setId("lr-use");
    use.getStyleClass().add(Styles.SUCCESS);
    use.setContentDisplay(javafx.scene.control.ContentDisplay.RIGHT);
    use.setMaxWidth(Double.MAX_VALUE);
    use.setTooltip(
        new Tooltip("Write the picked rate into the training settings (undoable) and go to Train"));
    use.setOnAction(e -> vm.useRate());
    use.disableProperty()
        .bind(
            Bindings.createBooleanBinding(
                () -> !Double.isFinite(vm.pickedProperty().get()), vm.pickedProperty()));
    VBox box = new VBox(6, value, current, use);
    box.setAlignment(Pos.TOP_LEFT);
    return box;
  }
}
