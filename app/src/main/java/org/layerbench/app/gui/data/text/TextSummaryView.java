package org.layerbench.app.gui.data.text;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.layerbench.engine.data.text.DecodingProblem;
import org.layerbench.engine.data.text.DecodingReport;
import org.layerbench.engine.data.text.RowProblem;

/**
 * What a text dataset holds: class balance per split with the label → class mapping, the
 * vocabulary's size against min_freq and max_tokens with the out-of-vocabulary rate on validation,
 * the most frequent tokens, the decoding report and the bad rows. Shows one {@link TextStats}.
 */
final class TextSummaryView extends VBox {
  private final VBox balance = section("text-balance");
  private final VBox vocab = section("text-vocab");
  private final VBox top = section("text-top-tokens");
  private final VBox decoding = section("text-decoding");
  private final VBox bad = section("text-bad-rows");

  TextSummaryView(TextDataViewModel vm) {
    setSpacing(14);
    getChildren()
        .addAll(
            titled("Classes", balance),
            titled("Vocabulary", vocab),
            titled("Most frequent tokens (training)", top),
            titled("Decoding", decoding),
            titled("Bad rows", bad));
    vm.statsProperty().addListener((o, a, s) -> show(vm.loadedProperty().get(), s));
  }

  private static VBox section(String id) {
    VBox b = new VBox(3);
    b.setId(id);
    return b;
  }

  private static VBox titled(String title, VBox body) {
    Label t = new Label(title);
    t.getStyleClass().add(Styles.TITLE_4);
    return new VBox(4, t, body);
  }

  private static Label small(String s) {
    Label l = new Label(s);
    l.getStyleClass().add(Styles.TEXT_SMALL);
    l.setWrapText(true);
    return l;
  }

  private void show(TextLoad l, TextStats s) {
    for (VBox b : List.of(balance, vocab, top, decoding, bad)) {
      b.getChildren().clear();
    }
    if (l == null || s == null) {
      return;
    }
    List<String> classes = l.dataset().classes();
    GridPane g = new GridPane(12, 2);
    g.addRow(0, small("label → class"));
    for (var e : s.balance().keySet()) {
      g.add(small(e), g.getColumnCount(), 0);
    }
    int r = 1;
    for (Map.Entry<String, Integer> m : l.dataset().labelMapping().entrySet()) {
      g.add(small("'" + m.getKey() + "' → " + m.getValue()), 0, r);
      int c = 1;
      for (int[] counts : s.balance().values()) {
        int total = 0;
        for (int x : counts) {
          total += x;
        }
        g.add(
            small(
                String.format(
                    Locale.ROOT,
                    "%,d (%.0f%%)",
                    counts[m.getValue()],
                    total == 0 ? 0 : 100.0 * counts[m.getValue()] / total)),
            c++,
            r);
      }
      r++;
    }
    balance.getChildren().add(g);
    if (classes.size() < 2) {
      balance.getChildren().add(warn("One class only: a classifier needs at least two."));
    }

    var settings = s.settings();
    vocab
        .getChildren()
        .add(
            small(
                String.format(
                    Locale.ROOT,
                    "%,d tokens (with <unk>, <pad>) at min_freq %d, max_tokens %s",
                    s.vocabulary().size(),
                    settings.minFreq(),
                    settings.maxTokens() == null ? "none" : settings.maxTokens())));
    StringBuilder sweep = new StringBuilder("by min_freq:");
    for (int m = 1; m <= s.sizeByMinFreq().size(); m++) {
      sweep.append(String.format(Locale.ROOT, "  %d → %,d", m, s.sizeByMinFreq().get(m - 1)));
    }
    vocab.getChildren().add(small(sweep.toString()));
    Label oov =
        small(
            Double.isNaN(s.oovRate())
                ? "No validation rows: no out-of-vocabulary rate."
                : String.format(
                    Locale.ROOT,
                    "Out of vocabulary on validation: %.1f%% of tokens",
                    s.oovRate() * 100));
    oov.setId("text-oov");
    vocab.getChildren().add(oov);

    GridPane tokens = new GridPane(10, 1);
    for (int i = 0; i < s.topTokens().size(); i++) {
      var e = s.topTokens().get(i);
      tokens.add(small(e.getKey()), (i / 10) * 2, i % 10);
      Label n = small(String.format(Locale.ROOT, "%,d", e.getValue()));
      n.getStyleClass().add(Styles.TEXT_MUTED);
      tokens.add(n, (i / 10) * 2 + 1, i % 10);
    }
    top.getChildren().add(tokens);

    for (var e : l.dataset().decoding().entrySet()) {
      DecodingReport d = e.getValue();
      decoding
          .getChildren()
          .add(
              small(
                  e.getKey().getFileName() + ": " + d.summary().replaceFirst(" \\(first:.*", "")));
      // The report keeps the first problems, several of which may share a line: one line each.
      Map<Integer, List<String>> byLine = new java.util.LinkedHashMap<>();
      for (DecodingProblem p : d.first()) {
        byLine.computeIfAbsent(p.line(), k -> new java.util.ArrayList<>()).add(p.hex());
      }
      byLine.forEach(
          (line, hex) ->
              decoding
                  .getChildren()
                  .add(small("   line " + line + ":  " + String.join(", ", hex))));
      int more = d.problemLines() - byLine.size();
      if (more > 0) {
        decoding
            .getChildren()
            .add(small("   … and " + more + (more == 1 ? " more line" : " more lines")));
      }
    }

    List<RowProblem> problems = l.dataset().problems();
    if (problems.isEmpty()) {
      bad.getChildren().add(small("None: every record is a sample."));
    } else {
      bad.getChildren().add(small(problems.size() + " records are no sample:"));
      problems.stream()
          .limit(50)
          .forEach(p -> bad.getChildren().add(small("   line " + p.line() + ": " + p.reason())));
      if (problems.size() > 50) {
        bad.getChildren().add(small("   … and " + (problems.size() - 50) + " more"));
      }
    }
  }

  private static Label warn(String s) {
    Label l = small(s);
    l.getStyleClass().add(Styles.WARNING);
    return l;
  }
}
