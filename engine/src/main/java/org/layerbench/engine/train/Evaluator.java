package org.layerbench.engine.train;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleReader;
import org.layerbench.engine.data.TextPreprocessing;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelFormatException;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * Evaluates a bundle with its own preprocessing: an image model on a split of an image folder, a
 * text model on the rows of a {@link TextDataset} (a split, or all of them).
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Engine thread only. A folder without val/ is split as {@code --val-split 0.2 --seed 1} would;
   * see the other form to match a run's own split.
   */
  public static Evaluation evaluate(Path bundleFile, Path dataDir, String split)
      throws IOException, ModelFormatException {
    return evaluate(bundleFile, dataDir, split, 0.2, 1, EvaluationProgress.NONE);
  }

  /**
   * Engine thread only. valSplit and seed split a folder that has no val/ folder the way the run
   * that trained the model did (its run.json's config), so "val" holds no training image. Progress
   * is reported per batch; a cancel ends it with {@link
   * java.util.concurrent.CancellationException}.
   */
  public static Evaluation evaluate(
      Path bundleFile,
      Path dataDir,
      String split,
      double valSplit,
      long seed,
      EvaluationProgress progress)
      throws IOException, ModelFormatException {
    return evaluate(bundleFile, dataDir, split, valSplit, seed, progress, 64);
  }

  /** As above, in batches of {@code batch}: the results do not depend on it (EvaluatorTest). */
  static Evaluation evaluate(
      Path bundleFile,
      Path dataDir,
      String split,
      double valSplit,
      long seed,
      EvaluationProgress progress,
      int batch)
      throws IOException, ModelFormatException {
    Engines.ensureStarted();
    BundleContents b = ModelBundle.read(bundleFile);
    if (!"image".equals(b.preprocessing().modality())) {
      throw new ModelFormatException(
          bundleFile
              + ": a "
              + b.preprocessing().modality()
              + " model — evaluating on an image folder is for image models");
    }
    DatasetSplits data = ImageFolder.scan(dataDir, valSplit, seed);
    if (!data.classes().equals(b.labels())) {
      throw new ModelFormatException(
          dataDir + ": its classes " + data.classes() + " differ from the model's " + b.labels());
    }
    List<Sample> samples =
        switch (split) {
          case "train" -> data.train();
          case "test" -> data.test();
          case "val" -> data.val();
          default ->
              throw new IllegalArgumentException(
                  "unknown split '" + split + "' (train, val, test)");
        };
    if (samples.isEmpty()) {
      throw new ModelFormatException(dataDir + ": the " + split + " split has no images");
    }
    SampleReader reader = b.preprocessing().reader();
    try (NDManager manager = NDManager.newBaseManager();
        Network net = Network.create(GraphAnalysis.of(b.model()), manager, 0);
        BatchLoader loader = new BatchLoader(samples, reader, batch, false, 0, 2, 4)) {
      Weights.load(net, b.weights());
      return Evaluation.run(net, loader, b.labels(), progress);
    }
  }

  /**
   * Evaluates the text model in {@code bundleFile} on {@code data}'s split {@code split} (train,
   * val, test, or all: every usable row of its files), in batches of 64; each result names its
   * file, line and text. The dataset's classes must be among the model's (a test file may lack
   * one); its labels are matched by name. Engine thread only.
   */
  public static Evaluation evaluateText(
      Path bundleFile, TextDataset data, String split, EvaluationProgress progress)
      throws IOException, ModelFormatException {
    Engines.ensureStarted();
    BundleContents b = ModelBundle.read(bundleFile);
    if (!(b.preprocessing() instanceof TextPreprocessing text)) {
      throw new ModelFormatException(
          bundleFile + ": an image model — evaluating on a file of texts is for text models");
    }
    List<Sample> samples = textSamples(bundleFile, b.labels(), data, split);
    try (NDManager manager = NDManager.newBaseManager();
        Network net = Network.create(GraphAnalysis.of(b.model()), manager, 0);
        BatchLoader loader = new BatchLoader(samples, text.reader(data), 64, false, 0, 0, 2)) {
      Weights.load(net, b.weights());
      return Evaluation.run(
          net, loader, b.labels(), progress == null ? EvaluationProgress.NONE : progress, data);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(bundleFile + ": " + e.getMessage());
    }
  }

  /** The split's samples with their labels as indices of the model's classes. */
  private static List<Sample> textSamples(
      Path bundleFile, List<String> modelClasses, TextDataset data, String split)
      throws ModelFormatException {
    List<String> missing = data.classes().stream().filter(c -> !modelClasses.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new ModelFormatException(
          "the data's labels "
              + missing
              + " are not among the classes of "
              + bundleFile.getFileName()
              + " "
              + modelClasses);
    }
    DatasetSplits s = data.splits();
    List<Sample> chosen =
        switch (split) {
          case "train" -> s.train();
          case "val" -> s.val();
          case "test" -> s.test();
          case "all" -> {
            List<Sample> all = new ArrayList<>(s.train());
            all.addAll(s.val());
            all.addAll(s.test());
            yield all;
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown split '" + split + "' (train, val, test, all)");
        };
    if (chosen.isEmpty()) {
      throw new ModelFormatException("the " + split + " split has no texts");
    }
    List<Sample> out = new ArrayList<>(chosen.size());
    for (Sample x : chosen) {
      out.add(new Sample(x.file(), modelClasses.indexOf(data.classes().get(x.label())), x.row()));
    }
    return out;
  }
}
