package org.layerbench.app.gui.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.ParamSpec;
import org.layerbench.engine.graph.Params;

/** The short texts a node box shows: its key parameters and its parameter count. */
public final class NodeText {
  private NodeText() {}

  /**
   * Key parameters in the form people write them: {@code 64 ch · 3×3 · /2 · pad 1} for a
   * convolution, {@code → 10} for a Linear, {@code p 0.2} for Dropout.
   */
  public static String keyParams(Node n) {
    Params p = n.params();
    List<String> parts = new ArrayList<>();
    switch (n.type()) {
      case INPUT -> parts.add(tuple(value(n, "shape"), 0));
      case LINEAR -> parts.add("→ " + value(n, "out_features"));
      case CONV1D, CONV2D -> {
        int arity = n.type().param("kernel_size").arity();
        parts.add(value(n, "out_channels") + " ch");
        parts.add(tuple(value(n, "kernel_size"), arity));
        stride(n, arity, parts);
        if (!"0".equals(String.valueOf(value(n, "padding")))) {
          parts.add("pad " + tuple(value(n, "padding"), 0));
        }
        if (!"1".equals(String.valueOf(value(n, "groups")))) {
          parts.add("groups " + value(n, "groups"));
        }
      }
      case MAXPOOL1D, MAXPOOL2D, AVGPOOL1D, AVGPOOL2D -> {
        int arity = n.type().param("kernel_size").arity();
        parts.add(tuple(value(n, "kernel_size"), arity));
        stride(n, arity, parts);
        if (!"0".equals(String.valueOf(value(n, "padding")))) {
          parts.add("pad " + tuple(value(n, "padding"), 0));
        }
      }
      case ADAPTIVE_AVGPOOL2D -> parts.add("→ " + tuple(value(n, "output_size"), 2));
      case DROPOUT -> parts.add("p " + value(n, "p"));
      case EMBEDDING -> parts.add(value(n, "num_embeddings") + " × " + value(n, "embedding_dim"));
      case RNN, LSTM, GRU -> {
        parts.add("hidden " + value(n, "hidden_size"));
        if (!"1".equals(String.valueOf(value(n, "num_layers")))) {
          parts.add(value(n, "num_layers") + " layers");
        }
        if (Boolean.TRUE.equals(value(n, "bidirectional"))) {
          parts.add("bidir");
        }
      }
      default ->
          p.values().forEach((k, v) -> parts.add(k.replace('_', ' ') + " " + ParamText.format(v)));
    }
    return String.join(" · ", parts);
  }

  private static void stride(Node n, int arity, List<String> parts) {
    Object s = value(n, "stride");
    if (s != null && !"1".equals(String.valueOf(s))) {
      parts.add("/" + tuple(s, 0));
    }
  }

  /** The given value, else the schema default. */
  static Object value(Node n, String name) {
    if (n.params().has(name)) {
      return n.params().get(name);
    }
    return n.type().findParam(name).map(ParamSpec::defaultValue).orElse(null);
  }

  /** 3 with arity 2 → 3×3; [3, 5] → 3×5. */
  static String tuple(Object v, int arity) {
    if (v instanceof List<?> l) {
      return String.join("×", l.stream().map(String::valueOf).toList());
    }
    if (arity == 2) {
      return v + "×" + v;
    }
    return String.valueOf(v);
  }

  /** 1,234 → "1.2k params"; small counts in full; 0 → "no params". */
  public static String paramCount(long n) {
    if (n == 0) {
      return "no params";
    }
    if (n < 10_000) {
      return n + " params";
    }
    if (n < 1_000_000) {
      return String.format(Locale.ROOT, "%.1fk params", n / 1e3);
    }
    return String.format(Locale.ROOT, "%.2fM params", n / 1e6);
  }
}
