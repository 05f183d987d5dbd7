package org.layerbench.engine.io.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.io.AtomicFiles;
import org.layerbench.engine.io.TorchPickle;
import org.layerbench.engine.io.TorchSave;

/**
 * PyTorch code + state_dict: {@code model.py} (a readable nn.Module, {@link PyTorchCode}), {@code
 * state_dict.pt} (as torch.save writes it, {@link TorchSave}), {@code labels.json}. A model JSON
 * without weights gives {@code model.py} alone.
 */
final class PyTorchExporter implements Exporter {
  static final String MODEL = "model.py";
  static final String STATE_DICT = "state_dict.pt";
  static final String LABELS = "labels.json";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String id() {
    return "pytorch";
  }

  @Override
  public String displayName() {
    return "PyTorch code + state_dict";
  }

  @Override
  public boolean needsWeights() {
    return false;
  }

  @Override
  public List<String> write(ExportSource source, Path dir) throws IOException, ExportException {
    List<String> files = new ArrayList<>(writeModel(source, dir));
    if (source.hasWeights()) {
      files.addAll(writeWeights(source, dir));
      if (source.preprocessing() != null && !startsWithEmbedding(source)) {
        AtomicFiles.writeString(
            dir.resolve(PredictScript.FILE_NAME),
            PredictScript.generate(source.preprocessing(), source.graph().name()));
        files.add(PredictScript.FILE_NAME);
      } else if (source.text() != null) {
        files.addAll(writeTextPredict(source, dir));
      }
    }
    return files;
  }

  /** A text model's predict.py and the vocabulary it reads, vocab.json (tokens in id order). */
  private static List<String> writeTextPredict(ExportSource source, Path dir) throws IOException {
    AtomicFiles.writeString(
        dir.resolve(TextPredictScript.VOCAB),
        MAPPER.writeValueAsString(source.text().vocabulary().tokens()) + "\n");
    var input = source.graph().inputNode().orElseThrow();
    int steps = input.type().args(input.params()).intList("shape").getFirst();
    AtomicFiles.writeString(
        dir.resolve(PredictScript.FILE_NAME),
        TextPredictScript.generate(
            source.text(),
            source.graph().name(),
            steps,
            OnnxModelWriter.takesLengths(source.analysis())));
    return List.of(TextPredictScript.VOCAB, PredictScript.FILE_NAME);
  }

  /** model.py; shared with the Lightning export. */
  static List<String> writeModel(ExportSource source, Path dir)
      throws IOException, ExportException {
    AtomicFiles.writeString(
        dir.resolve(MODEL), PyTorchCode.modelPy(source.analysis(), header(source)));
    return List.of(MODEL);
  }

  /** state_dict.pt and labels.json; shared with the Lightning export. */
  static List<String> writeWeights(ExportSource source, Path dir) throws IOException {
    TorchSave.write(dir.resolve(STATE_DICT), source.weights());
    AtomicFiles.writeString(
        dir.resolve(LABELS),
        MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(source.labels()) + "\n");
    return List.of(STATE_DICT, LABELS);
  }

  private static String header(ExportSource source) {
    var input = source.graph().inputNode().orElseThrow();
    List<Integer> shape = input.type().args(input.params()).intList("shape");
    String out = source.analysis().output().map(s -> s.dims().toString()).orElse("?");
    StringBuilder sb = new StringBuilder();
    sb.append(source.graph().name()).append(", exported from LayerBench.\n\n");
    sb.append("Input: a tensor of shape [batch, ")
        .append(String.join(", ", shape.stream().map(String::valueOf).toList()))
        .append("]");
    sb.append(
        startsWithEmbedding(source)
            ? " of token ids (torch.long).\n"
            : " (float32, preprocessed as predict.py does).\n");
    if (OnnxModelWriter.takesLengths(source.analysis())) {
      sb.append(
          "lengths (optional): each sequence's real length, torch.long [batch]; the recurrent\n"
              + "layers then stop at each sequence's end, as pack_padded_sequence does.\n");
    }
    sb.append("Output: logits of shape [batch, ")
        .append(out.substring(1, out.length() - 1))
        .append("]")
        .append(source.labels().isEmpty() ? "" : ", one per class in labels.json")
        .append(".\n\n");
    sb.append(
        """
        Load the trained weights:

            model = build_model()
            model.load_state_dict(torch.load("state_dict.pt", weights_only=True))
            model.eval()
        """);
    return sb.toString();
  }

  /** Whether the Input feeds an Embedding, so the model takes token ids. */
  static boolean startsWithEmbedding(ExportSource source) {
    String input = source.graph().inputNode().orElseThrow().id();
    return source.graph().edges().stream()
        .anyMatch(
            e ->
                e.from().equals(input)
                    && source.graph().node(e.to()).orElseThrow().type() == LayerType.EMBEDDING);
  }

  @Override
  public List<Verification> verify(ExportSource source, Path dir, ReferenceInputs inputs)
      throws IOException {
    List<Verification> checks = new ArrayList<>();
    if (!source.hasWeights()) {
      return checks;
    }
    String how = "read back by LayerBench's restricted unpickler";
    checks.add(
        StateDictCheck.sameTensors(source.weights(), TorchPickle.read(dir.resolve(STATE_DICT)))
            .map(why -> Verification.failed(STATE_DICT, how, null, why))
            .orElse(Verification.passed(STATE_DICT, how + ": bitwise equal", null)));
    checks.add(torchCheck(source, dir, inputs));
    if (Files.exists(dir.resolve(PredictScript.FILE_NAME))) {
      checks.add(predictCheck(dir, inputs));
    }
    return checks;
  }

  /**
   * predict.py on the verification images, as a user runs it: its logits against LayerBench's for
   * the same files (decoding and preprocessing included).
   */
  static Verification predictCheck(Path dir, ReferenceInputs inputs) throws IOException {
    if (!inputs.texts().isEmpty()) {
      return textPredictCheck(dir, inputs);
    }
    String file = PredictScript.FILE_NAME;
    if (inputs.images().isEmpty()) {
      return Verification.skipped(file, "predict.py --json", "no images to run it on");
    }
    Python.Lookup lookup = Python.find();
    if (lookup.python().isEmpty()) {
      return Verification.skipped(file, "predict.py --json", lookup.whyNot());
    }
    Python python = lookup.python().get();
    if (!python.imports("torchvision")) {
      return Verification.skipped(
          file, "predict.py --json", python.executable() + " has no torchvision");
    }
    String how = "python predict.py --json on the same images, torch " + python.torchVersion();
    List<String> args = new ArrayList<>(List.of(dir.resolve(file).toString(), "--json"));
    inputs.images().forEach(p -> args.add(p.toAbsolutePath().toString()));
    Python.Result r = python.run(dir, Duration.ofMinutes(10), args.toArray(String[]::new));
    if (!r.ok()) {
      return Verification.failed(file, how, null, lastLine(r.stderr()));
    }
    JsonNode predictions = MAPPER.readTree(r.stdout()).get("predictions");
    float[][] logits = new float[predictions.size()][];
    for (int i = 0; i < logits.length; i++) {
      logits[i] = rows(predictions.get(i).get("logits"))[0];
    }
    return Verification.compared(file, how, Logits.compare(inputs.logits(), logits));
  }

  /**
   * A text model's predict.py on the verification texts (given in a UTF-8 file, one per line, so
   * that no locale touches them): its logits against LayerBench's for the same texts, tokenization
   * included. Texts that are not one line are left out.
   */
  private static Verification textPredictCheck(Path dir, ReferenceInputs inputs)
      throws IOException {
    String file = PredictScript.FILE_NAME;
    Python.Lookup lookup = Python.find();
    if (lookup.python().isEmpty()) {
      return Verification.skipped(file, "predict.py --file --json", lookup.whyNot());
    }
    Python python = lookup.python().get();
    List<String> texts = new ArrayList<>();
    List<float[]> expected = new ArrayList<>();
    for (int i = 0; i < inputs.texts().size(); i++) {
      String t = inputs.texts().get(i);
      if (!t.isBlank() && t.indexOf('\n') < 0 && t.indexOf('\r') < 0) {
        texts.add(t);
        expected.add(inputs.logits()[i]);
      }
    }
    String how =
        "python predict.py --file --json on "
            + texts.size()
            + " of the texts, torch "
            + python.torchVersion();
    if (texts.isEmpty()) {
      return Verification.skipped(file, how, "no one-line text to run it on");
    }
    Path scratch = Files.createTempDirectory("layerbench-predict");
    try {
      Path list = scratch.resolve("texts.txt");
      Files.writeString(list, String.join("\n", texts) + "\n", StandardCharsets.UTF_8);
      Python.Result r =
          python.run(
              dir,
              Duration.ofMinutes(10),
              dir.resolve(file).toString(),
              "--file",
              list.toString(),
              "--json");
      if (!r.ok()) {
        return Verification.failed(file, how, null, lastLine(r.stderr()));
      }
      JsonNode predictions = MAPPER.readTree(r.stdout()).get("predictions");
      if (predictions.size() != texts.size()) {
        return Verification.failed(
            file, how, null, "it read " + predictions.size() + " texts of " + texts.size());
      }
      float[][] logits = new float[predictions.size()][];
      for (int i = 0; i < logits.length; i++) {
        logits[i] = rows(predictions.get(i).get("logits"))[0];
      }
      return Verification.compared(
          file, how, Logits.compare(expected.toArray(float[][]::new), logits));
    } finally {
      deleteTree(scratch);
    }
  }

  /**
   * The torch check of one export, kept for its inputs: the PyTorch and Lightning exports write the
   * same model.py and state_dict.pt, which need checking once.
   */
  private static final java.util.Map<ReferenceInputs, Verification> TORCH_CHECKS =
      java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

  /** model.py + state_dict.pt loaded strictly in real PyTorch, run on the inputs. */
  static Verification torchCheck(ExportSource source, Path dir, ReferenceInputs inputs)
      throws IOException {
    Verification done = TORCH_CHECKS.get(inputs);
    if (done == null) {
      done = runTorchCheck(source, dir, inputs);
      TORCH_CHECKS.put(inputs, done);
    }
    return done;
  }

  private static Verification runTorchCheck(ExportSource source, Path dir, ReferenceInputs inputs)
      throws IOException {
    String file = MODEL + " + " + STATE_DICT;
    Python.Lookup lookup = Python.find();
    if (lookup.python().isEmpty()) {
      return Verification.skipped(file, "PyTorch", lookup.whyNot());
    }
    Python python = lookup.python().get();
    String how =
        "torch "
            + python.torchVersion()
            + ": load_state_dict(torch.load(weights_only=True), strict=True), logits";
    Path scratch = Files.createTempDirectory("layerbench-verify");
    try {
      TorchSave.write(scratch.resolve("inputs.pt"), inputs.asStateDict());
      Path script = scratch.resolve("verify_model.py");
      Files.writeString(script, VERIFY, StandardCharsets.UTF_8);
      Python.Result r =
          python.run(
              scratch,
              Duration.ofMinutes(10),
              script.toString(),
              dir.toAbsolutePath().toString(),
              scratch.resolve("inputs.pt").toString(),
              startsWithEmbedding(source) ? "long" : "float");
      if (!r.ok()) {
        return Verification.failed(file, how, null, lastLine(r.stderr()));
      }
      JsonNode json = MAPPER.readTree(r.stdout());
      List<String> keys = new ArrayList<>();
      json.get("keys").forEach(k -> keys.add(k.asText()));
      if (!keys.equals(new ArrayList<>(source.weights().keySet()))) {
        return Verification.failed(
            file,
            how,
            null,
            "model.state_dict() names its tensors in another order than the bundle");
      }
      return Verification.compared(
          file, how, Logits.compare(inputs.logits(), rows(json.get("logits"))));
    } finally {
      deleteTree(scratch);
    }
  }

  static float[][] rows(JsonNode array) {
    float[][] out = new float[array.size()][];
    for (int i = 0; i < out.length; i++) {
      JsonNode row = array.get(i);
      out[i] = new float[row.size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = (float) row.get(j).asDouble();
      }
    }
    return out;
  }

  static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 || lines[lines.length - 1].isBlank()
        ? "it failed without a message"
        : lines[lines.length - 1].strip();
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static final String VERIFY =
      """
      import json
      import sys

      import torch

      export_dir, inputs, kind = sys.argv[1], sys.argv[2], sys.argv[3]
      sys.path.insert(0, export_dir)
      import model as exported


      def load(path):
          try:
              return torch.load(path, map_location="cpu", weights_only=True)
          except TypeError:  # torch before 1.13 has no weights_only
              return torch.load(path, map_location="cpu")


      net = exported.build_model()
      net.load_state_dict(load(export_dir + "/state_dict.pt"), strict=True)
      net.eval()
      batch = load(inputs)
      x = batch["input"]
      if kind == "long":
          x = x.long()
      with torch.no_grad():
          y = net(x, batch["lengths"]) if "lengths" in batch else net(x)
      print(json.dumps({"keys": list(net.state_dict().keys()),
                        "logits": y.reshape(y.shape[0], -1).tolist()}))
      """;

  @Override
  public String readme(ExportSource source) {
    String code =
        """
        ## PyTorch: model.py and state_dict.pt

        `model.py` is the model as PyTorch code: an `nn.Module` whose submodules have the names
        of the layers in LayerBench, so its `state_dict()` has exactly the names in
        `state_dict.pt` (written as `torch.save` writes it; it loads with `weights_only=True`):

        ```python
        import torch
        from model import build_model

        model = build_model()
        model.load_state_dict(torch.load("state_dict.pt", weights_only=True))
        model.eval()
        ```
        """;
    String predict =
        """

        `predict.py` classifies image files as `layerbench predict` does, with the bundle's
        preprocessing written as torchvision transforms:

        ```sh
        python predict.py IMAGE... --top 3
        python predict.py IMAGE... --json      # with the raw logits
        ```
        """;
    String textPredict =
        """

        `predict.py` classifies texts as `layerbench predict` does. It needs torch alone: the
        tokenizer is written out in it (torchtext 0.14's own rules) and the vocabulary is
        `vocab.json`, the tokens in id order:

        ```sh
        python predict.py "TEXT" ... --top 3
        python predict.py --file texts.txt --json   # one text per line, with the raw logits
        ```
        """;
    String extra =
        source.preprocessing() != null && !startsWithEmbedding(source)
            ? predict
            : source.text() != null ? textPredict : "";
    return source.hasWeights()
        ? code + extra
        : code
            + "\nThis export was made from a model file without weights: `model.py` only,"
            + " with freshly initialised weights.\n";
  }
}
