package org.layerbench.engine.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.recurrent.RNN;
import ai.djl.pytorch.jni.JniUtils;
import java.util.function.BiFunction;
import org.layerbench.engine.graph.Args;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;

/**
 * RNN, LSTM and GRU through ATen's fused kernels, fed our tensors in PyTorch's flat-weight order
 * (per layer, per direction: w_ih, w_hh, b_ih, b_hh), which is what nn.LSTM passes to {@code
 * _VF.lstm}; DJL's own blocks order them differently and break bidirectional with bias.
 */
final class Recurrent {
  private Recurrent() {}

  static NDArray forward(
      NodeReport r,
      Args a,
      NDArray x,
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
    NDArray h0 = x.getManager().zeros(new Shape(layers * dirs, batch, hidden));
    NDList out;
    LayerType type = r.node().type();
    if (type == LayerType.LSTM) {
      NDArray c0 = x.getManager().zeros(new Shape(layers * dirs, batch, hidden));
      out =
          JniUtils.lstm(
              Network.pt(x),
              new NDList(h0, c0),
              params,
              bias,
              layers,
              dropout,
              training,
              bidirectional,
              true);
    } else if (type == LayerType.GRU) {
      out =
          JniUtils.gru(
              Network.pt(x),
              Network.pt(h0),
              params,
              bias,
              layers,
              dropout,
              training,
              bidirectional,
              true);
    } else {
      RNN.Activation act =
          a.string("nonlinearity").equals("relu") ? RNN.Activation.RELU : RNN.Activation.TANH;
      out =
          JniUtils.rnn(
              Network.pt(x),
              Network.pt(h0),
              params,
              bias,
              layers,
              act,
              dropout,
              training,
              bidirectional,
              true);
    }
    if (a.string("output").equals("sequence")) {
      return out.get(0);
    }
    // final_hidden: h_n of the last layer, both directions side by side → (batch, hidden·dirs).
    NDArray hn = out.get(1);
    NDArray lastLayer = hn.get((layers - 1) * dirs + ":");
    return lastLayer.transpose(1, 0, 2).reshape(batch, (long) hidden * dirs);
  }
}
