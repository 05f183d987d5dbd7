package org.layerbench.engine.io.export;

import java.util.List;

/**
 * A constructor expression of model.py's {@code __init__} (a module, an {@code nn.Sequential}, a
 * group class's instance) and its layout: on one line when it fits 100 columns, otherwise one
 * argument per line, recursively, as black would write it.
 */
interface PyTorchExpr {
  int LINE = 100;

  /** The text on one line: what line lengths are measured on. */
  String inline();

  /** The same with the Code tab's tags (see {@link CodeTags}) in place. */
  String marked();

  /** A module's constructor; {@code tag} is its tracking tag, empty when not tracking. */
  record Leaf(String text, String tag) implements PyTorchExpr {
    @Override
    public String inline() {
      return text;
    }

    @Override
    public String marked() {
      return tag + text;
    }
  }

  record Arg(String keyword, PyTorchExpr value) {
    String inline() {
      return (keyword == null ? "" : keyword + "=") + value.inline();
    }

    String marked() {
      return (keyword == null ? "" : keyword + "=") + value.marked();
    }
  }

  /** {@code open} + arguments + {@code close}, broken over lines when too long. */
  record Call(String open, List<Arg> args, String close) implements PyTorchExpr {
    @Override
    public String inline() {
      List<String> parts = args.stream().map(Arg::inline).toList();
      String sep = open.endsWith(",") ? " " : "";
      return open + sep + String.join(", ", parts) + close;
    }

    @Override
    public String marked() {
      List<String> parts = args.stream().map(Arg::marked).toList();
      String sep = open.endsWith(",") ? " " : "";
      return open + sep + String.join(", ", parts) + close;
    }
  }

  /** {@code self.name = e} (or {@code self.add_module(...)} for a name that cannot), laid out. */
  static String assignment(String name, PyTorchExpr e, int indent) {
    String target = PythonNames.plain(name) ? "self." + name + " = " : null;
    StringBuilder sb = new StringBuilder(" ".repeat(indent));
    if (target != null) {
      sb.append(target);
      render(sb, e, indent, indent + target.length());
    } else {
      String open = "self.add_module(" + PyTorchModules.str(name) + ", ";
      sb.append(open);
      render(sb, e, indent, indent + open.length());
      sb.append(")");
    }
    return sb.append('\n').toString();
  }

  private static void render(StringBuilder sb, PyTorchExpr e, int indent, int column) {
    String inline = e.inline();
    if (!(e instanceof Call c) || column + inline.length() <= LINE) {
      sb.append(e.marked());
      return;
    }
    sb.append(c.open());
    for (Arg a : c.args()) {
      sb.append('\n').append(" ".repeat(indent + 4));
      String kw = a.keyword() == null ? "" : a.keyword() + "=";
      sb.append(kw);
      render(sb, a.value(), indent + 4, indent + 4 + kw.length());
      sb.append(',');
    }
    sb.append('\n').append(" ".repeat(indent)).append(c.close());
  }
}
