package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDecoderTest {

  @TempDir Path dir;

  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object p : parts) {
      if (p instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) p);
      }
    }
    return out.toByteArray();
  }

  @Test
  void strictUtf8StopsAtTheFirstBadSequenceWithItsLineAndBytes() throws Exception {
    Path file = dir.resolve("reviews.csv");
    Files.write(file, bytes("a,1\nb,2\ncaf", 0xE9, " au lait,1\nd", 0xFF, ",2\n"));
    assertThatThrownBy(() -> TextDecoder.read(file, TextEncoding.UTF8_STRICT))
        .isInstanceOf(TextFileException.class)
        .hasMessage(
            "reviews.csv: line 3: bytes 0xE9 0x20 are not valid UTF-8;"
                + " read it as utf-8-replace or windows-1252");
  }

  @Test
  void utf8ReplaceCountsLinesAndKeepsTheFirstProblems() throws Exception {
    byte[] b = bytes("caf", 0xE9, " ", 0xFF, "\nok é\n", 0xE8, 0x8B, "?\n");
    DecodedText d = TextDecoder.decode(b, TextEncoding.UTF8_REPLACE, "x.csv");
    assertThat(d.text()).isEqualTo("caf\uFFFD \uFFFD\nok é\n\uFFFD?\n");
    assertThat(d.report().problemLines()).isEqualTo(2);
    assertThat(d.report().first())
        .extracting(DecodingProblem::toString)
        .containsExactly("line 1: 0xE9 0x20", "line 1: 0xFF", "line 3: 0xE8 0x8B 0x3F");
  }

  @Test
  void sentiment140HasElevenBrokenLinesAndStrictFailsOnTheFirst() throws Exception {
    Path file = SharedTextData.file(SharedTextData.SENTIMENT140);
    DecodedText d = TextDecoder.read(file, TextEncoding.UTF8_REPLACE);
    assertThat(d.report().problemLines()).isEqualTo(11);
    assertThat(d.report().first()).hasSize(10);
    assertThat(d.report().first().getFirst().toString()).isEqualTo("line 10057: 0xD1 0x3F");
    assertThat(d.report().first().get(1).toString()).isEqualTo("line 10983: 0xC4 0x3F");
    assertThatThrownBy(() -> TextDecoder.read(file, TextEncoding.UTF8_STRICT))
        .hasMessage(
            "sentiment140-excerpt.csv: line 10057: bytes 0xD1 0x3F are not valid UTF-8;"
                + " read it as utf-8-replace or windows-1252");
  }

  @Test
  void windows1252ReadsItsPunctuationAndReportsItsFiveUndefinedBytes() throws Exception {
    byte[] b =
        bytes(
            "caf", 0xE9, " ", 0x93, "hi", 0x94, " ", 0x80, "\n", 0x81, 0x8D, "\n", 0x8F, 0x90, 0x9D,
            "\n");
    DecodedText d = TextDecoder.decode(b, TextEncoding.WINDOWS_1252, "x.csv");
    assertThat(d.text())
        .isEqualTo("café \u201Chi\u201D \u20AC\n\uFFFD\uFFFD\n\uFFFD\uFFFD\uFFFD\n");
    assertThat(d.report().problemLines()).isEqualTo(2);
    assertThat(d.report().first())
        .extracting(DecodingProblem::toString)
        .containsExactly(
            "line 2: 0x81", "line 2: 0x8D", "line 3: 0x8F", "line 3: 0x90", "line 3: 0x9D");
  }

  @Test
  void latin1ReadsEveryByteAsTheCharacterOfTheSameNumber() throws Exception {
    byte[] b = new byte[255];
    for (int i = 1; i <= 255; i++) {
      b[i - 1] = (byte) i;
    }
    DecodedText d = TextDecoder.decode(b, TextEncoding.LATIN_1, "x.csv");
    assertThat(d.report().clean()).isTrue();
    for (int i = 1; i <= 255; i++) {
      assertThat((int) d.text().charAt(i - 1)).isEqualTo(i);
    }
  }

  @Test
  void aUtf8ByteOrderMarkIsNotPartOfTheText() throws Exception {
    DecodedText d =
        TextDecoder.decode(bytes(0xEF, 0xBB, 0xBF, "text,label\n"), TextEncoding.UTF8_STRICT, "x");
    assertThat(d.text()).isEqualTo("text,label\n");
  }

  @Test
  void missingEmptyAndBinaryFilesGiveOneClearLine() throws Exception {
    Path missing = dir.resolve("nothere.csv");
    assertThatThrownBy(() -> TextDecoder.read(missing, TextEncoding.UTF8_REPLACE))
        .isInstanceOf(TextFileException.class)
        .hasMessage(missing + ": no such file");

    Path empty = Files.write(dir.resolve("empty.csv"), new byte[0]);
    assertThatThrownBy(() -> TextDecoder.read(empty, TextEncoding.LATIN_1))
        .hasMessage("empty.csv: the file is empty (zero bytes)");

    byte[] junk = new byte[4096];
    new Random(7).nextBytes(junk);
    junk[100] = 0;
    Path binary = Files.write(dir.resolve("junk.csv"), junk);
    assertThatThrownBy(() -> TextDecoder.read(binary, TextEncoding.LATIN_1))
        .isInstanceOf(TextFileException.class)
        .hasMessageStartingWith("junk.csv: line ")
        .hasMessageContaining("contains a NUL byte: this is not a text file")
        .hasMessageNotContaining("\n");

    assertThatThrownBy(() -> TextDecoder.read(dir, TextEncoding.LATIN_1))
        .hasMessageEndingWith(": is a folder, not a text file");
  }

  @Test
  void encodingsAreNamedAsTheCliNamesThem() {
    assertThat(TextEncoding.fromName("UTF-8-replace")).isEqualTo(TextEncoding.UTF8_REPLACE);
    assertThat(TextEncoding.fromName("windows-1252")).isEqualTo(TextEncoding.WINDOWS_1252);
    assertThat(TextEncoding.LATIN_1.cliName()).isEqualTo("latin-1");
    assertThatThrownBy(() -> TextEncoding.fromName("utf-16"))
        .hasMessage(
            "unknown encoding 'utf-16'; use one of utf-8, utf-8-replace, windows-1252, latin-1");
  }
}
