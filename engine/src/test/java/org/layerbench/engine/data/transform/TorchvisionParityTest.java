package org.layerbench.engine.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.RgbImage;

/**
 * Every transform against torchvision 0.14 on Pillow 9.4 (Debian's python3-torchvision and
 * python3-pil, the reference PyTorch of {@code ../shared/bench/setup-pytorch.sh}), from fixtures
 * made by {@code engine/src/test/python/gen_transform_fixtures.py}. Deterministic transforms must
 * match exactly; random ones exactly given the parameters torchvision drew (crop box, factors and
 * their order, sigma, erased window). The one tolerance: GaussianBlur may differ by 1/255 where its
 * float sum lands on x.5, because torch sums a 2-D kernel and we run two 1-D passes (same kernel,
 * different order of float additions).
 */
class TorchvisionParityTest {

  private static final Path DIR = Path.of("src/test/resources/transforms/pil");
  private static final ObjectMapper JSON = new ObjectMapper();

  @SuppressWarnings("unchecked")
  static Stream<Arguments> cases() throws IOException {
    Map<String, Object> root = JSON.readValue(DIR.resolve("cases.json").toFile(), Map.class);
    List<Arguments> out = new ArrayList<>();
    for (Map<String, Object> c : (List<Map<String, Object>>) root.get("cases")) {
      out.add(Arguments.of(c.get("name"), c));
    }
    return out.stream();
  }

  static Image8 input(String name) throws Exception {
    RgbImage rgb = ImageDecoder.decode(DIR.resolve(name));
    Image8 img = Image8.of(rgb);
    if (name.startsWith("gray")) { // PIL mode L: keep one channel
      byte[] l = new byte[rgb.width() * rgb.height()];
      for (int i = 0; i < l.length; i++) {
        l[i] = rgb.rgb()[i * 3];
      }
      img = new Image8(rgb.width(), rgb.height(), 1, l);
    }
    return img;
  }

  @SuppressWarnings("unchecked")
  static Op op(Map<String, Object> stepJson) {
    Step step = Pipeline.fromJson(List.of(stepJson), "case").steps().get(0);
    return step.type().create(new Args(step.type(), step.params()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void matchesTorchvision(String name, Map<String, Object> c) throws Exception {
    Object value = input((String) c.get("input"));
    for (Map<String, Object> pre : (List<Map<String, Object>>) c.getOrDefault("pre", List.of())) {
      value = run(op(pre), value, null);
    }
    Map<String, Object> drawn = (Map<String, Object>) c.get("drawn");
    Object result = run(op((Map<String, Object>) c.get("step")), value, drawn);
    byte[] expected = Files.readAllBytes(DIR.resolve((String) c.get("output")));
    List<Integer> shape = (List<Integer>) c.get("shape");
    if ("uint8".equals(c.get("dtype"))) {
      Image8 img = (Image8) result;
      assertThat(List.of(img.height(), img.width(), img.channels())).isEqualTo(shape);
      if (name.startsWith("gaussian_blur")) {
        int worst = 0;
        int off = 0;
        for (int i = 0; i < expected.length; i++) {
          int d = Math.abs((expected[i] & 0xFF) - (img.data()[i] & 0xFF));
          worst = Math.max(worst, d);
          off += d > 0 ? 1 : 0;
        }
        assertThat(worst).as("largest difference in 1/255 steps").isLessThanOrEqualTo(1);
        assertThat(off).as("pixels off by one").isLessThan(expected.length / 50);
      } else {
        assertThat(img.data()).isEqualTo(expected);
      }
    } else {
      TensorImage t = (TensorImage) result;
      assertThat(List.of(t.channels(), t.height(), t.width())).isEqualTo(shape);
      float[] want = new float[expected.length / 4];
      ByteBuffer.wrap(expected).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(want);
      assertThat(t.data()).containsExactly(want);
    }
  }

  private static Object run(Op op, Object value, Map<String, Object> drawn) {
    SplittableRandom random = new SplittableRandom(1);
    if (drawn == null) {
      return switch (op) {
        case Op.ImageOp io -> io.apply((Image8) value, random);
        case Op.TensorOp to -> to.apply((TensorImage) value, random);
        case Op.ToTensor t -> TensorImage.of((Image8) value);
      };
    }
    return switch (op) {
      case GeometryTransforms.RandomCrop rc -> {
        Image8 padded = rc.prepare((Image8) value);
        yield Pil.crop(padded, num(drawn, "i"), num(drawn, "j"), rc.height(), rc.width());
      }
      case GeometryTransforms.RandomResizedCrop rrc ->
          rrc.applyBox(
              (Image8) value,
              new int[] {num(drawn, "i"), num(drawn, "j"), num(drawn, "h"), num(drawn, "w")});
      case ColorTransforms.ColorJitter cj -> {
        List<Integer> order = (List<Integer>) drawn.get("order");
        yield ColorTransforms.ColorJitter.apply(
            (Image8) value,
            order.stream().mapToInt(Integer::intValue).toArray(),
            dbl(drawn, "brightness"),
            dbl(drawn, "contrast"),
            dbl(drawn, "saturation"),
            dbl(drawn, "hue"));
      }
      case ColorTransforms.GaussianBlur gb -> {
        double sigma = dbl(drawn, "sigma");
        yield gb.blur((Image8) value, sigma, sigma);
      }
      case TensorTransforms.RandomErasing re ->
          re.erase(
              (TensorImage) value,
              num(drawn, "i"),
              num(drawn, "j"),
              num(drawn, "h"),
              num(drawn, "w"),
              null);
      default -> throw new AssertionError("no drawn-parameter path for " + op);
    };
  }

  private static int num(Map<String, Object> m, String k) {
    return ((Number) m.get(k)).intValue();
  }

  private static Double dbl(Map<String, Object> m, String k) {
    Object v = m.get(k);
    return v == null ? null : ((Number) v).doubleValue();
  }
}
