package org.layerbench.app.gui.lr;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/**
 * How learning rates are shown and stored: three significant digits, so a picked rate reads the
 * same in the chart, the side panel and the project file ("3.02e-3", stored as 0.00302).
 */
public final class LrFormat {
  private LrFormat() {}

  /** The rate rounded to three significant digits (NaN and non-positive values unchanged). */
  public static double round(double lr) {
    if (!Double.isFinite(lr) || lr <= 0) {
      return lr;
    }
    return new BigDecimal(lr).round(new MathContext(3)).doubleValue();
  }

  /** "3.02e-3", or plain from 0.1 to 1000 ("0.5", "10"); "—" for NaN. */
  public static String rate(double lr) {
    if (Double.isNaN(lr)) {
      return "—";
    }
    if (lr >= 0.1 && lr < 1000) {
      return new BigDecimal(lr).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }
    String s = String.format(Locale.ROOT, "%.2e", lr); // 3.02e-03
    int e = s.indexOf('e');
    String mantissa = s.substring(0, e).replaceFirst("\\.?0+$", "");
    int exponent = Integer.parseInt(s.substring(e + 1));
    return exponent == 0 ? mantissa : mantissa + "e" + exponent;
  }

  /** A loss value with four significant digits. */
  public static String loss(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    if (!Double.isFinite(v)) {
      return v > 0 ? "∞" : "-∞";
    }
    return new BigDecimal(v).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }

  /**
   * Parses a rate typed by a person: plain or scientific notation ("0.001", "1e-3", "1E-3").
   *
   * @throws IllegalArgumentException with a sentence when it is not a positive number
   */
  public static double parseRate(String text, String what) {
    try {
      double v = Double.parseDouble(text.strip());
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(
        what + " must be a positive number such as 1e-3, not '" + text.strip() + "'");
  }
}
