package org.layerbench.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Locale;

/** Starts DJL's PyTorch engine offline and picks devices and native thread counts. */
public final class Engines {
  private Engines() {}

  /**
   * Offline (no model-zoo or library downloads) and no usage tracking, before DJL starts.
   *
   * @throws EngineUnavailableException when PyTorch's natives cannot be loaded
   */
  public static synchronized void ensureStarted() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    MklOnAmd.enable(); // before libtorch loads, or it is too late
    try {
      Engine.getEngine("PyTorch");
    } catch (RuntimeException | LinkageError e) {
      throw new EngineUnavailableException(unavailable(e), e);
    }
    if (!nnpackOff && !Boolean.getBoolean("layerbench.nnpack")) {
      nnpackOff = true;
      disableNnpack();
    }
  }

  private static boolean nnpackOff;

  /**
   * Switches NNPACK off, as {@code torch.backends.nnpack.set_flags(False)} does. libtorch asks for
   * it whenever a convolution is too small for oneDNN (a batch of one at a small size: every
   * prediction of the sample's models, a ResNet's last layers), and where NNPACK cannot start (this
   * 2-core machine, whose CPU it calls unsupported) every such call printed "Could not initialize
   * NNPACK! Reason: Unsupported hardware." on standard error: three lines per {@code layerbench
   * predict} of CNNNet. Such convolutions then run on libtorch's own kernels, as they did after
   * NNPACK failed; where NNPACK would have started it only served batches of 16 or more (PyTorch's
   * condition). DJL has no call for it, so the C++ one is called by its symbol; when this libtorch
   * lacks it nothing changes but the printing. {@code -Dlayerbench.nnpack=true} leaves it on.
   *
   * @return whether NNPACK is now off
   */
  static boolean disableNnpack() {
    // Only the copy DJL loaded, never another libtorch.
    var loaded = org.layerbench.engine.nn.NativeHeap.loaded("libtorch_cpu.so");
    if (loaded.isEmpty()) {
      return false;
    }
    try {
      var torch = loaded.get();
      MethodHandle context =
          call(torch, "_ZN2at13globalContextEv", FunctionDescriptor.of(ValueLayout.ADDRESS));
      MethodHandle set =
          call(
              torch,
              "_ZN2at7Context20setUserEnabledNNPACKEb",
              FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.JAVA_BOOLEAN));
      MethodHandle get =
          call(
              torch,
              "_ZNK2at7Context17userEnabledNNPACKEv",
              FunctionDescriptor.of(ValueLayout.JAVA_BOOLEAN, ValueLayout.ADDRESS));
      MemorySegment ctx = (MemorySegment) context.invokeExact();
      set.invokeExact(ctx, false);
      return !(boolean) get.invokeExact(ctx);
    } catch (Throwable e) {
      return false; // another libtorch: its NNPACK stays as it was
    }
  }

  private static MethodHandle call(SymbolLookup lib, String symbol, FunctionDescriptor signature) {
    return Linker.nativeLinker().downcallHandle(lib.find(symbol).orElseThrow(), signature);
  }

  /** The reason, innermost cause included ("Offline mode is enabled"), and where DJL looked. */
  static String unavailable(Throwable e) {
    StringBuilder why = new StringBuilder("PyTorch's native libraries could not be loaded: ");
    why.append(e.getMessage() == null ? e.toString() : e.getMessage());
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root != e && root.getMessage() != null) {
      why.append(" (").append(root.getMessage()).append(')');
    }
    String env = System.getenv("PYTORCH_LIBRARY_PATH");
    String path = env != null ? env : System.getProperty("PYTORCH_LIBRARY_PATH");
    if (path != null) {
      why.append("; PYTORCH_LIBRARY_PATH=")
          .append(path)
          .append(" must name a folder that holds libtorch.so");
    }
    return why.toString();
  }

  /**
   * auto: the GPU when DJL sees one, else the CPU; gpu: refuses with a reason when there is none.
   */
  public static Device device(String choice) {
    ensureStarted();
    int gpus = Engine.getEngine("PyTorch").getGpuCount();
    return switch (choice.toLowerCase(Locale.ROOT)) {
      case "cpu" -> Device.cpu();
      case "gpu" -> {
        if (gpus == 0) {
          throw new IllegalArgumentException(
              "--device gpu: no GPU is visible to PyTorch (CUDA libtorch not configured or no driver); use --device cpu or auto");
        }
        yield Device.gpu();
      }
      case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
      default ->
          throw new IllegalArgumentException("unknown device '" + choice + "' (auto, cpu, gpu)");
    };
  }

  /** Sets PyTorch's intra-op threads; 0 keeps the default (the number of cores). */
  public static void threads(int threads) {
    ensureStarted();
    if (threads > 0) {
      JniUtils.setNumThreads(threads);
    }
  }
}
