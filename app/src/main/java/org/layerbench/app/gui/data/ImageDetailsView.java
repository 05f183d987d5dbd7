package org.layerbench.app.gui.data;

import atlantafx.base.theme.Styles;
import java.util.Locale;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.layerbench.app.gui.data.DataViewModel.ImageDetails;

/** The selected image's file: name, where it is, size in pixels and bytes, format and mode. */
final class ImageDetailsView extends HBox {

  private final Label name = new Label();
  private final Label where = new Label();
  private final Label facts = new Label();
  private final Label path = new Label();

  ImageDetailsView(DataViewModel vm) {
    getStyleClass().add("image-details");
    setId("data-details");
    setSpacing(12);
    setAlignment(Pos.CENTER_LEFT);
    FontIcon icon = new FontIcon(Material2AL.IMAGE);
    icon.getStyleClass().add("details-icon");
    name.setId("data-details-name");
    name.getStyleClass().add(Styles.TEXT_BOLD);
    name.setMinWidth(Region.USE_PREF_SIZE);
    where.setId("data-details-where");
    where.getStyleClass().add("details-where");
    where.setMinWidth(Region.USE_PREF_SIZE);
    HBox title = new HBox(8, name, where);
    title.setAlignment(Pos.CENTER_LEFT);
    facts.setId("data-details-facts");
    facts.getStyleClass().add(Styles.TEXT_SMALL);
    path.getStyleClass().addAll(Styles.TEXT_SMALL, Styles.TEXT_MUTED);
    path.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
    VBox text = new VBox(2, title, facts, path);
    text.setMinWidth(0);
    HBox.setHgrow(text, Priority.ALWAYS);
    getChildren().addAll(icon, text);
    vm.detailsProperty().addListener((obs, o, n) -> show(vm, n));
    show(vm, vm.detailsProperty().get());
  }

  private void show(DataViewModel vm, ImageDetails d) {
    if (d == null) {
      name.setText("No image selected");
      where.setText("");
      where.setVisible(false);
      facts.setText("Click an image to see its size, file size and colour mode.");
      path.setText("");
      return;
    }
    name.setText(d.image().file().getFileName().toString());
    where.setText(d.image().split() + " / " + d.image().className());
    where.setVisible(true);
    DatasetIndex idx = vm.indexProperty().get();
    path.setText(idx == null ? d.image().file().toString() : idx.relative(d.image().file()));
    String size = d.bytes() < 0 ? "" : "  ·  " + bytes(d.bytes());
    if (d.error() != null) {
      facts.setText("Cannot be decoded: " + d.error() + size);
      return;
    }
    facts.setText(
        d.width()
            + " × "
            + d.height()
            + " px"
            + (d.orientation() > 1 ? " (turned upright by its EXIF orientation)" : "")
            + size
            + "  ·  "
            + d.format().toUpperCase(Locale.ROOT)
            + "  ·  mode "
            + d.mode()
            + " ("
            + modeText(d.mode())
            + ")");
  }

  /** Pillow's mode names in words. */
  static String modeText(String mode) {
    return switch (mode) {
      case "RGB" -> "colour";
      case "RGBA" -> "colour + alpha";
      case "L" -> "greyscale";
      case "LA" -> "greyscale + alpha";
      case "P" -> "palette";
      case "1" -> "black and white";
      case "CMYK" -> "CMYK";
      case "I;16" -> "16-bit greyscale";
      default -> mode;
    };
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024));
  }
}
