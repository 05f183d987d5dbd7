package org.layerbench.engine.io.export;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which names model.py can use as they are: Python keywords and the names model.py itself uses
 * ({@code self}, {@code torch}, {@code nn}) must be reached another way, and a submodule cannot
 * take the name of an attribute every {@code nn.Module} already has.
 */
final class PythonNames {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  static final Set<String> KEYWORDS =
      Set.of(
          "False",
          "None",
          "True",
          "and",
          "as",
          "assert",
          "async",
          "await",
          "break",
          "class",
          "continue",
          "def",
          "del",
          "elif",
          "else",
          "except",
          "finally",
          "for",
          "from",
          "global",
          "if",
          "import",
          "in",
          "is",
          "lambda",
          "nonlocal",
          "not",
          "or",
          "pass",
          "raise",
          "return",
          "try",
          "while",
          "with",
          "yield",
          "self",
          "torch",
          "nn");

  /** Attributes every nn.Module has: a submodule of that name cannot be registered. */
  static final Set<String> MODULE_ATTRIBUTES =
      Set.of(
          "forward",
          "training",
          "train",
          "eval",
          "to",
          "cuda",
          "cpu",
          "type",
          "float",
          "double",
          "half",
          "bfloat16",
          "apply",
          "parameters",
          "named_parameters",
          "buffers",
          "named_buffers",
          "children",
          "named_children",
          "modules",
          "named_modules",
          "state_dict",
          "load_state_dict",
          "zero_grad",
          "register_buffer",
          "register_parameter",
          "add_module",
          "register_module",
          "get_submodule",
          "get_parameter",
          "get_buffer",
          "requires_grad_",
          "share_memory",
          "extra_repr",
          "dump_patches",
          "call_super_init",
          "xpu",
          "ipu",
          "to_empty",
          "get_extra_state",
          "set_extra_state");

  private PythonNames() {}

  static boolean isIdentifier(String s) {
    return IDENTIFIER.matcher(s).matches();
  }

  /** Whether a name can follow {@code self.} or be a local variable as it is. */
  static boolean plain(String name) {
    return isIdentifier(name) && !KEYWORDS.contains(name);
  }

  /** How forward reaches a submodule: {@code self.name}, or getattr when the name cannot. */
  static String self(String name) {
    return plain(name) ? "self." + name : "getattr(self, " + PyTorchModules.str(name) + ")";
  }
}
