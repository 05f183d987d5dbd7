package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.layerbench.engine.graph.LayerType;

/**
 * LSTM, GRU and RNN over a padded batch whose sequences have their own lengths, computing what
 * {@code pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)} → the layer →
 * {@code pad_packed_sequence(..., total_length=T)} computes in PyTorch, with ATen's fused kernels
 * ({@link Recurrent#kernel}) rather than step by step.
 *
 * <p>Per layer and direction, one single-layer kernel call over the whole padded batch. The forward
 * direction's state at a sequence's last real step is not touched by the padding after it, so h_n
 * is the output gathered at {@code length − 1}. The reverse direction is the forward kernel, with
 * the reverse weights, over each sequence reversed within its length (an index gather; padding
 * stays behind), which starts at the last real token with a zero state as a packed reverse pass
 * does; its h_n is gathered the same way and its output is un-reversed by the same gather. Outputs
 * at padded steps are multiplied by zero, as pad_packed_sequence pads, so no gradient reaches the
 * steps the kernel ran past a sequence's end. The layers' outputs feed the next layer, with dropout
 * between them while training, as in nn.LSTM.
 */
final class RaggedRecurrent {
  private RaggedRecurrent() {}

  /**
   * @param params per layer and direction w_ih, w_hh (and b_ih, b_hh with bias), torch's order
   * @param lengths int64 [batch], each between 1 and T
   * @return the output (batch, T, hidden·dirs) with zeros at padded steps, and h_n (layers·dirs,
   *     batch, hidden)
   */
  static NDList forward(
      LayerType type,
      boolean relu,
      NDArray x,
      NDArray lengths,
      NDList params,
      boolean bias,
      int layers,
      int dirs,
      int hidden,
      double dropout,
      boolean training) {
    int perDirection = bias ? 4 : 2;
    long batch = x.getShape().get(0);
    long steps = x.getShape().get(1);
    NDManager m = x.getManager();
    NDArray length = lengths.toType(DataType.INT64, false).reshape(batch, 1);
    NDArray t = m.arange(0, (int) steps, 1, DataType.INT64).reshape(1, steps);
    NDArray real = length.gt(t);
    // reversed[b, t] = length − 1 − t within the length, t after it: its own inverse
    NDArray reversed =
        NDArrays.where(real, length.sub(1).sub(t), t.broadcast(new Shape(batch, steps)));
    NDArray keepOutput = real.toType(x.getDataType(), false).reshape(batch, steps, 1);
    NDArray last = length.sub(1).reshape(batch, 1, 1).broadcast(new Shape(batch, 1, hidden));
    NDArray reversedOut = alongSteps(reversed, hidden);
    NDList hn = new NDList();
    NDArray layerIn = x;
    for (int l = 0; l < layers; l++) {
      NDList directions = new NDList();
      for (int d = 0; d < dirs; d++) {
        int at = (l * dirs + d) * perDirection;
        NDList own = new NDList();
        for (int i = 0; i < perDirection; i++) {
          own.add(params.get(at + i));
        }
        NDArray in = d == 0 ? layerIn : layerIn.gather(alongSteps(reversed, width(layerIn)), 1);
        NDArray out = Recurrent.kernel(type, relu, in, own, bias, 1, 1, hidden, 0, training).get(0);
        hn.add(out.gather(last, 1).squeeze(1));
        if (d == 1) {
          out = out.gather(reversedOut, 1);
        }
        directions.add(out.mul(keepOutput));
      }
      layerIn = dirs == 1 ? directions.get(0) : NDArrays.concat(directions, 2);
      if (training && dropout > 0 && l < layers - 1) {
        layerIn = JniUtils.dropout(Network.pt(layerIn), dropout, true);
      }
    }
    return new NDList(layerIn, NDArrays.stack(hn, 0));
  }

  private static long width(NDArray a) {
    return a.getShape().get(2);
  }

  /** A [batch, T] index of steps repeated over a last dimension of the given width, for gather. */
  private static NDArray alongSteps(NDArray index, long width) {
    Shape s = index.getShape();
    return index.reshape(s.get(0), s.get(1), 1).broadcast(new Shape(s.get(0), s.get(1), width));
  }
}
