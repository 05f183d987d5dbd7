package org.layerbench.engine.data.image;

/**
 * The EXIF orientation tag (0x0112) of a JPEG (APP1 "Exif") or PNG (eXIf chunk), and the transpose
 * Pillow's {@code ImageOps.exif_transpose} makes for it, so a photo taken with the camera on its
 * side is upright. torchvision's default loader does not do this; a person looking at the images
 * expects it.
 */
final class ExifOrientation {

  private static final int TAG_ORIENTATION = 0x0112;

  private ExifOrientation() {}

  /**
   * The orientation (1–8) declared in the first bytes of an image file, or 1 when there is none or
   * the EXIF data is damaged (as Pillow, which then leaves the image as it is).
   */
  static int read(byte[] head, int length) {
    if (length >= 4 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xD8) {
      return jpeg(head, length);
    }
    if (length >= 8 && (head[0] & 0xFF) == 0x89 && head[1] == 'P' && head[2] == 'N') {
      return png(head, length);
    }
    return 1;
  }

  /** Walks the JPEG's marker segments up to the start of scan, looking for APP1 "Exif\0\0". */
  private static int jpeg(byte[] b, int n) {
    int i = 2;
    while (i + 4 <= n) {
      if ((b[i] & 0xFF) != 0xFF) {
        return 1;
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xDA || marker == 0xD9) { // start of scan, end of image: no EXIF before
        return 1;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // no length
        i += 2;
        continue;
      }
      int length = u16(b, i + 2, false);
      int payload = i + 4;
      int end = Math.min(n, i + 2 + length);
      if (length < 2) {
        return 1;
      }
      if (marker == 0xE1
          && end - payload >= 6
          && b[payload] == 'E'
          && b[payload + 1] == 'x'
          && b[payload + 2] == 'i'
          && b[payload + 3] == 'f'
          && b[payload + 4] == 0
          && b[payload + 5] == 0) {
        return tiff(b, payload + 6, end);
      }
      i += 2 + length;
    }
    return 1;
  }

  /** Walks the PNG's chunks up to the first IDAT, looking for eXIf (TIFF data, no prefix). */
  private static int png(byte[] b, int n) {
    int i = 8;
    while (i + 8 <= n) {
      long length = u32(b, i, false);
      String type = new String(b, i + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
      int data = i + 8;
      if (length < 0 || data + length > n) {
        return 1;
      }
      if (type.equals("eXIf")) {
        int start = data;
        if (length >= 6 && b[data] == 'E' && b[data + 1] == 'x' && b[data + 4] == 0) {
          start += 6; // some writers keep the JPEG prefix
        }
        return tiff(b, start, data + (int) length);
      }
      if (type.equals("IDAT") || type.equals("IEND")) {
        return 1;
      }
      i = data + (int) length + 4; // + CRC
    }
    return 1;
  }

  /** Orientation from IFD0 of a TIFF structure in b[start, end). */
  private static int tiff(byte[] b, int start, int end) {
    if (end - start < 8) {
      return 1;
    }
    boolean little;
    if (b[start] == 'I' && b[start + 1] == 'I') {
      little = true;
    } else if (b[start] == 'M' && b[start + 1] == 'M') {
      little = false;
    } else {
      return 1;
    }
    if (u16(b, start + 2, little) != 42) {
      return 1;
    }
    long ifd = u32(b, start + 4, little);
    if (ifd < 8 || start + ifd + 2 > end) {
      return 1;
    }
    int p = start + (int) ifd;
    int entries = u16(b, p, little);
    p += 2;
    for (int e = 0; e < entries && p + 12 <= end; e++, p += 12) {
      if (u16(b, p, little) != TAG_ORIENTATION) {
        continue;
      }
      int type = u16(b, p + 2, little);
      long value =
          switch (type) {
            case 3 -> u16(b, p + 8, little); // SHORT, stored in the first half of the value
            case 4 -> u32(b, p + 8, little); // LONG
            default -> 1;
          };
      return value >= 1 && value <= 8 ? (int) value : 1;
    }
    return 1;
  }

  private static int u16(byte[] b, int i, boolean little) {
    int x = b[i] & 0xFF;
    int y = b[i + 1] & 0xFF;
    return little ? x | y << 8 : x << 8 | y;
  }

  private static long u32(byte[] b, int i, boolean little) {
    long hi = u16(b, little ? i + 2 : i, little);
    long lo = u16(b, little ? i : i + 2, little);
    return hi << 16 | lo;
  }

  /**
   * The image as Pillow's {@code exif_transpose} leaves it: 2 mirror left-right, 3 rotate 180°, 4
   * mirror top-bottom, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90°
   * anticlockwise. Orientations 5–8 swap width and height.
   */
  static RgbImage apply(RgbImage in, int orientation) {
    if (orientation <= 1 || orientation > 8) {
      return in;
    }
    int w = in.width();
    int h = in.height();
    boolean swap = orientation >= 5;
    int ow = swap ? h : w;
    int oh = swap ? w : h;
    byte[] src = in.rgb();
    byte[] out = new byte[src.length];
    for (int oy = 0, o = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++, o += 3) {
        int sx;
        int sy;
        switch (orientation) {
          case 2 -> {
            sx = w - 1 - ox;
            sy = oy;
          }
          case 3 -> {
            sx = w - 1 - ox;
            sy = h - 1 - oy;
          }
          case 4 -> {
            sx = ox;
            sy = h - 1 - oy;
          }
          case 5 -> {
            sx = oy;
            sy = ox;
          }
          case 6 -> {
            sx = oy;
            sy = h - 1 - ox;
          }
          case 7 -> {
            sx = w - 1 - oy;
            sy = h - 1 - ox;
          }
          default -> { // 8
            sx = w - 1 - oy;
            sy = ox;
          }
        }
        int s = (sy * w + sx) * 3;
        out[o] = src[s];
        out[o + 1] = src[s + 1];
        out[o + 2] = src[s + 2];
      }
    }
    return new RgbImage(ow, oh, out);
  }
}
