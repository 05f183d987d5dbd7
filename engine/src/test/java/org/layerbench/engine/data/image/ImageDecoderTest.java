package org.layerbench.engine.data.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layerbench.engine.data.TestImages.b;
import static org.layerbench.engine.data.TestImages.px;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerbench.engine.data.ProblemKind;
import org.layerbench.engine.data.TestImages;

class ImageDecoderTest {

  @TempDir Path dir;

  private RgbImage decodePng(byte[] png) throws IOException {
    return ImageDecoder.decode(TestImages.bytes(dir.resolve("x.png"), png));
  }

  @Test
  void rgbPng() throws IOException {
    BufferedImage im = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
    im.setRGB(0, 0, 0x102030);
    im.setRGB(2, 1, 0xFFFEFD);
    RgbImage out = ImageDecoder.decode(TestImages.write(im, dir.resolve("a.png")));
    assertThat(out.width()).isEqualTo(3);
    assertThat(out.height()).isEqualTo(2);
    assertThat(px(out, 0, 0)).containsExactly(0x10, 0x20, 0x30);
    assertThat(px(out, 1, 0)).containsExactly(0, 0, 0);
    assertThat(px(out, 2, 1)).containsExactly(0xFF, 0xFE, 0xFD);
  }

  @Test
  void grayIsReplicated() throws IOException {
    RgbImage out = decodePng(TestImages.png(2, 1, 0, 8, new byte[][] {b(7, 200)}));
    assertThat(px(out, 0, 0)).containsExactly(7, 7, 7);
    assertThat(px(out, 1, 0)).containsExactly(200, 200, 200);
  }

  @Test
  void lowBitDepthGrayIsScaledAsPil() throws IOException {
    // 2-bit grey 0,1,2,3 -> 0,85,170,255 (PIL's L;2 unpacker); one packed byte 0b00011011.
    RgbImage out = decodePng(TestImages.png(4, 1, 0, 2, new byte[][] {b(0b00011011)}));
    assertThat(out.rgb()).containsExactly(b(0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255));
  }

  @Test
  void paletteIsExpandedAndItsAlphaDropped() throws IOException {
    byte[] plte = b(255, 0, 0, 0, 255, 0, 0, 0, 255);
    byte[] trns = b(0, 128, 255); // entry 0 fully transparent: PIL still gives its RGB
    RgbImage out =
        decodePng(
            TestImages.png(3, 1, 3, 8, new byte[][] {b(2, 0, 1)}, "PLTE", plte, "tRNS", trns));
    assertThat(out.rgb()).containsExactly(b(0, 0, 255, 255, 0, 0, 0, 255, 0));

    // 4-bit palette: two pixels per byte (packed raster).
    RgbImage packed =
        decodePng(TestImages.png(3, 1, 3, 4, new byte[][] {b(0x21, 0x00)}, "PLTE", plte));
    assertThat(packed.rgb()).containsExactly(b(0, 0, 255, 0, 255, 0, 255, 0, 0));
  }

  @Test
  void alphaIsDroppedNotComposited() throws IOException {
    RgbImage rgba =
        decodePng(TestImages.png(2, 1, 6, 8, new byte[][] {b(10, 20, 30, 0, 40, 50, 60, 128)}));
    assertThat(rgba.rgb()).containsExactly(b(10, 20, 30, 40, 50, 60));

    RgbImage grayAlpha = decodePng(TestImages.png(1, 1, 4, 8, new byte[][] {b(99, 0)}));
    assertThat(grayAlpha.rgb()).containsExactly(b(99, 99, 99));

    BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(0, 0, 0x00112233);
    assertThat(ImageDecoder.toRgb(argb).rgb()).containsExactly(b(0x11, 0x22, 0x33));
  }

  @Test
  void sixteenBitTakesTheHighByte() throws IOException {
    // RGB 16-bit: Pillow's RGB;16B unpacker keeps the high byte.
    RgbImage rgb =
        decodePng(
            TestImages.png(
                2,
                1,
                2,
                16,
                new byte[][] {b(0x12, 0x34, 0xAB, 0xCD, 0xFF, 0xFF, 0, 0xFF, 1, 0, 0x80, 0x80)}));
    assertThat(rgb.rgb()).containsExactly(b(0x12, 0xAB, 0xFF, 0, 1, 0x80));

    RgbImage gray =
        decodePng(TestImages.png(2, 1, 0, 16, new byte[][] {b(0x01, 0x2C, 0xFF, 0xFF)}));
    assertThat(gray.rgb()).containsExactly(b(1, 1, 1, 255, 255, 255));

    RgbImage rgba16 =
        decodePng(
            TestImages.png(
                1, 1, 6, 16, new byte[][] {b(0x88, 0x99, 0x11, 0x11, 0x22, 0x22, 0, 0)}));
    assertThat(rgba16.rgb()).containsExactly(b(0x88, 0x11, 0x22));
  }

  @Test
  void bmpAndGif() throws IOException {
    assertThat(
            px(ImageDecoder.decode(TestImages.solid(dir.resolve("a.bmp"), 3, 2, 0x0A141E)), 2, 1))
        .containsExactly(10, 20, 30);
    assertThat(
            px(ImageDecoder.decode(TestImages.solid(dir.resolve("a.gif"), 3, 2, 0xFF0000)), 1, 1))
        .containsExactly(255, 0, 0);
  }

  @Test
  void jpegMatchesPillow() throws IOException {
    // jpeg_rgb.jpg and jpeg_cmyk.jpg were written by Pillow; the expected pixels are Pillow's
    // convert("RGB") of them (see gen_resize_fixture.py). Both libjpeg: within 2 levels.
    JsonNode golden = golden();
    for (JsonNode c : golden.get("decode")) {
      Path f = dir.resolve(c.get("file").asText());
      try (InputStream in = getClass().getResourceAsStream("/data/" + c.get("file").asText())) {
        Files.copy(in, f);
      }
      RgbImage out = ImageDecoder.decode(f);
      assertThat(out.width()).isEqualTo(c.get("width").asInt());
      assertThat(out.height()).isEqualTo(c.get("height").asInt());
      int worst = 0;
      for (int i = 0; i < out.rgb().length; i++) {
        worst = Math.max(worst, Math.abs((out.rgb()[i] & 0xFF) - c.get("rgb").get(i).asInt()));
      }
      assertThat(worst).as(c.get("file").asText()).isLessThanOrEqualTo(2);
    }
  }

  /**
   * JPEGs that libjpeg decodes to RGB are read into an R,G,B-ordered destination, a faster path
   * than ImageIO's default B,G,R image: the bytes must be those of the default path, also when an
   * embedded ICC profile makes ImageIO convert colours.
   */
  @Test
  void jpegReadAsRgbGivesTheBytesOfImageIosDefaultImage() throws IOException {
    BufferedImage im = new BufferedImage(37, 23, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(3);
    for (int y = 0; y < 23; y++) {
      for (int x = 0; x < 37; x++) {
        int noise = random.nextInt(40);
        im.setRGB(x, y, (x * 6 + noise) << 16 | (y * 10 + noise) << 8 | (200 - x * 4));
      }
    }
    Path plain = TestImages.write(im, dir.resolve("plain.jpg"));
    byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    Path icc =
        TestImages.bytes(dir.resolve("icc.jpg"), withIcc(Files.readAllBytes(plain), profile));
    Path pillow = dir.resolve("jpeg_rgb.jpg");
    try (InputStream in = getClass().getResourceAsStream("/data/jpeg_rgb.jpg")) {
      Files.copy(in, pillow);
    }
    for (Path f : List.of(plain, icc, pillow)) {
      byte[] expected = ImageDecoder.toRgb(ImageIO.read(f.toFile())).rgb();
      assertThat(ImageDecoder.decode(f).rgb()).as(f.getFileName().toString()).isEqualTo(expected);
    }
    assertThat(ImageDecoder.decode(icc).rgb())
        .as("ImageIO converts from the embedded profile")
        .isNotEqualTo(ImageDecoder.decode(plain).rgb());
  }

  /**
   * Where libturbojpeg is installed, JPEGs of the kinds it takes decode through it: the pixels must
   * be ImageIO's, byte for byte (fixtures of gen_jpeg_fixtures.py: 4:4:4, 4:2:2, 4:2:0,
   * progressive, grey, odd and tiny sizes; an ImageIO-written one; the benchmark's kind of photo).
   */
  @Test
  void turboJpegGivesImageIosPixels() throws IOException {
    Assumptions.assumeTrue(TurboJpeg.available(), "libturbojpeg.so.0 is not installed");
    List<Path> files = new ArrayList<>();
    for (String name :
        List.of(
            "s444_q90_37x23.jpg",
            "s422_q75_64x48.jpg",
            "s420_q95_33x17.jpg",
            "s420_q50_1x1.jpg",
            "s420_progressive_40x30.jpg",
            "s444_progressive_optimized_19x45.jpg",
            "gray_q85_29x31.jpg",
            "../jpeg_rgb.jpg")) {
      Path f = dir.resolve(name.replace("../", ""));
      try (InputStream in = getClass().getResourceAsStream("/data/jpeg/" + name)) {
        Files.copy(in, f);
      }
      files.add(f);
    }
    BufferedImage im = new BufferedImage(45, 31, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(5);
    for (int y = 0; y < 31; y++) {
      for (int x = 0; x < 45; x++) {
        im.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    files.add(TestImages.write(im, dir.resolve("imageio.jpg")));
    for (Path f : files) {
      byte[] bytes = Files.readAllBytes(f);
      RgbImage turbo = TurboJpeg.decode(bytes, ImageDecoder.DEFAULT_MAX_PIXELS);
      assertThat(turbo).as("%s takes the TurboJPEG path", f.getFileName()).isNotNull();
      RgbImage imageIo =
          ImageDecoder.decodeWithImageIo(f, null, ImageDecoder.DEFAULT_MAX_PIXELS).image();
      assertThat(turbo.width()).isEqualTo(imageIo.width());
      assertThat(turbo.height()).isEqualTo(imageIo.height());
      assertThat(turbo.rgb()).as(f.getFileName().toString()).isEqualTo(imageIo.rgb());
    }
  }

  /** What ImageIO reads its own way, or cannot read, never takes the TurboJPEG path. */
  @Test
  void turboJpegLeavesTheRestToImageIo() throws IOException {
    byte[] plain;
    try (InputStream in = getClass().getResourceAsStream("/data/jpeg/s420_q95_33x17.jpg")) {
      plain = in.readAllBytes();
    }
    assertThat(TurboJpeg.Header.of(plain)).isEqualTo(new TurboJpeg.Header(33, 17, 3));
    byte[] profile = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
    assertThat(TurboJpeg.Header.of(withIcc(plain, profile))).as("ICC profile").isNull();
    try (InputStream in = getClass().getResourceAsStream("/data/jpeg_cmyk.jpg")) {
      assertThat(TurboJpeg.Header.of(in.readAllBytes())).as("CMYK, Adobe marker").isNull();
    }
    assertThat(TurboJpeg.Header.of(Arrays.copyOf(plain, 100))).as("cut in the header").isNull();
    assertThat(TurboJpeg.Header.of(b(0x89, 'P', 'N', 'G'))).as("not a JPEG").isNull();
    // A truncated file passes the header but decodes with a warning: ImageIO gives the reason.
    assertThat(TurboJpeg.decode(Arrays.copyOf(plain, plain.length - 200), 1 << 20)).isNull();
    assertThat(TurboJpeg.decode(plain, 33 * 17 - 1)).as("over the pixel limit").isNull();
  }

  /** The JPEG with an APP2 ICC_PROFILE segment (one chunk) inserted after its APP0. */
  private static byte[] withIcc(byte[] jpeg, byte[] profile) {
    int app0End = 2 + 2 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF)); // SOI, marker, length
    byte[] tag = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int length = 2 + tag.length + 2 + profile.length;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(jpeg, 0, app0End);
    out.writeBytes(b(0xFF, 0xE2, length >> 8, length & 0xFF));
    out.writeBytes(tag);
    out.writeBytes(b(1, 1)); // chunk 1 of 1
    out.writeBytes(profile);
    out.write(jpeg, app0End, jpeg.length - app0End);
    return out.toByteArray();
  }

  @Test
  void aJpegNamedPngIsReadByItsContent() throws IOException {
    Path jpeg = TestImages.solid(dir.resolve("photo.jpg"), 8, 8, 0x808080);
    Path misnamed = Files.move(jpeg, dir.resolve("photo.png"));
    assertThat(px(ImageDecoder.decode(misnamed), 4, 4)).containsExactly(128, 128, 128);
  }

  @Test
  void grayJpeg() throws IOException {
    BufferedImage g = new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY);
    Arrays.fill(
        ((java.awt.image.DataBufferByte) g.getRaster().getDataBuffer()).getData(), (byte) 90);
    RgbImage out = ImageDecoder.decode(TestImages.write(g, dir.resolve("g.jpg")));
    assertThat(px(out, 3, 3)).containsExactly(90, 90, 90);
  }

  @Test
  void zeroBytes() {
    assertReason(
        TestImages.bytes(dir.resolve("empty.png"), new byte[0]),
        ProblemKind.ZERO_BYTES,
        "zero bytes");
  }

  @Test
  void textNamedPng() {
    assertReason(
        TestImages.bytes(dir.resolve("notes.png"), "just some text\n".getBytes()),
        ProblemKind.NOT_AN_IMAGE,
        "not an image");
  }

  @Test
  void missingFile() {
    assertReason(dir.resolve("gone.png"), ProblemKind.UNREADABLE, "file not found");
    Path link = dir.resolve("link.png");
    try {
      Files.createSymbolicLink(link, dir.resolve("gone.png"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertReason(link, ProblemKind.UNREADABLE, "cannot read (a link to a missing file)");
  }

  @ParameterizedTest
  @ValueSource(ints = {20, 40, 60, 80})
  void truncatedPng(int percent) throws IOException {
    BufferedImage im = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 32 * 32; i++) {
      im.setRGB(i % 32, i / 32, i * 2654435761L > 0 ? (int) (i * 2654435761L) : i);
    }
    byte[] full = Files.readAllBytes(TestImages.write(im, dir.resolve("full.png")));
    byte[] cut = Arrays.copyOf(full, full.length * percent / 100);
    assertReason(
        TestImages.bytes(dir.resolve("cut.png"), cut), ProblemKind.TRUNCATED, CutShort.REASON);
  }

  @Test
  void truncatedJpeg() throws IOException {
    BufferedImage im = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < 64 * 64; i++) {
      im.setRGB(i % 64, i / 64, (int) (i * 2654435761L));
    }
    byte[] full = Files.readAllBytes(TestImages.write(im, dir.resolve("full.jpg")));
    byte[] cut = Arrays.copyOf(full, full.length / 2);
    assertReason(
        TestImages.bytes(dir.resolve("cut.jpg"), cut), ProblemKind.TRUNCATED, CutShort.REASON);
  }

  /**
   * Every cut of these files, from one byte to all but the last, gets Pillow's verdict. Pillow
   * 9.4's (Debian's python3-pil, {@code Image.open(io.BytesIO(data[:cut])).convert("RGB")} for each
   * cut, run with /usr/bin/python3 on these fixtures): it refuses every cut of each JPEG, the one
   * that loses only the last byte of the EOI marker included ("image file is truncated"; a cut in
   * the header: "cannot identify image file"), and reads a PNG cut within its last 21 bytes (IEND
   * and the checksums after the pixel data) but no shorter. Before the end-of-image check, ImageIO
   * decoded the progressive JPEGs cut between two scans as a blurred or grey picture without any
   * warning.
   *
   * <p>One known difference, the safe way round: ImageIO refuses the palette PNG unless at most its
   * last 4 bytes are missing, where Pillow reads it without its last 21; such a file is left out
   * and reported as truncated rather than trained on. The cuts tested are the first and last 32 and
   * every 17th between (each is a file write, slow on a busy disk).
   */
  @ParameterizedTest
  @CsvSource({
    "/data/jpeg/s420_progressive_40x30.jpg, 0, 0",
    "/data/jpeg/s444_progressive_optimized_19x45.jpg, 0, 0",
    "/data/jpeg/s444_q90_37x23.jpg, 0, 0",
    "/data/decode/RGB.png, 21, 21",
    "/data/decode/P.png, 21, 4"
  })
  void aCutFileIsRefusedWhenPillowRefusesIt(
      String resource, int pillowReadsWithout, int readsWithout) throws IOException {
    byte[] full;
    try (InputStream in = getClass().getResourceAsStream(resource)) {
      full = in.readAllBytes();
    }
    Path file = dir.resolve("cut" + resource.substring(resource.lastIndexOf('.')));
    assertThat(readsWithout)
        .as("never reads a cut that Pillow refuses")
        .isLessThanOrEqualTo(pillowReadsWithout);
    List<String> wrong = new ArrayList<>();
    for (int cut = 1; cut < full.length; cut++) {
      if (cut > 32 && full.length - cut > 32 && cut % 17 != 0) {
        continue;
      }
      Files.write(file, Arrays.copyOf(full, cut));
      boolean reads = full.length - cut <= readsWithout;
      try {
        ImageDecoder.decode(file);
        if (!reads) {
          wrong.add(cut + ": decoded");
        }
      } catch (ImageDecodeException e) {
        if (reads) {
          wrong.add(cut + ": refused (" + e.reason() + ")");
        } else if (e.kind() != ProblemKind.TRUNCATED && e.kind() != ProblemKind.NOT_AN_IMAGE) {
          wrong.add(cut + ": " + e.kind());
        }
      }
    }
    assertThat(wrong).as("cuts of %d bytes", full.length).isEmpty();
  }

  @Test
  void aJpegCutBetweenTwoProgressiveScansIsTruncated() throws IOException {
    byte[] full;
    try (InputStream in = getClass().getResourceAsStream("/data/jpeg/s420_progressive_40x30.jpg")) {
      full = in.readAllBytes();
    }
    // the start of the last scan (SOS): everything before it is whole, libjpeg warns of nothing
    int lastScan = -1;
    for (int i = 0; i + 1 < full.length; i++) {
      if ((full[i] & 0xFF) == 0xFF && (full[i + 1] & 0xFF) == 0xDA) {
        lastScan = i;
      }
    }
    assertThat(lastScan).isPositive();
    Path cut = TestImages.bytes(dir.resolve("cut.jpg"), Arrays.copyOf(full, lastScan));
    assertThat(ImageDecoder.decodeWithImageIo(cut, Files.readAllBytes(cut), 1 << 20).image())
        .as("ImageIO alone decodes it without a warning")
        .isNotNull();
    assertReason(cut, ProblemKind.TRUNCATED, CutShort.REASON);
  }

  /**
   * A JPEG over 64 MB is streamed, not read at once, and checked for its end marker too: 1,100
   * comment segments of 65,533 zero bytes (written as holes of a sparse file) before the picture.
   */
  @Test
  void aLargeJpegThatEndsEarlyIsTruncatedToo() throws IOException {
    byte[] small;
    try (InputStream in = getClass().getResourceAsStream("/data/jpeg/s444_q90_37x23.jpg")) {
      small = in.readAllBytes();
    }
    Path big = dir.resolve("big.jpg");
    long at;
    try (var out =
        java.nio.channels.FileChannel.open(
            big,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE,
            java.nio.file.StandardOpenOption.SPARSE)) {
      out.write(java.nio.ByteBuffer.wrap(b(0xFF, 0xD8)), 0);
      at = 2;
      for (int k = 0; k < 1100; k++) {
        out.write(java.nio.ByteBuffer.wrap(b(0xFF, 0xFE, 0xFF, 0xFF)), at); // COM, length 65535
        at += 2 + 65535;
      }
      out.write(java.nio.ByteBuffer.wrap(small, 2, small.length - 2), at);
    }
    assertThat(Files.size(big)).isGreaterThan(64L << 20);
    assertThat(ImageDecoder.decode(big).width()).isEqualTo(37);
    try (var out =
        java.nio.channels.FileChannel.open(big, java.nio.file.StandardOpenOption.WRITE)) {
      out.truncate(Files.size(big) - 2); // without its EOI marker
    }
    assertReason(big, ProblemKind.TRUNCATED, CutShort.REASON);
  }

  @Test
  void bytesAfterTheEndMarkerAndEndMarkersInsideSegmentsAreNotTruncation() throws IOException {
    byte[] full;
    try (InputStream in = getClass().getResourceAsStream("/data/jpeg/s444_q90_37x23.jpg")) {
      full = in.readAllBytes();
    }
    byte[] padded = Arrays.copyOf(full, full.length + 3); // zeros after EOI, as cameras write
    assertThat(ImageDecoder.decode(TestImages.bytes(dir.resolve("padded.jpg"), padded)).width())
        .isEqualTo(37);
    // a COM segment holding FF D9 (as an EXIF thumbnail holds a whole JPEG) before the frame
    byte[] comment = b(0xFF, 0xFE, 0, 6, 0xFF, 0xD9, 0xFF, 0xD9);
    byte[] withComment = new byte[full.length + comment.length];
    System.arraycopy(full, 0, withComment, 0, 2);
    System.arraycopy(comment, 0, withComment, 2, comment.length);
    System.arraycopy(full, 2, withComment, 2 + comment.length, full.length - 2);
    assertThat(CutShort.jpeg(withComment)).isFalse();
    assertThat(CutShort.jpeg(Arrays.copyOf(withComment, withComment.length - 40))).isTrue();
    assertThat(CutShort.jpeg(b(0x89, 'P', 'N', 'G'))).as("not a JPEG").isFalse();
  }

  @Test
  void hugeDeclaredSizeIsRefusedFromTheHeader() {
    // 10^10 pixels would need 30 GB: refused before any pixel memory is allocated.
    assertReason(
        TestImages.bytes(dir.resolve("bomb.png"), TestImages.pngHeaderOnly(100_000, 100_000)),
        ProblemKind.TOO_LARGE,
        "too large: 100000×100000 pixels, over the limit of 89,478,485 pixels"
            + " (a decompression bomb?)");
  }

  @Test
  void pixelLimitIsAParameter() throws IOException {
    Path f = TestImages.solid(dir.resolve("a.png"), 10, 10, 0);
    assertThat(ImageDecoder.decode(f, 100).width()).isEqualTo(10);
    assertThatThrownBy(() -> ImageDecoder.decode(f, 99))
        .isInstanceOf(ImageDecodeException.class)
        .hasMessageEndingWith(
            "too large: 10×10 pixels, over the limit of 99 pixels (a decompression bomb?)");
  }

  @Test
  void knownFormatsImageIoCannotReadAreUnsupportedNotNonImages() {
    byte[] webp = b('R', 'I', 'F', 'F', 30, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' ', 0, 0);
    assertReason(
        TestImages.bytes(dir.resolve("photo.jpg"), webp),
        ProblemKind.UNSUPPORTED,
        "unsupported format (WebP)");
    byte[] heic = b(0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0);
    assertReason(
        TestImages.bytes(dir.resolve("IMG_0001.JPG"), heic),
        ProblemKind.UNSUPPORTED,
        "unsupported format (HEIF)");
  }

  private static void assertReason(Path file, ProblemKind kind, String reason) {
    assertThatThrownBy(() -> ImageDecoder.decode(file))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(kind);
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.file()).isEqualTo(file);
              assertThat(e).hasMessage(file + ": " + reason);
            });
  }

  static JsonNode golden() throws IOException {
    try (InputStream in = ImageDecoderTest.class.getResourceAsStream("/data/resize_golden.json")) {
      return new ObjectMapper().readTree(in);
    }
  }
}
