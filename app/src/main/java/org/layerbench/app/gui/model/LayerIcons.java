package org.layerbench.app.gui.model;

import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;
import org.layerbench.engine.graph.LayerCategory;

/** The palette's icon for each layer category (Material Design 2 via Ikonli). */
public final class LayerIcons {
  private LayerIcons() {}

  public static Ikon icon(LayerCategory c) {
    return switch (c) {
      case INPUT -> Material2AL.INPUT;
      case CORE -> Material2AL.DEVICE_HUB;
      case CONVOLUTION -> Material2AL.GRID_ON;
      case POOLING -> Material2MZ.PHOTO_SIZE_SELECT_SMALL;
      case NORMALIZATION -> Material2AL.EQUALIZER;
      case ACTIVATION -> Material2MZ.SHOW_CHART;
      case REGULARIZATION -> Material2AL.BLUR_ON;
      case RESHAPE -> Material2AL.ASPECT_RATIO;
      case SEQUENCE -> Material2MZ.SHORT_TEXT;
      case MERGE -> Material2AL.CALL_MERGE;
    };
  }

  public static FontIcon of(LayerCategory c) {
    FontIcon f = new FontIcon(icon(c));
    f.getStyleClass()
        .addAll("layer-icon", "cat-icon-" + c.name().toLowerCase(java.util.Locale.ROOT));
    return f;
  }
}
