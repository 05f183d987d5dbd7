package org.layerbench.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.Params;

/**
 * Network's average pooling, recurrent layers and LayerNorm against PyTorch: golden/kernels.json
 * holds what Debian's torch 1.13 computes with torch.nn.functional.avg_pool1d/avg_pool2d, nn.LSTM /
 * nn.GRU (batch_first, eval mode) and nn.LayerNorm on fixed inputs and weights, written by
 * src/test/python/gen_kernel_fixtures.py. Three of these once disagreed with torch: DJL's native
 * avgPool drops count_include_pad, libtorch 2.7's oneDNN LSTM gives wrong numbers on the CPU, and
 * LayerNorm with elementwise_affine=False threw (a null weight reached DJL's layerNorm).
 */
class KernelGoldenTest {
  private static final JsonNode GOLDEN = load();
  private static NDManager manager;

  @BeforeAll
  static void start() {
    System.setProperty("ai.djl.offline", "true");
    manager = NDManager.newBaseManager();
    JniUtils.setGradMode(false);
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  private static JsonNode load() {
    try (InputStream in = KernelGoldenTest.class.getResourceAsStream("/golden/kernels.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> pools() {
    return cases("pools");
  }

  static Stream<Arguments> recurrent() {
    return cases("recurrent");
  }

  static Stream<Arguments> layerNorms() {
    return cases("layer_norms");
  }

  private static Stream<Arguments> cases(String group) {
    JsonNode list = GOLDEN.get(group);
    return IntStream.range(0, list.size())
        .mapToObj(i -> Arguments.of(i, list.get(i).get("torch").asText()));
  }

  /** The fixture's params (PyTorch's keyword arguments) as a graph node's. */
  private static Params params(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object
        .properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              if (v.isBoolean()) {
                map.put(e.getKey(), v.booleanValue());
              } else if (v.isFloatingPointNumber()) {
                map.put(e.getKey(), v.doubleValue());
              } else if (v.isArray()) {
                List<Integer> ints = new ArrayList<>();
                v.forEach(n -> ints.add(n.intValue()));
                map.put(e.getKey(), ints);
              } else {
                map.put(e.getKey(), v.intValue());
              }
            });
    return new Params(map);
  }

  private static float[] floats(JsonNode values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) values.get(i).doubleValue();
    }
    return out;
  }

  private static Shape shape(JsonNode tensor) {
    long[] dims = new long[tensor.get("shape").size()];
    for (int i = 0; i < dims.length; i++) {
      dims[i] = tensor.get("shape").get(i).longValue();
    }
    return new Shape(dims);
  }

  private static NDArray array(NDManager m, JsonNode tensor) {
    return m.create(floats(tensor.get("values")), shape(tensor));
  }

  /** Input → the one layer, with the fixture's input shape less its batch dimension. */
  private static Network network(String type, Params p, JsonNode input) {
    List<Integer> dims = new ArrayList<>();
    for (int i = 1; i < input.get("shape").size(); i++) {
      dims.add(input.get("shape").get(i).intValue());
    }
    GraphBuilder b = new GraphBuilder("kernel");
    b.add("layer", LayerType.valueOf(type.toUpperCase(java.util.Locale.ROOT)), p, b.input(dims));
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems()).as(type + " " + p).isEmpty();
    return Network.create(a, manager, 1);
  }

  private static void assertClose(NDArray actual, JsonNode expected, double tolerance, String as) {
    assertThat(actual.getShape()).as(as).isEqualTo(shape(expected));
    assertThat(actual.toFloatArray())
        .as(as)
        .containsExactly(floats(expected.get("values")), Offset.offset((float) tolerance));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("pools")
  void averagePoolingMatchesTorch(int index, String torch) {
    JsonNode c = GOLDEN.get("pools").get(index);
    try (Network net = network(c.get("type").asText(), params(c.get("params")), c.get("input"));
        NDManager batch = manager.newSubManager()) {
      NDArray out = net.forward(array(batch, c.get("input")), false);
      assertClose(out, c.get("output"), 1e-6, torch);
    }
  }

  /**
   * The sequence output and the gradients of sum(output·coef) with respect to every parameter and
   * the input, then the final_hidden output (the last layer's h_n, directions side by side, as
   * torch.cat([h_n[-2], h_n[-1]], dim=1)), from torch's weights loaded by state_dict name.
   */
  @ParameterizedTest(name = "{1}")
  @MethodSource("recurrent")
  void recurrentLayersMatchTorch(int index, String torch) {
    JsonNode c = GOLDEN.get("recurrent").get(index);
    JsonNode stateDict = c.get("state_dict");
    for (String output : List.of("sequence", "final_hidden")) {
      Params p = params(c.get("params")).with("output", output);
      try (Network net = network(c.get("type").asText(), p, c.get("input"));
          NDManager batch = manager.newSubManager()) {
        List<String> names = new ArrayList<>();
        stateDict.properties().forEach(e -> names.add("layer." + e.getKey()));
        assertThat(net.state().keySet()).as(torch).containsExactlyElementsOf(names);
        stateDict
            .properties()
            .forEach(e -> net.replaceTensor("layer." + e.getKey(), array(batch, e.getValue())));
        NDArray x = array(batch, c.get("input"));
        if (output.equals("final_hidden")) {
          assertClose(net.forward(x, false), c.get("final_hidden"), 1e-6, torch + " final_hidden");
          continue;
        }
        assertClose(net.forward(x, false), c.get("output"), 1e-6, torch + " output");
        x.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          // training mode: the same numbers, dropout being 0, and the gradient through the kernels
          NDArray out = net.forward(x, true);
          assertClose(out, c.get("output"), 1e-6, torch + " output while training");
          gc.backward(out.mul(array(batch, c.get("coef"))).sum());
        }
        c.get("grads")
            .properties()
            .forEach(
                e -> {
                  NDArray grad = net.parameters().get("layer." + e.getKey()).getGradient();
                  assertThat(grad.toFloatArray())
                      .as(torch + " gradient of " + e.getKey())
                      .containsExactly(floats(e.getValue()), Offset.offset(1e-6f));
                });
        assertThat(x.getGradient().toFloatArray())
            .as(torch + " gradient of the input")
            .containsExactly(floats(c.get("input_grad")), Offset.offset(1e-6f));
      }
    }
  }

  /**
   * LayerNorm over the last dimension, with elementwise_affine=False (no tensors at all) and, as a
   * control, with a weight and bias that are not the initial ones and zeros: the output in eval and
   * in training mode, and the gradients of sum(output·coef) with respect to the input and any
   * parameter.
   */
  @ParameterizedTest(name = "{1}")
  @MethodSource("layerNorms")
  void layerNormMatchesTorch(int index, String torch) {
    JsonNode c = GOLDEN.get("layer_norms").get(index);
    JsonNode stateDict = c.get("state_dict");
    try (Network net = network(c.get("type").asText(), params(c.get("params")), c.get("input"));
        NDManager batch = manager.newSubManager()) {
      List<String> names = new ArrayList<>();
      stateDict.properties().forEach(e -> names.add("layer." + e.getKey()));
      assertThat(net.state().keySet()).as(torch).containsExactlyElementsOf(names);
      stateDict
          .properties()
          .forEach(e -> net.replaceTensor("layer." + e.getKey(), array(batch, e.getValue())));
      NDArray x = array(batch, c.get("input"));
      assertClose(net.forward(x, false), c.get("output"), 1e-6, torch + " output");
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = net.forward(x, true);
        assertClose(out, c.get("output"), 1e-6, torch + " output while training");
        gc.backward(out.mul(array(batch, c.get("coef"))).sum());
      }
      c.get("grads")
          .properties()
          .forEach(
              e -> {
                NDArray grad = net.parameters().get("layer." + e.getKey()).getGradient();
                assertThat(grad.toFloatArray())
                    .as(torch + " gradient of " + e.getKey())
                    .containsExactly(floats(e.getValue()), Offset.offset(1e-6f));
              });
      assertThat(x.getGradient().toFloatArray())
          .as(torch + " gradient of the input")
          .containsExactly(floats(c.get("input_grad")), Offset.offset(1e-6f));
    }
  }
}
