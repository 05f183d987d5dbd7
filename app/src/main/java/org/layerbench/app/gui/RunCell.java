package org.layerbench.app.gui;

import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** A run in a picker: name, status and best accuracy, greyed when it has no model yet. */
public final class RunCell extends ListCell<RunEntry> {
  private final boolean compact;

  /** A cell of the open list: name, status and best accuracy. */
  public RunCell() {
    this(false);
  }

  /**
   * @param compact name and accuracy only (a closed combo box's button)
   */
  public RunCell(boolean compact) {
    this.compact = compact;
  }

  @Override
  protected void updateItem(RunEntry item, boolean empty) {
    super.updateItem(item, empty);
    getStyleClass().remove("run-unusable");
    if (empty || item == null) {
      setText(null);
      setGraphic(null);
      setTooltip(null);
      return;
    }
    setText(compact ? item.shortDisplay() : item.display());
    setGraphic(iconFor(item));
    setTooltip(new Tooltip(item.details()));
    if (!item.usable()) {
      getStyleClass().add("run-unusable");
    }
  }

  /** The run's status as an icon (finished, stopped, training, failed; a file for a model file). */
  public static FontIcon iconFor(RunEntry e) {
    FontIcon i =
        new FontIcon(
            e.dir() == null
                ? Material2AL.INSERT_DRIVE_FILE
                : switch (e.status()) {
                  case "finished", "early-stopped" -> Material2AL.CHECK_CIRCLE_OUTLINE;
                  case "stopped", "interrupted" -> Material2MZ.STOP_CIRCLE;
                  case "training" -> Material2MZ.PLAY_CIRCLE_OUTLINE;
                  default -> Material2AL.ERROR_OUTLINE;
                });
    i.getStyleClass().addAll("run-icon", "run-" + e.status());
    return i;
  }
}
