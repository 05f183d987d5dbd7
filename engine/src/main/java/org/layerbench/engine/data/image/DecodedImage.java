package org.layerbench.engine.data.image;

/**
 * A decoded image with what its file declared.
 *
 * @param image the pixels as PIL's {@code convert("RGB")} gives them, EXIF orientation applied
 * @param format the file's format as ImageIO names it, lower case ("png", "jpeg", "gif", "bmp")
 * @param mode the colour mode as Pillow's {@code Image.open(f).mode} names it ("RGB", "L", "P",
 *     "RGBA", "LA", "1", "CMYK"), except that 16-bit greyscale is "I;16" (Pillow 9 says "I")
 * @param orientation the EXIF orientation that was applied, 1 (none) to 8
 */
public record DecodedImage(RgbImage image, String format, String mode, int orientation) {}
