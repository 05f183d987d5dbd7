package org.layerbench.engine.data.text;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How the bytes of a text file become characters. The names are what the CLI and JSON use.
 *
 * <ul>
 *   <li>{@link #UTF8_STRICT}: UTF-8; the first invalid byte sequence stops the read (Python's
 *       {@code open(f, encoding="utf-8")}).
 *   <li>{@link #UTF8_REPLACE}: UTF-8, each invalid sequence read as one U+FFFD as Python's {@code
 *       errors="replace"} does (maximal-subpart rule).
 *   <li>{@link #WINDOWS_1252}: Windows' Western code page. Its five undefined bytes (0x81, 0x8D,
 *       0x8F, 0x90, 0x9D), which Python's cp1252 refuses, are read as U+FFFD and reported as
 *       decoding problems, as Python's {@code errors="replace"} would read them.
 *   <li>{@link #LATIN_1}: ISO-8859-1; every byte is the character of the same number.
 * </ul>
 */
public enum TextEncoding {
  UTF8_STRICT("utf-8", StandardCharsets.UTF_8),
  UTF8_REPLACE("utf-8-replace", StandardCharsets.UTF_8),
  WINDOWS_1252("windows-1252", Charset.forName("windows-1252")),
  LATIN_1("latin-1", StandardCharsets.ISO_8859_1);

  private final String cliName;
  private final Charset charset;

  TextEncoding(String cliName, Charset charset) {
    this.cliName = cliName;
    this.charset = charset;
  }

  /** The name the CLI and JSON use ("utf-8-replace"). */
  public String cliName() {
    return cliName;
  }

  /** The Java charset that decodes it. */
  public Charset charset() {
    return charset;
  }

  /** True when a decoding problem stops the read instead of being replaced and reported. */
  public boolean strict() {
    return this == UTF8_STRICT;
  }

  /**
   * The encoding called {@code name} (its {@link #cliName()}, case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static TextEncoding fromName(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (TextEncoding e : values()) {
      if (e.cliName.equals(n)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown encoding '"
            + name
            + "'; use one of "
            + Arrays.stream(values()).map(TextEncoding::cliName).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
