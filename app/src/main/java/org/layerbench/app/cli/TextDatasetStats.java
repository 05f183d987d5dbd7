package org.layerbench.app.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.text.DecodingReport;
import org.layerbench.engine.data.text.RowProblem;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.TextStatistics;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code layerbench dataset stats FILE.csv}: a text dataset's classes (label → class, counts per
 * split), decoding report, bad rows (the first few and how many), token lengths, vocabulary size
 * and OOV rate on validation under the text options, and the top tokens; as text or one JSON
 * document.
 */
final class TextDatasetStats {
  /** Bad rows listed by name; the rest are counted. */
  static final int SHOWN_PROBLEMS = 5;

  private TextDatasetStats() {}

  static void print(
      CommandSpec spec, TextOptions options, Path file, double valSplit, long seed, boolean json)
      throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter say = json ? spec.commandLine().getErr() : out;
    TextFiles files = options.files(file, say);
    TextSettings settings = options.settings();
    TextDataset dataset;
    try {
      dataset = files.read(valSplit, seed);
    } catch (TextFileException | IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    TextStatistics stats = TextStatistics.of(dataset, settings);
    if (json) {
      out.println(
          new ObjectMapper()
              .enable(SerializationFeature.INDENT_OUTPUT)
              .writeValueAsString(toJson(dataset, settings, stats)));
    } else {
      printText(out, dataset, settings, stats);
    }
    out.flush();
  }

  private static int[][] counts(TextDataset d) {
    int k = d.classes().size();
    int[][] c = new int[3][k];
    List<List<Sample>> splits = List.of(d.splits().train(), d.splits().val(), d.splits().test());
    for (int s = 0; s < 3; s++) {
      for (Sample x : splits.get(s)) {
        c[s][x.label()]++;
      }
    }
    return c;
  }

  static Map<String, Object> toJson(TextDataset d, TextSettings settings, TextStatistics stats) {
    Map<String, Object> doc = new LinkedHashMap<>();
    var f = d.format();
    Map<String, Object> format = new LinkedHashMap<>();
    format.put("delimiter", f.delimiterName());
    format.put("header", f.header());
    format.put("quoting", f.quoting());
    format.put("textColumn", f.textColumn());
    format.put("labelColumn", f.labelColumn());
    format.put("encoding", f.encoding().cliName());
    doc.put("format", format);
    int[][] counts = counts(d);
    List<Map<String, Object>> classes = new ArrayList<>();
    for (int i = 0; i < d.classes().size(); i++) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("label", d.classes().get(i));
      c.put("class", i);
      c.put("train", counts[0][i]);
      c.put("val", counts[1][i]);
      c.put("test", counts[2][i]);
      classes.add(c);
    }
    doc.put("classes", classes);
    List<Map<String, Object>> decoding = new ArrayList<>();
    for (Map.Entry<Path, DecodingReport> e : d.decoding().entrySet()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("file", e.getKey().toString());
      r.put("encoding", e.getValue().encoding().cliName());
      r.put("problemLines", e.getValue().problemLines());
      r.put("first", e.getValue().first().stream().map(Object::toString).toList());
      decoding.add(r);
    }
    doc.put("decoding", decoding);
    Map<String, Object> bad = new LinkedHashMap<>();
    bad.put("count", d.problems().size());
    List<Map<String, Object>> first = new ArrayList<>();
    for (RowProblem p : d.problems().subList(0, Math.min(SHOWN_PROBLEMS, d.problems().size()))) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("file", p.file().toString());
      r.put("line", p.line());
      r.put("reason", p.reason());
      first.add(r);
    }
    bad.put("first", first);
    doc.put("badRows", bad);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("tokenizer", settings.tokenizer().id());
    s.put("minFreq", settings.minFreq());
    s.put("maxTokens", settings.maxTokens());
    s.put("maxLength", settings.maxLength());
    s.put("padding", settings.padding().id());
    doc.put("settings", s);
    TextStatistics.Lengths l = stats.lengths();
    Map<String, Object> lengths = new LinkedHashMap<>();
    lengths.put("mean", finite(l.mean()));
    lengths.put("median", finite(l.median()));
    lengths.put("p95", l.p95());
    lengths.put("max", l.max());
    lengths.put("truncatedShare", finite(l.truncatedShare()));
    doc.put("tokenLengths", lengths);
    doc.put("vocabularySize", stats.vocabularySize());
    doc.put("oovRateVal", finite(stats.oovRate()));
    List<Map<String, Object>> top = new ArrayList<>();
    for (TextStatistics.TokenCount t : stats.topTokens()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("token", t.token());
      m.put("count", t.count());
      top.add(m);
    }
    doc.put("topTokens", top);
    return doc;
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static void printText(
      PrintWriter out, TextDataset d, TextSettings settings, TextStatistics stats) {
    int[][] counts = counts(d);
    int w = Math.max(5, d.classes().stream().mapToInt(String::length).max().orElse(5));
    out.printf(
        Locale.ROOT,
        "%-" + w + "s  %5s  %6s  %6s  %6s%n",
        "label",
        "class",
        "train",
        "val",
        "test");
    for (int i = 0; i < d.classes().size(); i++) {
      out.printf(
          Locale.ROOT,
          "%-" + w + "s  %5d  %6d  %6d  %6d%n",
          d.classes().get(i),
          i,
          counts[0][i],
          counts[1][i],
          counts[2][i]);
    }
    d.decoding()
        .forEach((file, r) -> out.println("decoding " + file.getFileName() + ": " + r.summary()));
    if (d.problems().isEmpty()) {
      out.println("bad rows: none");
    } else {
      out.printf(Locale.ROOT, "bad rows: %,d left out%n", d.problems().size());
      d.problems().stream().limit(SHOWN_PROBLEMS).forEach(p -> out.println("  " + p));
    }
    TextStatistics.Lengths l = stats.lengths();
    out.printf(
        Locale.ROOT,
        "tokens per text (%s, training split): mean %.1f, median %.1f, 95th percentile %d, max %d;"
            + " %.1f%% cut at --max-length %d%n",
        settings.tokenizer().id(),
        l.mean(),
        l.median(),
        l.p95(),
        l.max(),
        100 * l.truncatedShare(),
        settings.maxLength());
    out.printf(
        Locale.ROOT,
        "vocabulary: %,d tokens (min_freq %d, max_tokens %s, <unk> and <pad> included); OOV on"
            + " validation %s%n",
        stats.vocabularySize(),
        settings.minFreq(),
        settings.maxTokens() == null ? "none" : settings.maxTokens().toString(),
        Double.isNaN(stats.oovRate())
            ? "n/a (no validation split)"
            : String.format(Locale.ROOT, "%.1f%%", 100 * stats.oovRate()));
    StringBuilder top = new StringBuilder();
    for (TextStatistics.TokenCount t : stats.topTokens()) {
      top.append(top.isEmpty() ? "" : ", ").append(t.token()).append(' ').append(t.count());
    }
    out.println("top tokens: " + top);
  }
}
