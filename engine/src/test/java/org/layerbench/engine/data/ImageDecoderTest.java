package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.layerbench.engine.data.TestImages.b;
import static org.layerbench.engine.data.TestImages.px;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
        TestImages.bytes(dir.resolve("cut.png"), cut),
        ProblemKind.TRUNCATED,
        "truncated or corrupt");
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
        TestImages.bytes(dir.resolve("cut.jpg"), cut),
        ProblemKind.TRUNCATED,
        "truncated or corrupt");
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
