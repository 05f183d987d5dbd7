package org.layerbench.engine.data.image;

/**
 * One decoded image: 8-bit RGB, row-major, 3 bytes per pixel (r,g,b).
 *
 * <p>The array is not copied (images are large and pass through the loader once); whoever makes an
 * {@code RgbImage} hands the array over and does not change it afterwards.
 */
public record RgbImage(int width, int height, byte[] rgb) {

  public RgbImage {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("image size must be positive: " + width + "×" + height);
    }
    if (rgb.length != 3L * width * height) {
      throw new IllegalArgumentException(
          "expected "
              + 3L * width * height
              + " bytes for "
              + width
              + "×"
              + height
              + " RGB, got "
              + rgb.length);
    }
  }
}
