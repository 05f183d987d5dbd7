package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchData;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleReader;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.UnreadableSampleException;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * Prediction of one image file or one typed text through a bundle's own preprocessing, a batch of
 * one as the seed's {@code unsqueeze(0)}; several bundles of one modality form an ensemble whose
 * softmax outputs are averaged. A text is encoded by each model's own tokenizer and vocabulary and
 * passed with its length. Engine thread only.
 */
public final class Predictor implements AutoCloseable {
  private final List<Loaded> models = new ArrayList<>();
  private final NDManager manager;

  /** One class's probability. */
  public record Ranked(String label, double probability) {}

  /**
   * One input's result: top-k, and the raw logits of each model (one row per model). {@code file}
   * is the image file, or for a text model the text itself.
   */
  public record Prediction(
      String file, List<Ranked> top, float[] probabilities, List<float[]> logits) {}

  private record Loaded(BundleContents bundle, Network net, SampleReader reader) {}

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
      if (!models.isEmpty() && !modality().equals(b.preprocessing().modality())) {
        throw new ModelFormatException(
            p
                + ": a "
                + b.preprocessing().modality()
                + " model, the first is a "
                + modality()
                + " model — an ensemble needs one kind of input");
      }
      GraphAnalysis a = GraphAnalysis.of(b.model());
      Network net = Network.create(a, manager, 0);
      try {
        Weights.load(net, b.weights());
      } catch (IllegalArgumentException e) {
        throw new ModelFormatException(p + ": " + e.getMessage());
      }
      models.add(new Loaded(b, net, b.preprocessing().reader()));
    }
  }

  public List<String> labels() {
    return models.get(0).bundle().labels();
  }

  /** "an image model", "a text model". */
  private String aModel() {
    String m = modality();
    return ("aeiou".indexOf(m.charAt(0)) >= 0 ? "an " : "a ") + m + " model";
  }

  /** The models' input: "image" or "text". */
  public String modality() {
    return models.get(0).bundle().preprocessing().modality();
  }

  /**
   * The models' mean probabilities for one sample (an image file), read by each model's own
   * preprocessing.
   *
   * @throws IOException when the sample cannot be read; the message names the file and why
   */
  public Prediction predict(Path image, int topK) throws IOException {
    if (!"image".equals(modality())) {
      throw new IllegalArgumentException(
          aModel() + " — predicting from image files is for image models");
    }
    return predict(image.toString(), new Sample(image, -1), m -> m.reader(), topK);
  }

  /**
   * The models' mean probabilities for the typed {@code text}, each model encoding it with its own
   * tokenizer and vocabulary (a text without tokens reads as one {@code <unk>}).
   *
   * @throws IllegalArgumentException when the models are not text models
   */
  public Prediction predictText(String text, int topK) {
    if (!"text".equals(modality())) {
      throw new IllegalArgumentException(
          aModel() + " — predicting from typed text is for text models");
    }
    try {
      return predict(
          text,
          new Sample(null, -1),
          m -> ((TextPreprocessing) m.bundle().preprocessing()).reader(sample -> text),
          topK);
    } catch (IOException e) {
      // A typed text has nothing to fail to read.
      throw new IllegalStateException(e);
    }
  }

  private Prediction predict(
      String input, Sample sample, Function<Loaded, SampleReader> readers, int topK)
      throws IOException {
    int k = labels().size();
    float[] mean = new float[k];
    List<float[]> logits = new ArrayList<>();
    for (Loaded m : models) {
      SampleReader reader = readers.apply(m);
      BatchData data = BatchData.of(reader.layout(), 1);
      try {
        reader.read(0, sample, new java.util.SplittableRandom(0), data, 0);
      } catch (UnreadableSampleException e) {
        throw new IOException(input + ": " + e.reason(), e);
      }
      try (NDManager bm = manager.newSubManager()) {
        Batch batch = data.batch(new int[] {-1}, List.of(sample));
        NDArray x = BatchTensors.input(bm, batch);
        NDArray out = m.net().forward(x, BatchTensors.lengths(bm, batch), false);
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
    return new Prediction(input, top, mean, logits);
  }

  @Override
  public void close() {
    models.forEach(m -> m.net().close());
    manager.close();
  }
}
