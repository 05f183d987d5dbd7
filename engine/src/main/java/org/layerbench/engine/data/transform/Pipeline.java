package org.layerbench.engine.data.transform;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerbench.engine.data.ChannelStats;
import org.layerbench.engine.data.transform.Op.ImageOp;
import org.layerbench.engine.data.transform.Op.TensorOp;
import org.layerbench.engine.data.transform.TransformType.Stage;

/**
 * A transform pipeline as data, torchvision's {@code transforms.Compose([...])}: an ordered list of
 * steps. {@link #compile()} checks every parameter and the order of the stages and gives the
 * runnable form; errors name the step ("step 3 (ColorJitter): brightness must be ≥ 0, got -1").
 */
public record Pipeline(List<Step> steps) {

  /** torchvision's ImageNet mean per channel ({@link ChannelStats#imagenet()}), as JSON values. */
  public static final List<Double> IMAGENET_MEAN =
      java.util.Arrays.stream(ChannelStats.imagenet().mean()).boxed().toList();

  /** torchvision's ImageNet std per channel, as JSON values. */
  public static final List<Double> IMAGENET_STD =
      java.util.Arrays.stream(ChannelStats.imagenet().std()).boxed().toList();

  public Pipeline {
    steps = List.copyOf(steps);
  }

  public static Pipeline of(Step... steps) {
    return new Pipeline(List.of(steps));
  }

  /** {@code Resize((size, size))}, ToTensor, Normalize with ImageNet statistics. */
  public static Pipeline standard(int size) {
    return of(
        Step.of(TransformType.RESIZE, "size", List.of(size, size)),
        Step.of(TransformType.TO_TENSOR),
        Step.of(TransformType.NORMALIZE, "mean", IMAGENET_MEAN, "std", IMAGENET_STD));
  }

  /** Whether any enabled step draws random numbers (then results differ per epoch). */
  public boolean random() {
    return random(steps);
  }

  private static boolean random(List<Step> steps) {
    for (Step s : steps) {
      if (s.enabled() && (s.type().random() || random(s.steps()))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The same pipeline for another image size: every size of Resize, CenterCrop, RandomCrop and
   * RandomResizedCrop is multiplied by {@code to / from} and rounded (so Resize 72 + CenterCrop 64
   * becomes Resize 144 + CenterCrop 128 when going from 64 to 128). Progressive resizing uses it.
   */
  public Pipeline resized(int from, int to) {
    if (from < 1 || to < 1) {
      throw new IllegalArgumentException("sizes must be positive, got " + from + " and " + to);
    }
    return new Pipeline(resized(steps, (double) to / from));
  }

  private static List<Step> resized(List<Step> steps, double factor) {
    List<Step> out = new ArrayList<>();
    for (Step s : steps) {
      Step r = s.withSteps(resized(s.steps(), factor));
      if (s.params().get("size") != null
          && (s.type() == TransformType.RESIZE
              || s.type() == TransformType.CENTER_CROP
              || s.type() == TransformType.RANDOM_CROP
              || s.type() == TransformType.RANDOM_RESIZED_CROP)) {
        r = r.withParam("size", scale(s.params().get("size"), factor));
      }
      out.add(r);
    }
    return out;
  }

  private static Object scale(Object size, double factor) {
    if (size instanceof Number n) {
      return (int) Math.max(1, Math.round(n.doubleValue() * factor));
    }
    if (size instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object o : l) {
        out.add(scale(o, factor));
      }
      return out;
    }
    return size;
  }

  /**
   * Checks and compiles the enabled steps. ToTensor is added at the end when the pipeline has none
   * (then it may not hold tensor steps).
   *
   * @throws IllegalArgumentException naming the step and what is wrong with it
   */
  public Compiled compile() {
    List<Node> nodes = new ArrayList<>();
    boolean tensor = false;
    int index = 0;
    for (Step s : steps) {
      index++;
      if (!s.enabled()) {
        continue;
      }
      Node n = compile(s, "step " + index);
      if (n.stage == Stage.TO_TENSOR) {
        if (tensor) {
          throw new IllegalArgumentException("step " + index + " (ToTensor): ToTensor comes twice");
        }
        tensor = true;
      } else if (n.stage == Stage.IMAGE && tensor) {
        throw new IllegalArgumentException(
            where(s, "step " + index) + "works on images: move it before ToTensor");
      } else if (n.stage == Stage.TENSOR && !tensor) {
        throw new IllegalArgumentException(
            where(s, "step " + index) + "works on tensors: add ToTensor before it");
      }
      nodes.add(n);
    }
    if (!tensor) {
      nodes.add(new Node(Stage.TO_TENSOR, Op.ToTensor.INSTANCE, 1, List.of()));
    }
    return new Compiled(List.copyOf(nodes));
  }

  private static String where(Step s, String position) {
    return position + " (" + s.type().jsonName() + "): ";
  }

  private static Node compile(Step s, String position) {
    try {
      if (s.type() == TransformType.RANDOM_APPLY) {
        Args args = new Args(s.type(), s.params());
        double p = args.number("p");
        List<Node> inner = new ArrayList<>();
        Stage stage = null;
        int i = 0;
        for (Step c : s.steps()) {
          i++;
          if (!c.enabled()) {
            continue;
          }
          Node n = compile(c, position + "." + i);
          if (n.stage == Stage.TO_TENSOR) {
            throw new IllegalArgumentException("ToTensor cannot be inside RandomApply");
          }
          if (stage != null && n.stage != stage) {
            throw new IllegalArgumentException(
                "its transforms mix image and tensor steps; split it in two");
          }
          stage = n.stage;
          inner.add(n);
        }
        if (stage == null) {
          stage = Stage.ANY;
        }
        return new Node(stage, null, p, List.copyOf(inner));
      }
      Op op = s.type().create(new Args(s.type(), s.params()));
      Stage stage =
          switch (op) {
            case ImageOp io -> Stage.IMAGE;
            case TensorOp to -> Stage.TENSOR;
            case Op.ToTensor t -> Stage.TO_TENSOR;
          };
      return new Node(stage, op, 1, List.of());
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new IllegalArgumentException(
          m != null && m.startsWith(position) ? m : where(s, position) + m, e);
    }
  }

  /** A compiled step: an op, or a RandomApply group (op null) of nested nodes. */
  record Node(Stage stage, Op op, double p, List<Node> nested) {}

  /** The runnable pipeline. Thread-safe: it holds no state between calls. */
  public static final class Compiled {

    private final List<Node> nodes;

    /** Where ToTensor is when at most one Normalize follows it (see applyInto), else -1. */
    private final int fusedToTensor;

    Compiled(List<Node> nodes) {
      this.nodes = nodes;
      int at = -1;
      for (int i = 0; i < nodes.size(); i++) {
        if (nodes.get(i).op == Op.ToTensor.INSTANCE) {
          at = i;
        }
      }
      boolean rest =
          at >= 0
              && (at == nodes.size() - 1
                  || (at == nodes.size() - 2
                      && nodes.get(at + 1).op instanceof TensorTransforms.Normalize));
      this.fusedToTensor = rest ? at : -1;
    }

    List<Node> nodes() {
      return nodes;
    }

    /** Runs every step: an 8-bit image in, a CHW float image out. */
    public TensorImage apply(Image8 image, java.util.random.RandomGenerator random) {
      return (TensorImage) run(nodes, image, random, false);
    }

    /** The shape a pipeline's result must have; throws to refuse it before anything is written. */
    @FunctionalInterface
    public interface ShapeCheck {
      void check(int channels, int height, int width);
    }

    /**
     * Runs every step and writes the CHW floats into {@code out} from {@code offset}, once {@code
     * check} has accepted their shape: what the batch loader does per sample. When the pipeline
     * ends with ToTensor, or ToTensor and Normalize, those two are one pass from the 8-bit image
     * into {@code out} through a table per channel (the same floats, each being a function of one
     * byte), without an intermediate tensor.
     */
    public void applyInto(
        Image8 image,
        java.util.random.RandomGenerator random,
        float[] out,
        int offset,
        ShapeCheck check) {
      if (fusedToTensor < 0) {
        TensorImage t = apply(image, random);
        check.check(t.channels(), t.height(), t.width());
        System.arraycopy(t.data(), 0, out, offset, t.data().length);
        return;
      }
      Image8 im = (Image8) run(nodes.subList(0, fusedToTensor), image, random, false);
      // Normalize's own check (mean values per channel) first, as when it runs after ToTensor.
      float[][] tables =
          fusedToTensor == nodes.size() - 1
              ? null
              : ((TensorTransforms.Normalize) nodes.get(fusedToTensor + 1).op)
                  .tables(im.channels());
      check.check(im.channels(), im.height(), im.width());
      TensorImage.write(im, tables, out, offset);
    }

    /**
     * Runs every step except Normalize and shows the result as an 8-bit image (tensor steps such as
     * noise and erasing included, clamped to [0, 1]): what the augmentation preview draws. When no
     * tensor step runs, ToTensor is skipped too and the 8-bit image is the result: turning it into
     * floats and back gives every byte back (PipelineTest checks all 256).
     */
    public Image8 preview(Image8 image, java.util.random.RandomGenerator random) {
      Object result = run(nodes, image, random, true);
      return result instanceof Image8 im ? im : toImage8((TensorImage) result);
    }

    /** A float image as bytes: each value clamped to [0, 1] and rounded to a multiple of 1/255. */
    static Image8 toImage8(TensorImage t) {
      int plane = t.height() * t.width();
      int c = t.channels();
      byte[] out = new byte[plane * c];
      float[] d = t.data();
      for (int ch = 0; ch < c; ch++) {
        for (int i = 0; i < plane; i++) {
          float v = Math.min(1f, Math.max(0f, d[ch * plane + i]));
          out[i * c + ch] = (byte) Math.round(v * 255f);
        }
      }
      return new Image8(t.width(), t.height(), c, out);
    }

    /**
     * Runs the nodes on an Image8 or a TensorImage. For a preview, ToTensor is put off until a
     * tensor step other than Normalize (which a preview skips) needs the tensor.
     */
    private static Object run(
        List<Node> nodes, Object value, java.util.random.RandomGenerator random, boolean preview) {
      for (Node n : nodes) {
        if (n.op == null) {
          // torchvision's RandomApply: skipped when p < torch.rand(1)
          if (!(n.p < random.nextDouble())) {
            value = run(n.nested, value, random, preview);
          }
          continue;
        }
        switch (n.op) {
          case ImageOp io -> value = io.apply((Image8) value, random);
          case Op.ToTensor t -> value = preview ? value : TensorImage.of((Image8) value);
          case TensorOp to -> {
            if (!(preview && to instanceof TensorTransforms.Normalize)) {
              TensorImage tensor =
                  value instanceof Image8 im ? TensorImage.of(im) : (TensorImage) value;
              value = to.apply(tensor, random);
            }
          }
        }
      }
      return value;
    }
  }

  /** The steps as JSON-ready maps ({@code {"type": ..., params..., "transforms": [...]}}). */
  public List<Map<String, Object>> toJson() {
    return toJson(steps);
  }

  private static List<Map<String, Object>> toJson(List<Step> steps) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Step s : steps) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", s.type().jsonName());
      if (!s.enabled()) {
        m.put("enabled", false);
      }
      m.putAll(s.params());
      if (s.type() == TransformType.RANDOM_APPLY) {
        m.put("transforms", toJson(s.steps()));
      }
      out.add(m);
    }
    return out;
  }

  /**
   * Steps from JSON-shaped maps, as {@link #toJson()} writes them.
   *
   * @throws IllegalArgumentException naming the step when one is malformed
   */
  public static Pipeline fromJson(List<?> json, String name) {
    return new Pipeline(steps(json, name));
  }

  private static List<Step> steps(List<?> json, String where) {
    List<Step> out = new ArrayList<>();
    int i = 0;
    for (Object o : json) {
      i++;
      String position = where + " step " + i;
      if (!(o instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException(position + ": expected an object with a \"type\"");
      }
      if (!(m.get("type") instanceof String type)) {
        throw new IllegalArgumentException(position + ": \"type\" is missing");
      }
      TransformType t;
      try {
        t = TransformType.of(type);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(position + ": " + e.getMessage(), e);
      }
      boolean enabled = true;
      Map<String, Object> params = new LinkedHashMap<>();
      List<Step> nested = List.of();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String key = String.valueOf(e.getKey());
        switch (key) {
          case "type" -> {}
          case "enabled" -> {
            if (!(e.getValue() instanceof Boolean b)) {
              throw new IllegalArgumentException(position + ": \"enabled\" must be true or false");
            }
            enabled = b;
          }
          case "transforms" -> {
            if (t != TransformType.RANDOM_APPLY || !(e.getValue() instanceof List<?> l)) {
              throw new IllegalArgumentException(
                  position + ": only RandomApply holds a \"transforms\" list");
            }
            nested = steps(l, position + " (RandomApply):");
          }
          default -> params.put(key, e.getValue());
        }
      }
      out.add(new Step(t, params, enabled, nested));
    }
    return out;
  }
}
