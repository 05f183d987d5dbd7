package org.layerbench.app.gui.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small real image folders for the Data workspace's tests. */
final class TestImages {
  private TestImages() {}

  /** A w×h PNG with a coloured disc on a background that varies with {@code seed}. */
  static Path png(Path file, int w, int h, int seed) throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(new Color((seed * 67) % 256, (seed * 131) % 256, (seed * 29 + 90) % 256));
    g.fillRect(0, 0, w, h);
    g.setColor(new Color((seed * 13 + 40) % 256, (seed * 211) % 256, (seed * 97) % 256));
    g.fillOval(w / 5, h / 5, w / 2 + seed % 7, h / 2);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
    return file;
  }

  /** DIR/&lt;class&gt;/img_i.png with {@code counts[c]} images for class c. */
  static Path classFolders(Path dir, String[] classes, int[] counts) throws IOException {
    for (int c = 0; c < classes.length; c++) {
      for (int i = 0; i < counts[c]; i++) {
        png(
            dir.resolve(classes[c]).resolve(String.format("img_%04d.png", i)),
            40,
            32,
            c * 1000 + i);
      }
    }
    return dir;
  }
}
