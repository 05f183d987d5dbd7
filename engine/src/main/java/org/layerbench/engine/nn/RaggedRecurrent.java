package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import org.layerbench.engine.graph.LayerType;

/**
 * LSTM, GRU and RNN over a padded batch whose sequences have their own lengths, computing what
 * {@code pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)} → the layer →
 * {@code pad_packed_sequence(..., total_length=T)} computes in PyTorch. Every step runs on the
 * whole batch, and a sequence's state is held (not updated) at steps past its length: the forward
 * direction's state therefore stops at the last real token, and the reverse direction, which walks
 * from T−1 down, stays at its zero initial state until it reaches the last real token, which is
 * where a packed reverse pass starts. Outputs at padded steps are zero, as pad_packed_sequence
 * pads. Holding uses {@code torch.where}, so a held state is the same float and gets no gradient
 * from the step it skipped.
 *
 * <p>The cells are ATen's (LSTMCell, GRUCell, RNN{Tanh,ReLU}Cell) with the input projection of
 * every step computed at once, as ATen's CPU kernels do; the LSTM path is step by step for the
 * reason given on {@link Recurrent}.
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
    int steps = (int) x.getShape().get(1);
    // real[b, t] = t < lengths[b]; one [batch, hidden] view per step (DJL's where does not
    // broadcast), shared by layers and directions
    NDArray real =
        lengths
            .toType(DataType.INT64, false)
            .reshape(batch, 1)
            .gt(x.getManager().arange(0, steps, 1, DataType.INT64).reshape(1, steps));
    NDArray[] realAt = new NDArray[steps];
    for (int t = 0; t < steps; t++) {
      realAt[t] = real.get(new NDIndex(":, {}:{}", t, t + 1)).broadcast(new Shape(batch, hidden));
    }
    NDArray keepOutput = real.toType(x.getDataType(), false).reshape(batch, steps, 1);
    NDList hn = new NDList();
    NDArray layerIn = x;
    for (int l = 0; l < layers; l++) {
      NDList directions = new NDList();
      for (int d = 0; d < dirs; d++) {
        int at = (l * dirs + d) * perDirection;
        NDArray wIh = params.get(at);
        NDArray wHh = params.get(at + 1);
        NDArray bIh = bias ? params.get(at + 2) : null;
        NDArray bHh = bias ? params.get(at + 3) : null;
        NDArray projected =
            JniUtils.linear(Network.pt(layerIn), Network.pt(wIh), Network.ptOrNull(bIh));
        // one split rather than a slice per step: each slice's backward would write a zero tensor
        // the size of the whole projection, T times over
        NDList perStep = projected.split(steps, 1);
        NDArray h = x.getManager().zeros(new Shape(batch, hidden), x.getDataType());
        NDArray c = type == LayerType.LSTM ? h : null;
        NDArray[] outputs = new NDArray[steps];
        for (int s = 0; s < steps; s++) {
          int t = d == 0 ? s : steps - 1 - s;
          NDArray fromInput = perStep.get(t).squeeze(1);
          NDArray fromState =
              JniUtils.linear(Network.pt(h), Network.pt(wHh), Network.ptOrNull(bHh));
          NDArray next;
          if (type == LayerType.LSTM) {
            NDList g = fromState.add(fromInput).split(4, 1);
            NDArray cNext = sigmoid(g.get(1)).mul(c).add(sigmoid(g.get(0)).mul(tanh(g.get(2))));
            next = sigmoid(g.get(3)).mul(tanh(cNext));
            c = NDArrays.where(realAt[t], cNext, c);
          } else if (type == LayerType.GRU) {
            // ATen's GRUCell: r, z from both projections; n = tanh(x_n + r·h_n); h' = (h − n)·z + n
            NDList gi = fromInput.split(3, 1);
            NDList gh = fromState.split(3, 1);
            NDArray reset = sigmoid(gi.get(0).add(gh.get(0)));
            NDArray update = sigmoid(gi.get(1).add(gh.get(1)));
            NDArray candidate = tanh(gi.get(2).add(gh.get(2).mul(reset)));
            next = h.sub(candidate).mul(update).add(candidate);
          } else {
            NDArray sum = fromInput.add(fromState);
            next = relu ? JniUtils.relu(Network.pt(sum)) : tanh(sum);
          }
          h = NDArrays.where(realAt[t], next, h);
          outputs[t] = next;
        }
        directions.add(NDArrays.stack(new NDList(outputs), 1).mul(keepOutput));
        hn.add(h);
      }
      layerIn = dirs == 1 ? directions.get(0) : NDArrays.concat(directions, 2);
      if (training && dropout > 0 && l < layers - 1) {
        layerIn = JniUtils.dropout(Network.pt(layerIn), dropout, true);
      }
    }
    return new NDList(layerIn, NDArrays.stack(hn, 0));
  }

  private static NDArray sigmoid(NDArray a) {
    return JniUtils.sigmoid(Network.pt(a));
  }

  private static NDArray tanh(NDArray a) {
    return JniUtils.tanh(Network.pt(a));
  }
}
