package org.layerbench.engine.train;

/**
 * The one line a failed run is told with: the exception's message, except that running out of
 * memory is said in words with what to change.
 */
final class FailureReason {
  private FailureReason() {}

  /**
   * The sentence a failure is told with. Running out of memory gets advice: libtorch's own words
   * ("[enforce fail at alloc_cpu.cpp:119] err == 0. DefaultCPUAllocator: can't allocate memory: you
   * tried to allocate N bytes", or CUDA's "CUDA out of memory. Tried to allocate …") name a source
   * file and bytes, not what to change. The causes are searched too (the checkpoint thread's
   * failures come wrapped).
   */
  static String of(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      java.util.regex.Matcher cpu = CPU_ALLOCATION.matcher(m);
      if (cpu.find()) {
        return outOfMemory(
            "a tensor of " + size(Double.parseDouble(cpu.group(1))) + " could not be allocated");
      }
      if (m.contains("CUDA out of memory")) {
        return outOfMemory("the GPU's memory is full");
      }
      if (t instanceof OutOfMemoryError
          && (m.contains("Java heap space") || m.contains("GC overhead limit exceeded"))) {
        return outOfMemory("the Java heap is full (" + m + ")");
      }
      if (t instanceof OutOfMemoryError) {
        return "out of memory: " + m; // native threads, direct buffers: not the batch's doing
      }
    }
    return message;
  }

  private static final java.util.regex.Pattern CPU_ALLOCATION =
      java.util.regex.Pattern.compile("can't allocate memory: you tried to allocate (\\d+) bytes");

  private static String outOfMemory(String what) {
    return "out of memory: "
        + what
        + " — lower the batch size or the image size, or train a smaller model";
  }

  private static String size(double bytes) {
    return bytes >= 1e12
        ? String.format(java.util.Locale.ROOT, "%.1f TB", bytes / 1e12)
        : bytes >= 1e9
            ? String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9)
            : String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
  }
}
