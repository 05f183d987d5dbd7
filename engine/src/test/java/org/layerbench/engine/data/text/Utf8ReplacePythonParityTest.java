package org.layerbench.engine.data.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * utf-8-replace reads the same text as Python's {@code bytes.decode("utf-8", "replace")} (one
 * U+FFFD per maximal invalid subpart): tricky sequences, random bytes and the broken lines of the
 * Sentiment140 excerpt, each decoded by /usr/bin/python3 here.
 */
class Utf8ReplacePythonParityTest {

  private static final String PYTHON =
      "import sys\n"
          + "for line in sys.stdin:\n"
          + "    b = bytes.fromhex(line.strip())\n"
          + "    print(b.decode('utf-8', 'replace').encode('utf-8').hex())\n";

  private static boolean python() {
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "pass").start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static List<String> pythonDecodes(List<byte[]> inputs) throws Exception {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", PYTHON).start();
    StringBuilder in = new StringBuilder();
    for (byte[] b : inputs) {
      in.append(HexFormat.of().formatHex(b)).append('\n');
    }
    p.getOutputStream().write(in.toString().getBytes(StandardCharsets.US_ASCII));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    List<String> texts = new ArrayList<>();
    for (String hex : out.split("\n")) {
      texts.add(new String(HexFormat.of().parseHex(hex.strip()), StandardCharsets.UTF_8));
    }
    return texts;
  }

  private static String javaDecodes(byte[] b) throws TextFileException {
    return TextDecoder.decode(b, TextEncoding.UTF8_REPLACE, "x").text();
  }

  private static byte[] b(int... v) {
    byte[] out = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (byte) v[i];
    }
    return out;
  }

  @Test
  void trickySequencesAndRandomBytesDecodeAsPythonDecodesThem() throws Exception {
    assumeTrue(python(), "/usr/bin/python3 is not installed");
    List<byte[]> inputs = new ArrayList<>();
    inputs.add(b(0x61, 0xE9, 0x20, 0x62)); // Latin-1 é in UTF-8
    inputs.add(b(0xE8, 0x8B, 0x3F)); // three-byte lead, one continuation, then '?'
    inputs.add(b(0xF0, 0x9F, 0x98)); // a four-byte sequence cut at the end
    inputs.add(b(0xC0, 0xAF, 0xE0, 0x80, 0xAF)); // overlong forms
    inputs.add(b(0xED, 0xA0, 0x80, 0x41)); // an encoded surrogate
    inputs.add(b(0xF4, 0x90, 0x80, 0x80)); // above U+10FFFF
    inputs.add(b(0x80, 0xBF, 0xFE, 0xFF, 0xF5)); // stray continuations and never-valid bytes
    inputs.add(b(0xE2, 0x82, 0xAC, 0xE2, 0x82)); // a whole euro sign, then half of one
    Random random = new Random(23);
    for (int i = 0; i < 200; i++) {
      byte[] r = new byte[1 + random.nextInt(24)];
      random.nextBytes(r);
      for (int j = 0; j < r.length; j++) {
        if (r[j] == '\n' || r[j] == '\r' || r[j] == 0) {
          r[j] = 'x';
        }
      }
      inputs.add(r);
    }
    List<String> expected = pythonDecodes(inputs);
    assertThat(expected).hasSize(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      assertThat(javaDecodes(inputs.get(i)))
          .as("bytes %s", HexFormat.of().formatHex(inputs.get(i)))
          .isEqualTo(expected.get(i));
    }
  }

  @Test
  void theBrokenLinesOfSentiment140DecodeAsPythonDecodesThem() throws Exception {
    assumeTrue(python(), "/usr/bin/python3 is not installed");
    Path file = SharedTextData.file(SharedTextData.SENTIMENT140);
    byte[] all = Files.readAllBytes(file);
    List<byte[]> broken = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= all.length; i++) {
      if (i == all.length || all[i] == '\n') {
        byte[] line = java.util.Arrays.copyOfRange(all, start, i);
        try {
          TextDecoder.decode(line, TextEncoding.UTF8_STRICT, "x");
        } catch (TextFileException e) {
          broken.add(line);
        }
        start = i + 1;
      }
    }
    assertThat(broken.size()).isEqualTo(11);
    List<String> expected = pythonDecodes(broken);
    for (int i = 0; i < broken.size(); i++) {
      assertThat(javaDecodes(broken.get(i))).isEqualTo(expected.get(i));
    }
  }
}
