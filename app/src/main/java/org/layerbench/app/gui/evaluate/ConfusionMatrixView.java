package org.layerbench.app.gui.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.Group;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;

/**
 * The confusion matrix as a heat map: rows are true classes, columns predicted ones; each cell
 * shows its count and its share of the row, and is coloured by that share (blue on the diagonal,
 * red off it, so mistakes stand out whatever the class sizes). Clicking a cell reports it.
 */
public final class ConfusionMatrixView extends StackPane {
  static final Color CORRECT = Color.web("#0969da");
  static final Color WRONG = Color.web("#cf222e");
  private static final double HEADER = 90;

  private final GridPane grid = new GridPane();
  private final List<StackPane> cells = new ArrayList<>();
  private final List<Label> counts = new ArrayList<>();
  private final List<Label> shares = new ArrayList<>();
  private final List<Label> headers = new ArrayList<>();
  private final Consumer<EvaluateViewModel.Cell> onClick;
  private int k;
  private StackPane selected;

  /**
   * @param onClick gets the clicked cell
   */
  public ConfusionMatrixView(Consumer<EvaluateViewModel.Cell> onClick) {
    this.onClick = onClick;
    getStyleClass().add("confusion-matrix");
    setId("confusion-matrix");
    grid.setHgap(2);
    grid.setVgap(2);
    grid.setAlignment(Pos.CENTER);
    setPadding(new Insets(8));
    getChildren().add(grid);
    widthProperty().addListener((obs, o, n) -> resize());
    heightProperty().addListener((obs, o, n) -> resize());
  }

  /** Shows a matrix (rows true, columns predicted) with these class names. */
  public void show(List<String> classes, int[][] confusion) {
    grid.getChildren().clear();
    cells.clear();
    counts.clear();
    shares.clear();
    headers.clear();
    selected = null;
    k = classes.size();
    Label predicted = axisTitle("Predicted class →");
    grid.add(predicted, 2, 0, k, 1);
    GridPane.setHalignment(predicted, HPos.CENTER);
    Label truth = axisTitle("← True class");
    truth.setRotate(-90);
    Group rotated = new Group(truth);
    grid.add(rotated, 0, 2, 1, k);
    GridPane.setValignment(rotated, VPos.CENTER);
    for (int c = 0; c < k; c++) {
      Label h = header(classes.get(c));
      h.setAlignment(Pos.BOTTOM_CENTER);
      grid.add(h, c + 2, 1);
      GridPane.setHalignment(h, HPos.CENTER);
      GridPane.setValignment(h, VPos.BOTTOM);
    }
    for (int r = 0; r < k; r++) {
      int rowSum = 0;
      for (int v : confusion[r]) {
        rowSum += v;
      }
      Label h = header(classes.get(r));
      h.setAlignment(Pos.CENTER_RIGHT);
      grid.add(h, 1, r + 2);
      GridPane.setHalignment(h, HPos.RIGHT);
      for (int c = 0; c < k; c++) {
        int n = confusion[r][c];
        double share = rowSum == 0 ? 0 : (double) n / rowSum;
        grid.add(cell(r, c, n, share, rowSum, classes), c + 2, r + 2);
      }
    }
    resize();
  }

  private StackPane cell(int r, int c, int n, double share, int rowSum, List<String> classes) {
    StackPane cell = new StackPane();
    cell.setId("cm-cell-" + r + "-" + c);
    cell.getStyleClass().add("cm-cell");
    double alpha = n == 0 ? 0 : 0.10 + 0.90 * share;
    Color base = r == c ? CORRECT : WRONG;
    cell.setBackground(
        new Background(
            new BackgroundFill(
                n == 0 ? Color.TRANSPARENT : base.deriveColor(0, 1, 1, alpha),
                new javafx.scene.layout.CornerRadii(4),
                Insets.EMPTY)));
    if (alpha > 0.5) {
      cell.getStyleClass().add("cm-strong");
    }
    if (n == 0) {
      cell.getStyleClass().add("cm-empty");
    }
    Label count = new Label(Integer.toString(n));
    count.getStyleClass().add("cm-count");
    Label pct = new Label(String.format(Locale.ROOT, "%.0f%%", 100 * share));
    pct.getStyleClass().add("cm-share");
    VBox text = new VBox(0, count, pct);
    text.setAlignment(Pos.CENTER);
    text.setMouseTransparent(true);
    cell.getChildren().add(text);
    counts.add(count);
    shares.add(pct);
    String what =
        r == c
            ? classes.get(r) + " recognised as " + classes.get(c)
            : classes.get(r) + " mistaken for " + classes.get(c);
    Tooltip tip =
        new Tooltip(
            String.format(
                Locale.ROOT,
                "True %s, predicted %s%n%s: %d image%s (%.1f %% of the %d %s images)%nClick to"
                    + " see them",
                classes.get(r),
                classes.get(c),
                what,
                n,
                n == 1 ? "" : "s",
                100 * share,
                rowSum,
                classes.get(r)));
    tip.setShowDelay(Duration.millis(250));
    Tooltip.install(cell, tip);
    cell.setOnMouseClicked(
        e -> {
          select(cell);
          onClick.accept(new EvaluateViewModel.Cell(r, c));
        });
    cells.add(cell);
    return cell;
  }

  /** Marks a cell as the one whose images are shown (null: none). */
  public void select(int row, int column) {
    select(row < 0 || row >= k || column < 0 || column >= k ? null : cells.get(row * k + column));
  }

  private void select(StackPane cell) {
    if (selected != null) {
      selected.getStyleClass().remove("cm-selected");
    }
    selected = cell;
    if (cell != null) {
      cell.getStyleClass().add("cm-selected");
    }
  }

  private static Label axisTitle(String text) {
    Label l = new Label(text);
    l.getStyleClass().add("cm-axis");
    return l;
  }

  private Label header(String name) {
    Label l = new Label(name);
    l.getStyleClass().add("cm-header");
    l.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
    l.setTooltip(new Tooltip(name));
    headers.add(l);
    return l;
  }

  /** Square cells as large as the pane allows (18 to 120 px); text hidden when it cannot fit. */
  private void resize() {
    if (k == 0) {
      return;
    }
    double w = getWidth() - HEADER - 60;
    double h = getHeight() - 70;
    double size = Math.clamp(Math.min(w, h) / k - 2, 18, 120);
    for (int i = 0; i < cells.size(); i++) {
      StackPane c = cells.get(i);
      c.setMinSize(size, size);
      c.setPrefSize(size, size);
      c.setMaxSize(size, size);
      counts.get(i).setVisible(size >= 24);
      counts.get(i).setStyle(String.format(Locale.ROOT, "-fx-font-size: %.0fpx;", size / 4.2));
      shares.get(i).setVisible(size >= 48);
      shares.get(i).managedProperty().bind(shares.get(i).visibleProperty());
    }
    for (int i = 0; i < headers.size(); i++) {
      Label l = headers.get(i);
      if (i < k) {
        l.setMaxWidth(size); // column headers
        l.setMinWidth(0);
      } else {
        l.setMaxWidth(HEADER);
      }
    }
  }
}
