package org.layerbench.engine.data.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DataBufferUShort;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.layerbench.engine.data.ProblemKind;

/**
 * Decodes image files to {@link RgbImage} with the JDK's ImageIO, giving the pixels PIL's {@code
 * Image.open(f).convert("RGB")} gives, so a model trained here sees what the same model trained
 * with torchvision sees; and, unlike torchvision's loader, turns photos upright by their EXIF
 * orientation as Pillow's {@code ImageOps.exif_transpose} does. Common JPEGs go through
 * libjpeg-turbo instead when it is installed ({@link TurboJpeg}): the same pixels, two to three
 * times faster.
 */
public final class ImageDecoder {

  /** PIL's {@code Image.MAX_IMAGE_PIXELS}: larger images are refused as decompression bombs. */
  public static final long DEFAULT_MAX_PIXELS = 89_478_485L;

  /** Files up to this size are read into memory at once; larger ones are streamed. */
  private static final long READ_AT_ONCE = 64L << 20;

  /** How much of a streamed file is read first for its header and EXIF orientation. */
  private static final int HEAD_BYTES = 1 << 20;

  private ImageDecoder() {}

  /**
   * Decodes any ImageIO-readable file to RGB the way PIL's {@code convert("RGB")} does: grayscale
   * replicated, palette expanded, alpha dropped (not composited; PIL drops it), CMYK by PIL's
   * formula, 16-bit scaled to 8-bit by {@code >> 8}, embedded colour profiles ignored. Only the
   * first frame of an animated GIF is read. The EXIF orientation (JPEG APP1, PNG eXIf) is applied.
   *
   * <p>One deliberate difference: PIL opens a 16-bit greyscale PNG in mode "I" and its RGB
   * conversion clips every value above 255 to white; here it is scaled by {@code >> 8} like 16-bit
   * RGB, so such images keep their content.
   *
   * @throws ImageDecodeException with a {@link ProblemKind} and a short reason: "zero bytes", "not
   *     an image", "truncated: the file ends before the image does" (a JPEG without its end marker,
   *     which Pillow refuses too; a PNG cut inside a chunk), "truncated or corrupt", "too large:
   *     W×H pixels, over the limit of N pixels (a decompression bomb?)", "unsupported format (…)",
   *     "file not found", "cannot read (…)" (permission denied, a link to a missing file, an I/O
   *     error)
   */
  public static RgbImage decode(Path file) throws ImageDecodeException {
    return read(file, DEFAULT_MAX_PIXELS).image();
  }

  /** As {@link #decode(Path)}, refusing images of more than {@code maxPixels} pixels. */
  public static RgbImage decode(Path file, long maxPixels) throws ImageDecodeException {
    return read(file, maxPixels).image();
  }

  /** As {@link #decode(Path)}, with the file's format, colour mode and EXIF orientation. */
  public static DecodedImage read(Path file) throws ImageDecodeException {
    return read(file, DEFAULT_MAX_PIXELS);
  }

  /**
   * As {@link #read(Path)}, refusing images of more than {@code maxPixels} pixels from their
   * header, before any pixel is decoded.
   */
  public static DecodedImage read(Path file, long maxPixels) throws ImageDecodeException {
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      throw new ImageDecodeException(
          file,
          ProblemKind.UNREADABLE,
          Files.isSymbolicLink(file) ? "cannot read (a link to a missing file)" : "file not found",
          e);
    } catch (IOException e) {
      throw new ImageDecodeException(file, ProblemKind.UNREADABLE, cannotRead(e), e);
    }
    if (size == 0) {
      throw new ImageDecodeException(file, ProblemKind.ZERO_BYTES, "zero bytes");
    }
    try {
      byte[] bytes = size <= READ_AT_ONCE ? Files.readAllBytes(file) : null;
      if (bytes != null ? CutShort.jpeg(bytes) : largeJpegCutShort(file, size)) {
        // libjpeg would fill the rest with grey; Pillow says "image file is truncated"
        throw new ImageDecodeException(file, ProblemKind.TRUNCATED, CutShort.REASON);
      }
      if (bytes != null) {
        TurboJpeg.Header jpeg = TurboJpeg.Header.of(bytes);
        RgbImage rgb = jpeg == null ? null : TurboJpeg.decode(bytes, maxPixels);
        if (rgb != null) { // else not one for it, or broken: ImageIO decides and gives the reason
          int orientation = ExifOrientation.read(bytes, bytes.length);
          return new DecodedImage(
              ExifOrientation.apply(rgb, orientation),
              "jpeg",
              jpeg.components() == 1 ? "L" : "RGB",
              orientation);
        }
      }
      try {
        return decodeWithImageIo(file, bytes, maxPixels);
      } catch (ImageDecodeException e) {
        if (e.kind() == ProblemKind.TRUNCATED && bytes != null && CutShort.png(bytes)) {
          throw new ImageDecodeException(file, ProblemKind.TRUNCATED, CutShort.REASON, e);
        }
        throw e;
      }
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageDecodeException(file, ProblemKind.UNREADABLE, cannotRead(e), e);
    }
  }

  /** {@link CutShort#jpeg} over a file too large to read at once, mapped instead. */
  private static boolean largeJpegCutShort(Path file, long size) throws IOException {
    if (size > Integer.MAX_VALUE) {
      return false; // no JPEG this large decodes under the pixel limit anyway
    }
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file)) {
      return CutShort.jpeg(channel.map(java.nio.channels.FileChannel.MapMode.READ_ONLY, 0, size));
    }
  }

  /** ImageIO's decoding of the file, or of its bytes when they were read already. */
  static DecodedImage decodeWithImageIo(Path file, byte[] bytes, long maxPixels)
      throws ImageDecodeException {
    try {
      byte[] head = bytes != null ? bytes : head(file);
      try (ImageInputStream in = open(file, bytes)) {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
          String format = unsupportedFormat(head);
          throw format != null
              ? new ImageDecodeException(
                  file, ProblemKind.UNSUPPORTED, "unsupported format (" + format + ")")
              : new ImageDecodeException(file, ProblemKind.NOT_AN_IMAGE, "not an image");
        }
        ImageReader reader = readers.next();
        try {
          reader.setInput(in, true, true);
          return decode(file, reader, maxPixels, head);
        } finally {
          reader.dispose();
        }
      }
    } catch (ImageDecodeException e) {
      throw e;
    } catch (IOException e) {
      throw new ImageDecodeException(file, ProblemKind.UNREADABLE, cannotRead(e), e);
    }
  }

  /**
   * Streams made here, not by ImageIO.createImageInputStream, so ImageIO never spills to temp
   * files. A file read at once is one bulk read: ImageIO's readers make many small reads, slow on
   * an unbuffered file.
   */
  private static ImageInputStream open(Path file, byte[] bytes) throws IOException {
    return bytes != null
        ? new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))
        : new FileImageInputStream(file.toFile());
  }

  private static byte[] head(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(HEAD_BYTES);
    }
  }

  private static DecodedImage decode(Path file, ImageReader reader, long maxPixels, byte[] head)
      throws ImageDecodeException {
    int width;
    int height;
    try {
      width = reader.getWidth(0);
      height = reader.getHeight(0);
    } catch (IOException | RuntimeException e) {
      throw failure(file, e);
    }
    // Checked from the header, before any pixel memory is allocated.
    if (width <= 0 || height <= 0) {
      throw new ImageDecodeException(file, ProblemKind.TRUNCATED, "truncated or corrupt");
    }
    if ((long) width * height > maxPixels) {
      throw new ImageDecodeException(
          file,
          ProblemKind.TOO_LARGE,
          String.format(
              Locale.ROOT,
              "too large: %d×%d pixels, over the limit of %,d pixels (a decompression bomb?)",
              width,
              height,
              maxPixels));
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
    try {
      image = reader.read(0);
    } catch (IOException | RuntimeException e) {
      throw failure(file, e);
    }
    if (truncated[0]) {
      throw new ImageDecodeException(file, ProblemKind.TRUNCATED, "truncated or corrupt");
    }
    RgbImage rgb;
    try {
      rgb = toRgb(image);
    } catch (UnsupportedOperationException e) {
      throw new ImageDecodeException(
          file, ProblemKind.UNSUPPORTED, "unsupported format (" + e.getMessage() + ")", e);
    }
    String format = formatName(reader);
    int orientation = ExifOrientation.read(head, head.length);
    return new DecodedImage(
        ExifOrientation.apply(rgb, orientation),
        format,
        ImageModes.of(format, head, image),
        orientation);
  }

  /** What ImageIO's readers throw: an unsupported variant of a format, or damaged data. */
  private static ImageDecodeException failure(Path file, Exception e) {
    String message = String.valueOf(e.getMessage());
    String lower = message.toLowerCase(Locale.ROOT);
    if (lower.contains("arithmetic coding")) { // libjpeg 6b: "legal restrictions on arithmetic…"
      return new ImageDecodeException(
          file, ProblemKind.UNSUPPORTED, "unsupported format (arithmetic-coded JPEG)", e);
    }
    if (e instanceof IIOException
        && (lower.contains("unsupported") || lower.contains("not supported"))) {
      return new ImageDecodeException(
          file, ProblemKind.UNSUPPORTED, "unsupported format (" + message + ")", e);
    }
    return new ImageDecodeException(file, ProblemKind.TRUNCATED, "truncated or corrupt", e);
  }

  private static String formatName(ImageReader reader) {
    try {
      return reader.getFormatName().toLowerCase(Locale.ROOT);
    } catch (IOException e) {
      return "unknown";
    }
  }

  /**
   * Image formats people keep next to their JPEGs that ImageIO cannot read, recognised by their
   * first bytes so the report says "unsupported" rather than "not an image".
   */
  static String unsupportedFormat(byte[] b) {
    if (b.length >= 12 && ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
      return "WebP";
    }
    if (b.length >= 12 && ascii(b, 4, "ftyp")) {
      String brand = new String(b, 8, 4, StandardCharsets.ISO_8859_1);
      if (brand.startsWith("avi")) {
        return "AVIF";
      }
      if (brand.startsWith("hei") || brand.startsWith("mif") || brand.startsWith("hev")) {
        return "HEIF";
      }
    }
    if (b.length >= 12 && ascii(b, 4, "jP  ")) {
      return "JPEG 2000";
    }
    if ((b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0x0A)
        || (b.length >= 12 && ascii(b, 4, "JXL "))) {
      return "JPEG XL";
    }
    if (b.length >= 4 && ascii(b, 0, "8BPS")) {
      return "Photoshop PSD";
    }
    return null;
  }

  private static boolean ascii(byte[] b, int at, String s) {
    for (int i = 0; i < s.length(); i++) {
      if (b[at + i] != (byte) s.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static String cannotRead(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "cannot read (permission denied)";
    }
    if (e instanceof NoSuchFileException) {
      return "file not found";
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
