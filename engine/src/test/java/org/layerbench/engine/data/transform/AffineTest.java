package org.layerbench.engine.data.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RandomRotation and RandomAffine against torchvision 0.14 / Pillow 9.4 on PIL images, byte for
 * byte. The fixture (engine/src/test/python/gen_geometry_fixtures.py) runs torchvision's own
 * transform classes with get_params fixed to recorded draws, and records the matrix Pillow was
 * given; here the same draws go through {@code apply(image, params)}. Every image is compared byte
 * for byte, without tolerance; so are the matrices of the image cases and of Pillow's rotate. Only
 * the random sweep of torchvision's affine matrix allows a last-bit difference, explained there.
 */
class AffineTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNode FIXTURE = load();

  private static JsonNode load() {
    try (InputStream in =
        AffineTest.class.getResourceAsStream("/transforms/geometry/geometry.json")) {
      return MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- images against torchvision

  static Stream<Arguments> rotateCases() {
    return cases("rotate", c -> "angle " + c.get("angle").asDouble());
  }

  static Stream<Arguments> affineCases() {
    return cases("affine", c -> "drawn " + c.get("drawn"));
  }

  private static Stream<Arguments> cases(
      String kind, java.util.function.Function<JsonNode, String> what) {
    List<Arguments> out = new ArrayList<>();
    for (JsonNode c : FIXTURE.get(kind)) {
      String name = c.get("image").asText() + " " + what.apply(c) + " " + c.get("params");
      out.add(Arguments.of(name, c));
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rotateCases")
  void rotationMatchesTorchvision(String name, JsonNode c) {
    Image8 in = image(c.get("image").asText());
    Map<String, Object> params = params(c.get("params"));
    params.put("degrees", 180);
    Affine.RandomRotation op =
        (Affine.RandomRotation) create(TransformType.RANDOM_ROTATION, params);
    double angle = c.get("angle").asDouble();

    if (!c.get("matrix").isNull()) {
      PilGeometry.Warp warp =
          PilGeometry.rotateWarp(in.width(), in.height(), angle, op.expand(), op.center());
      assertThat(hex(warp.matrix())).isEqualTo(hex(numbers(c.get("matrix"))));
      assertThat(warp.width()).isEqualTo(c.get("width").asInt());
      assertThat(warp.height()).isEqualTo(c.get("height").asInt());
    }
    assertSameImage(op.apply(in, angle), c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("affineCases")
  void affineMatchesTorchvision(String name, JsonNode c) {
    Image8 in = image(c.get("image").asText());
    Map<String, Object> params = params(c.get("params"));
    params.put("degrees", 180);
    Affine.RandomAffine op = (Affine.RandomAffine) create(TransformType.RANDOM_AFFINE, params);
    JsonNode d = c.get("drawn");
    Affine.Params drawn =
        new Affine.Params(
            d.get("angle").asDouble(),
            d.get("translate").get(0).asInt(),
            d.get("translate").get(1).asInt(),
            d.get("scale").asDouble(),
            d.get("shear").get(0).asDouble(),
            d.get("shear").get(1).asDouble());

    double[] center = op.center();
    double[] m =
        Affine.inverseMatrix(
            center == null ? in.width() * 0.5 : center[0],
            center == null ? in.height() * 0.5 : center[1],
            drawn.angle(),
            drawn.tx(),
            drawn.ty(),
            drawn.scale(),
            new double[] {drawn.shearX(), drawn.shearY()});
    assertThat(hex(m)).isEqualTo(hex(numbers(c.get("matrix"))));
    assertSameImage(op.apply(in, drawn), c);
  }

  /** The fixture covers Pillow's three nearest paths and the bilinear one. */
  @Test
  void fixtureCoversEveryPillowPath() {
    List<String> paths = new ArrayList<>();
    for (String kind : List.of("rotate", "affine")) {
      for (JsonNode c : FIXTURE.get(kind)) {
        if (c.get("matrix").isNull()) {
          paths.add("transpose");
          continue;
        }
        double[] a = numbers(c.get("matrix"));
        String interpolation = c.get("params").path("interpolation").asText("nearest");
        int w = c.get("width").asInt();
        int h = c.get("height").asInt();
        if (interpolation.equals("bilinear")) {
          paths.add("bilinear");
        } else if (a[1] == 0 && a[3] == 0) {
          paths.add("scale");
        } else if (fixed(a, 0, 0) && fixed(a, w, h) && fixed(a, 0, h) && fixed(a, w, 0)) {
          paths.add("fixed");
        } else {
          paths.add("float");
        }
      }
    }
    assertThat(paths).contains("transpose", "scale", "fixed", "float", "bilinear");
  }

  /** Pillow's check_fixed: whether a corner maps within ±32768. */
  private static boolean fixed(double[] a, int x, int y) {
    return Math.abs(x * a[0] + y * a[1] + a[2]) < 32768.0
        && Math.abs(x * a[3] + y * a[4] + a[5]) < 32768.0;
  }

  // ---------------------------------------------------------------- matrices, bit for bit

  /**
   * torchvision's _get_inverse_affine_matrix on random parameters. The one place that is not always
   * bit-exact: Python's math.cos/sin/tan are glibc's, and Java's Math differs from glibc in the
   * last bit for a few arguments (see Affine.inverseMatrix), so a few matrices differ by an ulp or
   * two. All must be within 2e-15 (relative, or absolute below 1) and nearly all bit-exact; an
   * error in the formula or the order of operations would break one of the two.
   */
  @Test
  void inverseMatrixMatchesTorchvision() {
    int exact = 0;
    int total = 0;
    for (JsonNode c : FIXTURE.get("matrices").get("affine")) {
      double[] center = numbers(c.get("center"));
      double[] translate = numbers(c.get("translate"));
      double[] m =
          Affine.inverseMatrix(
              center[0],
              center[1],
              c.get("angle").asDouble(),
              translate[0],
              translate[1],
              c.get("scale").asDouble(),
              numbers(c.get("shear")));
      double[] want = numbers(c.get("matrix"));
      for (int i = 0; i < 6; i++) {
        assertThat(m[i])
            .as(c.toString())
            .isCloseTo(want[i], within(2e-15 * Math.max(1, Math.abs(want[i]))));
      }
      total++;
      exact += hex(m).equals(hex(want)) ? 1 : 0;
    }
    assertThat(exact).as("bit-exact matrices of " + total).isGreaterThanOrEqualTo(total * 95 / 100);
  }

  /** Pillow's Image.rotate matrix and expanded size on random angles, sizes and centres. */
  @Test
  void rotateMatrixMatchesPillowBitForBit() {
    for (JsonNode c : FIXTURE.get("matrices").get("rotate")) {
      double[] center = c.get("center").isNull() ? null : numbers(c.get("center"));
      PilGeometry.Warp warp =
          PilGeometry.rotateWarp(
              c.get("width").asInt(),
              c.get("height").asInt(),
              c.get("angle").asDouble(),
              c.get("expand").asBoolean(),
              center);
      assertThat(hex(warp.matrix())).as(c.toString()).isEqualTo(hex(numbers(c.get("matrix"))));
      assertThat(new int[] {warp.width(), warp.height()})
          .as(c.toString())
          .containsExactly(c.get("size").get(0).asInt(), c.get("size").get(1).asInt());
    }
  }

  @Test
  void pythonArithmeticHelpers() {
    assertThat(PilGeometry.pythonMod(-90, 360)).isEqualTo(270.0);
    assertThat(PilGeometry.pythonMod(-1e-20, 360)).isEqualTo(360.0);
    assertThat(Double.doubleToRawLongBits(PilGeometry.pythonMod(-0.0, 360))).isZero();
    assertThat(Double.doubleToRawLongBits(PilGeometry.round15(Math.sin(-Math.PI))))
        .isEqualTo(Double.doubleToRawLongBits(-0.0));
    assertThat(PilGeometry.round15(0.8358073613682701)).isEqualTo(0.83580736136827);
  }

  // ---------------------------------------------------------------- drawing

  /** get_params draws angle, tx, ty, scale, shear x, shear y, in that order, as float32. */
  @Test
  void randomAffineDrawsInTorchvisionsOrder() {
    Affine.RandomAffine op =
        (Affine.RandomAffine)
            create(
                TransformType.RANDOM_AFFINE,
                Map.of(
                    "degrees", List.of(-10, 30),
                    "translate", List.of(0.5, 0.25),
                    "scale", List.of(0.5, 1.5),
                    "shear", List.of(-1, 1, -20, 20)));
    // width 20, height 40: |tx| ≤ 10, |ty| ≤ 10
    Affine.Params p = op.params(20, 40, scripted(0.25, 0.625, 0.375, 0.1, 0.75, 0.3));
    assertThat(p.angle()).isEqualTo(0.0);
    assertThat(p.tx()).isEqualTo(2); // round(2.5) = 2: half to even
    assertThat(p.ty()).isEqualTo(-2); // round(-2.5) = -2
    assertThat(p.scale()).isEqualTo((double) (float) (0.5 + 1.0 * 0.1));
    assertThat(p.shearX()).isEqualTo(0.5);
    assertThat(p.shearY()).isEqualTo((double) (float) (-20 + 40 * 0.3));

    Affine.RandomAffine angleOnly =
        (Affine.RandomAffine)
            create(TransformType.RANDOM_AFFINE, Map.of("degrees", 45, "shear", 10));
    RandomGenerator two = scripted(0.75, 0.5);
    assertThat(angleOnly.params(20, 40, two))
        .isEqualTo(new Affine.Params(22.5, 0, 0, 1.0, 0.0, 0.0));
    assertThatThrownBy(two::nextDouble).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void randomRotationDrawsOneAngleAsFloat32() {
    Affine.RandomRotation op =
        (Affine.RandomRotation)
            create(TransformType.RANDOM_ROTATION, Map.of("degrees", List.of(10, 40)));
    assertThat(op.angle(scripted(0.5))).isEqualTo(25.0);
    assertThat(op.angle(scripted(0.1))).isEqualTo((double) (float) (10 + 30 * 0.1));
    assertThat(op.degrees()).containsExactly(10.0, 40.0);
    assertThat(
            ((Affine.RandomRotation) create(TransformType.RANDOM_ROTATION, Map.of("degrees", 7)))
                .degrees())
        .containsExactly(-7.0, 7.0);
  }

  @Test
  void identityParametersGiveTheImageBack() {
    Image8 in = image("rgb");
    Affine.RandomRotation rotation =
        (Affine.RandomRotation) create(TransformType.RANDOM_ROTATION, Map.of("degrees", 0));
    assertThat(rotation.apply(in, new SplittableRandom(1)).data()).isEqualTo(in.data());
    Affine.RandomAffine affine =
        (Affine.RandomAffine) create(TransformType.RANDOM_AFFINE, Map.of("degrees", 0));
    assertThat(affine.apply(in, new SplittableRandom(1)).data()).isEqualTo(in.data());
  }

  // ---------------------------------------------------------------- validation and JSON

  @Test
  void badParametersAreExplainedThroughCompile() {
    assertCompileError(
        Step.of(TransformType.RANDOM_ROTATION, "degrees", -5),
        "step 1 (RandomRotation): if degrees is a single number, it must be finite and ≥ 0, got"
            + " -5");
    assertCompileError(
        Step.of(TransformType.RANDOM_ROTATION), "step 1 (RandomRotation): degrees is required");
    assertCompileError(
        Step.of(TransformType.RANDOM_ROTATION, "degrees", List.of(30, 10)),
        "degrees must be one number or [min, max] with min ≤ max, got [30, 10]");
    assertCompileError(
        Step.of(TransformType.RANDOM_ROTATION, "degrees", 10, "interpolation", "bicubic"),
        "interpolation must be one of nearest, bilinear, got \"bicubic\"");
    assertCompileError(
        Step.of(TransformType.RANDOM_ROTATION, "degrees", 10, "center", List.of(1)),
        "center must be [x, y] in pixels, got [1]");
    assertCompileError(
        Step.of(TransformType.RANDOM_ROTATION, "degrees", 10, "fill", List.of(1, 2)),
        "fill must be one value or three (R, G, B)");
    assertCompileError(
        Step.of(TransformType.RANDOM_ROTATION, "degrees", 10, "expand", "yes"),
        "expand must be true or false, got \"yes\"");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", -1),
        "step 1 (RandomAffine): if degrees is a single number, it must be finite and ≥ 0, got -1");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "translate", List.of(0.5, 1.5)),
        "step 1 (RandomAffine): translate must be between 0 and 1, got [0.5, 1.5]");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "translate", List.of(-0.1, 0.5)),
        "translate must be between 0 and 1, got [-0.1, 0.5]");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "translate", 0.2),
        "translate must be [a, b] (fractions of the width and height), got 0.2");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "scale", List.of(0, 1)),
        "step 1 (RandomAffine): scale values must be positive, got [0, 1]");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "scale", List.of(-2, -1)),
        "scale values must be positive, got [-2, -1]");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "scale", List.of(1.5, 0.5)),
        "scale must be [min, max] with min ≤ max, got [1.5, 0.5]");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "shear", List.of(1, 2, 3)),
        "step 1 (RandomAffine): shear must be one number, [x min, x max] or"
            + " [x min, x max, y min, y max], got [1, 2, 3]");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "shear", -3),
        "if shear is a single number, it must be finite and ≥ 0, got -3");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "shear", List.of(0, 5, 9, 2)),
        "shear ranges must have min ≤ max, got [0, 5, 9, 2]");
    assertCompileError(
        Step.of(TransformType.RANDOM_AFFINE, "degrees", 0, "expand", true),
        "RandomAffine has no parameter 'expand'");
  }

  @Test
  void pipelineJsonRoundTripsBothSteps() {
    Pipeline train =
        Pipeline.of(
            Step.of(
                TransformType.RANDOM_ROTATION,
                "degrees",
                15,
                "interpolation",
                "bilinear",
                "expand",
                true,
                "center",
                List.of(3, 4.5),
                "fill",
                List.of(1, 2, 3)),
            Step.of(
                TransformType.RANDOM_AFFINE,
                "degrees",
                List.of(-5, 10.5),
                "translate",
                List.of(0.1, 0.2),
                "scale",
                List.of(0.9, 1.1),
                "shear",
                List.of(-3, 3, -2, 2),
                "interpolation",
                "bilinear",
                "fill",
                7,
                "center",
                List.of(5, 6)),
            Step.of(TransformType.RESIZE, "size", List.of(16, 16)),
            Step.of(TransformType.TO_TENSOR));
    PipelineFile file = new PipelineFile(train, Pipeline.standard(16));
    String json = file.toJson();
    assertThat(json).contains("\"type\" : \"RandomRotation\"", "\"type\" : \"RandomAffine\"");

    PipelineFile back = PipelineFile.parse(json);
    assertThat(back).isEqualTo(file);
    assertThat(back.toJson()).isEqualTo(json);
    assertThat(back.train().random()).isTrue();
    assertThat(TransformType.RANDOM_ROTATION.random()).isTrue();
    assertThat(TransformType.RANDOM_AFFINE.random()).isTrue();

    // compiled, the same seed gives the same tensor; different seeds differ
    Pipeline.Compiled compiled = back.train().compile();
    Image8 in = image("rgb");
    TensorImage a = compiled.apply(in, new SplittableRandom(42));
    TensorImage b = compiled.apply(in, new SplittableRandom(42));
    TensorImage c = compiled.apply(in, new SplittableRandom(43));
    assertThat(a.shape()).isEqualTo("3×16×16");
    assertThat(a.data()).isEqualTo(b.data());
    assertThat(a.data()).isNotEqualTo(c.data());

    assertThatThrownBy(() -> new PipelineFile(train, train))
        .hasMessageContaining("validation pipeline must not be random");
  }

  @Test
  void grayImagesTakeTheFirstFillValue() {
    Image8 gray = image("gray");
    Affine.RandomAffine op =
        (Affine.RandomAffine)
            create(
                TransformType.RANDOM_AFFINE,
                Map.of("degrees", 0, "translate", List.of(1, 1), "fill", List.of(9, 8, 7)));
    // translate by the whole width: nothing of the image is left, only fill
    Image8 out = op.apply(gray, new Affine.Params(0, 15, 0, 1, 0, 0));
    assertThat(out.channels()).isEqualTo(1);
    for (byte v : out.data()) {
      assertThat(v).isEqualTo((byte) 9);
    }
  }

  // ---------------------------------------------------------------- helpers

  private static void assertCompileError(Step step, String message) {
    assertThatThrownBy(() -> Pipeline.of(step).compile())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  private static Op create(TransformType type, Map<String, Object> params) {
    return type.create(new Args(type, params));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> params(JsonNode node) {
    return new LinkedHashMap<>(MAPPER.convertValue(node, Map.class));
  }

  private static Image8 image(String name) {
    JsonNode i = FIXTURE.get("images").get(name);
    return new Image8(
        i.get("width").asInt(),
        i.get("height").asInt(),
        i.get("channels").asInt(),
        Base64.getDecoder().decode(i.get("data").asText()));
  }

  private static double[] numbers(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  /** Doubles as hex strings: equality is bit equality, and a failure shows the bits. */
  private static List<String> hex(double[] values) {
    List<String> out = new ArrayList<>();
    for (double v : values) {
      out.add(Double.toHexString(v));
    }
    return out;
  }

  /** Byte equality, with a failure message that says how many bytes differ and where. */
  private static void assertSameImage(Image8 actual, JsonNode expected) {
    int w = expected.get("width").asInt();
    int h = expected.get("height").asInt();
    assertThat(actual.width() + "×" + actual.height()).isEqualTo(w + "×" + h);
    byte[] want = Base64.getDecoder().decode(expected.get("data").asText());
    byte[] got = actual.data();
    assertThat(got.length).isEqualTo(want.length);
    int c = actual.channels();
    List<String> diffs = new ArrayList<>();
    for (int i = 0; i < want.length; i++) {
      if (got[i] != want[i]) {
        int p = i / c;
        diffs.add(
            "("
                + p % w
                + ", "
                + p / w
                + ", c"
                + i % c
                + "): "
                + (got[i] & 0xFF)
                + " instead of "
                + (want[i] & 0xFF));
      }
    }
    assertThat(diffs).as(diffs.size() + " of " + want.length + " bytes differ").isEmpty();
  }

  /** A generator whose nextDouble returns the given values, then fails. */
  private static RandomGenerator scripted(double... values) {
    Deque<Double> queue = new ArrayDeque<>();
    for (double v : values) {
      queue.add(v);
    }
    return new RandomGenerator() {
      @Override
      public double nextDouble() {
        if (queue.isEmpty()) {
          throw new IllegalStateException("no more draws scripted");
        }
        return queue.poll();
      }

      @Override
      public long nextLong() {
        throw new IllegalStateException("only nextDouble is scripted");
      }
    };
  }
}
