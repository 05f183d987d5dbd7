package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerbench.engine.graph.Args;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;

/**
 * Each layer type's PyTorch module as a constructor call with the non-default arguments only, as a
 * person writes it ({@code nn.Conv2d(3, 64, kernel_size=7, stride=2, padding=3, bias=False)}), and
 * Python literals. {@link PyTorchCode} places these in {@code __init__} and {@code nn.Sequential}.
 */
final class PyTorchModules {
  private PyTorchModules() {}

  /** Whether a layer is written as an expression in forward rather than as a submodule. */
  static boolean functional(LayerType t) {
    return switch (t) {
      case INPUT, ADD, CONCAT, FLATTEN, RESHAPE, GLOBAL_AVGPOOL -> true;
      default -> false;
    };
  }

  /** The constructor call of a node's module ({@code nn.Conv2d(3, 64, kernel_size=7, …)}). */
  static String constructor(NodeReport r, boolean inChain) {
    LayerType t = r.node().type();
    Args a = t.args(r.node().params());
    List<String> args = new ArrayList<>();
    switch (t) {
      case LINEAR -> {
        args.add(String.valueOf(r.inferred().get("in_features")));
        args.add(String.valueOf(a.integer("out_features")));
        flag(args, a, "bias", true);
      }
      case CONV1D, CONV2D -> {
        args.add(String.valueOf(r.inferred().get("in_channels")));
        args.add(String.valueOf(a.integer("out_channels")));
        args.add("kernel_size=" + tuple(a.tuple("kernel_size")));
        tupleUnless(args, a, "stride", 1);
        tupleUnless(args, a, "padding", 0);
        tupleUnless(args, a, "dilation", 1);
        if (a.integer("groups") != 1) {
          args.add("groups=" + a.integer("groups"));
        }
        flag(args, a, "bias", true);
      }
      case MAXPOOL1D, MAXPOOL2D, AVGPOOL1D, AVGPOOL2D -> {
        args.add("kernel_size=" + tuple(a.tuple("kernel_size")));
        if (a.value("stride") != null) {
          args.add("stride=" + tuple(a.tuple("stride")));
        }
        tupleUnless(args, a, "padding", 0);
        if (t == LayerType.MAXPOOL1D || t == LayerType.MAXPOOL2D) {
          tupleUnless(args, a, "dilation", 1);
        } else {
          flag(args, a, "count_include_pad", true);
        }
        flag(args, a, "ceil_mode", false);
      }
      case ADAPTIVE_AVGPOOL2D -> {
        int[] s = a.tuple("output_size");
        args.add("(" + s[0] + ", " + s[1] + ")");
      }
      case GLOBAL_AVGPOOL -> {
        int rank = r.inputs().getFirst().rank();
        String pool = rank == 2 ? "nn.AdaptiveAvgPool1d(1)" : "nn.AdaptiveAvgPool2d(1)";
        if (rank > 3) {
          pool = "nn.AdaptiveAvgPool3d(1)";
        }
        return "nn.Sequential(" + pool + ", nn.Flatten())";
      }
      case BATCHNORM1D, BATCHNORM2D -> {
        args.add(String.valueOf(r.inferred().get("num_features")));
        realUnless(args, a, "eps", 1e-5);
        realUnless(args, a, "momentum", 0.1);
        flag(args, a, "affine", true);
        flag(args, a, "track_running_stats", true);
      }
      case LAYERNORM -> {
        @SuppressWarnings("unchecked")
        List<Integer> shape = (List<Integer>) r.inferred().get("normalized_shape");
        args.add(String.valueOf(shape.getFirst()));
        realUnless(args, a, "eps", 1e-5);
        flag(args, a, "elementwise_affine", true);
      }
      case DROPOUT -> args.add("p=" + py(a.real("p")));
      case LEAKY_RELU -> {
        if (a.real("negative_slope") != 0.01) {
          args.add("negative_slope=" + py(a.real("negative_slope")));
        }
      }
      case GELU -> {
        if (!a.string("approximate").equals("none")) {
          args.add("approximate=" + str(a.string("approximate")));
        }
      }
      case SOFTMAX, LOG_SOFTMAX -> args.add("dim=" + a.integer("dim"));
      case FLATTEN -> {
        int s = a.integer("start_dim");
        int e = a.integer("end_dim");
        if (s != 1 || e != -1) {
          args.add(String.valueOf(s));
          args.add(String.valueOf(e));
        }
      }
      case RESHAPE -> {
        List<String> dims = r.output().dims().stream().map(String::valueOf).toList();
        return "nn.Unflatten(1, (" + String.join(", ", dims) + (dims.size() == 1 ? ",)" : "))");
      }
      case EMBEDDING -> {
        args.add(String.valueOf(a.integer("num_embeddings")));
        args.add(String.valueOf(a.integer("embedding_dim")));
        if (a.optionalInteger("padding_idx") != null) {
          args.add("padding_idx=" + a.optionalInteger("padding_idx"));
        }
      }
      case RNN, LSTM, GRU -> {
        args.add(String.valueOf(r.inferred().get("input_size")));
        args.add(String.valueOf(a.integer("hidden_size")));
        if (a.integer("num_layers") != 1) {
          args.add("num_layers=" + a.integer("num_layers"));
        }
        if (t == LayerType.RNN && !a.string("nonlinearity").equals("tanh")) {
          args.add("nonlinearity=" + str(a.string("nonlinearity")));
        }
        flag(args, a, "bias", true);
        args.add("batch_first=True");
        if (a.real("dropout") != 0) {
          args.add("dropout=" + py(a.real("dropout")));
        }
        flag(args, a, "bidirectional", false);
      }
      default -> {}
    }
    if (!inChain && functional(t)) {
      throw new IllegalStateException(t + " is functional outside a Sequential");
    }
    return "nn." + t.typeName() + "(" + String.join(", ", args) + ")";
  }

  private static void flag(List<String> args, Args a, String name, boolean dflt) {
    if (a.bool(name) != dflt) {
      args.add(name + "=" + (a.bool(name) ? "True" : "False"));
    }
  }

  private static void tupleUnless(List<String> args, Args a, String name, int dflt) {
    int[] v = a.tuple(name);
    boolean isDefault = true;
    for (int i : v) {
      isDefault &= i == dflt;
    }
    if (!isDefault) {
      args.add(name + "=" + tuple(v));
    }
  }

  private static void realUnless(List<String> args, Args a, String name, double dflt) {
    if (a.real(name) != dflt) {
      args.add(name + "=" + py(a.real(name)));
    }
  }

  /** One number when all are equal (PyTorch expands it), else a tuple. */
  private static String tuple(int[] v) {
    boolean same = true;
    for (int i : v) {
      same &= i == v[0];
    }
    if (same) {
      return String.valueOf(v[0]);
    }
    List<String> parts = new ArrayList<>();
    for (int i : v) {
      parts.add(String.valueOf(i));
    }
    return "(" + String.join(", ", parts) + ")";
  }

  /** A Python float literal that reads back as the same double. */
  static String py(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%.1f", v);
    }
    return Double.toString(v).replace('E', 'e');
  }

  /** A Python string literal. */
  static String str(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }
}
