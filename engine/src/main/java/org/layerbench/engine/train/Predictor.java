package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.layerbench.engine.data.ImageDecoder;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * Single-image prediction through a bundle's own preprocessing, a batch of one as the seed's {@code
 * unsqueeze(0)}; several bundles form an ensemble whose softmax outputs are averaged. Engine thread
 * only.
 */
public final class Predictor implements AutoCloseable {
  private final List<Loaded> models = new ArrayList<>();
  private final NDManager manager;

  /** One class's probability. */
  public record Ranked(String label, double probability) {}

  /** One image's result: top-k, and the raw logits of each model (one row per model). */
  public record Prediction(
      String file, List<Ranked> top, float[] probabilities, List<float[]> logits) {}

  private record Loaded(
      BundleContents bundle, Network net, org.layerbench.engine.data.SampleTransform preprocess) {}

  public Predictor(List<Path> bundles) throws IOException, ModelFormatException {
    Engines.ensureStarted();
    this.manager = NDManager.newBaseManager();
    for (Path p : bundles) {
      BundleContents b = ModelBundle.read(p);
      if (!models.isEmpty() && !models.get(0).bundle().labels().equals(b.labels())) {
        throw new ModelFormatException(
            p
                + ": its classes "
                + b.labels()
                + " differ from the first model's "
                + models.get(0).bundle().labels()
                + " — an ensemble needs the same classes");
      }
      GraphAnalysis a = GraphAnalysis.of(b.model());
      Network net = Network.create(a, manager, 0);
      try {
        Weights.load(net, b.weights());
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(p + ": " + e.getMessage());
      }
      models.add(new Loaded(b, net, Evaluator.transform(b.preprocessing())));
    }
  }

  public List<String> labels() {
    return models.get(0).bundle().labels();
  }

  public Prediction predict(Path image, int topK) throws IOException {
    var rgb = ImageDecoder.decode(image);
    int k = labels().size();
    float[] mean = new float[k];
    List<float[]> logits = new ArrayList<>();
    for (Loaded m : models) {
      org.layerbench.engine.data.SampleTransform pre = m.preprocess();
      float[] input = new float[pre.outSize()];
      pre.apply(rgb, new java.util.SplittableRandom(0), input, 0);
      try (NDManager bm = manager.newSubManager()) {
        NDArray x = bm.create(input, new Shape(1, pre.channels(), pre.outHeight(), pre.outWidth()));
        NDArray out = m.net().forward(x, false);
        logits.add(out.toFloatArray());
        float[] p = out.softmax(1).toFloatArray();
        for (int i = 0; i < k; i++) {
          mean[i] += p[i] / models.size();
        }
      }
    }
    Integer[] order = new Integer[k];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparingDouble((Integer i) -> mean[i]).reversed());
    List<Ranked> top = new ArrayList<>();
    for (int i = 0; i < Math.min(topK, k); i++) {
      top.add(new Ranked(labels().get(order[i]), mean[order[i]]));
    }
    return new Prediction(image.toString(), top, mean, logits);
  }

  @Override
  public void close() {
    models.forEach(m -> m.net().close());
    manager.close();
  }
}
