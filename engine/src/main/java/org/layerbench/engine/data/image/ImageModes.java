package org.layerbench.engine.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;

/**
 * Names a decoded file's colour mode as Pillow's {@code Image.open(f).mode} does, for the scan's
 * mode histogram: PNG from its IHDR (ImageIO turns low-bit greyscale into a palette), JPEG from its
 * component count, BMP with Pillow's greyscale-palette rule.
 */
final class ImageModes {

  private ImageModes() {}

  static String of(String format, byte[] head, BufferedImage image) {
    return switch (format) {
      case "png" -> png(head, image);
      case "jpeg" ->
          switch (image.getRaster().getNumBands()) {
            case 1 -> "L";
            case 4 -> "CMYK";
            default -> "RGB";
          };
      case "gif" -> "P";
      case "bmp" -> bmp(image);
      default -> fromColorModel(image.getColorModel());
    };
  }

  /** IHDR's bit depth (byte 24) and colour type (byte 25), as Pillow's PngImagePlugin maps them. */
  private static String png(byte[] h, BufferedImage image) {
    if (h.length < 26 || h[12] != 'I' || h[13] != 'H' || h[14] != 'D' || h[15] != 'R') {
      return fromColorModel(image.getColorModel());
    }
    int depth = h[24] & 0xFF;
    return switch (h[25] & 0xFF) {
      case 0 -> depth == 1 ? "1" : depth == 16 ? "I;16" : "L";
      case 2 -> "RGB";
      case 3 -> "P";
      case 4 -> "LA";
      case 6 -> "RGBA";
      default -> fromColorModel(image.getColorModel());
    };
  }

  /**
   * Pillow's BmpImagePlugin: a palette of black and white is "1", a palette whose entry i is (i, i,
   * i) is "L", any other palette "P".
   */
  private static String bmp(BufferedImage image) {
    if (!(image.getColorModel() instanceof IndexColorModel icm)) {
      return fromColorModel(image.getColorModel()); // ImageIO reads a grey palette as grey
    }
    int n = icm.getMapSize();
    boolean grey = true;
    for (int i = 0; i < n && grey; i++) {
      int v = n == 2 ? i * 255 : i;
      grey = icm.getRed(i) == v && icm.getGreen(i) == v && icm.getBlue(i) == v;
    }
    return grey ? (n == 2 ? "1" : "L") : "P";
  }

  private static String fromColorModel(ColorModel cm) {
    if (cm instanceof IndexColorModel) {
      return "P";
    }
    int type = cm.getColorSpace().getType();
    boolean alpha = cm.hasAlpha();
    if (type == ColorSpace.TYPE_GRAY) {
      return alpha ? "LA" : "L";
    }
    if (type == ColorSpace.TYPE_CMYK) {
      return "CMYK";
    }
    return alpha ? "RGBA" : "RGB";
  }
}
