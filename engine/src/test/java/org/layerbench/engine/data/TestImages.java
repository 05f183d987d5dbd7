package org.layerbench.engine.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.layerbench.engine.data.image.RgbImage;

/** Tiny image files for the data tests, written into a test's temporary folder. */
public final class TestImages {

  private TestImages() {}

  /** A w×h RGB image of one colour, written in the format of the file's extension. */
  public static Path solid(Path file, int w, int h, int rgb) {
    BufferedImage im = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        im.setRGB(x, y, rgb);
      }
    }
    return write(im, file);
  }

  public static Path write(BufferedImage im, Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      String name = file.getFileName().toString();
      String format = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
      if (!ImageIO.write(im, format.equals("jpg") ? "jpeg" : format, file.toFile())) {
        throw new IllegalArgumentException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path bytes(Path file, byte[] content) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      return Files.write(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A PNG assembled by hand, for the colour types and bit depths ImageIO does not write: {@code
   * rows} are the unfiltered scanlines (a filter byte 0 is added to each), {@code extra} chunks
   * (type, data) go before IDAT.
   */
  public static byte[] png(
      int w, int h, int colorType, int bitDepth, byte[][] rows, Object... extra) {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    for (byte[] row : rows) {
      raw.write(0);
      raw.writeBytes(row);
    }
    Deflater deflater = new Deflater();
    deflater.setInput(raw.toByteArray());
    deflater.finish();
    ByteArrayOutputStream z = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!deflater.finished()) {
      z.write(buf, 0, deflater.deflate(buf));
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", header(w, h, bitDepth, colorType));
    for (int i = 0; i < extra.length; i += 2) {
      chunk(out, (String) extra[i], (byte[]) extra[i + 1]);
    }
    chunk(out, "IDAT", z.toByteArray());
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  /** Only a PNG signature and header: a decoder that allocates pixels from it has lost. */
  public static byte[] pngHeaderOnly(int w, int h) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", header(w, h, 8, 2));
    return out.toByteArray();
  }

  private static byte[] header(int w, int h, int bitDepth, int colorType) {
    return ByteBuffer.allocate(13)
        .putInt(w)
        .putInt(h)
        .put((byte) bitDepth)
        .put((byte) colorType)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) 0)
        .array();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  public static byte[] b(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  /** Pixel (x, y) of a decoded image as {r, g, b}. */
  public static int[] px(RgbImage im, int x, int y) {
    int i = (y * im.width() + x) * 3;
    return new int[] {im.rgb()[i] & 0xFF, im.rgb()[i + 1] & 0xFF, im.rgb()[i + 2] & 0xFF};
  }
}
