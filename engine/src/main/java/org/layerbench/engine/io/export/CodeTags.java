package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which nodes each line of model.py comes from, for the Code tab's listing. While generating, lines
 * are tagged: marker characters wrapped around a key (a node or group id) standing for a set of
 * nodes. Tags never count towards a line's length, and group classes are compared without them, so
 * the text once they are stripped is exactly the untagged one. When off, text passes unchanged.
 */
final class CodeTags {
  private static final char MARK_OPEN = '\u0001';
  private static final char MARK_CLOSE = '\u0002';

  private final boolean on;

  /** Tag key (a node or group id) → the nodes whose lines carry that tag. */
  private final Map<String, Set<String>> keyNodes = new HashMap<>();

  CodeTags(boolean on) {
    this.on = on;
  }

  boolean on() {
    return on;
  }

  /** Tags text with a key standing for {@code nodes}; when off, the text unchanged. */
  String mark(String key, Set<String> nodes, String text) {
    if (!on) {
      return text;
    }
    standFor(key, nodes);
    return MARK_OPEN + key + MARK_CLOSE + text;
  }

  /** Lines tagged with {@code key} stand for {@code nodes} too. */
  void standFor(String key, Set<String> nodes) {
    keyNodes.computeIfAbsent(key, k -> new HashSet<>()).addAll(nodes);
  }

  /** The text without its tags. */
  static String unmark(String s) {
    if (s.indexOf(MARK_OPEN) < 0) {
      return s;
    }
    return s.replaceAll("\u0001[^\u0002]*\u0002", "");
  }

  /** Tagged text as its lines without tags, and for each node the (0-based) lines tagged for it. */
  record Stripped(List<String> lines, Map<String, TreeSet<Integer>> byNode) {}

  Stripped strip(String text) {
    String[] raw = text.split("\n", -1);
    List<String> lines = new ArrayList<>();
    Map<String, TreeSet<Integer>> byNode = new HashMap<>();
    for (String l : raw) {
      StringBuilder clean = new StringBuilder();
      int i = 0;
      while (i < l.length()) {
        char c = l.charAt(i);
        if (c == MARK_OPEN) {
          int end = l.indexOf(MARK_CLOSE, i);
          String key = l.substring(i + 1, end);
          for (String n : keyNodes.getOrDefault(key, Set.of())) {
            byNode.computeIfAbsent(n, k -> new TreeSet<>()).add(lines.size());
          }
          i = end + 1;
        } else {
          clean.append(c);
          i++;
        }
      }
      lines.add(clean.toString());
    }
    return new Stripped(lines, byNode);
  }
}
