package org.layerbench.engine.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;

/**
 * A tiny, learnable image folder for engine tests: "dark" images are mostly dark and "light" ones
 * mostly light, with per-pixel noise, 16×16 PNGs in train/ and val/.
 */
final class TinyImages {
  private TinyImages() {}

  static Path write(Path dir, int trainPerClass, int valPerClass) throws IOException {
    SplittableRandom random = new SplittableRandom(42);
    String[] classes = {"dark", "light"};
    for (String split : new String[] {"train", "val"}) {
      int n = split.equals("train") ? trainPerClass : valPerClass;
      for (int c = 0; c < classes.length; c++) {
        Path folder = Files.createDirectories(dir.resolve(split).resolve(classes[c]));
        for (int i = 0; i < n; i++) {
          BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
          for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
              int base = c == 0 ? 60 : 190;
              int v = Math.clamp(base + random.nextInt(-50, 51), 0, 255);
              img.setRGB(
                  x, y, (v << 16) | (Math.clamp(v + random.nextInt(-20, 21), 0, 255) << 8) | v);
            }
          }
          ImageIO.write(img, "png", folder.resolve(classes[c] + "_" + i + ".png").toFile());
        }
      }
    }
    return dir;
  }
}
