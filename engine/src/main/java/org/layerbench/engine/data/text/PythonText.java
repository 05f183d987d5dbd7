package org.layerbench.engine.data.text;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Python 3's {@code str.lower()}, {@code str.split()} and string order in Java, which differ from
 * {@link String#toLowerCase}, {@code \s} and {@link String#compareTo}: torchtext's tokenizers and
 * vocabulary are defined by them (checked against Python in golden/text_tokenizers.json).
 */
final class PythonText {

  /** Python's order of str: by code point (UTF-16 order puts U+FF5E after U+1F600). */
  static final Comparator<String> CODE_POINT_ORDER = PythonText::compareCodePoints;

  private PythonText() {}

  /**
   * {@code str.isspace()}, the set {@code str.split()} and the {@code re} module's {@code \s} split
   * on: bidirectional class WS, B or S, or category Zs. Unlike Java's whitespace it holds
   * U+001C–U+001F, U+0085, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000.
   */
  static boolean isSpace(int c) {
    return (c >= 0x09 && c <= 0x0D)
        || (c >= 0x1C && c <= 0x20)
        || c == 0x85
        || c == 0xA0
        || c == 0x1680
        || (c >= 0x2000 && c <= 0x200A)
        || c == 0x2028
        || c == 0x2029
        || c == 0x202F
        || c == 0x205F
        || c == 0x3000;
  }

  /** {@code s.split()}: the runs of non-space characters. */
  static List<String> split(String s) {
    List<String> parts = new ArrayList<>();
    int start = -1;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (isSpace(c)) {
        if (start >= 0) {
          parts.add(s.substring(start, i));
          start = -1;
        }
      } else if (start < 0) {
        start = i;
      }
      i += Character.charCount(c);
    }
    if (start >= 0) {
      parts.add(s.substring(start));
    }
    return parts;
  }

  /**
   * {@code s.lower()} as Python 3.11 does it: each code point's lowercase, U+0130 (İ) to "i̇" (its
   * one unconditional multi-character mapping), and Σ to final ς exactly where CPython's {@code
   * handle_capital_sigma} says: after a cased letter (skipping case-ignorable ones) and not before
   * one. Java's {@code toLowerCase} decides final sigma with a word break iterator instead.
   */
  static String lower(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      if (c == 0x130) {
        out.append("i\u0307");
      } else if (c == 0x3A3) {
        out.append(finalSigma(s, i) ? 'ς' : 'σ');
      } else if (newerThanPython(c)) {
        out.appendCodePoint(c);
      } else {
        out.appendCodePoint(Character.toLowerCase(c));
      }
      i += Character.charCount(c);
    }
    return out.toString();
  }

  /**
   * The capitals Unicode 16 added (Java 25 knows Unicode 16; Python 3.11, torchtext 0.14's newest,
   * knows 14 and leaves them as they are): U+1C89, U+A7CB, U+A7CC, U+A7DA, U+A7DC and Garay's
   * U+10D50–U+10D65. TokenizerGoldenTest walks every code point, so a newer Java shows up there.
   */
  private static boolean newerThanPython(int c) {
    return c == 0x1C89
        || c == 0xA7CB
        || c == 0xA7CC
        || c == 0xA7DA
        || c == 0xA7DC
        || (c >= 0x10D50 && c <= 0x10D65);
  }

  private static boolean finalSigma(String s, int at) {
    int j = at;
    int c = -1;
    while (j > 0) {
      c = s.codePointBefore(j);
      j -= Character.charCount(c);
      if (!caseIgnorable(c)) {
        break;
      }
      c = -1;
    }
    if (c < 0 || !cased(c)) {
      return false;
    }
    j = at + 1;
    while (j < s.length()) {
      c = s.codePointAt(j);
      if (!caseIgnorable(c)) {
        return !cased(c);
      }
      j += Character.charCount(c);
    }
    return true;
  }

  /** Unicode's Cased: Lowercase, Uppercase or Lt. */
  private static boolean cased(int c) {
    return Character.isLowerCase(c) || Character.isUpperCase(c) || Character.isTitleCase(c);
  }

  /**
   * Unicode's Case_Ignorable: Mn, Me, Cf, Lm, Sk, or Word_Break MidLetter, MidNumLet, Single_Quote.
   */
  private static boolean caseIgnorable(int c) {
    switch (Character.getType(c)) {
      case Character.NON_SPACING_MARK,
          Character.ENCLOSING_MARK,
          Character.FORMAT,
          Character.MODIFIER_LETTER,
          Character.MODIFIER_SYMBOL -> {
        return true;
      }
      default -> {
        return switch (c) {
          case '\'',
              '.',
              ':',
              0xB7,
              0x387,
              0x55F,
              0x5F4,
              0x2018,
              0x2019,
              0x2024,
              0x2027,
              0xFE13,
              0xFE52,
              0xFE55,
              0xFF07,
              0xFF0E,
              0xFF1A ->
              true;
          default -> false;
        };
      }
    }
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }
}
