package org.layerbench.app.gui.guide;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.app.gui.Settings;

/**
 * The first-run guide: a strip under the toolbar that walks the pipeline (one button per {@link
 * GuideStep}, ticked when the open project has done it, switching to the step's workspace), says
 * what to do next, and hides when dismissed. Being dismissed is remembered in {@link Settings};
 * Help → Getting Started brings it back.
 */
public final class StartGuide extends VBox {
  /** The settings key that remembers the guide was dismissed. */
  public static final String DISMISSED = "guide.dismissed";

  /** The style class of a done step's icon (a green tick). */
  static final String DONE = "guide-done";

  private final Settings settings;
  private final BooleanProperty shown = new SimpleBooleanProperty();

  /**
   * @param show switches the window to a workspace by name
   * @param openDocs opens the user documentation
   */
  public StartGuide(
      List<GuideStep> steps, Settings settings, Consumer<String> show, Runnable openDocs) {
    this.settings = settings;
    setId("start-guide");
    getStyleClass().add("start-guide");
    shown.set(!Boolean.parseBoolean(settings.get(DISMISSED, "false")));
    visibleProperty().bind(shown);
    managedProperty().bind(shown);

    Label title = new Label("Getting started");
    title.getStyleClass().add(Styles.TEXT_BOLD);
    HBox row = new HBox(6, title);
    row.setAlignment(Pos.CENTER_LEFT);
    for (int i = 0; i < steps.size(); i++) {
      GuideStep s = steps.get(i);
      if (i > 0) {
        FontIcon chevron = new FontIcon(Material2AL.CHEVRON_RIGHT);
        chevron.getStyleClass().add("guide-chevron");
        row.getChildren().add(chevron);
      }
      row.getChildren().add(stepButton(i + 1, s, show));
    }
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    Hyperlink docs = new Hyperlink("User guide");
    docs.setId("guide-docs");
    docs.setOnAction(e -> openDocs.run());
    Button close = new Button(null, new FontIcon(Material2AL.CLOSE));
    close.setId("guide-dismiss");
    close.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
    close.setTooltip(new Tooltip("Hide the guide (Help → Getting Started shows it again)"));
    close.setOnAction(e -> dismiss());
    row.getChildren().addAll(gap, docs, close);

    Label next = new Label();
    next.setId("guide-next");
    next.getStyleClass().add(Styles.TEXT_MUTED);
    Observable[] deps = steps.stream().map(GuideStep::done).toArray(Observable[]::new);
    next.textProperty().bind(Bindings.createStringBinding(() -> nextText(steps), deps));
    getChildren().addAll(row, next);
  }

  private static Button stepButton(int number, GuideStep s, Consumer<String> show) {
    Button b = new Button(number + "  " + s.title());
    b.setId("guide-step-" + s.workspace().toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
    b.getStyleClass().add(Styles.SMALL);
    b.setTooltip(new Tooltip(s.hint()));
    b.setFocusTraversable(false);
    b.graphicProperty()
        .bind(
            Bindings.createObjectBinding(
                () -> {
                  FontIcon icon =
                      new FontIcon(
                          s.done().get()
                              ? Material2AL.CHECK_CIRCLE
                              : Material2MZ.RADIO_BUTTON_UNCHECKED);
                  icon.getStyleClass().add(s.done().get() ? DONE : "guide-todo");
                  return icon;
                },
                s.done()));
    b.setOnAction(e -> show.accept(s.workspace()));
    return b;
  }

  /** "Next: …" for the first step not done, or a line saying the pipeline is walked. */
  static String nextText(List<GuideStep> steps) {
    for (GuideStep s : steps) {
      if (!s.done().get()) {
        return "Next: " + s.hint();
      }
    }
    return "Every step is done for this project. Hide the guide with × (Help → Getting Started"
        + " shows it again).";
  }

  /** Hides the guide and remembers that. */
  public void dismiss() {
    shown.set(false);
    settings.put(DISMISSED, "true");
  }

  /** Shows the guide again (Help → Getting Started) and forgets that it was dismissed. */
  public void reopen() {
    shown.set(true);
    settings.put(DISMISSED, "false");
  }

  /** Whether the guide is shown. */
  public boolean isShown() {
    return shown.get();
  }
}
