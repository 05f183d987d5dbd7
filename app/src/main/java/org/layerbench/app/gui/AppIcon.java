package org.layerbench.app.gui;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/**
 * The LayerBench icon (ui-resources, org/layerbench/ui/icons) at the sizes window managers pick
 * from for the title bar, the task switcher and the dock.
 */
final class AppIcon {
  private static final int[] SIZES = {16, 32, 48, 64, 128, 256};

  private AppIcon() {}

  static List<Image> images() {
    List<Image> images = new ArrayList<>();
    for (int size : SIZES) {
      String name = "/org/layerbench/ui/icons/layerbench-" + size + ".png";
      try (InputStream in = AppIcon.class.getResourceAsStream(name)) {
        if (in != null) {
          images.add(new Image(in));
        }
      } catch (java.io.IOException e) {
        // An icon is decoration: a window without one still works.
      }
    }
    return images;
  }
}
