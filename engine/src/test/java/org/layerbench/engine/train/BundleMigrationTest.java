package org.layerbench.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * A version 1 bundle (preprocessing.json without a modality, what LayerBench wrote before the
 * sealed Preprocessing) still loads as an image model and predicts exactly what the current form
 * predicts.
 */
class BundleMigrationTest {

  @TempDir Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A copy of {@code from} whose JSON entries are rewritten by {@code edits} (by entry name). */
  private static Path rewrite(Path from, Path to, Map<String, UnaryOperator<ObjectNode>> edits)
      throws IOException {
    try (ZipFile zip = new ZipFile(from.toFile());
        OutputStream out = Files.newOutputStream(to);
        ZipOutputStream z = new ZipOutputStream(out)) {
      for (ZipEntry e : java.util.Collections.list(zip.entries())) {
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
          bytes = in.readAllBytes();
        }
        if (edits.containsKey(e.getName())) {
          bytes =
              JSON.writeValueAsBytes(
                  edits.get(e.getName()).apply((ObjectNode) JSON.readTree(bytes)));
        }
        z.putNextEntry(new ZipEntry(e.getName()));
        z.write(bytes);
        z.closeEntry();
      }
    }
    return to;
  }

  /** What LayerBench wrote before version 2: the same entries, no modality, version 1. */
  private static Path asVersion1(Path current, Path to) throws IOException {
    return rewrite(
        current,
        to,
        Map.of(
            ModelBundle.MANIFEST,
            m -> m.put("version", 1),
            ModelBundle.PREPROCESSING,
            p -> {
              p.remove("modality");
              return p;
            }));
  }

  @Test
  void aVersion1BundleLoadsAndPredictsTheSame() throws Exception {
    Path image = dir.resolve("dot.png");
    BufferedImage im = new BufferedImage(11, 9, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 11; x++) {
        im.setRGB(x, y, (x * 23) << 16 | (y * 27) << 8 | (x * y * 3));
      }
    }
    ImageIO.write(im, "png", image.toFile());

    Path current = dir.resolve("current.lbmodel");
    Engines.ensureStarted();
    try (EngineThread engine = new EngineThread()) {
      engine
          .submit(
              () -> {
                ModelGraph model =
                    Templates.find("simplenet").orElseThrow().create(3, List.of(3, 8, 8));
                try (NDManager m = NDManager.newBaseManager();
                    Network net = Network.create(GraphAnalysis.of(model), m, 4)) {
                  ModelBundle.write(
                      current,
                      new BundleContents(
                          model,
                          Weights.toData(net.state()),
                          List.of("a", "b", "c"),
                          new ImagePreprocessing(
                              3,
                              10,
                              10,
                              8,
                              8,
                              new double[] {0.4, 0.5, 0.6},
                              new double[] {0.2, 0.25, 0.3}),
                          Map.of(),
                          null,
                          null));
                }
                return null;
              })
          .get();
      Path old = asVersion1(current, dir.resolve("old.lbmodel"));
      assertThat(JSON.readTree(entry(current, ModelBundle.PREPROCESSING)).get("modality").asText())
          .isEqualTo("image");
      assertThat(JSON.readTree(entry(old, ModelBundle.PREPROCESSING)).has("modality")).isFalse();
      assertThat(JSON.readTree(entry(old, ModelBundle.MANIFEST)).get("version").asInt())
          .isEqualTo(1);

      BundleContents a = ModelBundle.read(current);
      BundleContents b = ModelBundle.read(old);
      assertThat(b.preprocessing()).isInstanceOf(ImagePreprocessing.class);
      assertThat(b.preprocessing()).isEqualTo(a.preprocessing());
      assertThat(b.weights()).isEqualTo(a.weights());

      engine
          .submit(
              () -> {
                try (Predictor p1 = new Predictor(List.of(current));
                    Predictor p2 = new Predictor(List.of(old))) {
                  Predictor.Prediction x = p1.predict(image, 3);
                  Predictor.Prediction y = p2.predict(image, 3);
                  assertThat(y.logits().get(0)).isEqualTo(x.logits().get(0));
                  assertThat(y.top()).isEqualTo(x.top());
                  assertThatThrownBy(() -> p1.predict(dir.resolve("missing.png"), 1))
                      .isInstanceOf(IOException.class)
                      .hasMessageStartingWith(dir.resolve("missing.png") + ": ");
                }
                return null;
              })
          .get();
    }
  }

  @Test
  void anUnknownModalityOrAMissingOneIsRefusedWithAReason() throws Exception {
    Path current = dir.resolve("current.lbmodel");
    Engines.ensureStarted();
    ModelGraph model = Templates.find("simplenet").orElseThrow().create(2, List.of(3, 4, 4));
    try (EngineThread engine = new EngineThread()) {
      engine
          .submit(
              () -> {
                try (NDManager m = NDManager.newBaseManager();
                    Network net = Network.create(GraphAnalysis.of(model), m, 4)) {
                  ModelBundle.write(
                      current,
                      new BundleContents(
                          model,
                          Weights.toData(net.state()),
                          List.of("a", "b"),
                          ImagePreprocessing.imagenet(4, 4),
                          Map.of(),
                          null,
                          null));
                }
                return null;
              })
          .get();
    }
    Path sonar =
        rewrite(
            current,
            dir.resolve("sonar.lbmodel"),
            Map.of(ModelBundle.PREPROCESSING, p -> p.put("modality", "sonar")));
    assertThatThrownBy(() -> ModelBundle.read(sonar))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("\"sonar\" input, which this LayerBench cannot read");
    Path none =
        rewrite(
            current,
            dir.resolve("none.lbmodel"),
            Map.of(
                ModelBundle.PREPROCESSING,
                p -> {
                  p.remove("modality");
                  return p;
                }));
    assertThatThrownBy(() -> ModelBundle.read(none))
        .isInstanceOf(ModelFormatException.class)
        .hasMessageContaining("does not say its \"modality\"");
  }

  private static byte[] entry(Path bundle, String name) throws IOException {
    try (ZipFile zip = new ZipFile(bundle.toFile());
        InputStream in = zip.getInputStream(zip.getEntry(name))) {
      return in.readAllBytes();
    }
  }
}
