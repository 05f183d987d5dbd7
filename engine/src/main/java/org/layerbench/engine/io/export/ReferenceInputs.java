package org.layerbench.engine.io.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.SampleTransform;
import org.layerbench.engine.graph.LayerType;
import org.layerbench.engine.graph.NodeReport;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;
import org.layerbench.engine.train.Engines;
import org.layerbench.engine.train.RunManifest;
import org.layerbench.engine.train.TrainConfig;

/**
 * The inputs an export is verified on, and LayerBench's own logits for them: up to {@code max}
 * validation images of the run's dataset through the bundle's preprocessing, or seeded random
 * inputs when the dataset is not there (token ids for a model that starts with an Embedding); for a
 * text model, token ids of texts with their ragged lengths ({@link TextReferenceInputs}).
 *
 * @param description what the inputs are, for the report
 * @param shape the batch's shape, batch first
 * @param data the batch, row-major
 * @param lengths each row's sequence length for a model whose recurrent layers take lengths, else
 *     null
 * @param logits LayerBench's output for each input
 * @param images the image files, in batch order (empty for random inputs)
 * @param texts the texts of the batch's first rows (empty but for a text model)
 */
public record ReferenceInputs(
    String description,
    long[] shape,
    float[] data,
    long[] lengths,
    float[][] logits,
    List<Path> images,
    List<String> texts) {

  /** How many random inputs stand in for a missing dataset. */
  static final int RANDOM = 8;

  /** Prepares inputs and computes LayerBench's logits. Engine thread only. */
  public static ReferenceInputs prepare(ExportSource src, int max) throws ExportException {
    Engines.ensureStarted();
    var input = src.graph().inputNode().orElseThrow();
    List<Integer> sample = input.type().args(input.params()).intList("shape");
    int per = 1;
    for (int d : sample) {
      per *= d;
    }
    List<Path> images = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    List<Long> lengths = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    boolean takesLengths = OnnxModelWriter.takesLengths(src.analysis());
    String description = null;
    String why = "the model has no image preprocessing";
    if (src.text() != null) {
      description = TextReferenceInputs.prepare(src, sample.getFirst(), max, rows, lengths, texts);
    } else if (src.preprocessing() != null && src.runDir() != null) {
      Path data = datasetOf(src.runDir());
      if (data == null) {
        why = "run.json names no dataset";
      } else if (!Files.isDirectory(data)) {
        why = "the run's dataset is not at " + data;
      } else {
        description = images(src, data, max, per, images, rows);
        if (description == null) {
          why = "no image of " + data + " could be read";
        }
      }
    } else if (src.preprocessing() != null) {
      why = "the bundle is not in a run folder";
    }
    if (description == null) {
      images.clear();
      rows.clear();
      random(src, per, rows);
      description = RANDOM + " seeded random inputs (" + why + ")";
      if (takesLengths) {
        SplittableRandom random = new SplittableRandom(43);
        for (int i = 0; i < RANDOM; i++) {
          lengths.add(1L + random.nextInt(sample.getFirst()));
        }
        description =
            RANDOM
                + " seeded random inputs with random lengths 1.."
                + sample.getFirst()
                + " ("
                + why
                + ")";
      }
    }
    long[] shape = new long[sample.size() + 1];
    shape[0] = rows.size();
    for (int i = 0; i < sample.size(); i++) {
      shape[i + 1] = sample.get(i);
    }
    float[] flat = new float[rows.size() * per];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, flat, i * per, per);
    }
    long[] lens = takesLengths ? lengths.stream().mapToLong(Long::longValue).toArray() : null;
    return new ReferenceInputs(
        description, shape, flat, lens, logits(src, shape, flat, lens), images, texts);
  }

  private static Path datasetOf(Path runDir) {
    try {
      return RunManifest.read(runDir.resolve("run.json")).data();
    } catch (IOException e) {
      return null;
    }
  }

  private static String images(
      ExportSource src, Path data, int max, int per, List<Path> images, List<float[]> rows) {
    double valSplit = TrainConfig.DEFAULT_VAL_SPLIT;
    long seed = TrainConfig.DEFAULT_SEED;
    try {
      try {
        RunManifest run = RunManifest.read(src.runDir().resolve("run.json"));
        valSplit = run.valSplit();
        seed = run.seed();
      } catch (IOException e) {
        // datasetOf read it a moment ago; the defaults stand for a file that changed since
      }
      DatasetSplits splits = ImageFolder.scan(data, valSplit, seed);
      List<Sample> pick = splits.val().isEmpty() ? splits.train() : splits.val();
      String split = splits.val().isEmpty() ? "training" : "validation";
      SampleTransform t = src.preprocessing().transform();
      if (t.outSize() != per) {
        return null;
      }
      for (Sample s : pick) {
        if (rows.size() == max) {
          break;
        }
        try {
          float[] row = new float[per];
          t.apply(ImageDecoder.decode(s.file()), new SplittableRandom(0), row, 0);
          rows.add(row);
          images.add(s.file());
        } catch (ImageDecodeException | IllegalArgumentException e) {
          // an unreadable image is left out of the check, as training left it out
        }
      }
      return rows.isEmpty() ? null : rows.size() + " " + split + " images of " + data;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void random(ExportSource src, int per, List<float[]> rows) {
    int vocabulary = 0;
    for (NodeReport r : src.analysis().nodes()) {
      if (r.node().type() == LayerType.EMBEDDING) {
        int n = r.node().type().args(r.node().params()).integer("num_embeddings");
        vocabulary = vocabulary == 0 ? n : Math.min(vocabulary, n);
      }
    }
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < RANDOM; i++) {
      float[] row = new float[per];
      for (int j = 0; j < per; j++) {
        row[j] = vocabulary > 0 ? random.nextInt(vocabulary) : (float) gaussian(random);
      }
      rows.add(row);
    }
  }

  private static double gaussian(SplittableRandom r) {
    return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  private static float[][] logits(ExportSource src, long[] shape, float[] flat, long[] lengths)
      throws ExportException {
    if (!src.hasWeights()) {
      return null;
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      Network net = Network.create(src.analysis(), manager, 0);
      try {
        Weights.load(net, src.weights());
      } catch (IllegalArgumentException e) {
        throw new ExportException(src.file() + ": " + e.getMessage());
      }
      NDArray x = manager.create(flat, new Shape(shape));
      NDArray out =
          lengths == null ? net.forward(x, false) : net.forward(x, manager.create(lengths), false);
      long rows = out.getShape().get(0);
      float[] all = out.toFloatArray();
      int cols = (int) (all.length / rows);
      float[][] logits = new float[(int) rows][cols];
      for (int i = 0; i < rows; i++) {
        System.arraycopy(all, i * cols, logits[i], 0, cols);
      }
      net.close();
      return logits;
    } catch (IllegalArgumentException e) {
      throw new ExportException(
          src.file() + ": LayerBench cannot run the model: " + e.getMessage());
    }
  }

  /**
   * The inputs as a state_dict {"input": tensor} (and "lengths" where the model takes them), the
   * way a Python check reads them.
   */
  public java.util.SequencedMap<String, org.layerbench.engine.io.TensorData> asStateDict() {
    var m = new java.util.LinkedHashMap<String, org.layerbench.engine.io.TensorData>();
    m.put("input", org.layerbench.engine.io.TensorData.ofFloats(shape.clone(), data));
    if (lengths != null) {
      m.put(
          "lengths",
          org.layerbench.engine.io.TensorData.ofLongs(
              new long[] {lengths.length}, lengths.clone()));
    }
    return m;
  }
}
