package org.layerbench.engine.nn;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The C allocator that holds libtorch's CPU tensors. The launchers choose it before the process
 * starts (bin/malloc-env.sh): tcmalloc when installed, else glibc told to keep freed memory for the
 * next step (one arena, no mmap, no trimming); with glibc's defaults each step of a large model
 * faults its tensors in afresh. Memory kept that way stays resident after a run, so the engine
 * gives it back when it goes idle ({@link #release()}).
 */
public final class NativeHeap {
  private static final Linker LINKER = Linker.nativeLinker();

  private NativeHeap() {}

  /** Which allocator serves the process, and how, in a few words (run.json's "allocator"). */
  public static String describe() {
    return describe(mappedLibraries(), System.getenv());
  }

  static String describe(String maps, Map<String, String> env) {
    if (maps.contains("libtcmalloc")) {
      return "tcmalloc";
    }
    if (maps.contains("libjemalloc")) {
      return "jemalloc";
    }
    boolean keeps =
        "1".equals(env.get("MALLOC_ARENA_MAX"))
            && "0".equals(env.get("MALLOC_MMAP_MAX_"))
            && env.containsKey("MALLOC_TRIM_THRESHOLD_");
    return keeps ? "glibc, keeping freed memory" : "glibc defaults";
  }

  /**
   * Returns free memory the allocator keeps to the system (glibc's {@code malloc_trim(0)},
   * tcmalloc's {@code MallocExtension_ReleaseFreeMemory}); tensors in use are untouched. Returns
   * whether an allocator was asked; never throws.
   */
  public static boolean release() {
    try {
      MethodHandle release = Release.HANDLE;
      if (release == null) {
        return false;
      }
      release.invokeExact();
      return true;
    } catch (Throwable e) {
      return false;
    }
  }

  /** The release call, resolved once: tcmalloc's when the loader preloaded it, else glibc's. */
  private static final class Release {
    static final MethodHandle HANDLE = find();

    private static MethodHandle find() {
      // Never loaded here: only a preloaded tcmalloc serves malloc.
      var tcmalloc = loaded("libtcmalloc_minimal.so.4");
      if (tcmalloc.isPresent()) {
        return tcmalloc
            .get()
            .find("MallocExtension_ReleaseFreeMemory")
            .map(f -> LINKER.downcallHandle(f, FunctionDescriptor.ofVoid()))
            .orElse(null);
      }
      return LINKER
          .defaultLookup()
          .find("malloc_trim")
          .map(
              f ->
                  MethodHandles.dropReturn(
                      MethodHandles.insertArguments(
                          LINKER.downcallHandle(
                              f,
                              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG)),
                          0,
                          0L)))
          .orElse(null);
    }
  }

  /**
   * The symbols of a library this process has already loaded, by its soname; empty when none by
   * that name is mapped, since looking up a name that is not loaded would load a copy from the
   * system's folders. By soname, the copy loaded is found even when its package was upgraded since
   * (its path then reads "(deleted)"); this only takes another reference to it, kept for the life
   * of the process as the loader keeps the library anyway.
   */
  public static java.util.Optional<SymbolLookup> loaded(String soname) {
    if (!isLoaded(soname)) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(SymbolLookup.libraryLookup(soname, Arena.global()));
  }

  /** Whether a library of that file name is mapped into this process; loads nothing. */
  public static boolean isLoaded(String soname) {
    return isMapped("/" + soname);
  }

  /**
   * Whether a library whose file name contains {@code name} is mapped into this process (from
   * /proc/self/maps; false where there is none). Looking a library up by soname when it is not
   * loaded would load a copy from the system's folders.
   */
  private static boolean isMapped(String name) {
    return mappedLibraries().contains(name);
  }

  private static String mappedLibraries() {
    try {
      return Files.readString(Path.of("/proc/self/maps"));
    } catch (IOException | UnsupportedOperationException e) {
      return "";
    }
  }
}
