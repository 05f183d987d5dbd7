package org.layerbench.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerbench.engine.data.image.DecodedImage;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;

/**
 * Decoding against Pillow 9.4 itself: the files under resources/data/decode/ and their expected
 * pixels in decode_golden.json were written by engine/src/test/python/gen_dataset_fixtures.py —
 * Pillow's {@code Image.open(f).convert("RGB")} (torchvision's default loader), and for the
 * orient_* files {@code ImageOps.exif_transpose(Image.open(f)).convert("RGB")}. Compared exactly,
 * JPEGs included: the JDK's libjpeg 6b and Pillow's libjpeg-turbo 2.1 use the same integer IDCT,
 * fancy upsampling and colour conversion, so they agree to the bit (4:2:0, 4:4:4, grey, CMYK).
 */
public class DecodeGoldenTest {

  static JsonNode golden() throws IOException {
    try (InputStream in = DecodeGoldenTest.class.getResourceAsStream("/data/decode_golden.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  public static Path fixture(String name) {
    try {
      return Path.of(DecodeGoldenTest.class.getResource("/data/decode/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static Stream<Arguments> cases(boolean oriented) throws IOException {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : golden().get("cases")) {
      String file = c.get("file").asText();
      if (file.equals("I16.png") || file.equals("arith.jpg")) {
        continue; // their own tests below
      }
      if (c.has("orientation") == oriented) {
        out.add(Arguments.of(file, c));
      }
    }
    return out.stream();
  }

  static Stream<Arguments> modes() throws IOException {
    return cases(false);
  }

  static Stream<Arguments> orientations() throws IOException {
    return cases(true);
  }

  private static byte[] bytes(JsonNode values) {
    byte[] b = new byte[values.size()];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) values.get(i).asInt();
    }
    return b;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void decodesAsPillowConvertRgb(String file, JsonNode c) throws IOException {
    DecodedImage d = ImageDecoder.read(fixture(file));
    assertThat(d.mode()).as("Pillow's mode").isEqualTo(c.get("mode").asText());
    assertThat(d.orientation()).isEqualTo(1);
    assertThat(d.image().width()).isEqualTo(c.get("width").asInt());
    assertThat(d.image().height()).isEqualTo(c.get("height").asInt());
    assertThat(d.image().rgb()).as(file).containsExactly(bytes(c.get("rgb")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("orientations")
  void exifOrientationAsPillowExifTranspose(String file, JsonNode c) throws IOException {
    DecodedImage d = ImageDecoder.read(fixture(file));
    assertThat(d.orientation()).isEqualTo(c.get("orientation").asInt());
    assertThat(d.image().width()).isEqualTo(c.get("width").asInt());
    assertThat(d.image().height()).isEqualTo(c.get("height").asInt());
    assertThat(d.image().rgb()).as(file).containsExactly(bytes(c.get("rgb")));
  }

  @Test
  void everyOrientationIsCovered() throws IOException {
    assertThat(orientations().map(a -> ((JsonNode) a.get()[1]).get("orientation").asInt()))
        .contains(1, 2, 3, 4, 5, 6, 7, 8);
    // Orientation 1 and 2 of the same picture differ: the test above can tell a missed flip.
    assertThat(ImageDecoder.decode(fixture("orient_1.jpg")).rgb())
        .isNotEqualTo(ImageDecoder.decode(fixture("orient_2.jpg")).rgb());
  }

  /**
   * The one deliberate difference from Pillow. Pillow opens a 16-bit greyscale PNG in mode "I" and
   * its convert("RGB") clips: every value of 255 or more becomes 255, so almost any real 16-bit
   * image turns white. Here each value v becomes v >> 8 (as Pillow itself does for 16-bit RGB), so
   * the image keeps its content.
   */
  @Test
  void sixteenBitGreyIsScaledWherePillowClips() throws IOException {
    JsonNode c = null;
    for (JsonNode x : golden().get("cases")) {
      if (x.get("file").asText().equals("I16.png")) {
        c = x;
      }
    }
    JsonNode raw = c.get("raw16");
    JsonNode pil = c.get("rgb");
    DecodedImage d = ImageDecoder.read(fixture("I16.png"));
    assertThat(d.mode()).isEqualTo("I;16");
    assertThat(c.get("mode").asText()).isEqualTo("I");
    int differ = 0;
    for (int i = 0; i < raw.size(); i++) {
      int v = raw.get(i).asInt();
      for (int ch = 0; ch < 3; ch++) {
        assertThat(pil.get(3 * i + ch).asInt()).as("Pillow clips").isEqualTo(Math.min(v, 255));
        assertThat(d.image().rgb()[3 * i + ch] & 0xFF).as("here: v >> 8").isEqualTo(v >> 8);
      }
      differ += Math.min(v, 255) != v >> 8 ? 1 : 0;
    }
    assertThat(differ).isPositive();
  }

  @Test
  void arithmeticCodedJpegIsUnsupportedThoughPillowReadsIt() throws IOException {
    JsonNode c = null;
    for (JsonNode x : golden().get("cases")) {
      if (x.get("file").asText().equals("arith.jpg")) {
        c = x;
      }
    }
    assertThat(c.get("pillowReads").asBoolean()).isTrue();
    Path file = fixture("arith.jpg");
    assertThatThrownBy(() -> ImageDecoder.read(file))
        .isInstanceOfSatisfying(
            ImageDecodeException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ProblemKind.UNSUPPORTED);
              assertThat(e.reason()).isEqualTo("unsupported format (arithmetic-coded JPEG)");
            });
  }
}
