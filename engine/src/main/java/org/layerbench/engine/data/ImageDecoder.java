package org.layerbench.engine.data;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes image files to {@link RgbImage} with the JDK's ImageIO, giving the pixels PIL's {@code
 * Image.open(f).convert("RGB")} gives, so a model trained here sees what the same model trained
 * with torchvision sees. Common JPEGs go through libjpeg-turbo instead when it is installed ({@link
 * TurboJpeg}): the same pixels, two to three times faster.
 */
public final class ImageDecoder {

  /** PIL's {@code Image.MAX_IMAGE_PIXELS}: larger images are refused as decompression bombs. */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  /** Files up to this size are read into memory at once; larger ones are streamed. */
  private static final long READ_AT_ONCE = 64L << 20;

  private ImageDecoder() {}

  /**
   * Decodes any ImageIO-readable file to RGB the way PIL's {@code convert("RGB")} does: grayscale
   * replicated, palette expanded, alpha dropped (not composited; PIL drops it), CMYK by PIL's
   * formula, 16-bit scaled to 8-bit by {@code >> 8}, embedded colour profiles ignored. Only the
   * first frame of an animated GIF is read. EXIF orientation is not applied.
   *
   * <p>One deliberate difference: PIL opens a 16-bit greyscale PNG in mode "I" and its RGB
   * conversion clips every value above 255 to white; here it is scaled by {@code >> 8} like 16-bit
   * RGB, so such images keep their content.
   *
   * @throws ImageDecodeException with a short reason: "zero bytes", "not an image", "truncated or
   *     corrupt", "too large (W×H pixels)", "unsupported format (…)", "file not found", "cannot
   *     read (…)"
   */
  public static RgbImage decode(Path file) throws ImageDecodeException {
    return decode(file, DEFAULT_MAX_PIXELS);
  }

  /** As {@link #decode(Path)}, refusing images of more than {@code maxPixels} pixels. */
  public static RgbImage decode(Path file, long maxPixels) throws ImageDecodeException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new ImageDecodeException(file, "file not found", e);
    } catch (IOException e) {
      throw new ImageDecodeException(file, cannotRead(e), e);
    }
    if (size == 0) {
      throw new ImageDecodeException(file, "zero bytes");
    }
    byte[] bytes = null;
    if (size <= READ_AT_ONCE) {
      // One bulk read: ImageIO's readers make many small reads, slow on an unbuffered file.
      try {
        bytes = Files.readAllBytes(file);
      } catch (IOException e) {
        throw new ImageDecodeException(file, cannotRead(e), e);
      }
      RgbImage jpeg = TurboJpeg.decode(bytes, maxPixels); // null: not one for it, ImageIO decides
      if (jpeg != null) {
        return jpeg;
      }
    }
    return decodeWithImageIo(file, bytes, maxPixels);
  }

  /**
   * ImageIO's decoding of the file, or of its bytes when they were read already. The streams are
   * made here, not by ImageIO.createImageInputStream, so ImageIO never spills to temp files.
   */
  static RgbImage decodeWithImageIo(Path file, byte[] bytes, long maxPixels)
      throws ImageDecodeException {
    try (ImageInputStream in =
        bytes != null
            ? new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))
            : new FileImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new ImageDecodeException(file, "not an image");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        return decode(file, reader, maxPixels);
      } finally {
        reader.dispose();
      }
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageDecodeException(file, cannotRead(e), e);
    }
  }

  private static RgbImage decode(Path file, ImageReader reader, long maxPixels)
      throws ImageDecodeException {
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(file, "truncated or corrupt", e);
    }
    // Checked from the header, before any pixel memory is allocated.
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(file, "truncated or corrupt");
    }
    if ((long) width * height > maxPixels) {
      throw new ImageDecodeException(file, "too large (" + width + "×" + height + " pixels)");
    }
    boolean[] truncated = new boolean[1];
    // libjpeg pads a truncated JPEG with grey and only warns; PIL refuses such files.
    reader.addIIOReadWarningListener(
        (source, warning) -> {
          if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
            truncated[0] = true;
          }
        });
    BufferedImage image;
    byte[] rgb = null;
    try {
      ImageReadParam param = null;
      if (decodesToRgb(reader) && 3L * width * height <= Integer.MAX_VALUE - 8) {
        rgb = new byte[3 * width * height];
        param = reader.getDefaultReadParam();
        param.setDestination(rgbImage(rgb, width, height));
      }
      image = reader.read(0, param);
    } catch (IIOException e) {
      String message = String.valueOf(e.getMessage());
      String lower = message.toLowerCase(Locale.ROOT);
      if (lower.contains("unsupported") || lower.contains("not supported")) {
        throw new ImageDecodeException(file, "unsupported format (" + message + ")", e);
      }
      throw new ImageDecodeException(file, "truncated or corrupt", e);
    } catch (IOException | RuntimeException e) {
      throw new ImageDecodeException(file, "truncated or corrupt", e);
    }
    if (truncated[0]) {
      throw new ImageDecodeException(file, "truncated or corrupt");
    }
    if (rgb != null) {
      return new RgbImage(width, height, rgb);
    }
    try {
      return toRgb(image);
    } catch (UnsupportedOperationException e) {
      throw new ImageDecodeException(file, "unsupported format (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Whether the reader is ImageIO's JPEG reader with libjpeg's RGB output as its default (YCbCr and
   * RGB JPEGs, the reader's default image type TYPE_3BYTE_BGR). For those {@link #rgbImage} is the
   * faster destination: ImageIO copies each decoded scanline into it with one arraycopy instead of
   * band by band into B, G, R order, and its array is the result, with no copy. It has the same
   * colour space (sRGB) as the default type, so the reader makes the same conversions (an embedded
   * ICC profile included) and the same bytes; only their order in memory differs.
   */
  private static boolean decodesToRgb(ImageReader reader) throws IOException {
    if (!"jpeg".equalsIgnoreCase(reader.getFormatName())) {
      return false;
    }
    Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
    return types.hasNext() && types.next().getBufferedImageType() == BufferedImage.TYPE_3BYTE_BGR;
  }

  /** An sRGB image whose raster is {@code rgb}: interleaved R, G, B bytes, row after row. */
  private static BufferedImage rgbImage(byte[] rgb, int width, int height) {
    WritableRaster raster =
        Raster.createInterleavedRaster(
            new DataBufferByte(rgb, rgb.length),
            width,
            height,
            3 * width,
            3,
            new int[] {0, 1, 2},
            null);
    ColorModel cm =
        new ComponentColorModel(
            ColorSpace.getInstance(ColorSpace.CS_sRGB),
            false,
            false,
            Transparency.OPAQUE,
            DataBuffer.TYPE_BYTE);
    return new BufferedImage(cm, raster, false, null);
  }

  private static String cannotRead(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "cannot read (permission denied)";
    }
    String m = e.getMessage();
    return "cannot read (" + (m == null ? e.getClass().getSimpleName() : m) + ")";
  }

  /**
   * Copies the pixels out of the raster's data buffer for the layouts ImageIO produces, falling
   * back to {@link BufferedImage#getRGB} (which colour-converts, unlike PIL) only for the rest.
   */
  static RgbImage toRgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    byte[] out = new byte[3 * w * h];
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    DataBuffer buffer = raster.getDataBuffer();
    int csType = cm.getColorSpace().getType();

    if (cm instanceof IndexColorModel icm) {
      palette(raster, icm, w, h, out);
    } else if (raster.getSampleModel() instanceof ComponentSampleModel sm
        && buffer.getNumBanks() == 1
        && raster.getSampleModelTranslateX() == 0
        && raster.getSampleModelTranslateY() == 0
        && (buffer instanceof DataBufferByte || buffer instanceof DataBufferUShort)
        && !cm.isAlphaPremultiplied()
        && knownComponents(csType, sm.getNumBands(), cm.hasAlpha())) {
      components(sm, buffer, csType, w, h, out);
    } else if (buffer instanceof DataBufferInt ints
        && buffer.getNumBanks() == 1
        && (image.getType() == BufferedImage.TYPE_INT_RGB
            || image.getType() == BufferedImage.TYPE_INT_ARGB)) {
      int[] px = ints.getData();
      int stride =
          ((java.awt.image.SinglePixelPackedSampleModel) raster.getSampleModel())
              .getScanlineStride();
      int base = buffer.getOffset();
      for (int y = 0, o = 0; y < h; y++) {
        for (int x = 0, i = base + y * stride; x < w; x++, i++) {
          int p = px[i];
          out[o++] = (byte) (p >>> 16);
          out[o++] = (byte) (p >>> 8);
          out[o++] = (byte) p;
        }
      }
    } else {
      int[] row = new int[w];
      for (int y = 0, o = 0; y < h; y++) {
        image.getRGB(0, y, w, 1, row, 0, w);
        for (int x = 0; x < w; x++) {
          int p = row[x];
          out[o++] = (byte) (p >>> 16);
          out[o++] = (byte) (p >>> 8);
          out[o++] = (byte) p;
        }
      }
    }
    return new RgbImage(w, h, out);
  }

  private static boolean knownComponents(int csType, int bands, boolean alpha) {
    int colour = bands - (alpha ? 1 : 0);
    return switch (csType) {
      case ColorSpace.TYPE_GRAY -> colour == 1;
      case ColorSpace.TYPE_RGB -> colour == 3;
      case ColorSpace.TYPE_CMYK -> colour == 4 && !alpha;
      default -> false;
    };
  }

  /** Palette lookup of the RGB entries; the palette's alpha is dropped, as PIL does. */
  private static void palette(Raster raster, IndexColorModel icm, int w, int h, byte[] out) {
    int n = icm.getMapSize();
    byte[] r = new byte[n];
    byte[] g = new byte[n];
    byte[] b = new byte[n];
    icm.getReds(r);
    icm.getGreens(g);
    icm.getBlues(b);
    int[] row = new int[w];
    for (int y = 0, o = 0; y < h; y++) {
      raster.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) {
        int i = row[x];
        if (i >= n) { // past the end of the palette: black, as PIL's zero-filled palette gives
          o += 3;
          continue;
        }
        out[o++] = r[i];
        out[o++] = g[i];
        out[o++] = b[i];
      }
    }
  }

  /**
   * Interleaved 8- or 16-bit components (grey, grey+alpha, RGB, RGBA, CMYK). The band offsets of
   * the sample model map the colour model's band order (R,G,B,A) to the bytes (ImageIO's
   * TYPE_3BYTE_BGR stores B,G,R).
   */
  private static void components(
      ComponentSampleModel sm, DataBuffer buffer, int csType, int w, int h, byte[] out) {
    int[] offsets = sm.getBandOffsets();
    int pixelStride = sm.getPixelStride();
    int scanline = sm.getScanlineStride();
    int base = buffer.getOffset();
    boolean wide = buffer instanceof DataBufferUShort;
    byte[] bytes = wide ? null : ((DataBufferByte) buffer).getData();
    short[] shorts = wide ? ((DataBufferUShort) buffer).getData() : null;
    int c0 = offsets[0];
    int c1 = offsets.length > 1 ? offsets[1] : c0;
    int c2 = offsets.length > 2 ? offsets[2] : c0;
    int c3 = offsets.length > 3 ? offsets[3] : c0;
    boolean gray = csType == ColorSpace.TYPE_GRAY;
    boolean cmyk = csType == ColorSpace.TYPE_CMYK;
    if (!wide && !gray && !cmyk) { // 8-bit RGB(A), by far the most common: a tight loop
      for (int y = 0, o = 0; y < h; y++) {
        for (int x = 0, i = base + y * scanline; x < w; x++, i += pixelStride) {
          out[o++] = bytes[i + c0];
          out[o++] = bytes[i + c1];
          out[o++] = bytes[i + c2];
        }
      }
      return;
    }
    for (int y = 0, o = 0; y < h; y++) {
      int i = base + y * scanline;
      for (int x = 0; x < w; x++, i += pixelStride) {
        int v0;
        int v1;
        int v2;
        if (wide) { // 16-bit: the high byte, as PIL's RGB;16B unpacker takes it
          v0 = (shorts[i + c0] & 0xFFFF) >>> 8;
          v1 = gray ? v0 : (shorts[i + c1] & 0xFFFF) >>> 8;
          v2 = gray ? v0 : (shorts[i + c2] & 0xFFFF) >>> 8;
        } else {
          v0 = bytes[i + c0] & 0xFF;
          v1 = gray ? v0 : bytes[i + c1] & 0xFF;
          v2 = gray ? v0 : bytes[i + c2] & 0xFF;
        }
        if (cmyk) {
          int k = wide ? (shorts[i + c3] & 0xFFFF) >>> 8 : bytes[i + c3] & 0xFF;
          int nk = 255 - k;
          // PIL's cmyk2rgb: nk - c*nk/255, rounded as its MULDIV255 macro rounds.
          v0 = nk - muldiv255(v0, nk);
          v1 = nk - muldiv255(v1, nk);
          v2 = nk - muldiv255(v2, nk);
        }
        out[o++] = (byte) v0;
        out[o++] = (byte) v1;
        out[o++] = (byte) v2;
      }
    }
  }

  /** PIL's {@code MULDIV255(a, b, tmp)}: (tmp = a*b + 128, ((tmp >> 8) + tmp) >> 8). */
  private static int muldiv255(int a, int b) {
    int tmp = a * b + 128;
    return ((tmp >>> 8) + tmp) >>> 8;
  }
}
