package org.layerbench.app;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Optional;

/**
 * The process environment as native libraries see it (C's {@code getenv}), which {@link
 * System#getenv} only snapshots at start-up. PyTorch's OpenMP runtime (libgomp) reads {@code
 * OMP_WAIT_POLICY} once, when DJL loads it; a launcher that cannot set the environment (the
 * installed app's jpackage launcher) gets it set here, before any native library is loaded.
 */
final class NativeEnvironment {
  private static final Linker LINKER = Linker.nativeLinker();

  private NativeEnvironment() {}

  /**
   * Sets {@code name} unless the process already has it; returns whether it set it. Call it early
   * in {@code main}: glibc's {@code setenv} is not safe against other threads reading the
   * environment at the same moment.
   */
  static boolean setIfAbsent(String name, String value) {
    if (get(name).isPresent()) {
      return false;
    }
    try (Arena arena = Arena.ofConfined()) {
      MethodHandle setenv =
          LINKER.downcallHandle(
              libc("setenv"),
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT,
                  ValueLayout.ADDRESS,
                  ValueLayout.ADDRESS,
                  ValueLayout.JAVA_INT));
      // setenv copies both strings, so the arena may free them afterwards.
      int rc = (int) setenv.invokeExact(arena.allocateFrom(name), arena.allocateFrom(value), 0);
      return rc == 0;
    } catch (Throwable e) {
      // Without it the natives run with their default wait policy: slower under load, still right.
      return false;
    }
  }

  /** The variable as C's {@code getenv} returns it now. */
  static Optional<String> get(String name) {
    try (Arena arena = Arena.ofConfined()) {
      MethodHandle getenv =
          LINKER.downcallHandle(
              libc("getenv"), FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
      MemorySegment found = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
      if (found.equals(MemorySegment.NULL)) {
        return Optional.empty();
      }
      return Optional.of(found.reinterpret(Long.MAX_VALUE).getString(0));
    } catch (Throwable e) {
      return Optional.ofNullable(System.getenv(name));
    }
  }

  private static MemorySegment libc(String function) {
    return LINKER
        .defaultLookup()
        .find(function)
        .orElseThrow(() -> new UnsatisfiedLinkError("no " + function + " in the C library"));
  }
}
