package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.BiFunction;
import org.layerbench.engine.graph.Args;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;

/**
 * RNN and GRU through ATen's fused kernels, fed our tensors in PyTorch's flat-weight order (per
 * layer, per direction: w_ih, w_hh, b_ih, b_hh), which is what nn.LSTM, nn.RNN and nn.GRU pass to
 * {@code _VF}; DJL's own blocks order them differently and break bidirectional with bias. The LSTM
 * runs with libtorch's oneDNN switched off for the call (see {@link #lstm} for why).
 *
 * <p>With sequence lengths (a padded batch of ragged sequences) shorter than the batch's steps, all
 * three go through {@link RaggedRecurrent}, which computes what PyTorch computes on a packed
 * sequence; without them, or when every sequence fills the batch, the code path is this one.
 */
final class Recurrent {
  private Recurrent() {}

  static NDArray forward(
      NodeReport r,
      Args a,
      NDArray x,
      NDArray lengths,
      BiFunction<NodeReport, String, NDArray> tensor,
      boolean training) {
    int layers = a.integer("num_layers");
    boolean bias = a.bool("bias");
    boolean bidirectional = a.bool("bidirectional");
    int dirs = bidirectional ? 2 : 1;
    int hidden = a.integer("hidden_size");
    double dropout = a.real("dropout");
    NDList params = new NDList();
    for (int l = 0; l < layers; l++) {
      for (int d = 0; d < dirs; d++) {
        String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
        params.add(tensor.apply(r, "weight_ih" + sfx));
        params.add(tensor.apply(r, "weight_hh" + sfx));
        if (bias) {
          params.add(tensor.apply(r, "bias_ih" + sfx));
          params.add(tensor.apply(r, "bias_hh" + sfx));
        }
      }
    }
    long batch = x.getShape().get(0);
    NDList out;
    LayerType type = r.node().type();
    if (ragged(lengths, x)) {
      out =
          RaggedRecurrent.forward(
              type,
              type == LayerType.RNN && a.string("nonlinearity").equals("relu"),
              x,
              lengths,
              params,
              bias,
              layers,
              dirs,
              hidden,
              dropout,
              training);
      return result(a, out, layers, dirs, batch, hidden);
    }
    out =
        kernel(
            type,
            type == LayerType.RNN && a.string("nonlinearity").equals("relu"),
            x,
            params,
            bias,
            layers,
            dirs,
            hidden,
            dropout,
            training);
    return result(a, out, layers, dirs, batch, hidden);
  }

  /**
   * The whole layer over every step of x (batch first, zero initial state) in ATen's fused kernel
   * for its type: torch::lstm with oneDNN off ({@link WithoutOneDnn}; step by step from the same
   * ops where that switch is not found), torch::gru, torch::rnn_tanh / rnn_relu.
   *
   * @param params per layer and direction w_ih, w_hh (and b_ih, b_hh with bias), torch's order
   * @return the output (batch, steps, hidden·dirs) and h_n (layers·dirs, batch, hidden), then c_n
   *     for an LSTM
   */
  static NDList kernel(
      LayerType type,
      boolean relu,
      NDArray x,
      NDList params,
      boolean bias,
      int layers,
      int dirs,
      int hidden,
      double dropout,
      boolean training) {
    boolean bidirectional = dirs == 2;
    NDArray h0 =
        x.getManager()
            .zeros(new Shape(layers * dirs, x.getShape().get(0), hidden), x.getDataType());
    if (type == LayerType.LSTM) {
      if (!WithoutOneDnn.available()) {
        return lstm(x, params, bias, layers, dirs, hidden, dropout, training);
      }
      NDList state = new NDList(h0, h0);
      return WithoutOneDnn.call(
          () ->
              JniUtils.lstm(
                  Network.pt(x),
                  state,
                  params,
                  bias,
                  layers,
                  dropout,
                  training,
                  bidirectional,
                  true));
    }
    if (type == LayerType.GRU) {
      return JniUtils.gru(
          Network.pt(x),
          Network.pt(h0),
          params,
          bias,
          layers,
          dropout,
          training,
          bidirectional,
          true);
    }
    return JniUtils.rnn(
        Network.pt(x),
        Network.pt(h0),
        params,
        bias,
        layers,
        relu ? RNN.Activation.RELU : RNN.Activation.TANH,
        dropout,
        training,
        bidirectional,
        true);
  }

  /** Whether some sequence is shorter than the batch's steps (dim 1 of x). */
  private static boolean ragged(NDArray lengths, NDArray x) {
    return lengths != null
        && lengths.min().toType(DataType.INT64, false).getLong() < x.getShape().get(1);
  }

  private static NDArray result(Args a, NDList out, int layers, int dirs, long batch, int hidden) {
    if (a.string("output").equals("sequence")) {
      return out.get(0);
    }
    // final_hidden: h_n of the last layer, both directions side by side → (batch, hidden·dirs).
    NDArray hn = out.get(1);
    NDArray lastLayer = hn.get((layers - 1) * dirs + ":");
    return lastLayer.transpose(1, 0, 2).reshape(batch, (long) hidden * dirs);
  }

  /**
   * nn.LSTM (batch_first, zero initial state) the way ATen's CPU kernel computes it, for a libtorch
   * whose oneDNN switch {@link WithoutOneDnn} cannot reach: per layer and direction, the input
   * projection x·W_ihᵀ + b_ih for every step at once, then per step gates = that + h·W_hhᵀ + b_hh
   * split into (i, f, g, o), c = σ(f)·c + σ(i)·tanh(g), h = σ(o)·tanh(c); the reverse direction
   * walks the steps backwards; dropout between layers while training.
   *
   * <p>Not {@code torch::lstm}: libtorch 2.7 hands float32 LSTMs on the CPU to oneDNN (3.7.1; its
   * brgemm AVX-512 kernel on our AMD EPYC, as ONEDNN_VERBOSE=1 shows), which gives wrong numbers
   * from the first step on: outputs 0.07 away from torch 1.13's nn.LSTM for one layer, logits 0.16
   * away for a 2-layer bidirectional one, and with hidden_size 1 the input weights count for
   * nothing (golden/kernels.json, KernelGoldenTest). The same call in float64, which skips oneDNN,
   * agrees with torch, and so does the float32 call with oneDNN switched off ({@link #kernel}). RNN
   * and GRU have no oneDNN path and agree with torch as they are.
   *
   * @return the output (batch, steps, hidden·dirs), h_n and c_n (layers·dirs, batch, hidden)
   */
  private static NDList lstm(
      NDArray x,
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
    NDList hn = new NDList();
    NDList cn = new NDList();
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
        NDArray h = x.getManager().zeros(new Shape(batch, hidden), x.getDataType());
        NDArray c = x.getManager().zeros(new Shape(batch, hidden), x.getDataType());
        NDArray[] outputs = new NDArray[steps];
        for (int s = 0; s < steps; s++) {
          int t = d == 0 ? s : steps - 1 - s;
          NDArray gates =
              JniUtils.linear(Network.pt(h), Network.pt(wHh), Network.ptOrNull(bHh))
                  .add(projected.get(new NDIndex(":, {}", t)));
          NDList g = gates.split(4, 1);
          c =
              JniUtils.sigmoid(Network.pt(g.get(1)))
                  .mul(c)
                  .add(
                      JniUtils.sigmoid(Network.pt(g.get(0)))
                          .mul(JniUtils.tanh(Network.pt(g.get(2)))));
          h = JniUtils.sigmoid(Network.pt(g.get(3))).mul(JniUtils.tanh(Network.pt(c)));
          outputs[t] = h;
        }
        directions.add(NDArrays.stack(new NDList(outputs), 1));
        hn.add(h);
        cn.add(c);
      }
      layerIn = dirs == 1 ? directions.get(0) : NDArrays.concat(directions, 2);
      if (training && dropout > 0 && l < layers - 1) {
        layerIn = JniUtils.dropout(Network.pt(layerIn), dropout, true);
      }
    }
    return new NDList(layerIn, NDArrays.stack(hn, 0), NDArrays.stack(cn, 0));
  }
}
