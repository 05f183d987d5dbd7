package org.layerbench.engine.data.image;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * JPEG decoding with libjpeg-turbo's TurboJPEG API (the system's {@code libturbojpeg.so.0}, called
 * through the foreign function API): two to three times faster than ImageIO's bundled libjpeg 6b,
 * which has no SIMD code. Pillow decodes with libjpeg-turbo too.
 *
 * <p>Used only for the JPEGs on which both libraries give the same pixels, so the decoder's output
 * does not depend on whether the library is installed: Huffman-coded (baseline, extended or
 * progressive), 8-bit, grey or YCbCr with component ids 1, 2, 3 (YCbCr whatever the markers say,
 * for libjpeg and for ImageIO's own rules) sampled 4:4:4, 4:2:2 or 4:2:0, with no ICC profile
 * (ImageIO converts from it, libjpeg does not) and no Adobe marker. Both then run the same accurate
 * integer IDCT, "fancy" upsampling and fixed-point YCbCr conversion (libjpeg-turbo's SIMD versions
 * are exact to libjpeg's C). ImageDecoderTest compares the two on files of each kind. Everything
 * else, a file that decodes with a warning, or a machine without the library goes to ImageIO. A
 * file that ends before its end-of-image marker never gets here: libjpeg-turbo only warns about it
 * ("Premature end of JPEG file") and fills the rest with grey, so {@link ImageDecoder} refuses it
 * as truncated first, as Pillow does.
 */
final class TurboJpeg {

  private static final int TJPF_RGB = 0;

  private static final MethodHandle INIT;
  private static final MethodHandle DECOMPRESS;
  private static final MethodHandle DESTROY;

  static {
    MethodHandle init = null;
    MethodHandle decompress = null;
    MethodHandle destroy = null;
    if (!"false".equals(System.getProperty("layerbench.turbojpeg"))) {
      try {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup("libturbojpeg.so.0", Arena.global());
        init =
            linker.downcallHandle(
                lib.find("tjInitDecompress").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS));
        // int tjDecompress2(tjhandle, const unsigned char *jpegBuf, unsigned long jpegSize,
        //                   unsigned char *dstBuf, int width, int pitch, int height,
        //                   int pixelFormat, int flags)
        decompress =
            linker.downcallHandle(
                lib.find("tjDecompress2").orElseThrow(),
                FunctionDescriptor.of(
                    ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS,
                    ValueLayout.JAVA_LONG,
                    ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));
        destroy =
            linker.downcallHandle(
                lib.find("tjDestroy").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
      } catch (RuntimeException | LinkageError e) {
        // No such library (or not this one): ImageIO decodes everything.
        init = null;
        decompress = null;
        destroy = null;
      }
    }
    INIT = init;
    DECOMPRESS = decompress;
    DESTROY = destroy;
  }

  private TurboJpeg() {}

  /** Whether libturbojpeg was found (and not switched off with -Dlayerbench.turbojpeg=false). */
  static boolean available() {
    return DECOMPRESS != null;
  }

  /**
   * The image, or null when this file is not one of the JPEGs described above, is larger than
   * {@code maxPixels}, or does not decode without a warning: the caller then decodes it with
   * ImageIO, which also gives the reason when it is broken.
   */
  static RgbImage decode(byte[] jpeg, long maxPixels) {
    if (!available()) {
      return null;
    }
    Header h = Header.of(jpeg);
    if (h == null || (long) h.width * h.height > maxPixels) {
      return null;
    }
    long bytes = 3L * h.width * h.height;
    if (bytes > Integer.MAX_VALUE - 8) {
      return null;
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment src = arena.allocate(jpeg.length);
      MemorySegment.copy(jpeg, 0, src, ValueLayout.JAVA_BYTE, 0, jpeg.length);
      MemorySegment dst = arena.allocate(bytes);
      MemorySegment handle = (MemorySegment) INIT.invokeExact();
      if (handle.equals(MemorySegment.NULL)) {
        return null;
      }
      int status;
      try {
        status =
            (int)
                DECOMPRESS.invokeExact(
                    handle, src, (long) jpeg.length, dst, h.width, 0, h.height, TJPF_RGB, 0);
      } finally {
        int unused = (int) DESTROY.invokeExact(handle);
      }
      // -1 is an error or a warning (a truncated file, extra bytes...): ImageIO's rules decide.
      return status == 0
          ? new RgbImage(h.width, h.height, dst.toArray(ValueLayout.JAVA_BYTE))
          : null;
    } catch (Throwable e) {
      if (e instanceof Error err && !(e instanceof LinkageError)) {
        throw err; // out of memory and the like
      }
      return null;
    }
  }

  /** The frame header, when the markers before the first scan allow the TurboJPEG path. */
  record Header(int width, int height, int components) {

    static Header of(byte[] b) {
      if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
        return null;
      }
      Header frame = null;
      int i = 2;
      while (i + 4 <= b.length) {
        if ((b[i] & 0xFF) != 0xFF) {
          return null;
        }
        int marker = b[i + 1] & 0xFF;
        if (marker == 0xFF) { // fill byte
          i++;
          continue;
        }
        int length = (b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF);
        int body = i + 4;
        if (length < 2 || body + length - 2 > b.length) {
          return null;
        }
        switch (marker) {
          case 0xDA -> { // start of scan: the header is complete
            return frame;
          }
          case 0xC0, 0xC1, 0xC2 -> { // baseline, extended, progressive Huffman
            if (frame != null) {
              return null;
            }
            frame = frame(b, body, length - 2);
            if (frame == null) {
              return null;
            }
          }
          case 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF -> {
            return null; // lossless, hierarchical or arithmetic-coded
          }
          case 0xEE -> { // Adobe APP14: colour transform flags ImageIO reads its own way
            return null;
          }
          case 0xE2 -> { // APP2: an ICC profile makes ImageIO convert colours
            if (startsWith(b, body, length - 2, "ICC_PROFILE")) {
              return null;
            }
          }
          default -> {}
        }
        i = body + length - 2;
      }
      return null;
    }

    /** SOF: 8-bit, 1 component or 3 with ids 1, 2, 3 sampled 4:4:4, 4:2:2 or 4:2:0. */
    private static Header frame(byte[] b, int at, int length) {
      if (length < 6) {
        return null;
      }
      int precision = b[at] & 0xFF;
      int height = (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF);
      int width = (b[at + 3] & 0xFF) << 8 | (b[at + 4] & 0xFF);
      int components = b[at + 5] & 0xFF;
      if (precision != 8 || width == 0 || height == 0 || length < 6 + 3 * components) {
        return null;
      }
      if (components == 1) {
        return new Header(width, height, 1);
      }
      if (components != 3) {
        return null;
      }
      for (int c = 0; c < 3; c++) {
        if ((b[at + 6 + 3 * c] & 0xFF) != c + 1) {
          return null;
        }
      }
      int luma = b[at + 7] & 0xFF;
      boolean chroma11 = (b[at + 10] & 0xFF) == 0x11 && (b[at + 13] & 0xFF) == 0x11;
      boolean sampling = luma == 0x11 || luma == 0x21 || luma == 0x22; // 4:4:4, 4:2:2, 4:2:0
      return chroma11 && sampling ? new Header(width, height, 3) : null;
    }

    private static boolean startsWith(byte[] b, int at, int length, String tag) {
      if (length < tag.length()) {
        return false;
      }
      for (int k = 0; k < tag.length(); k++) {
        if (b[at + k] != tag.charAt(k)) {
          return false;
        }
      }
      return true;
    }
  }
}
