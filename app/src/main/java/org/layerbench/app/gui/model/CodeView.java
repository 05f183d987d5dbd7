package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.layerbench.engine.io.export.PyTorchCode;

/**
 * The Code tab: the model's PyTorch code in a read-only RichTextFX {@link CodeArea} with Python
 * highlighting and line numbers, the selected layers' lines marked (and scrolled to), and the first
 * error's comment marked in red. Text is copied with Ctrl+C or, all of it, with Copy.
 */
public final class CodeView extends BorderPane {
  private static final String CSS = "/org/layerbench/ui/code.css";
  static final String SELECTED = "code-selected";
  static final String ERROR = "code-error";

  private final CodeViewModel vm;
  private final ObservableBooleanValue shown;
  private final CodeArea area = new CodeArea();
  private final Label status = new Label();
  private boolean stale;

  /**
   * @param shown whether the tab is on screen: while hidden, new code waits and is shown (and the
   *     selection scrolled to) when the tab is
   */
  public CodeView(CodeViewModel vm, ObservableBooleanValue shown) {
    this.vm = vm;
    this.shown = shown;
    setId("code-view");
    getStyleClass().add("code-view");
    var css = CodeView.class.getResource(CSS);
    if (css != null) {
      getStylesheets().add(css.toExternalForm());
    }
    area.setId("code-area");
    area.setEditable(false);
    area.setParagraphGraphicFactory(LineNumberFactory.get(area));

    Button copy = new Button("Copy", new FontIcon(Material2AL.CONTENT_COPY));
    copy.setId("code-copy");
    copy.setTooltip(new Tooltip("Copy the whole model.py (Ctrl+C copies the selected text)"));
    copy.setOnAction(e -> copyAll());
    status.setId("code-status");
    status.getStyleClass().add("code-status");
    Label what = new Label("model.py");
    what.getStyleClass().add("pane-title");
    Region gap = new Region();
    HBox.setHgrow(gap, Priority.ALWAYS);
    HBox bar = new HBox(8, what, status, gap, copy);
    bar.setAlignment(Pos.CENTER_LEFT);
    bar.setPadding(new Insets(4, 8, 4, 8));
    bar.getStyleClass().add("code-bar");
    setTop(bar);
    setCenter(new VirtualizedScrollPane<>(area));

    vm.listingProperty().addListener((obs, o, n) -> refresh());
    vm.highlightedProperty().addListener((obs, o, n) -> mark(true));
    shown.addListener(
        (obs, o, n) -> {
          if (n) {
            if (stale) {
              refresh();
            }
            scrollToMarked();
          }
        });
    refresh();
  }

  /** The code area, for tests. */
  public CodeArea area() {
    return area;
  }

  private void refresh() {
    PyTorchCode.Listing l = vm.listingProperty().get();
    if (l == null) {
      return;
    }
    if (!shown.get()) {
      stale = true;
      return;
    }
    stale = false;
    boolean changed = !area.getText().equals(l.text());
    if (changed) {
      double y = area.getEstimatedScrollY();
      area.replaceText(l.text());
      area.setStyleSpans(0, PythonHighlighter.styles(l.text()));
      area.moveTo(0);
      // Keep the view where it was (an edit should not jump the code to the top), unless layers
      // are selected: then their lines stay in view.
      area.scrollYToPixel(y);
    }
    if (l.error() == null) {
      status.setText("as Export writes it");
      status.getStyleClass().remove("danger");
    } else {
      status.setText("the code up to the first error");
      if (!status.getStyleClass().contains("danger")) {
        status.getStyleClass().add("danger");
      }
    }
    mark(changed);
  }

  /** Marks the selected layers' lines and the error comment; scrolls to the first mark if asked. */
  private void mark(boolean scroll) {
    PyTorchCode.Listing l = vm.listingProperty().get();
    if (l == null || stale) {
      return;
    }
    int paragraphs = area.getParagraphs().size();
    for (int p = 0; p < paragraphs; p++) {
      List<String> style = new ArrayList<>(2);
      if (vm.highlightedProperty().get().contains(p)) {
        style.add(SELECTED);
      }
      if (l.errorLine() >= 0 && p >= l.errorLine() && isComment(p)) {
        style.add(ERROR);
      }
      if (!style.equals(area.getParagraph(p).getParagraphStyle())) {
        area.setParagraphStyle(p, style);
      }
    }
    if (scroll && shown.get()) {
      scrollToMarked();
    }
  }

  private boolean isComment(int p) {
    PyTorchCode.Listing l = vm.listingProperty().get();
    String text = area.getParagraph(p).getText().strip();
    if (!text.startsWith("#")) {
      return false;
    }
    for (int q = l.errorLine(); q <= p; q++) {
      if (!area.getParagraph(q).getText().strip().startsWith("#")) {
        return false;
      }
    }
    return true;
  }

  private void scrollToMarked() {
    List<Integer> lines = vm.highlightedProperty().get();
    if (!lines.isEmpty()) {
      area.showParagraphAtTop(Math.max(0, lines.getFirst() - 2));
      area.moveTo(lines.getFirst(), 0);
    }
  }

  private void copyAll() {
    ClipboardContent c = new ClipboardContent();
    c.putString(area.getText());
    Clipboard.getSystemClipboard().setContent(c);
  }
}
