package org.layerbench.engine.nn;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.function.Supplier;

/**
 * Runs a libtorch call with oneDNN switched off, as {@code with
 * torch.backends.mkldnn.flags(enabled=False)} does in Python: libtorch's own switch, {@code
 * at::globalContext().setUserEnabledMkldnn(bool)}, called through the exported C++ symbols of the
 * libtorch_cpu.so that DJL loaded, and switched back on in {@code finally}.
 *
 * <p>Why: ATen sends a float32 CPU {@code torch::lstm} to oneDNN whenever that switch is on ({@code
 * use_mkldnn} in aten/src/ATen/native/RNN.cpp, libtorch 2.7), and oneDNN 3.7.1's kernel gives wrong
 * numbers on our AMD CPUs (see {@link Recurrent}). With the switch off the same call runs ATen's
 * {@code _lstm_impl}, the code torch 1.13 runs, in float32. Only the duration of the call sees the
 * switch off: the autograd graph it leaves holds ordinary ATen ops, whose backward never asks the
 * switch, and convolutions, which do, never run inside it (all DJL work is on the one engine
 * thread). Where the symbols are missing (another libtorch build), {@link #available()} says so and
 * the caller computes another way.
 */
final class WithoutOneDnn {
  private WithoutOneDnn() {}

  /** Whether the switch was found in the loaded libtorch. */
  static boolean available() {
    return Switch.CONTEXT != null;
  }

  /** Whether libtorch's oneDNN switch is on now; call only when {@link #available()}. */
  static boolean oneDnnOn() {
    return Switch.enabled();
  }

  /** {@code body} with oneDNN off; call only when {@link #available()}. */
  static <T> T call(Supplier<T> body) {
    if (!Switch.enabled()) {
      return body.get();
    }
    Switch.set(false);
    try {
      return body.get();
    } finally {
      Switch.set(true);
    }
  }

  /** at::Context's switch, resolved once. */
  private static final class Switch {
    private static final MethodHandle SET;
    private static final MethodHandle GET;
    private static final MemorySegment CONTEXT;

    static {
      MethodHandle set = null;
      MethodHandle get = null;
      MemorySegment context = null;
      try {
        java.util.Optional<SymbolLookup> torch = NativeHeap.loaded("libtorch_cpu.so");
        if (torch.isPresent()) {
          Linker linker = Linker.nativeLinker();
          SymbolLookup lib = torch.get();
          MethodHandle global =
              linker.downcallHandle(
                  lib.find("_ZN2at13globalContextEv").orElseThrow(),
                  FunctionDescriptor.of(ValueLayout.ADDRESS));
          set =
              linker.downcallHandle(
                  lib.find("_ZN2at7Context20setUserEnabledMkldnnEb").orElseThrow(),
                  FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
          get =
              linker.downcallHandle(
                  lib.find("_ZNK2at7Context17userEnabledMkldnnEv").orElseThrow(),
                  FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
          context = (MemorySegment) global.invokeExact();
        }
      } catch (Throwable e) {
        set = null;
        get = null;
        context = null;
      }
      SET = set;
      GET = get;
      CONTEXT = context;
    }

    static boolean enabled() {
      try {
        return (boolean) GET.invokeExact(CONTEXT);
      } catch (Throwable e) {
        throw new IllegalStateException("libtorch's oneDNN switch could not be read", e);
      }
    }

    static void set(boolean on) {
      try {
        SET.invokeExact(CONTEXT, on);
      } catch (Throwable e) {
        throw new IllegalStateException("libtorch's oneDNN switch could not be set", e);
      }
    }
  }
}
