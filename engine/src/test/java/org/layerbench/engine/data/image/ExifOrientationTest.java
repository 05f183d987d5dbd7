package org.layerbench.engine.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.DecodeGoldenTest;

/** The EXIF reader on damaged data: never throws, never reads outside the bytes it is given. */
class ExifOrientationTest {

  @Test
  void everyTruncationOfARealHeaderGivesTheTagOrNone() throws IOException {
    byte[] jpeg = Files.readAllBytes(DecodeGoldenTest.fixture("orient_6.jpg"));
    byte[] png = Files.readAllBytes(DecodeGoldenTest.fixture("orient_8.png"));
    assertThat(ExifOrientation.read(jpeg, jpeg.length)).isEqualTo(6);
    assertThat(ExifOrientation.read(png, png.length)).isEqualTo(8);
    for (int n = 0; n < 400; n++) {
      assertThat(ExifOrientation.read(jpeg, Math.min(n, jpeg.length))).isIn(1, 6);
      assertThat(ExifOrientation.read(png, Math.min(n, png.length))).isIn(1, 8);
    }
  }

  @Test
  void randomBytesAfterAJpegOrPngSignature() {
    Random random = new Random(7);
    for (int trial = 0; trial < 2000; trial++) {
      byte[] b = new byte[random.nextInt(80) + 2];
      random.nextBytes(b);
      if (trial % 2 == 0) {
        b[0] = (byte) 0xFF;
        b[1] = (byte) 0xD8;
      } else if (b.length >= 8) {
        System.arraycopy(
            new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, 0, b, 0, 8);
      }
      assertThat(ExifOrientation.read(b, b.length)).isBetween(1, 8);
    }
  }
}
