package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * A child JVM for {@link EnginesTest}: a convolution too small for oneDNN (one image of 8×8, 3×3
 * kernel, no gradient), which libtorch hands to NNPACK's test.
 */
public final class NnpackQuietMain {
  private NnpackQuietMain() {}

  public static void main(String[] args) {
    Engines.ensureStarted();
    JniUtils.setGradMode(false);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.randomNormal(new Shape(1, 3, 8, 8));
      NDArray w = m.randomNormal(new Shape(4, 3, 3, 3));
      for (int i = 0; i < 3; i++) {
        JniUtils.convolution(
            (PtNDArray) x,
            (PtNDArray) w,
            null,
            new Shape(1, 1),
            new Shape(1, 1),
            new Shape(1, 1),
            1);
      }
    }
    System.out.println("convolved");
  }
}
