package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import java.util.Collection;

/**
 * torch.nn.utils.clip_grad_norm_: scales all gradients together so their global L2 norm is at most
 * maxNorm (DJL's optClipGrad only clamps values from above, DESIGN §7).
 */
public final class GradientClipping {
  private GradientClipping() {}

  /** Returns the norm before clipping. Engine thread, gradients off. */
  public static double clipGlobalNorm(Collection<NDArray> parameters, double maxNorm) {
    double sumSquares = 0;
    for (NDArray p : parameters) {
      try (NDArray g = p.getGradient();
          NDArray sq = g.square();
          NDArray s = sq.sum()) {
        sumSquares += s.getFloat();
      }
    }
    double norm = Math.sqrt(sumSquares);
    double scale = maxNorm / (norm + 1e-6);
    if (scale < 1) {
      for (NDArray p : parameters) {
        try (NDArray g = p.getGradient()) {
          g.muli(scale); // the wrapper shares the gradient's storage, so this scales it in place
        }
      }
    }
    return norm;
  }
}
