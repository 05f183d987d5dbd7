package org.layerbench.engine.data.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a whole text file into characters in one {@link TextEncoding}, counting the lines with
 * invalid byte sequences. Each invalid sequence becomes one U+FFFD: Java's UTF-8 decoder reports
 * the same maximal subparts as Python's {@code bytes.decode("utf-8", "replace")}, so the text is
 * the one Python reads (an interop test checks it). Strict UTF-8 stops at the first one instead.
 * Files that are missing, empty or binary (NUL bytes) fail with one clear line.
 */
public final class TextDecoder {

  private TextDecoder() {}

  /**
   * The text of {@code file}.
   *
   * @throws TextFileException when the file is missing, unreadable, empty, binary, or (strict
   *     UTF-8) not valid UTF-8
   */
  public static DecodedText read(Path file, TextEncoding encoding) throws TextFileException {
    return decode(readBytes(file), encoding, file.getFileName().toString());
  }

  /**
   * The bytes of {@code file}, refused when it is missing, a folder, empty or binary.
   *
   * @throws TextFileException with a one-line reason
   */
  public static byte[] readBytes(Path file) throws TextFileException {
    String name = String.valueOf(file.getFileName());
    if (Files.isDirectory(file)) {
      throw new TextFileException(name + ": is a folder, not a text file");
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TextFileException(file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new TextFileException(file + ": permission denied");
    } catch (IOException | OutOfMemoryError e) {
      throw new TextFileException(file + ": cannot be read (" + e.getMessage() + ")");
    }
    if (bytes.length == 0) {
      throw new TextFileException(name + ": the file is empty (zero bytes)");
    }
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == 0) {
        int line = 1 + count(bytes, 0, i, (byte) '\n');
        throw new TextFileException(
            name
                + ": line "
                + line
                + " contains a NUL byte: this is not a text file (binary data, or UTF-16,"
                + " which is not supported)");
      }
    }
    return bytes;
  }

  /**
   * Decodes {@code bytes} (a whole file called {@code name}, for messages).
   *
   * @throws TextFileException for strict UTF-8 at the first invalid sequence
   */
  public static DecodedText decode(byte[] bytes, TextEncoding encoding, String name)
      throws TextFileException {
    CharsetDecoder decoder =
        encoding
            .charset()
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(Math.max(16, bytes.length));
    List<DecodingProblem> first = new ArrayList<>();
    int problemLines = 0;
    int lastProblemLine = 0;
    int line = 1;
    int counted = 0;
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isOverflow()) {
        out = grow(out);
        continue;
      }
      if (r.isUnderflow()) {
        break;
      }
      int at = in.position();
      int length = utf8(encoding) ? maximalSubpart(bytes, at) : r.length();
      line += count(bytes, counted, at, (byte) '\n');
      counted = at;
      byte[] shown = Arrays.copyOfRange(bytes, at, Math.min(bytes.length, at + length + 1));
      if (!truncatedSequence(encoding, bytes, at, length)) {
        shown = Arrays.copyOf(shown, length);
      }
      DecodingProblem problem = new DecodingProblem(line, shown);
      if (encoding.strict()) {
        throw new TextFileException(
            name
                + ": line "
                + line
                + ": bytes "
                + problem.hex()
                + " are not valid UTF-8; read it as utf-8-replace or windows-1252");
      }
      if (line != lastProblemLine) {
        problemLines++;
        lastProblemLine = line;
      }
      if (first.size() < DecodingReport.SHOWN) {
        first.add(problem);
      }
      if (!out.hasRemaining()) {
        out = grow(out);
      }
      out.put('\uFFFD');
      in.position(at + length);
    }
    while (decoder.flush(out).isOverflow()) {
      out = grow(out);
    }
    out.flip();
    String text = out.toString();
    if (!text.isEmpty() && text.charAt(0) == '\uFEFF') {
      text = text.substring(1);
    }
    return new DecodedText(text, new DecodingReport(encoding, problemLines, first));
  }

  /**
   * True when the invalid UTF-8 sequence at {@code at} starts well but is cut short by the byte
   * after it, which is then part of what the user should see ("0xE9 0x20").
   */
  private static boolean truncatedSequence(
      TextEncoding encoding, byte[] bytes, int at, int length) {
    if (!utf8(encoding)) {
      return false;
    }
    int lead = bytes[at] & 0xFF;
    return lead >= 0xC2 && lead <= 0xF4 && at + length < bytes.length;
  }

  private static boolean utf8(TextEncoding encoding) {
    return encoding == TextEncoding.UTF8_STRICT || encoding == TextEncoding.UTF8_REPLACE;
  }

  /**
   * The length of the invalid UTF-8 sequence at {@code at}: its maximal subpart (Unicode 15,
   * section 3.9, table 3-7), the bytes that start a well-formed sequence before it breaks, or 1.
   * Python replaces each such subpart by one U+FFFD; Java's decoder reports some (an encoded
   * surrogate, ED A0 80) as one longer sequence, so the length is computed here.
   */
  static int maximalSubpart(byte[] bytes, int at) {
    int lead = bytes[at] & 0xFF;
    int needed;
    int low = 0x80;
    int high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      needed = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      needed = 2;
      if (lead == 0xE0) {
        low = 0xA0;
      } else if (lead == 0xED) {
        high = 0x9F;
      }
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      needed = 3;
      if (lead == 0xF0) {
        low = 0x90;
      } else if (lead == 0xF4) {
        high = 0x8F;
      }
    } else {
      return 1;
    }
    int length = 1;
    for (int i = 0; i < needed; i++) {
      int p = at + length;
      if (p >= bytes.length) {
        return length;
      }
      int b = bytes[p] & 0xFF;
      if (b < low || b > high) {
        return length;
      }
      low = 0x80;
      high = 0xBF;
      length++;
    }
    return length;
  }

  private static CharBuffer grow(CharBuffer out) {
    CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2);
    out.flip();
    bigger.put(out);
    return bigger;
  }

  private static int count(byte[] bytes, int from, int to, byte b) {
    int n = 0;
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        n++;
      }
    }
    return n;
  }
}
