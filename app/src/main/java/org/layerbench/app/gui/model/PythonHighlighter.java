package org.layerbench.app.gui.model;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fxmisc.richtext.model.StyleSpans;
import org.fxmisc.richtext.model.StyleSpansBuilder;

/**
 * Style classes for the Python that {@code PyTorchCode} writes: keywords, {@code self}, strings and
 * docstrings, comments, numbers, {@code nn.}/{@code torch.} names and defined names. A regex is
 * enough because the code is generated, never typed (the approach of RichTextFX's own JavaKeywords
 * demo).
 */
final class PythonHighlighter {
  private static final String[] KEYWORDS = {
    "and", "as", "assert", "break", "class", "continue", "def", "del", "elif", "else", "except",
    "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not",
    "or", "pass", "raise", "return", "try", "while", "with", "yield", "None", "True", "False"
  };

  private static final Pattern PATTERN =
      Pattern.compile(
          "(?<COMMENT>#[^\\n]*)"
              + "|(?<DOCSTRING>\"\"\"[\\s\\S]*?(\"\"\"|\\z))"
              + "|(?<STRING>\"([^\"\\\\\\n]|\\\\.)*\")"
              + "|(?<DEFINED>(?<=\\bdef |\\bclass )[A-Za-z_][A-Za-z0-9_]*)"
              + "|(?<KEYWORD>\\b("
              + String.join("|", KEYWORDS)
              + ")\\b)"
              + "|(?<SELF>\\b(self|super)\\b)"
              + "|(?<MODULE>\\b(nn|torch)\\.[A-Za-z_][A-Za-z0-9_]*)"
              + "|(?<NUMBER>\\b\\d+(\\.\\d+)?([eE][-+]?\\d+)?\\b)");

  private static final String[] GROUPS = {
    "COMMENT", "DOCSTRING", "STRING", "DEFINED", "KEYWORD", "SELF", "MODULE", "NUMBER"
  };

  private PythonHighlighter() {}

  /** The style classes of every character of {@code text}. */
  static StyleSpans<Collection<String>> styles(String text) {
    Matcher m = PATTERN.matcher(text);
    StyleSpansBuilder<Collection<String>> spans = new StyleSpansBuilder<>();
    int last = 0;
    while (m.find()) {
      String style = "code-text";
      for (String g : GROUPS) {
        if (m.group(g) != null) {
          style = "code-" + g.toLowerCase(java.util.Locale.ROOT);
          break;
        }
      }
      spans.add(List.of("code-text"), m.start() - last);
      spans.add(List.of("code-text", style), m.end() - m.start());
      last = m.end();
    }
    spans.add(List.of("code-text"), text.length() - last);
    return spans.create();
  }
}
