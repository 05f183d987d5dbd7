package org.layerbench.engine.data.transform;

import org.layerbench.engine.data.image.RgbImage;

/**
 * An 8-bit image in the image stage of a pipeline, what a PIL image is in torchvision: row-major,
 * interleaved, 3 channels (PIL mode "RGB", or "HSV" after {@code ToHSV}) or 1 (mode "L", after
 * {@code Grayscale(1)}).
 *
 * <p>The array is handed over, not copied: whoever makes an {@code Image8} does not change the
 * array afterwards, and transforms never change their input's array.
 */
public record Image8(int width, int height, int channels, byte[] data) {

  public Image8 {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "×" + height);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("1 or 3 channels, got " + channels);
    }
    if (data.length != (long) width * height * channels) {
      throw new IllegalArgumentException(
          "expected " + (long) width * height * channels + " bytes, got " + data.length);
    }
  }

  /** The decoded image as is (no copy). */
  public static Image8 of(RgbImage image) {
    return new Image8(image.width(), image.height(), 3, image.rgb());
  }

  /** As RGB for display; a 1-channel image is repeated into all three channels. */
  public RgbImage toRgb() {
    if (channels == 3) {
      return new RgbImage(width, height, data);
    }
    byte[] rgb = new byte[width * height * 3];
    for (int i = 0, o = 0; i < data.length; i++) {
      rgb[o++] = data[i];
      rgb[o++] = data[i];
      rgb[o++] = data[i];
    }
    return new RgbImage(width, height, rgb);
  }

  /** Channel value at (x, y), 0–255. */
  public int get(int x, int y, int c) {
    return data[(y * width + x) * channels + c] & 0xFF;
  }
}
