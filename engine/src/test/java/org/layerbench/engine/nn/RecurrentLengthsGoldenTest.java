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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.Params;

/**
 * Recurrent layers given sequence lengths against PyTorch 1.13 on packed sequences:
 * golden/recurrent-lengths.json holds what nn.LSTM, nn.GRU and nn.RNN (one and two layers,
 * bidirectional, without bias, ReLU) compute through pack_padded_sequence(..., batch_first=True,
 * enforce_sorted=False) and pad_packed_sequence(total_length=T) on ragged lengths including 1 and
 * T, written by src/test/python/gen_recurrent_lengths_fixtures.py: both outputs (sequence and
 * final_hidden) and the gradients of sum(output·coef) with respect to the input and every weight.
 */
class RecurrentLengthsGoldenTest {
  private static final JsonNode GOLDEN = load();
  private static final float TOLERANCE = 1e-5f;
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
    try (InputStream in =
        RecurrentLengthsGoldenTest.class.getResourceAsStream("/golden/recurrent-lengths.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Stream<Arguments> cases() {
    JsonNode list = GOLDEN.get("cases");
    return IntStream.range(0, list.size())
        .boxed()
        .flatMap(
            i ->
                Stream.of("sequence", "final_hidden")
                    .map(o -> Arguments.of(i, o, list.get(i).get("torch").asText())));
  }

  @ParameterizedTest(name = "{2}, {1}")
  @MethodSource("cases")
  void packedSequencesMatchTorch(int index, String output, String torch) {
    JsonNode c = GOLDEN.get("cases").get(index);
    JsonNode expected = c.get(output);
    String as = torch + " " + output;
    try (Network net = network(c, output);
        NDManager batch = manager.newSubManager()) {
      c.get("state_dict")
          .properties()
          .forEach(e -> net.replaceTensor("layer." + e.getKey(), array(batch, e.getValue())));
      NDArray x = array(batch, c.get("input"));
      NDArray lengths = lengths(batch, c.get("lengths"));
      assertClose(net.forward(x, lengths, false), expected.get("output"), as);
      x.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray out = net.forward(x, lengths, true);
        assertClose(out, expected.get("output"), as + " while training");
        gc.backward(out.mul(array(batch, expected.get("coef"))).sum());
      }
      expected
          .get("grads")
          .properties()
          .forEach(
              e ->
                  assertThat(
                          net.parameters().get("layer." + e.getKey()).getGradient().toFloatArray())
                      .as(as + " gradient of " + e.getKey())
                      .containsExactly(floats(e.getValue()), Offset.offset(TOLERANCE)));
      assertThat(x.getGradient().toFloatArray())
          .as(as + " gradient of the input")
          .containsExactly(floats(expected.get("input_grad")), Offset.offset(TOLERANCE));
    }
  }

  /** Lengths that are all T take today's path: the same bits as no lengths at all. */
  @Test
  void fullLengthsAreBitwiseTheUnpaddedPath() {
    JsonNode c = GOLDEN.get("cases").get(0);
    for (String output : List.of("sequence", "final_hidden")) {
      try (Network net = network(c, output);
          NDManager batch = manager.newSubManager()) {
        NDArray x = array(batch, c.get("input"));
        long batchSize = x.getShape().get(0);
        long steps = x.getShape().get(1);
        long[] full = new long[(int) batchSize];
        java.util.Arrays.fill(full, steps);
        float[] without = net.forward(x, false).toFloatArray();
        float[] withFull = net.forward(x, batch.create(full), false).toFloatArray();
        float[] withNull = net.forward(x, null, false).toFloatArray();
        assertThat(withFull).as(output).containsExactly(without);
        assertThat(withNull).as(output).containsExactly(without);
      }
    }
  }

  /** A padded step changes nothing: growing the padding with garbage gives the same outputs. */
  @Test
  void paddingContentsDoNotMatter() {
    JsonNode c = GOLDEN.get("cases").get(4); // bidirectional LSTM
    try (Network net = network(c, "final_hidden");
        NDManager batch = manager.newSubManager()) {
      NDArray x = array(batch, c.get("input"));
      NDArray lengths = lengths(batch, c.get("lengths"));
      NDArray noisy =
          x.add(
              batch
                  .randomNormal(x.getShape())
                  .mul(
                      batch
                          .arange(
                              0, (int) x.getShape().get(1), 1, ai.djl.ndarray.types.DataType.INT64)
                          .reshape(1, -1)
                          .gte(lengths.reshape(-1, 1))
                          .toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
                          .expandDims(2)));
      assertThat(net.forward(noisy, lengths, false).toFloatArray())
          .containsExactly(net.forward(x, lengths, false).toFloatArray());
    }
  }

  /** Input (T×F, the fixture's) → the one recurrent layer with the fixture's params. */
  private static Network network(JsonNode c, String output) {
    JsonNode input = c.get("input");
    List<Integer> dims = new ArrayList<>();
    for (int i = 1; i < input.get("shape").size(); i++) {
      dims.add(input.get("shape").get(i).intValue());
    }
    Params p = params(c.get("params")).with("output", output);
    String type = c.get("type").asText();
    GraphBuilder b = new GraphBuilder("ragged");
    b.add("layer", LayerType.valueOf(type.toUpperCase(java.util.Locale.ROOT)), p, b.input(dims));
    GraphAnalysis a = GraphAnalysis.of(b.build());
    assertThat(a.problems()).as(type + " " + p).isEmpty();
    return Network.create(a, manager, 1);
  }

  private static Params params(JsonNode object) {
    Map<String, Object> map = new LinkedHashMap<>();
    object
        .properties()
        .forEach(
            e -> {
              JsonNode v = e.getValue();
              if (v.isBoolean()) {
                map.put(e.getKey(), v.booleanValue());
              } else if (v.isTextual()) {
                map.put(e.getKey(), v.textValue());
              } else {
                map.put(e.getKey(), v.intValue());
              }
            });
    return new Params(map);
  }

  private static NDArray lengths(NDManager m, JsonNode values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).longValue();
    }
    return m.create(out);
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

  private static void assertClose(NDArray actual, JsonNode expected, String as) {
    assertThat(actual.getShape()).as(as).isEqualTo(shape(expected));
    assertThat(actual.toFloatArray())
        .as(as)
        .containsExactly(floats(expected.get("values")), Offset.offset(TOLERANCE));
  }
}
