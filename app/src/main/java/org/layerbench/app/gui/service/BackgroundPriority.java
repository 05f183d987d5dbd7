package org.layerbench.app.gui.service;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/**
 * Lowers the scheduling priority of the calling thread (Linux: nice 10), so that on a machine with
 * few cores the JavaFX thread wins the CPU over training. Threads the caller creates afterwards
 * inherit it: the batch loader's workers and PyTorch's OpenMP pool when it is first used. Java's
 * thread priorities do nothing on Linux; {@code setpriority(PRIO_PROCESS, 0, n)} acts on the
 * calling thread under NPTL, and raising a nice value needs no privilege. Elsewhere, or when the
 * call is not allowed, nothing changes.
 */
final class BackgroundPriority {
  static final int NICE = 10;

  private static final MethodHandle SETPRIORITY = lookup();

  private BackgroundPriority() {}

  private static MethodHandle lookup() {
    if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
      return null;
    }
    try {
      Linker linker = Linker.nativeLinker();
      return linker
          .defaultLookup()
          .find("setpriority")
          .map(
              f ->
                  linker.downcallHandle(
                      f,
                      FunctionDescriptor.of(
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT,
                          ValueLayout.JAVA_INT)))
          .orElse(null);
    } catch (RuntimeException | LinkageError e) {
      return null; // no native access: training runs at normal priority
    }
  }

  /** Lowers the calling thread's priority; true when it took effect. */
  static boolean lowerCurrentThread() {
    return lower(0);
  }

  /** Lowers a thread of this process by its Linux thread id (0: the calling thread). */
  static boolean lower(int tid) {
    if (SETPRIORITY == null) {
      return false;
    }
    try {
      return (int) SETPRIORITY.invokeExact(0, tid, NICE) == 0;
    } catch (Throwable t) {
      return false;
    }
  }

  /**
   * Lowers the JIT compiler threads of this JVM (HotSpot names them "C1 CompilerThread0", "C2
   * CompilerThread1", ...) to nice 10 where they run at a higher priority; the compiler threads
   * HotSpot adds later are started by these and inherit it. The threads are listed again until a
   * pass finds none left to lower, for one added meanwhile. Returns how many were lowered.
   */
  static int lowerCompilerThreads() {
    int lowered = 0;
    for (int pass = 0; pass < 3; pass++) {
      int now = 0;
      for (int[] thread : compilerThreads()) {
        if (thread[1] < NICE && lower(thread[0])) {
          now++;
        }
      }
      lowered += now;
      if (now == 0) {
        break;
      }
    }
    return lowered;
  }

  /** The compiler threads as {thread id, nice}, from /proc; none where there is no /proc. */
  static java.util.List<int[]> compilerThreads() {
    java.util.List<int[]> out = new java.util.ArrayList<>();
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      for (var task : tasks.toList()) {
        String stat;
        try {
          stat = java.nio.file.Files.readString(task.resolve("stat"));
        } catch (java.io.IOException e) {
          continue; // the thread ended meanwhile
        }
        // "tid (comm) state ppid ...": nice is the 19th field, the 17th after the comm
        int close = stat.lastIndexOf(')');
        String name = stat.substring(stat.indexOf('(') + 1, close);
        if (name.matches("C[12] CompilerThre.*")) {
          String[] rest = stat.substring(close + 2).split(" ");
          out.add(
              new int[] {
                Integer.parseInt(task.getFileName().toString()), Integer.parseInt(rest[16])
              });
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return out;
    }
    return out;
  }
}
