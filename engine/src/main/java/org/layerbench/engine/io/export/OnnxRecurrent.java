package org.layerbench.engine.io.export;

import static org.layerbench.engine.io.export.OnnxGraph.Attr.i;
import static org.layerbench.engine.io.export.OnnxGraph.Attr.ints;
import static org.layerbench.engine.io.export.OnnxGraph.Attr.s;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.layerbench.engine.graph.Args;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;

/**
 * RNN, LSTM and GRU as ONNX's operators, one per stacked layer as torch.onnx writes them.
 * LayerBench's layers are batch-first, ONNX's sequence-first; PyTorch stacks the gates of LSTM as
 * i,f,g,o and of GRU as r,z,n, where ONNX wants i,o,f,c and z,r,h (GRU with linear_before_reset=1,
 * which is PyTorch's r ⊙ (W_hn·h + b_hn)). W, R and B are written per layer under {@code
 * path/W_l{k}}, {@code path/R_l{k}}, {@code path/B_l{k}}, both directions stacked.
 */
final class OnnxRecurrent {
  private OnnxRecurrent() {}

  static String map(OnnxModelWriter w, NodeReport r, Args a, String x) throws ExportException {
    OnnxGraph g = w.graph();
    String p = r.path();
    LayerType type = r.node().type();
    int layers = a.integer("num_layers");
    boolean bias = a.bool("bias");
    int dirs = a.bool("bidirectional") ? 2 : 1;
    int hidden = a.integer("hidden_size");
    int gates = type == LayerType.LSTM ? 4 : type == LayerType.GRU ? 3 : 1;
    // ONNX gate block j is PyTorch's gate block order[j].
    int[] order =
        switch (type) {
          case LSTM -> new int[] {0, 3, 1, 2};
          case GRU -> new int[] {1, 0, 2};
          default -> new int[] {0};
        };
    String op =
        switch (type) {
          case LSTM -> "LSTM";
          case GRU -> "GRU";
          default -> "RNN";
        };

    String lens = w.sequenceLens(r); // null: every step is real
    String seq = g.op("Transpose", p, List.of(x), ints("perm", 1, 0, 2)); // [T, B, F]
    String lastHidden = null;
    for (int l = 0; l < layers; l++) {
      int in = l == 0 ? r.inputs().getFirst().dim(1) : hidden * dirs;
      float[] wAll = new float[dirs * gates * hidden * in];
      float[] rAll = new float[dirs * gates * hidden * hidden];
      float[] bAll = new float[dirs * 2 * gates * hidden];
      for (int d = 0; d < dirs; d++) {
        String sfx = "_l" + l + (d == 1 ? "_reverse" : "");
        reorder(
            w.data(r, "weight_ih" + sfx).floats(),
            order,
            hidden * in,
            wAll,
            d * gates * hidden * in);
        reorder(
            w.data(r, "weight_hh" + sfx).floats(),
            order,
            hidden * hidden,
            rAll,
            d * gates * hidden * hidden);
        if (bias) {
          int base = d * 2 * gates * hidden;
          reorder(w.data(r, "bias_ih" + sfx).floats(), order, hidden, bAll, base);
          reorder(w.data(r, "bias_hh" + sfx).floats(), order, hidden, bAll, base + gates * hidden);
        }
      }
      List<String> inputs = new ArrayList<>();
      inputs.add(seq);
      inputs.add(g.floats(p + "/W_l" + l, new long[] {dirs, gates * hidden, in}, wAll));
      inputs.add(g.floats(p + "/R_l" + l, new long[] {dirs, gates * hidden, hidden}, rAll));
      if (bias) {
        inputs.add(g.floats(p + "/B_l" + l, new long[] {dirs, 2L * gates * hidden}, bAll));
      }
      if (lens != null) {
        // sequence_lens: Y is zero after each end, Y_h the forward pass's state at the last real
        // step and the reverse pass's at step 0 (it starts at the last real step), as a packed
        // sequence gives in PyTorch.
        if (!bias) {
          inputs.add(""); // B left out
        }
        inputs.add(lens);
      }
      String y = g.fresh(p + "/" + op + "_l" + l + "_Y"); // [T, dirs, B, H]
      String yh = g.fresh(p + "/" + op + "_l" + l + "_Y_h"); // [dirs, B, H]
      OnnxGraph.NodeBuilder n =
          g.node(op, p, inputs, List.of(y, yh))
              .attr(i("hidden_size", hidden))
              .attr(s("direction", dirs == 2 ? "bidirectional" : "forward"));
      if (type == LayerType.GRU) {
        n.attr(i("linear_before_reset", 1));
      }
      if (type == LayerType.RNN && a.string("nonlinearity").equals("relu")) {
        n.attr(OnnxGraph.Attr.strings("activations", Collections.nCopies(dirs, "Relu")));
      }
      n.done();
      // [T, dirs, B, H] → [T, B, dirs·H], the next layer's input and PyTorch's output layout.
      String tbdh = g.op("Transpose", p, List.of(y), ints("perm", 0, 2, 1, 3));
      seq = g.op("Reshape", p, List.of(tbdh, g.longs(p + "/seq_shape", 0, 0, -1)));
      lastHidden = yh;
    }
    if (a.string("output").equals("sequence")) {
      return g.op("Transpose", p, List.of(seq), ints("perm", 1, 0, 2)); // [B, T, dirs·H]
    }
    // final_hidden: the last layer's h_n, both directions side by side → [B, dirs·H].
    String bdh = g.op("Transpose", p, List.of(lastHidden), ints("perm", 1, 0, 2));
    return g.op("Reshape", p, List.of(bdh, g.longs(p + "/hidden_shape", 0, -1)));
  }

  /** Copies gate blocks of {@code block} floats each from PyTorch's order into ONNX's. */
  private static void reorder(float[] src, int[] order, int block, float[] dst, int offset) {
    for (int j = 0; j < order.length; j++) {
      System.arraycopy(src, order[j] * block, dst, offset + j * block, block);
    }
  }
}
