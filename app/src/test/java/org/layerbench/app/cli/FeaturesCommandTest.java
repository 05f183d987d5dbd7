package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.BatchData;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleReader;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.PipelineTransform;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.TensorData;

/**
 * {@code layerbench features}: the values are bitwise what the bundle's reader (the one predict and
 * evaluate use) gives, or what the batch loader reads through a transforms file's pipeline.
 */
class FeaturesCommandTest {
  static final Path IMAGE = CliFaultsTest.IMAGE;
  static final Path PIPELINE = CliFaultsTest.PIPELINE;

  @TempDir Path dir;

  /**
   * A bundle of the sample's model with {@code preprocessing}; features reads no weights, so the
   * bundle carries none.
   */
  private Path bundle(String name, ImagePreprocessing preprocessing) throws Exception {
    Path file = dir.resolve(name + ".lbmodel");
    ModelBundle.write(
        file,
        new BundleContents(
            Templates.find("smallcnn").orElseThrow().create(3, List.of(3, 64, 64)),
            new LinkedHashMap<String, TensorData>(),
            List.of("circle", "square", "triangle"),
            preprocessing,
            Map.of(),
            null,
            null));
    return file;
  }

  private static float[] read(SampleReader reader, Path image, long seed) throws Exception {
    BatchData data = BatchData.of(reader.layout(), 1);
    reader.read(0, new Sample(image, -1), new SplittableRandom(seed), data, 0);
    return data.floats();
  }

  /** The JSON's values as float32, each parsed from its exact decimal text. */
  private static float[] values(JsonNode doc) {
    JsonNode v = doc.get("values");
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.parseFloat(v.get(i).decimalValue().toString());
    }
    return out;
  }

  private static JsonNode json(String... args) throws Exception {
    CliRun r = CliRun.of(args);
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.err()).isEmpty();
    return new ObjectMapper()
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .readTree(r.out());
  }

  private static void assertBitwise(float[] actual, float[] expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.length; i++) {
      if (Float.floatToRawIntBits(actual[i]) != Float.floatToRawIntBits(expected[i])) {
        throw new AssertionError(
            "value " + i + ": " + actual[i] + " differs from the reader's " + expected[i]);
      }
    }
  }

  @Test
  void jsonIsBitwiseWhatTheBundlesReaderFeedsPredict() throws Exception {
    ImagePreprocessing resizeCrop =
        new ImagePreprocessing(
            3, 72, 72, 64, 64, new double[] {0.5, 0.4, 0.3}, new double[] {0.2, 0.25, 0.3});
    PipelineFile file = PipelineFile.read(PIPELINE);
    ImagePreprocessing stored =
        new ImagePreprocessing(
            3, 64, 64, null, null, new double[3], new double[] {1, 1, 1}, file.val().toJson());
    for (ImagePreprocessing p : List.of(resizeCrop, stored)) {
      Path model = bundle(p == stored ? "stored" : "resize", p);
      JsonNode doc = json("features", "--model", model.toString(), IMAGE.toString(), "--json");
      assertThat(doc.get("shape").toString()).isEqualTo("[1,3,64,64]");
      assertThat(doc.get("dtype").asText()).isEqualTo("float32");
      float[] expected = read(ModelBundle.read(model).preprocessing().reader(), IMAGE, 0);
      assertBitwise(values(doc), expected);
    }
  }

  @Test
  void pipelineGivesWhatTheLoaderReadsThroughTheValPipeline() throws Exception {
    JsonNode doc = json("features", "--pipeline", PIPELINE.toString(), IMAGE.toString(), "--json");
    assertThat(doc.get("shape").toString()).isEqualTo("[1,3,64,64]");
    assertThat(doc.get("source").asText()).contains("val pipeline");
    PipelineFile file = PipelineFile.read(PIPELINE);
    SampleReader loader = ImageReader.of(new PipelineTransform(file.val(), 3, 64, 64));
    assertBitwise(values(doc), read(loader, IMAGE, 0));
  }

  @Test
  void trainDrawIsTheLoadersDrawForTheSeed() throws Exception {
    String[] args = {
      "features", "--pipeline", PIPELINE.toString(), IMAGE.toString(), "--train", "--json"
    };
    JsonNode seed0 = json(args);
    JsonNode seed3 = json(concat(args, "--seed", "3"));
    PipelineFile file = PipelineFile.read(PIPELINE);
    SampleReader loader = ImageReader.of(new PipelineTransform(file.train(), 3, 64, 64));
    assertBitwise(values(seed3), read(loader, IMAGE, 3));
    assertBitwise(values(seed0), read(loader, IMAGE, 0));
    assertThat(values(seed3)).isNotEqualTo(values(seed0));
    assertThat(seed3.get("source").asText()).contains("seed 3").contains("train pipeline");
  }

  @Test
  void humanOutputShowsShapeDtypeChannelStatisticsAndTheFirstValues() throws Exception {
    Path model = bundle("m", ImagePreprocessing.imagenet(32, 32));
    CliRun r = CliRun.of("features", "--model", model.toString(), IMAGE.toString());
    assertThat(r.code()).as(r.err()).isZero();
    float[] expected = read(ModelBundle.read(model).preprocessing().reader(), IMAGE, 0);
    assertThat(r.out())
        .contains("shape   [1, 3, 32, 32]")
        .contains("dtype   float32")
        .contains("through the preprocessing stored in m.lbmodel")
        .contains(
            "first 16 of 3072 values: "
                + String.format(java.util.Locale.ROOT, "%.4f", expected[0]));
    List<String> rows = r.out().lines().filter(l -> l.matches("[012] +-?\\d.*")).toList();
    assertThat(rows).hasSize(3);
    // Channel 0's minimum, as the values give it.
    float min = Float.MAX_VALUE;
    for (int i = 0; i < 32 * 32; i++) {
      min = Math.min(min, expected[i]);
    }
    assertThat(rows.get(0).split(" +")[1])
        .isEqualTo(String.format(java.util.Locale.ROOT, "%.4f", min));
  }

  @Test
  void userErrorsGetOneLineAndExitOne() throws Exception {
    Path model = bundle("m", ImagePreprocessing.imagenet(32, 32));
    Path corruptImage = Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N'});
    Path corruptBundle = Files.writeString(dir.resolve("broken.lbmodel"), "not a zip");
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(
        List.of("features", "--model", model.toString(), dir.resolve("none.png").toString()),
        "file not found");
    cases.put(
        List.of("features", "--model", model.toString(), corruptImage.toString()), "broken.png");
    cases.put(
        List.of("features", "--model", corruptBundle.toString(), IMAGE.toString()),
        "not a LayerBench model bundle");
    cases.put(
        List.of("features", "--model", dir.resolve("none.lbmodel").toString(), IMAGE.toString()),
        "none.lbmodel");
    cases.put(
        List.of("features", "--pipeline", dir.resolve("none.json").toString(), IMAGE.toString()),
        "none.json");
    cases.put(
        List.of("features", "--pipeline", PIPELINE.toString(), corruptImage.toString()),
        "broken.png");
    for (var c : cases.entrySet()) {
      CliRun r = CliRun.of(c.getKey().toArray(String[]::new));
      assertThat(r.code()).as(c.getKey() + ": " + r.err()).isEqualTo(1);
      assertThat(r.err().lines().toList()).as(c.getKey().toString()).hasSize(1);
      assertThat(r.err()).startsWith("layerbench: ").contains(c.getValue());
      assertThat(r.out()).isEmpty();
    }
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    Path model = bundle("m", ImagePreprocessing.imagenet(32, 32));
    String img = IMAGE.toString();
    for (List<String> args :
        List.of(
            List.of("features", img),
            List.of("features", "--model", model.toString(), "--pipeline", "p.json", img),
            List.of("features", "--model", model.toString()),
            List.of("features", "--model", model.toString(), "--train", img),
            List.of("features", "--pipeline", PIPELINE.toString(), "--seed", "2", img))) {
      CliRun r = CliRun.of(args.toArray(String[]::new));
      assertThat(r.code()).as(args + ": " + r.err()).isEqualTo(2);
      assertThat(r.err().lines().toList()).as(args.toString()).hasSize(1);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
