package org.layerbench.app.cli;

import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Range checks of option values, made at the start of a command's call(). A value out of range is
 * bad usage like a malformed one: picocli reports the {@link ParameterException} in one line and
 * the exit code is 2 (DESIGN §6).
 */
final class Ranges {
  private Ranges() {}

  /** The largest image side any command accepts: far beyond what trains, well inside an int. */
  static final int MAX_IMAGE_SIDE = 8192;

  static void atLeast(CommandSpec spec, String option, long value, long min) {
    if (value < min) {
      throw refuse(spec, "%s must be at least %d, got %d", option, min, value);
    }
  }

  static void between(CommandSpec spec, String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw refuse(spec, "%s must be between %d and %d, got %d", option, min, max, value);
    }
  }

  /** A finite number greater than zero (a learning rate). */
  static void positive(CommandSpec spec, String option, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw refuse(spec, "%s must be a positive number, got %s", option, plain(value));
    }
  }

  static void fraction(CommandSpec spec, String option, double value) {
    if (!(value >= 0 && value < 1)) {
      throw refuse(spec, "%s must be at least 0 and below 1, got %s", option, plain(value));
    }
  }

  /** A value that must be one of a few words. */
  static void oneOf(CommandSpec spec, String option, String value, String... allowed) {
    for (String a : allowed) {
      if (a.equals(value)) {
        return;
      }
    }
    throw refuse(spec, "%s must be one of %s, got '%s'", option, String.join(", ", allowed), value);
  }

  /**
   * A batch of {@code batch} RGB images of {@code size}×{@code size} floats is one Java array; the
   * loader keeps a few of them in flight. Refused when that array cannot exist or would take more
   * than a quarter of the heap, before anything is read.
   */
  static void batchFits(CommandSpec spec, int batch, int size) {
    long floats = (long) batch * 3 * size * size;
    long heap = Runtime.getRuntime().maxMemory();
    if (floats > Integer.MAX_VALUE - 8 || floats * 4 > heap / 4) {
      throw refuse(
          spec,
          "--size %d with --batch %d needs %s for each batch of images, more than this program's"
              + " memory allows (a heap of %s); choose a smaller --size or --batch, or give"
              + " the program more memory (LAYERBENCH_HEAP=8g)",
          size,
          batch,
          bytes(floats * 4),
          bytes(heap));
    }
  }

  static ParameterException refuse(CommandSpec spec, String format, Object... args) {
    return new ParameterException(spec.commandLine(), String.format(Locale.ROOT, format, args));
  }

  /** 7.7 TB, 3.2 GB, 805.3 MB. */
  static String bytes(long n) {
    String[] units = {"MB", "GB", "TB", "PB"};
    double v = n / 1e6;
    int u = 0;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }

  private static String plain(double v) {
    return v == Math.rint(v) && !Double.isInfinite(v)
        ? String.valueOf((long) v)
        : String.valueOf(v);
  }
}
