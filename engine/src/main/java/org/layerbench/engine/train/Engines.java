package org.layerbench.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Locale;

/** Starts DJL's PyTorch engine offline and picks devices and native thread counts. */
public final class Engines {
  private Engines() {}

  /** Offline (no model-zoo or library downloads) and no usage tracking, before DJL starts. */
  public static synchronized void ensureStarted() {
    if (System.getProperty("ai.djl.offline") == null) {
      System.setProperty("ai.djl.offline", "true");
    }
    Engine.getEngine("PyTorch");
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
