package org.layerbench.engine.io;

import java.io.IOException;
import java.util.Locale;

/**
 * The check a reader makes before it allocates an array whose size a file chose: the bytes must fit
 * in one Java array and in the heap that is still free, so a crafted or mistaken file is refused
 * with a sentence instead of ending the process with an {@link OutOfMemoryError}.
 */
public final class MemoryBudget {
  /** Java arrays stop a little short of Integer.MAX_VALUE. */
  public static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private MemoryBudget() {}

  /** Heap bytes not in use now (garbage counts as used, so this errs on the side of refusing). */
  public static long free() {
    Runtime r = Runtime.getRuntime();
    return r.maxMemory() - (r.totalMemory() - r.freeMemory());
  }

  /**
   * Throws unless {@code bytes} fit in one array and in the heap that is free after a collection.
   *
   * @param what what the bytes are for, for the message ("tensor 'fc.weight'")
   */
  public static void require(long bytes, String what) throws IOException {
    if (bytes < 0 || bytes > MAX_ARRAY_BYTES) {
      throw new IOException(
          what + " would take " + size(bytes) + ", more than one Java array holds (2 GiB)");
    }
    long free = free();
    if (bytes > free) {
      // Garbage counts as used until it is collected: collect once before refusing, so a file
      // that fits is not refused for what the previous one left behind (a 144 MiB AlexNet
      // tensor read right after another bundle was).
      System.gc();
      free = free();
    }
    if (bytes > free) {
      throw new IOException(
          what
              + " would take "
              + size(bytes)
              + " but only "
              + size(free)
              + " of memory is free; refusing it (a larger heap, e.g. _JAVA_OPTIONS=-Xmx4g, may"
              + " read it)");
    }
  }

  /** A byte count for people: "1.5 GiB", "101 KiB", "12 bytes". */
  public static String size(long bytes) {
    if (bytes < 0) {
      return bytes + " bytes";
    }
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }
}
