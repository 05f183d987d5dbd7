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
   * CompilerThread1", ...); the compiler threads HotSpot adds later are started by these and
   * inherit it. Returns how many were lowered.
   */
  static int lowerCompilerThreads() {
    int lowered = 0;
    try (var tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
      for (var task : tasks.toList()) {
        String name;
        try {
          name = java.nio.file.Files.readString(task.resolve("comm")).strip();
        } catch (java.io.IOException e) {
          continue; // the thread ended meanwhile
        }
        if (name.matches("C[12] CompilerThre.*")
            && lower(Integer.parseInt(task.getFileName().toString()))) {
          lowered++;
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      return lowered;
    }
    return lowered;
  }
}
