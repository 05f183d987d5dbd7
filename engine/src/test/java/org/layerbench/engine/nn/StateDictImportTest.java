package org.layerbench.engine.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.Safetensors;
import org.layerbench.engine.io.SafetensorsFile;
import org.layerbench.engine.io.TensorData;
import org.layerbench.engine.train.Engines;

/**
 * torchvision state_dicts load into our templates by name and give torchvision's logits. The
 * state_dicts are made in the test run by the reference PyTorch (src/test/python/
 * gen_state_dict.py) when it is installed (../shared/bench/setup-pytorch.sh); without it these
 * tests are skipped, since 47–244 MB of weights are too large to commit.
 */
class StateDictImportTest {
  @TempDir static Path dir;

  static boolean pytorch() {
    try {
      Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, torchvision").start();
      return p.waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  static SafetensorsFile generate(String model, String suffix) throws Exception {
    Path file = dir.resolve(model + suffix + ".safetensors");
    if (!Files.exists(file)) {
      Process p =
          new ProcessBuilder(
                  "/usr/bin/python3", "src/test/python/gen_state_dict.py", model, dir.toString())
              .redirectErrorStream(true)
              .start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as(out).isZero();
    }
    return Safetensors.read(file);
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet18", "alexnet"})
  void torchvisionStateDictImportsStrictlyAndGivesItsLogits(String model) throws Exception {
    assumeTrue(pytorch(), "the reference PyTorch is not installed");
    SafetensorsFile weights = generate(model, "");
    SafetensorsFile io = generate(model, "-io");
    long[] inShape = io.tensors().get("input").shape();
    GraphAnalysis a =
        GraphAnalysis.of(
            Templates.find(model)
                .orElseThrow()
                .create(1000, List.of(3, (int) inShape[2], (int) inShape[3])));
    StateDictLoader.Report report = StateDictLoader.match(a, weights.tensors());
    assertThat(report.complete()).as(report.describe()).isTrue();

    Engines.ensureStarted();
    JniUtils.setGradMode(false);
    try (NDManager m = NDManager.newBaseManager();
        Network net = Network.create(a, m, 0)) {
      Weights.load(net, report.matched());
      NDArray x = Weights.toArray(io.tensors().get("input"), m);
      float[] ours = net.forward(x, false).toFloatArray();
      float[] theirs = io.tensors().get("logits").floats();
      assertThat(ours).hasSameSizeAs(theirs);
      for (int i = 0; i < ours.length; i++) {
        assertThat(ours[i])
            .as("logit %d", i)
            .isCloseTo(theirs[i], org.assertj.core.data.Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void nonStrictIntoATwoClassHeadReportsExactlyTheHead() throws Exception {
    assumeTrue(pytorch(), "the reference PyTorch is not installed");
    SafetensorsFile weights = generate("resnet18", "");
    GraphAnalysis twoClass =
        GraphAnalysis.of(Templates.find("resnet18").orElseThrow().create(2, List.of(3, 64, 64)));
    StateDictLoader.Report report = StateDictLoader.match(twoClass, weights.tensors());
    assertThat(report.missing()).isEmpty();
    assertThat(report.unexpected()).isEmpty();
    assertThat(report.mismatched())
        .extracting(s -> s.substring(0, s.indexOf(' ')))
        .containsExactly("fc.weight", "fc.bias");
    assertThat(report.matched()).hasSize(weights.tensors().size() - 2);
  }

  @Test
  void renamesAndTheReportWithoutPyTorch() {
    GraphAnalysis a =
        GraphAnalysis.of(Templates.find("simplenet").orElseThrow().create(2, List.of(3, 8, 8)));
    Map<String, TensorData> saved = new java.util.LinkedHashMap<>();
    saved.put("model.fc1.weight", TensorData.ofFloats(new long[] {84, 192}, new float[84 * 192]));
    saved.put("model.fc1.bias", TensorData.ofFloats(new long[] {84}, new float[84]));
    saved.put("model.fc2.weight", TensorData.ofFloats(new long[] {50, 99}, new float[50 * 99]));
    saved.put("model.extra", TensorData.ofFloats(new long[] {1}, new float[1]));
    StateDictLoader.Report r =
        StateDictLoader.match(a, StateDictLoader.rename(saved, Map.of("model.", "")));
    assertThat(r.matched().keySet()).containsExactly("fc1.weight", "fc1.bias");
    assertThat(r.missing()).containsExactly("fc2.bias", "fc3.weight", "fc3.bias");
    assertThat(r.unexpected()).containsExactly("extra");
    assertThat(r.mismatched()).containsExactly("fc2.weight (file [50, 99], model [50, 84])");
    assertThat(r.describe()).startsWith("missing keys: fc2.bias");
  }
}
