package org.layerbench.app;

import java.util.Locale;

/** Number formats shared by the CLI and the window. */
public final class Format {
  private Format() {}

  /** 11689512 → "11,689,512". */
  public static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** 1818558976 → "1.82 G". */
  public static String si(double v) {
    String[] units = {"", " k", " M", " G", " T"};
    int i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) {
      v /= 1000;
      i++;
    }
    return i == 0
        ? String.format(Locale.ROOT, "%.0f", v)
        : String.format(Locale.ROOT, "%.2f%s", v, units[i]);
  }

  /** Bytes in MB (10^6), as model sizes are usually quoted: "44.7 MB". */
  public static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
