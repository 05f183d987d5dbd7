package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.TransformType;

/**
 * Python source of a torchvision {@code transforms.Compose([...])} that does what a LayerBench
 * pipeline does. LayerBench's transforms carry torchvision's names and keywords, so most steps are
 * written as they are. Its own steps get a small class of the same name ({@link #HELPERS}): {@code
 * ToHSV} exactly (PIL's {@code convert("HSV")}, bytes then read as three channels as LayerBench
 * does), {@code GaussianNoise} in distribution (torch's generator draws, not LayerBench's). Steps
 * switched off ({@code "enabled": false}) are written as comments; ToTensor is appended when a
 * pipeline has none, as {@link Pipeline#compile()} does.
 */
public final class TorchvisionCode {
  private TorchvisionCode() {}

  /** LayerBench's ToHSV as a Python class (needs {@code PIL.Image}). */
  static final String TO_HSV_CLASS =
      """
      class ToHSV:
          \"""LayerBench's ToHSV: PIL's convert("HSV"), whose three bytes per pixel later steps
          then read as an ordinary 3-channel image (as LayerBench's images carry no colour mode).\"""

          def __call__(self, img):
              if img.mode != "RGB":
                  raise ValueError("HSV needs a 3-channel image, got mode " + img.mode)
              return Image.frombytes("RGB", img.size, img.convert("HSV").tobytes())

          def __repr__(self):
              return "ToHSV()"
      """;

  /** LayerBench's GaussianNoise as a Python class (needs {@code torch}). */
  static final String GAUSSIAN_NOISE_CLASS =
      """
      class GaussianNoise:
          \"""LayerBench's GaussianNoise: tensor + normal(mean, std) per value, optionally clamped
          to [0, 1]. Same distribution as LayerBench's; the draws come from torch's generator.\"""

          def __init__(self, mean=0.0, std=0.1, clip=False):
              self.mean, self.std, self.clip = mean, std, clip

          def __call__(self, tensor):
              out = tensor + (torch.randn_like(tensor) * self.std + self.mean)
              return out.clamp(0.0, 1.0) if self.clip else out

          def __repr__(self):
              return f"GaussianNoise(mean={self.mean}, std={self.std}, clip={self.clip})"
      """;

  /**
   * Python classes for all of LayerBench's own steps; the generated code needs them in scope
   * together with {@code torch}, {@code PIL.Image} and {@code torchvision.transforms}.
   */
  public static final String HELPERS = TO_HSV_CLASS + "\n\n" + GAUSSIAN_NOISE_CLASS;

  /**
   * The helper classes that the given generated code uses (none, one or both, two blank lines
   * apart), so a script defines only what it needs.
   */
  public static String helpersFor(String... code) {
    String all = String.join("\n", code);
    List<String> out = new ArrayList<>();
    if (all.contains("ToHSV()")) {
      out.add(TO_HSV_CLASS.strip());
    }
    if (all.contains("GaussianNoise(")) {
      out.add(GAUSSIAN_NOISE_CLASS.strip());
    }
    return String.join("\n\n\n", out);
  }

  /**
   * The Compose for a bundle's inference preprocessing: its stored pipeline when it has one, else
   * {@code Resize((h, w))}, an optional {@code CenterCrop((ch, cw))}, ToTensor and Normalize (what
   * {@code Preprocess} computes).
   *
   * @throws ExportException when the stored pipeline does not compile
   */
  public static String compose(ImagePreprocessing p, String indent) throws ExportException {
    if (p.transforms() != null) {
      return compose(p.transforms(), indent, "stored");
    }
    List<String> lines = new ArrayList<>();
    lines.add(
        "transforms.Resize(("
            + p.height()
            + ", "
            + p.width()
            + "), interpolation=transforms.InterpolationMode.BILINEAR),");
    if (p.cropHeight() != null) {
      lines.add("transforms.CenterCrop((" + p.cropHeight() + ", " + p.cropWidth() + ")),");
    }
    lines.add("transforms.ToTensor(),");
    lines.add("transforms.Normalize(mean=" + tuple(p.mean()) + ", std=" + tuple(p.std()) + "),");
    return wrap(lines, indent);
  }

  /**
   * The Compose for a pipeline's steps in JSON form (as {@link Pipeline#toJson()} writes them).
   *
   * @param name which pipeline, for error messages (train, val, stored)
   * @throws ExportException when the steps do not compile as a LayerBench pipeline
   */
  public static String compose(List<Map<String, Object>> steps, String indent, String name)
      throws ExportException {
    Pipeline pipeline;
    try {
      pipeline = Pipeline.fromJson(steps, name);
      pipeline.compile(); // every type, keyword and value is checked before it becomes code
    } catch (IllegalArgumentException e) {
      throw new ExportException("the " + name + " pipeline cannot be exported: " + e.getMessage());
    }
    List<String> lines = new ArrayList<>();
    boolean toTensor = false;
    for (Map<String, Object> step : pipeline.toJson()) {
      toTensor |= "ToTensor".equals(step.get("type")) && !Boolean.FALSE.equals(step.get("enabled"));
      lines.addAll(step(step, "    "));
    }
    if (!toTensor) {
      lines.add("transforms.ToTensor(),  # LayerBench adds ToTensor when a pipeline has none");
    }
    return wrap(lines, indent);
  }

  private static String wrap(List<String> lines, String indent) {
    StringBuilder b = new StringBuilder("transforms.Compose(\n" + indent + "    [\n");
    for (String l : lines) {
      b.append(indent).append("        ").append(l).append('\n');
    }
    return b.append(indent).append("    ]\n").append(indent).append(")").toString();
  }

  /** One step as lines of Python (more than one for RandomApply). */
  private static List<String> step(Map<String, Object> step, String nestedIndent) {
    TransformType type = TransformType.of((String) step.get("type"));
    boolean enabled = !Boolean.FALSE.equals(step.get("enabled"));
    List<String> out = new ArrayList<>();
    if (type == TransformType.RANDOM_APPLY) {
      List<String> inner = new ArrayList<>();
      boolean any = false;
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> nested =
          (List<Map<String, Object>>) step.getOrDefault("transforms", List.of());
      for (Map<String, Object> n : nested) {
        any |= !Boolean.FALSE.equals(n.get("enabled"));
        inner.addAll(step(n, nestedIndent));
      }
      String p =
          literal(step.getOrDefault("p", TransformType.RANDOM_APPLY.param("p").defaultValue()));
      if (!enabled || !any) {
        out.add(
            "# transforms.RandomApply(p="
                + p
                + ")  # "
                + (enabled ? "none of its steps is switched on" : "switched off in LayerBench")
                + ": left out");
        inner.forEach(l -> out.add("#     " + l));
        return out;
      }
      out.add("transforms.RandomApply(");
      out.add("    [");
      inner.forEach(l -> out.add("        " + l));
      out.add("    ],");
      out.add("    p=" + p + ",");
      out.add("),");
      return out;
    }
    List<String> args = new ArrayList<>();
    for (Map.Entry<String, Object> e : step.entrySet()) {
      if (e.getKey().equals("type") || e.getKey().equals("enabled")) {
        continue;
      }
      args.add(e.getKey() + "=" + argument(e.getKey(), e.getValue()));
    }
    String call = constructor(type) + "(" + String.join(", ", args) + "),";
    out.add(enabled ? call : "# " + call + "  # switched off in LayerBench: left out");
    return out;
  }

  /** torchvision's class for a step, or the helper class of the same name. */
  private static String constructor(TransformType type) {
    return switch (type) {
      case TO_HSV -> "ToHSV";
      case GAUSSIAN_NOISE -> "GaussianNoise";
      default -> "transforms." + type.jsonName();
    };
  }

  private static String argument(String key, Object value) {
    if (key.equals("interpolation") && value instanceof String s) {
      return "transforms.InterpolationMode." + s.toUpperCase(Locale.ROOT);
    }
    return literal(value);
  }

  /**
   * A JSON value as a Python literal. Lists become tuples: torchvision accepts a tuple wherever it
   * takes a sequence, and some functions (PIL padding's fill) refuse a list.
   */
  static String literal(Object v) {
    return switch (v) {
      case null -> "None";
      case Boolean b -> b ? "True" : "False";
      case Integer i -> Integer.toString(i);
      case Long l -> Long.toString(l);
      case java.math.BigInteger i -> i.toString();
      case Number n -> number(n.doubleValue());
      case String s -> string(s);
      case List<?> l -> {
        List<String> parts = new ArrayList<>();
        l.forEach(o -> parts.add(literal(o)));
        yield "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
      }
      default -> throw new IllegalArgumentException("no Python form for " + v.getClass());
    };
  }

  /** Java's shortest repr of a double, which Python's float() reads back to the same value. */
  static String number(double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("not a finite number: " + d);
    }
    return Double.toString(d);
  }

  static String tuple(double[] values) {
    List<String> parts = new ArrayList<>();
    for (double v : values) {
      parts.add(number(v));
    }
    return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
  }

  /** A Python string literal (UTF-8 source): backslash, quote and control characters escaped. */
  static String string(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' || c == '"') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
