package org.layerbench.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
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
    try {
      Engine.getEngine("PyTorch");
    } catch (RuntimeException | LinkageError e) {
      throw new EngineUnavailableException(unavailable(e), e);
    }
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
