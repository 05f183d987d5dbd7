package org.layerbench.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** train → evaluate → predict from the CLI on the bundled sample data (DESIGN §6). */
class TrainCommandTest {
  static final Path SAMPLE = Path.of("..", "sample-data", "project", "data", "shapes");
  @TempDir Path dir;
  private final ObjectMapper json = new ObjectMapper();

  @ParameterizedTest
  @CsvSource({"simplenet, 2, 0.001", "cnnnet, 1, 0.0001"})
  void trainEvaluateAndPredictAgree(String model, int epochs, String lr) throws Exception {
    Path run = dir.resolve(model);
    CliRun train =
        CliRun.of(
            "train",
            "--data",
            SAMPLE.toString(),
            "--model",
            model,
            "--epochs",
            String.valueOf(epochs),
            "--batch",
            "32",
            "--lr",
            lr,
            "--threads",
            "2",
            "-o",
            run.toString());
    assertThat(train.code()).as(train.err()).isZero();
    assertThat(train.out())
        .contains("epoch 1/" + epochs + "  train_loss")
        .contains("wrote " + run.resolve("model.lbmodel"));
    for (String f :
        new String[] {
          "model.lbmodel",
          "metrics.csv",
          "run.json",
          "checkpoints/last.lbmodel",
          "checkpoints/best.lbmodel"
        }) {
      assertThat(run.resolve(f)).exists();
    }
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(epochs + 1);

    CliRun eval =
        CliRun.of(
            "evaluate",
            "--model",
            run.resolve("model.lbmodel").toString(),
            "--data",
            SAMPLE.toString(),
            "--json");
    assertThat(eval.code()).as(eval.err()).isZero();
    JsonNode doc = json.readTree(eval.out());
    assertThat(doc.get("samples").intValue()).isEqualTo(150);
    JsonNode confusion = doc.get("confusion");

    // Predict every validation image of each class: the predicted counts per class must equal the
    // confusion matrix's rows.
    String[] classes = {"circle", "square", "triangle"};
    for (int c = 0; c < 3; c++) {
      String[] args = new String[4 + 50 + 1];
      args[0] = "predict";
      args[1] = "--model";
      args[2] = run.resolve("model.lbmodel").toString();
      args[3] = "--top=1";
      for (int i = 0; i < 50; i++) {
        args[4 + i] =
            SAMPLE
                .resolve("val")
                .resolve(classes[c])
                .resolve(String.format("%s_%03d.png", classes[c], i))
                .toString();
      }
      args[54] = "--json";
      CliRun predict = CliRun.of(args);
      assertThat(predict.code()).as(predict.err()).isZero();
      Map<String, Integer> counts = new HashMap<>();
      for (JsonNode p : json.readTree(predict.out()).get("predictions")) {
        counts.merge(p.get("top").get(0).get("label").asText(), 1, Integer::sum);
        assertThat(p.get("logits").get(0)).hasSize(3);
      }
      for (int j = 0; j < 3; j++) {
        assertThat(counts.getOrDefault(classes[j], 0))
            .as("%s predicted as %s", classes[c], classes[j])
            .isEqualTo(confusion.get(c).get(j).intValue());
      }
    }
  }

  @Test
  void userErrorsExitOneWithOneLine() throws Exception {
    CliRun noData =
        CliRun.of(
            "train",
            "--data",
            dir.resolve("missing").toString(),
            "--model",
            "simplenet",
            "-o",
            dir.resolve("r").toString());
    assertThat(noData.code()).isEqualTo(1);
    assertThat(noData.err().strip().lines()).hasSize(1);

    CliRun badModel =
        CliRun.of(
            "train",
            "--data",
            SAMPLE.toString(),
            "--model",
            "nosuchmodel",
            "-o",
            dir.resolve("r").toString());
    assertThat(badModel.code()).isEqualTo(1);
    assertThat(badModel.err()).contains("not a template name");

    CliRun badLr =
        CliRun.of(
            "train",
            "--data",
            SAMPLE.toString(),
            "--model",
            "simplenet",
            "--lr",
            "-1",
            "-o",
            dir.resolve("r").toString());
    assertThat(badLr.code()).as("refused by the parser: bad usage").isEqualTo(2);
    assertThat(badLr.err()).contains("--lr must be a positive number, got -1");

    CliRun notABundle =
        CliRun.of(
            "predict",
            "--model",
            SAMPLE.resolve("val/circle/circle_000.png").toString(),
            SAMPLE.resolve("val/circle/circle_001.png").toString());
    assertThat(notABundle.code()).isEqualTo(1);
    assertThat(notABundle.err().strip().lines()).hasSize(1);
  }

  @Test
  void divergingRunExitsOneWithTheReason() {
    CliRun run =
        CliRun.of(
            "train",
            "--data",
            SAMPLE.toString(),
            "--model",
            "simplenet",
            "--epochs",
            "2",
            "--lr",
            "1e6",
            "-o",
            dir.resolve("nan").toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err())
        .containsPattern(
            "layerbench: loss (became NaN|became infinite|diverged to \\S+) at epoch 1, step \\d+");
  }

  @Test
  void lrFindPrintsThreeSuggestionsAndWritesTheCurve() throws Exception {
    Path csv = dir.resolve("curve.csv");
    CliRun run =
        CliRun.of(
            "lr-find",
            "--data",
            SAMPLE.toString(),
            "--model",
            "simplenet",
            "--size",
            "32",
            "--batch",
            "32",
            "--steps",
            "40",
            "--csv",
            csv.toString(),
            "--json");
    assertThat(run.code()).as(run.err()).isZero();
    JsonNode doc = json.readTree(run.out());
    for (String k : new String[] {"steepest", "valley", "minimumTenth"}) {
      assertThat(doc.get(k).asDouble()).as(k).isBetween(1e-7, 10.0);
    }
    assertThat(doc.get("lrs").size()).isEqualTo(doc.get("losses").size()).isPositive();
    assertThat(Files.readAllLines(csv)).first().isEqualTo("lr,loss,smoothed");

    // Started from a file whose every tensor is frozen, there is nothing to sweep: the weights and
    // the freezing reach the sweep.
    CliRun pre =
        CliRun.of(
            "train",
            "--data",
            SAMPLE.toString(),
            "--model",
            "simplenet",
            "--size",
            "32",
            "--epochs",
            "1",
            "-o",
            dir.resolve("pre").toString());
    assertThat(pre.code()).as(pre.err()).isZero();
    Path weights = dir.resolve("pre/model.lbmodel");
    CliRun frozen =
        CliRun.of(
            "lr-find",
            "--data",
            SAMPLE.toString(),
            "--model",
            "simplenet",
            "--size",
            "32",
            "--steps",
            "20",
            "--weights",
            weights.toString(),
            "--freeze",
            "all");
    assertThat(frozen.code()).as(frozen.err()).isEqualTo(1);
    assertThat(frozen.err()).contains("every parameter is frozen");
  }

  /** A train that fails on its data: exit 1, one line on stderr, no run written. */
  private CliRun refusedTrain(Path data) {
    Path run = dir.resolve("run-" + data.getFileName());
    CliRun train =
        CliRun.of("train", "--data", data.toString(), "--model", "simplenet", "-o", run.toString());
    assertThat(train.code()).as(train.out() + train.err()).isEqualTo(1);
    assertThat(train.err().strip().lines()).hasSize(1);
    assertThat(run.resolve("model.lbmodel")).doesNotExist();
    return train;
  }

  private static void png(Path file, int rgb) throws java.io.IOException {
    Files.createDirectories(file.getParent());
    java.awt.image.BufferedImage im =
        new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
    im.setRGB(3, 3, rgb);
    javax.imageio.ImageIO.write(im, "png", file.toFile());
  }

  @Test
  void dataThatWouldBeLostSilentlyIsRefusedBeforeTraining() throws Exception {
    // a class folder that cannot be read (a link to a drive not mounted): named, not dropped
    Path unread = dir.resolve("unread");
    png(unread.resolve("cat/1.png"), 1);
    png(unread.resolve("dog/1.png"), 2);
    Files.createSymbolicLink(unread.resolve("fox"), dir.resolve("unmounted/fox"));
    assertThat(refusedTrain(unread).err())
        .isEqualTo(
            "layerbench: cannot read the class folder "
                + unread.toAbsolutePath().normalize().resolve("fox")
                + ": it is a link to a missing target\n");

    // one class: "accuracy 1.000" would mean nothing
    Path one = dir.resolve("one");
    png(one.resolve("cat/1.png"), 1);
    png(one.resolve("cat/2.png"), 2);
    CliRun single = refusedTrain(one);
    assertThat(single.err())
        .isEqualTo(
            "layerbench: the dataset "
                + one
                + " has 1 class ('cat'): a classifier needs at least 2 classes, one folder of"
                + " images each\n");
    assertThat(single.out()).startsWith("usable images: 2 train, 0 val; 1 class\n");

    // a class whose every file is truncated: the files and the reason are printed first
    Path cut = dir.resolve("cut");
    png(cut.resolve("cat/1.png"), 1);
    png(cut.resolve("cat/2.png"), 2);
    png(cut.resolve("dog/1.png"), 3);
    byte[] whole = Files.readAllBytes(cut.resolve("dog/1.png"));
    Files.write(cut.resolve("dog/1.png"), java.util.Arrays.copyOf(whole, whole.length / 2));
    CliRun truncated = refusedTrain(cut);
    assertThat(truncated.out())
        .isEqualTo(
            "usable images: 2 train, 0 val; 2 classes\n"
                + "left out: 1 file (1 image file that cannot be used, 0 other files):\n"
                + "  dog/1.png: truncated: the file ends before the image does\n"
                + "cannot train: class 'dog' has no usable training images (dog: every image file"
                + " is left out)\n");
    assertThat(truncated.err())
        .isEqualTo(
            "layerbench: class 'dog' has no usable training images (dog: every image file is"
                + " left out)\n");
  }
}
