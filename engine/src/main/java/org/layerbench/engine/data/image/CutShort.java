package org.layerbench.engine.data.image;

/**
 * Whether an image file ends before its image data does. For a JPEG: whether its data reaches its
 * end-of-image marker. Pillow refuses a JPEG that stops before it ("image file is truncated"), even
 * when only the last two bytes are missing, while libjpeg pads the missing part with grey and at
 * most warns: a progressive JPEG cut between two scans decodes in ImageIO without any warning, as a
 * blurred or half-grey picture. Walking the markers finds every such file before it is decoded.
 */
final class CutShort {

  /** The message for such files, next to Pillow's "image file is truncated". */
  static final String REASON = "truncated: the file ends before the image does";

  private CutShort() {}

  /**
   * True when {@code b} starts like a JPEG (SOI) and ends before its EOI marker: in a marker
   * segment, or in the entropy-coded data of a scan. Anything else (not a JPEG, a malformed segment
   * length) is left to the decoder.
   */
  static boolean jpeg(byte[] b) {
    return jpeg(java.nio.ByteBuffer.wrap(b));
  }

  /** As {@link #jpeg(byte[])}, over a buffer (a large file mapped rather than read). */
  static boolean jpeg(java.nio.ByteBuffer b) {
    int n = b.limit();
    if (n < 2 || (b.get(0) & 0xFF) != 0xFF || (b.get(1) & 0xFF) != 0xD8) {
      return false;
    }
    int i = 2;
    while (true) {
      while (i < n && (b.get(i) & 0xFF) != 0xFF) { // garbage before a marker: libjpeg skips it
        i++;
      }
      while (i < n && (b.get(i) & 0xFF) == 0xFF) { // fill bytes
        i++;
      }
      if (i >= n) {
        return true;
      }
      int marker = b.get(i++) & 0xFF;
      if (marker == 0xD9) { // EOI
        return false;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) { // TEM, RSTn: no length
        continue;
      }
      if (i + 2 > n) {
        return true;
      }
      int length = (b.get(i) & 0xFF) << 8 | (b.get(i + 1) & 0xFF);
      if (length < 2) {
        return false; // corrupt rather than cut short: the decoder says so
      }
      i += length;
      if (i > n) {
        return true;
      }
      if (marker == 0xDA) { // SOS: entropy-coded data up to the next marker
        while (true) {
          while (i < n && (b.get(i) & 0xFF) != 0xFF) {
            i++;
          }
          if (i + 1 >= n) {
            return true;
          }
          int next = b.get(i + 1) & 0xFF;
          if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) { // stuffed 0xFF, restart marker
            i += 2;
          } else if (next == 0xFF) { // fill byte before a marker
            i++;
          } else {
            break;
          }
        }
      }
    }
  }

  /**
   * True when {@code b} starts like a PNG and ends inside a chunk or before its IEND chunk. Used
   * only to name the reason when ImageIO refuses a PNG: Pillow reads a PNG whose IEND is missing
   * when its pixel data is whole, and so does ImageIO.
   */
  static boolean png(byte[] b) {
    byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (b.length < signature.length) {
      return false;
    }
    for (int k = 0; k < signature.length; k++) {
      if (b[k] != signature[k]) {
        return false;
      }
    }
    long i = signature.length;
    while (i + 8 <= b.length) {
      int at = (int) i;
      long length =
          (b[at] & 0xFFL) << 24
              | (b[at + 1] & 0xFF) << 16
              | (b[at + 2] & 0xFF) << 8
              | (b[at + 3] & 0xFF);
      if (b[at + 4] == 'I' && b[at + 5] == 'E' && b[at + 6] == 'N' && b[at + 7] == 'D') {
        return false;
      }
      i += 12 + length;
    }
    return true;
  }
}
