package org.layerbench.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.DType;
import org.layerbench.engine.data.Features;

/**
 * How {@code layerbench features} prints a tensor: for a person, the shape, dtype, per-channel
 * statistics and the first values; as JSON, every value (flat, row-major) in the shortest decimal
 * that reads back to the same float32 or int64.
 */
final class FeaturesReport {
  private FeaturesReport() {}

  /** How many values the human output shows. */
  static final int FIRST = 16;

  static String json(Batch tensor, String input, String from, List<Features.Token> tokens)
      throws JsonProcessingException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("shape", tensor.shape());
    doc.put("dtype", tensor.layout().dtype().id());
    doc.put("values", tensor.layout().dtype() == DType.FLOAT32 ? tensor.data() : tensor.longs());
    if (tensor.lengths() != null) {
      doc.put("lengths", tensor.lengths());
    }
    doc.put("input", input);
    doc.put("source", from);
    if (tokens != null) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (Features.Token t : tokens) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token", t.token());
        m.put("id", t.id());
        m.put("unknown", t.unknown());
        list.add(m);
      }
      doc.put("tokens", list);
    }
    return new ObjectMapper().writeValueAsString(doc);
  }

  static String text(Batch tensor, String input, String from, List<Features.Token> tokens) {
    StringBuilder s = new StringBuilder();
    s.append("input   ").append(input).append('\n');
    s.append("through ").append(from).append('\n');
    s.append("shape   ").append(Arrays.toString(tensor.shape())).append('\n');
    s.append("dtype   ").append(tensor.layout().dtype().id()).append('\n');
    if (tensor.lengths() != null) {
      s.append("lengths ").append(Arrays.toString(tensor.lengths())).append('\n');
    }
    int n = tensor.size() * tensor.layout().elements();
    if (tensor.layout().dtype() == DType.FLOAT32) {
      stats(s, tensor.data(), tensor.layout().dims());
    }
    StringJoiner first = new StringJoiner(", ");
    for (int i = 0; i < Math.min(FIRST, n); i++) {
      first.add(
          tensor.layout().dtype() == DType.FLOAT32
              ? String.format(Locale.ROOT, "%.4f", tensor.data()[i])
              : Long.toString(tensor.longs()[i]));
    }
    s.append(String.format(Locale.ROOT, "first %d of %d values: ", Math.min(FIRST, n), n));
    s.append(first).append('\n');
    if (tokens != null) {
      tokens(s, tokens, tensor.layout().dims().get(0));
    }
    return s.toString();
  }

  /** The tokens with their ids, {@code <unk>} marked, and how many the vocabulary lacks. */
  private static void tokens(StringBuilder s, List<Features.Token> tokens, int maxLength) {
    long unknown = tokens.stream().filter(Features.Token::unknown).count();
    if (tokens.isEmpty()) {
      s.append("tokens  none: the model receives one <unk> for this text\n");
      return;
    }
    s.append(
        String.format(
            Locale.ROOT,
            "tokens  %d (at most %d), %d not in the vocabulary (read as <unk>, id 0)%n",
            tokens.size(),
            maxLength,
            unknown));
    StringJoiner line = new StringJoiner(" ", "  ", "\n");
    for (Features.Token t : tokens) {
      line.add(t.token() + "=" + (t.unknown() ? "<unk>" : Long.toString(t.id())));
    }
    s.append(line);
  }

  /**
   * Min, max, mean and std per channel of a C×H×W sample (over all values otherwise); std as {@code
   * torch.std} computes it (unbiased), so it can be compared with a tensor in Python.
   */
  private static void stats(StringBuilder s, float[] v, List<Integer> dims) {
    int channels = dims.size() == 3 ? dims.get(0) : 1;
    int plane = v.length / channels;
    s.append(
        String.format(
            Locale.ROOT, "%-8s %10s %10s %10s %10s%n", "channel", "min", "max", "mean", "std"));
    for (int c = 0; c < channels; c++) {
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      double sum = 0;
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        min = Math.min(min, v[i]);
        max = Math.max(max, v[i]);
        sum += v[i];
      }
      double mean = sum / plane;
      double sq = 0;
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        sq += (v[i] - mean) * (v[i] - mean);
      }
      double std = plane > 1 ? Math.sqrt(sq / (plane - 1)) : 0;
      s.append(
          String.format(
              Locale.ROOT,
              "%-8s %10.4f %10.4f %10.4f %10.4f%n",
              channels == 1 && dims.size() != 3 ? "all" : Integer.toString(c),
              min,
              max,
              mean,
              std));
    }
  }
}
