package org.layerbench.engine.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.Templates;

class ModelBundleTest {

  @TempDir Path dir;

  static BundleContents full() {
    SequencedMap<String, TensorData> weights = new LinkedHashMap<>();
    weights.put(
        "fc1.weight", TensorData.ofFloats(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6}));
    weights.put("fc1.bias", TensorData.ofFloats(new long[] {2}, new float[] {0.5f, -0.5f}));
    weights.put("bn.num_batches_tracked", TensorData.ofLongs(new long[] {}, new long[] {17}));
    SequencedMap<String, TensorData> optimizer = new LinkedHashMap<>();
    optimizer.put("state.0.exp_avg", TensorData.ofFloats(new long[] {2}, new float[] {0.1f, 0.2f}));
    optimizer.put("state.0.step", TensorData.ofLongs(new long[] {}, new long[] {100}));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("val_accuracy", 0.875);
    metrics.put("epochs", 12);
    metrics.put("train_loss", List.of(2.5, 1.25, Double.NaN));
    metrics.put("confusion", List.of(List.of(5, 1), List.of(0, 6)));
    metrics.put("best", Map.of("epoch", 11));
    Map<String, Object> trainer = new LinkedHashMap<>();
    trainer.put("epoch", 12);
    trainer.put("step", 3_000_000_000L);
    trainer.put("optimizer", "Adam");
    trainer.put("lr", 1e-3);
    trainer.put("rng", List.of(1, 2, 3));
    return new BundleContents(
        Templates.find("simplenet").orElseThrow().create(),
        weights,
        List.of("cat", "dog", "café ☕"),
        new ImagePreprocessing(
            3, 256, 256, 224, 224, new double[] {0.5, 0.5, 0.5}, new double[] {0.25, 0.25, 0.25}),
        metrics,
        optimizer,
        trainer);
  }

  static BundleContents inferenceOnly() {
    BundleContents f = full();
    return new BundleContents(
        f.model(),
        f.weights(),
        f.labels(),
        ImagePreprocessing.imagenet(224, 224),
        Map.of(),
        null,
        null);
  }

  @Test
  void roundTripsEverything() throws Exception {
    Path file = dir.resolve("m.lbmodel");
    BundleContents contents = full();
    ModelBundle.write(file, contents);
    BundleContents back = ModelBundle.read(file);
    assertThat(back).isEqualTo(contents);
    assertThat(back.weights().sequencedKeySet())
        .containsExactlyElementsOf(contents.weights().keySet());
    assertThat(back.resumable()).isTrue();
    assertThat(entries(file))
        .containsExactly(
            "bundle.json",
            "model.json",
            "weights.safetensors",
            "labels.json",
            "preprocessing.json",
            "optimizer.safetensors",
            "metrics.json",
            "trainer.json");
  }

  /** Tensors that note when each is streamed into a file. */
  private static final class NotedTensors extends LinkedHashMap<String, TensorData>
      implements org.layerbench.engine.io.StreamedTensors {
    private final List<String> notes;

    NotedTensors(SequencedMap<String, TensorData> tensors, List<String> notes) {
      super(tensors);
      this.notes = notes;
    }

    @Override
    public Info info(String name) {
      TensorData d = get(name);
      return new Info(d.dtype(), d.shape(), d.data().length);
    }

    @Override
    public void writeData(String name, java.io.OutputStream out) throws IOException {
      notes.add(name);
      out.write(get(name).data());
    }
  }

  /**
   * A checkpoint staged before its epoch is validated writes its tensors first and asks for its
   * metrics and trainer state after them; an epoch that fails before then leaves no file behind.
   */
  @Test
  void aCheckpointTakesItsSummaryAfterItsTensorsOrLeavesNothing() throws Exception {
    Path file = dir.resolve("c.lbmodel");
    BundleContents contents = full();
    List<String> notes = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    var late = new java.util.concurrent.CompletableFuture<ModelBundle.Summary>();
    var writer = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      var staged =
          writer.submit(
              () ->
                  ModelBundle.stageCheckpoint(
                      file,
                      new BundleContents(
                          contents.model(),
                          new NotedTensors(contents.weights(), notes),
                          contents.labels(),
                          contents.preprocessing(),
                          Map.of(),
                          new NotedTensors(contents.optimizerState(), notes),
                          Map.of()),
                      () -> {
                        notes.add("summary");
                        return late.get();
                      }));
      late.complete(new ModelBundle.Summary(contents.metrics(), contents.trainerState()));
      staged.get().commit();
      assertThat(ModelBundle.read(file)).isEqualTo(contents);
      // every tensor streamed (twice: its CRC, then its bytes) before the summary was asked for
      List<String> tensors = new java.util.ArrayList<>(contents.weights().keySet());
      tensors.addAll(contents.optimizerState().keySet());
      assertThat(notes.getLast()).isEqualTo("summary");
      assertThat(notes.subList(0, notes.size() - 1)).doesNotContain("summary").containsAll(tensors);

      var failed = new java.util.concurrent.CompletableFuture<ModelBundle.Summary>();
      var abandoned =
          writer.submit(
              () -> ModelBundle.stageCheckpoint(dir.resolve("d.lbmodel"), contents, failed::get));
      failed.completeExceptionally(new IllegalStateException("validation failed"));
      assertThatThrownBy(abandoned::get)
          .hasCauseInstanceOf(java.io.IOException.class)
          .hasMessageContaining("the checkpoint was abandoned: validation failed");
      try (var left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString())).containsExactly("c.lbmodel");
      }
    } finally {
      writer.shutdown();
    }
  }

  @Test
  void aBundleWithoutResumeStateHasNoSuchEntries() throws Exception {
    Path file = dir.resolve("m.lbmodel");
    ModelBundle.write(file, inferenceOnly());
    BundleContents back = ModelBundle.read(file);
    assertThat(back).isEqualTo(inferenceOnly());
    assertThat(back.optimizerState()).isEmpty();
    assertThat(back.trainerState()).isEmpty();
    assertThat(back.resumable()).isFalse();
    assertThat(entries(file)).doesNotContain("optimizer.safetensors", "trainer.json");
  }

  @Test
  void entriesAreThePlainFormatsTheDesignNames() throws Exception {
    Path file = dir.resolve("m.lbmodel");
    ModelBundle.write(file, full());
    Map<String, byte[]> e = read(file);
    ObjectMapper json = new ObjectMapper();
    var manifest = json.readTree(e.get("bundle.json"));
    assertThat(manifest.get("format").asText()).isEqualTo("layerbench.bundle");
    assertThat(manifest.get("version").asInt()).isEqualTo(2);
    assertThat(manifest.get("created").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(manifest.get("entries")).hasSize(7);
    assertThat(json.readTree(e.get("labels.json")).toString())
        .isEqualTo("[\"cat\",\"dog\",\"café ☕\"]");
    assertThat(json.readTree(e.get("preprocessing.json")).toString())
        .isEqualTo(
            "{\"modality\":\"image\",\"channels\":3,\"height\":256,\"width\":256,\"crop\":[224,224],"
                + "\"mean\":[0.5,0.5,0.5],\"std\":[0.25,0.25,0.25]}");
    SafetensorsFile weights = Safetensors.fromBytes(e.get("weights.safetensors"));
    assertThat(weights.tensors()).isEqualTo(full().weights());
    assertThat(weights.metadata()).isEqualTo(Map.of("format", "pt"));
    assertThat(new String(e.get("model.json"), StandardCharsets.UTF_8))
        .contains("\"format\" : \"layerbench.model\"");
  }

  @Test
  void imagenetPreprocessingIsTorchvisionsAndHasNoCrop() throws Exception {
    Path file = dir.resolve("m.lbmodel");
    ModelBundle.write(file, inferenceOnly());
    assertThat(new String(read(file).get("preprocessing.json"), StandardCharsets.UTF_8))
        .contains("\"crop\" : null")
        .contains("0.485", "0.456", "0.406", "0.229", "0.224", "0.225");
  }

  // ---- refusals, each one line naming the file and the problem ----

  @Test
  void refusesAFileThatIsNotAZip() throws IOException {
    Path file = dir.resolve("x.lbmodel");
    Files.writeString(file, "{\"format\": \"layerbench.model\"}");
    assertRefused(file, "not a LayerBench model bundle (it is not a zip file)");
    Files.write(file, new byte[0]);
    assertRefused(file, "not a zip file");
  }

  @Test
  void refusesAMissingFileAndAFolder() {
    assertRefused(dir.resolve("nope.lbmodel"), "no such file");
    assertRefused(dir, "is a folder");
  }

  @Test
  void refusesAZipWithoutManifest() throws Exception {
    Path file = dir.resolve("x.lbmodel");
    zip(file, Map.of("hello.txt", "hi".getBytes(StandardCharsets.UTF_8)));
    assertRefused(file, "not a LayerBench model bundle (it has no bundle.json)");
  }

  @Test
  void refusesAMissingEntry() throws Exception {
    for (String name :
        List.of(
            "model.json",
            "weights.safetensors",
            "labels.json",
            "preprocessing.json",
            "metrics.json")) {
      Path file = rewritten(e -> e.remove(name));
      assertRefused(file, "missing entry " + name);
    }
  }

  @Test
  void refusesAMissingEntryTheManifestLists() throws Exception {
    Path file = rewritten(e -> e.remove("trainer.json"));
    assertRefused(file, "missing entry trainer.json");
  }

  @Test
  void refusesANewerVersion() throws Exception {
    Path file =
        rewritten(
            e ->
                e.put(
                    "bundle.json",
                    bytes(
                        "{\"format\":\"layerbench.bundle\",\"version\":3,\"entries\":[\"gpu.bin\"]}")));
    assertRefused(
        file,
        "the bundle is format version 3, newer than this LayerBench reads (2) — update LayerBench to open it");
  }

  @Test
  void refusesAnotherFormat() throws Exception {
    Path file = rewritten(e -> e.put("bundle.json", bytes("{\"format\":\"other\",\"version\":1}")));
    assertRefused(
        file,
        "not a LayerBench model bundle (bundle.json has no \"format\": \"layerbench.bundle\")");
  }

  @Test
  void refusesMalformedJsonNamingTheEntry() throws Exception {
    for (String name :
        List.of(
            "bundle.json", "labels.json", "preprocessing.json", "metrics.json", "trainer.json")) {
      Path file = rewritten(e -> e.put(name, bytes("{\"a\": [1, 2,")));
      assertRefused(file, "malformed JSON in entry " + name + " at line 1");
    }
    Path file = rewritten(e -> e.put("model.json", bytes("{\"a\": [1, 2,")));
    assertRefused(file, "entry model.json: not valid JSON at line 1");
  }

  @Test
  void refusesEntriesOfTheWrongShape() throws Exception {
    assertRefused(
        rewritten(e -> e.put("labels.json", bytes("[\"a\", 3]"))),
        "entry labels.json must be a JSON list of strings, but holds 3");
    assertRefused(
        rewritten(e -> e.put("metrics.json", bytes("[1]"))),
        "entry metrics.json must be a JSON object");
    assertRefused(
        rewritten(
            e ->
                e.put(
                    "preprocessing.json",
                    bytes(
                        "{\"modality\":\"image\",\"channels\":3,\"height\":2,\"width\":2,\"crop\":null,\"mean\":[0],\"std\":[1]}"))),
        "entry preprocessing.json: mean and std need one value per channel (3), got 1 and 1");
    assertRefused(
        rewritten(
            e -> e.put("preprocessing.json", bytes("{\"modality\":\"image\",\"channels\":3}"))),
        "entry preprocessing.json needs \"height\": a positive whole number");
    assertRefused(
        rewritten(
            e -> e.put("model.json", bytes("{\"format\":\"layerbench.model\",\"version\":9}"))),
        "entry model.json: the model is format version 9");
  }

  @Test
  void refusesCorruptWeightsNamingTheEntry() throws Exception {
    assertRefused(
        rewritten(e -> e.put("weights.safetensors", new byte[] {1, 2, 3})),
        "entry weights.safetensors: truncated: the file has 3 bytes");
    assertRefused(
        rewritten(
            e -> e.put("optimizer.safetensors", SafetensorsTest.file("{\"a\":1}", new byte[0]))),
        "entry optimizer.safetensors: malformed header JSON: tensor 'a' is not an object");
  }

  @Test
  void aFlippedBitInTheWeightsIsCaughtByTheChecksum() throws Exception {
    Path file = dir.resolve("m.lbmodel");
    ModelBundle.write(file, full());
    byte[] bytes = Files.readAllBytes(file);
    // fc1.weight is stored uncompressed: find its 1..6 floats and turn the 6.0f into 7.0f.
    byte[] weight = full().weights().get("fc1.weight").data();
    int at = indexOf(bytes, weight);
    assertThat(at).isPositive();
    assertThat(bytes[at + 22]).isEqualTo((byte) 0xc0);
    bytes[at + 22] = (byte) 0xe0;
    Files.write(file, bytes);
    assertRefused(file, "entry weights.safetensors is corrupt (its checksum does not match)");
  }

  @Test
  void refusesAZipWithTooManyEntries() throws Exception {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 65; i++) {
      entries.put("e" + i, new byte[0]);
    }
    Path file = dir.resolve("many.lbmodel");
    zip(file, entries);
    assertRefused(file, "the zip has 65 entries, more than a model bundle ever has (64)");
  }

  @Test
  void ignoresUnknownExtraEntries() throws Exception {
    Path file = rewritten(e -> e.put("notes.txt", bytes("from a later version")));
    assertThat(ModelBundle.read(file)).isEqualTo(full());
  }

  // ---- atomic writing ----

  @Test
  void aFailedWriteLeavesThePreviousBundleAndNoTemporaryFile() throws Exception {
    Path file = dir.resolve("m.lbmodel");
    ModelBundle.write(file, inferenceOnly());
    byte[] before = Files.readAllBytes(file);
    BundleContents f = full();
    // Jackson cannot serialize a plain Object; this fails after the weights are already written.
    BundleContents broken =
        new BundleContents(
            f.model(),
            f.weights(),
            f.labels(),
            f.preprocessing(),
            Map.of("oops", new Object()),
            f.optimizerState(),
            f.trainerState());
    assertThatThrownBy(() -> ModelBundle.write(file, broken))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(Files.readAllBytes(file)).isEqualTo(before);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactly("m.lbmodel");
    }
    assertThat(ModelBundle.read(file)).isEqualTo(inferenceOnly());
  }

  // ---- helpers ----

  private static void assertRefused(Path file, String message) {
    ThrowingCallable read = () -> ModelBundle.read(file);
    assertThatThrownBy(read)
        .isInstanceOf(ModelFormatException.class)
        .hasMessageStartingWith(file + ": ")
        .hasMessageContaining(message)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  private interface Edit {
    void apply(Map<String, byte[]> entries);
  }

  /** A valid full bundle, taken apart, edited and zipped again. */
  private Path rewritten(Edit edit) throws Exception {
    Path good = dir.resolve("good.lbmodel");
    ModelBundle.write(good, full());
    Map<String, byte[]> entries = read(good);
    edit.apply(entries);
    Path file = Files.createTempFile(dir, "edited", ".lbmodel");
    zip(file, entries);
    return file;
  }

  private static Map<String, byte[]> read(Path file) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      for (ZipEntry e : zip.stream().toList()) {
        entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
      }
    }
    return entries;
  }

  private static List<String> entries(Path file) throws IOException {
    return List.copyOf(read(file).keySet());
  }

  private static void zip(Path file, Map<String, byte[]> entries) throws IOException {
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      for (var e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
