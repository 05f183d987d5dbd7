package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.SharedTextData;
import org.layerbench.engine.data.text.Tokenizer;
import org.layerbench.engine.data.text.Vocabulary;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.GraphBuilder;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Node;
import org.layerbench.engine.graph.Params;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.export.onnx.OnnxProto.ModelProto;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * Text models export exactly (DESIGN §9): model.py packs the padded batch as LayerBench runs it and
 * is checked in real PyTorch, model.onnx takes {@code lengths} as the recurrent operators'
 * sequence_lens and is checked in ONNX Runtime on ragged lengths, and predict.py turns texts into
 * the same ids and logits as LayerBench.
 */
class TextExportTest {
  static final int STEPS = 12;

  @TempDir Path dir;

  @BeforeAll
  static void engine() {
    ExportFixtures.startEngine();
  }

  static final Vocabulary VOCABULARY =
      Vocabulary.of(
          List.of(
              "<unk>", "<pad>", ".", "!", "it", "i", "'", "the", "phone", "great", "worst", "t",
              "isn", "butter", "can", "believe", "not", "?", "days", "broke", "(", ")", "after"));

  static TextPreprocessing text(Tokenizer tokenizer) {
    return new TextPreprocessing(tokenizer, VOCABULARY, STEPS, Padding.DYNAMIC);
  }

  static ModelGraph template(String name) {
    return Templates.find(name)
        .orElseThrow()
        .create(2, List.of(STEPS))
        .bindVocabulary(VOCABULARY.size());
  }

  /** text-gru with two stacked bidirectional layers. */
  static ModelGraph twoLayerBiGru() {
    ModelGraph g = template("text-gru");
    Node gru = GraphAnalysis.of(g).nodeAt("gru").orElseThrow().node();
    return g.withNode(
        gru.withParams(gru.params().with("num_layers", 2).with("bidirectional", true)));
  }

  /**
   * A bidirectional LSTM whose output sequence (padded back with zeros, unpack) feeds a GRU that
   * takes the lengths too.
   */
  static ModelGraph sequenceIntoGru() {
    GraphBuilder b = new GraphBuilder("seq-gru");
    String x =
        b.add("input", LayerType.INPUT, Params.of("shape", List.of(STEPS), "dtype", "int64"));
    x =
        b.add(
            "embedding",
            LayerType.EMBEDDING,
            Params.of("num_embeddings", VOCABULARY.size(), "embedding_dim", 8),
            x);
    x =
        b.add(
            "lstm",
            LayerType.LSTM,
            Params.of("hidden_size", 6, "output", "sequence", "bidirectional", true),
            x);
    x = b.add("gru", LayerType.GRU, Params.of("hidden_size", 5, "output", "final_hidden"), x);
    b.add("fc", LayerType.LINEAR, Params.of("out_features", 2), x);
    return b.build();
  }

  static Stream<Arguments> models() {
    return Stream.of(
        Arguments.of("text-lstm", template("text-lstm")),
        Arguments.of("text-bilstm", template("text-bilstm")),
        Arguments.of("text-gru", template("text-gru")),
        Arguments.of("2-layer bidirectional GRU", twoLayerBiGru()),
        Arguments.of("LSTM sequence into GRU", sequenceIntoGru()));
  }

  private Path bundle(ModelGraph g) throws Exception {
    Path file = dir.resolve("text.lbmodel");
    ModelBundle.write(
        file,
        new BundleContents(
            g,
            ExportFixtures.weights(g, 7),
            List.of("negative", "positive"),
            text(Tokenizer.BASIC_ENGLISH),
            Map.of(),
            null,
            null));
    return file;
  }

  private static Python python() {
    Python.Lookup lookup = Python.find();
    assumeTrue(lookup.python().isPresent(), lookup.whyNot());
    return lookup.python().get();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void pytorchAndOnnxExportsVerifyOnRaggedLengths(String name, ModelGraph g) throws Exception {
    Python python = python();
    assumeTrue(python.imports("onnx"), "no onnx module");
    Path target = dir.resolve("out");
    Export.Result r =
        Export.run(
            new Export.Request(
                bundle(g),
                List.of(Exporters.find("pytorch").orElseThrow(), Exporters.find("onnx").get()),
                target,
                true,
                false),
            s -> {});
    assertThat(r.checks())
        .as(r.checks().toString())
        .allMatch(c -> c.status() == Verification.Status.PASSED);
    assertThat(r.checks())
        .extracting(Verification::file)
        .contains("model.py + state_dict.pt", "model.onnx", "predict.py");
    assertThat(r.inputs())
        .startsWith("2 sample texts and 8 seeded random token-id rows with random lengths 1..12");
    assertThat(Files.readString(target.resolve("model.py")))
        .contains("def forward(self, x, lengths=None):")
        .contains("pack_padded_sequence(")
        .contains("enforce_sorted=False");
    assertThat(Files.readString(target.resolve("vocab.json")))
        .startsWith("[\"<unk>\",\"<pad>\",\".\"");
    ModelProto onnx = ModelProto.parseFrom(Files.readAllBytes(target.resolve("model.onnx")));
    assertThat(onnx.getGraph().getInputList())
        .extracting(i -> i.getName())
        .containsExactly("input", "lengths");
    assertThat(
            onnx.getGraph()
                .getInput(0)
                .getType()
                .getTensorType()
                .getShape()
                .getDim(1)
                .getDimParam())
        .isEqualTo("steps");
    assertThat(onnx.getOpsetImport(0).getVersion()).isEqualTo(17);
  }

  /**
   * ONNX Runtime against LayerBench on a batch longer than the Input's T (the steps are free) with
   * every length from 1 to T+3, both ends included.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("models")
  void onnxTakesAnyNumberOfStepsAndEveryLength(String name, ModelGraph g) throws Exception {
    GraphAnalysis a = GraphAnalysis.of(g);
    int steps = STEPS + 3;
    int batch = steps;
    float[] ids = new float[batch * steps];
    long[] lengths = new long[batch];
    SplittableRandom random = new SplittableRandom(3);
    for (int b = 0; b < batch; b++) {
      lengths[b] = b + 1;
      for (int t = 0; t < steps; t++) {
        ids[b * steps + t] = t < lengths[b] ? 2 + random.nextInt(VOCABULARY.size() - 2) : 1;
      }
    }
    try (NDManager m = NDManager.newBaseManager();
        Network net = Network.create(a, m, 11)) {
      byte[] onnx = OnnxModelWriter.toOnnx(a, Weights.toData(net.state()));
      NDArray x = m.create(ids, new Shape(batch, steps));
      float[] expected = net.forward(x, m.create(lengths), false).toFloatArray();
      float[][] actual = OnnxRuntimeCheck.run(onnx, ids, new long[] {batch, steps}, lengths);
      float[][] rows = new float[batch][2];
      for (int b = 0; b < batch; b++) {
        System.arraycopy(expected, b * 2, rows[b], 0, 2);
      }
      assertThat(Logits.compare(rows, actual).max()).isLessThanOrEqualTo(Verification.TOLERANCE);
    }
  }

  /** predict.py's tokenizer and ids are LayerBench's on the golden fixture's tricky texts. */
  @Test
  void predictScriptTokenizesAsLayerBench() throws Exception {
    Python python = python();
    List<String> texts = goldenTexts();
    Path list = dir.resolve("texts.json");
    Files.writeString(
        list, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(texts));
    Files.writeString(
        dir.resolve("vocab.json"),
        new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(VOCABULARY.tokens()));
    for (Tokenizer tokenizer : Tokenizer.values()) {
      TextPreprocessing text = text(tokenizer);
      Files.writeString(
          dir.resolve("predict.py"), TextPredictScript.generate(text, "m", STEPS, true));
      Python.Result r =
          python.run(
              dir,
              java.time.Duration.ofMinutes(2),
              "-c",
              "import json, sys; sys.path.insert(0, '.'); import predict;"
                  + " texts = json.load(open(sys.argv[1], encoding='utf-8'));"
                  + " v = predict.load_vocab();"
                  + " print(json.dumps([[predict.tokenize(t), predict.encode(t, v)] for t in texts]))",
              list.toString());
      assertThat(r.ok()).as(r.stderr()).isTrue();
      var out = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.stdout());
      assertThat(out.size()).isEqualTo(texts.size());
      for (int i = 0; i < texts.size(); i++) {
        List<String> tokens = new ArrayList<>();
        out.get(i).get(0).forEach(n -> tokens.add(n.textValue()));
        assertThat(tokens)
            .as(tokenizer + ": " + texts.get(i))
            .isEqualTo(tokenizer.tokenize(texts.get(i)));
        TextPreprocessing.Encoded e = text.encode(texts.get(i));
        List<Long> ids = new ArrayList<>();
        out.get(i).get(1).forEach(n -> ids.add(n.longValue()));
        List<Long> expected = new ArrayList<>();
        for (int k = 0; k < e.length(); k++) {
          expected.add(e.ids()[k]);
        }
        assertThat(ids).as(tokenizer + ": " + texts.get(i)).isEqualTo(expected);
      }
    }
  }

  private static List<String> goldenTexts() throws Exception {
    try (var in = TextExportTest.class.getResourceAsStream("/golden/text_tokenizers.json")) {
      var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in);
      List<String> texts = new ArrayList<>();
      json.get("texts").forEach(n -> texts.add(n.textValue()));
      texts.add("");
      texts.add("   ");
      return texts;
    }
  }

  /**
   * A real text run on a TSV file (UCI yelp, unquoted text with {@code "} and U+0085): verification
   * runs on its validation texts, and predict.py on them (a file of real texts, one per line) gives
   * LayerBench's logits. (Was a hand-written run.json naming only "data"; the inputs now come from
   * run.json's recorded text dataset, which only a text run writes.)
   */
  @Test
  void verifiesOnTheRunsValidationTextsWithPredictPy() throws Exception {
    Path data = SharedTextData.file(SharedTextData.YELP);
    python();
    Path file = TextRunReferenceInputsTest.yelpRun(dir.resolve("run"), "text-bilstm", STEPS);
    Path target = dir.resolve("out");
    Export.Result r =
        Export.run(
            new Export.Request(
                file, List.of(Exporters.find("pytorch").orElseThrow()), target, true, false),
            s -> {});
    assertThat(r.inputs())
        .isEqualTo(
            "32 of the run's validation texts ("
                + data.toAbsolutePath()
                + " split 0.3 with seed 7, as run.json records) as token ids with their lengths");
    assertThat(r.checks())
        .as(r.checks().toString())
        .allMatch(c -> c.status() == Verification.Status.PASSED)
        .anyMatch(c -> c.file().equals("predict.py") && c.how().contains("on 32 of the texts"));
  }

  /** The Lightning export refuses a text model in one line that says what is missing. */
  @Test
  void lightningRefusesATextModelInOneLine() throws Exception {
    Path file = bundle(template("text-lstm"));
    assertThatThrownBy(
            () ->
                Export.run(
                    new Export.Request(
                        file,
                        List.of(Exporters.find("lightning").orElseThrow()),
                        dir.resolve("l"),
                        true,
                        false),
                    s -> {}))
        .isInstanceOf(ExportException.class)
        .hasMessageContaining("text models")
        .hasMessageNotContaining("\n");
    assertThat(dir.resolve("l")).doesNotExist();
  }
}
