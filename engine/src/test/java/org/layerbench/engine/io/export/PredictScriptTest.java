package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.train.InferenceTransforms;

/**
 * predict.py run by real PyTorch in a hand-made export folder: its logits equal the model applied
 * to LayerBench's own inference tensor (the one TorchvisionCodeParityTest matches to torchvision),
 * its text is the CLI's format ({@code String.format(" %-20s %6.2f%%")} of its own JSON
 * probabilities), and an unreadable image is one stderr line and exit status 1 after the others.
 */
class PredictScriptTest {
  @TempDir Path dir;

  @Test
  void predictsLikeTheCli() throws Exception {
    Python python = HandMadeExport.python();
    HandMadeExport.write(dir);
    ImagePreprocessing pp =
        new ImagePreprocessing(
            3,
            72,
            72,
            64,
            64,
            new double[] {0.485, 0.456, 0.406},
            new double[] {0.229, 0.224, 0.225});
    Files.writeString(dir.resolve("predict.py"), PredictScript.generate(pp, "tiny \"net\""));

    List<Path> all = InferenceTransforms.sampleImages();
    List<Path> images = List.of(all.get(0), all.get(60), all.get(120));
    List<String> args = new ArrayList<>();
    images.forEach(p -> args.add(p.toAbsolutePath().toString()));
    InferenceTransforms.write(pp, images, dir.resolve("tensors.bin"));

    // The reference: the model applied to LayerBench's tensors, in the same torch; and predict.py's
    // percent() on ties of the shortest decimal form, where Python's own %.2f (half to even on the
    // binary value) and Java's Formatter (half up on the decimal digits) disagree.
    double[] probabilities = {
      0.00125, 0.0012345, 0.12345, 0.5, 1.0, 0.0, 0.999995, 0.3333333432674408
    };
    StringBuilder list = new StringBuilder("[");
    StringBuilder percents = new StringBuilder();
    for (double p : probabilities) {
      list.append(Double.toString(p)).append(',');
      percents.append(String.format(Locale.ROOT, "%6.2f", 100 * p)).append('\n');
    }
    list.append(']');
    Python.Result ref =
        python.run(
            dir,
            Duration.ofSeconds(60),
            "-c",
            HandMadeExport.SAVE_STATE_DICT
                + "import json, numpy as np, torch, model, predict\n"
                + "m = model.build_model(); m.load_state_dict(torch.load('state_dict.pt'));"
                + " m.eval()\n"
                + "x = np.fromfile('tensors.bin', dtype='<f4').reshape(-1, 3, 64, 64)\n"
                + "with torch.no_grad(): print(json.dumps(m(torch.from_numpy(x.copy())).tolist()))\n"
                + "for p in "
                + list
                + ": print(predict.percent(p))");
    assertThat(ref.ok()).as(ref.stderr()).isTrue();
    List<String> refLines = ref.stdout().lines().toList();
    JsonNode expected = new ObjectMapper().readTree(refLines.get(0));
    assertThat(String.join("\n", refLines.subList(1, refLines.size())) + "\n")
        .isEqualTo(percents.toString());

    Path broken = dir.resolve("broken.png");
    Files.write(broken, new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    List<String> jsonArgs = new ArrayList<>(List.of("predict.py", "--json"));
    jsonArgs.addAll(args);
    jsonArgs.add(broken.toString());
    Python.Result json = python.run(dir, Duration.ofSeconds(60), jsonArgs.toArray(String[]::new));
    assertThat(json.exitCode()).as(json.stderr()).isEqualTo(1);
    assertThat(json.stderr().strip().lines())
        .singleElement()
        .asString()
        .startsWith("predict.py: " + broken + ": ");
    JsonNode doc = new ObjectMapper().readTree(json.stdout());
    assertThat(doc.get("errors")).hasSize(1);
    assertThat(doc.get("errors").get(0).asText()).startsWith(broken + ": ");
    JsonNode predictions = doc.get("predictions");
    assertThat(predictions).hasSize(3);
    for (int i = 0; i < 3; i++) {
      JsonNode p = predictions.get(i);
      assertThat(p.get("image").asText()).isEqualTo(args.get(i));
      assertThat(p.get("top")).hasSize(3); // the default
      assertThat(p.get("logits")).hasSize(1); // one row per model
      JsonNode logits = p.get("logits").get(0);
      assertThat(logits).hasSize(3);
      double[] l = new double[3];
      for (int k = 0; k < 3; k++) {
        l[k] = logits.get(k).asDouble();
        assertThat(l[k]).isCloseTo(expected.get(i).get(k).asDouble(), within(1e-5));
      }
      // softmax of the logits, best first
      double max = Math.max(l[0], Math.max(l[1], l[2]));
      double sum = 0;
      for (double v : l) {
        sum += Math.exp(v - max);
      }
      JsonNode top = p.get("top").get(0);
      assertThat(top.get("probability").asDouble()).isCloseTo(1 / sum, within(1e-6));
      assertThat(top.get("probability").asDouble())
          .isGreaterThanOrEqualTo(p.get("top").get(1).get("probability").asDouble());
    }

    // The human form with --top 2: the CLI's own formatting of the JSON's probabilities.
    List<String> textArgs = new ArrayList<>(List.of("predict.py", "--top", "2"));
    textArgs.addAll(args);
    textArgs.add(broken.toString());
    Python.Result text = python.run(dir, Duration.ofSeconds(60), textArgs.toArray(String[]::new));
    assertThat(text.exitCode()).isEqualTo(1);
    assertThat(text.stderr().strip().lines()).hasSize(1);
    StringBuilder want = new StringBuilder();
    for (JsonNode p : predictions) {
      want.append(p.get("image").asText()).append('\n');
      for (JsonNode r : List.of(p.get("top").get(0), p.get("top").get(1))) {
        want.append(
            String.format(
                Locale.ROOT,
                "  %-20s %6.2f%%%n",
                r.get("label").asText(),
                100 * r.get("probability").asDouble()));
      }
    }
    assertThat(text.stdout()).isEqualTo(want.toString());
    assertThat(text.stdout().lines()).hasSize(9);
  }
}
