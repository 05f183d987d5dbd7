package org.layerbench.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.nn.Network;

/**
 * The learning-rate range test (the seed's algorithm, with what fastai and Lightning add): train
 * with a learning rate growing exponentially from start to end, one batch per rate; smooth the loss
 * exponentially (β = 0.98, bias-corrected); stop when the smoothed loss exceeds 4× its best; skip
 * the first 10 and last 5 points; suggest the steepest descent (measured against log10(lr), not
 * against the linear spacing Lightning uses), fastai's valley, and the minimum / 10. Weights,
 * buffers and optimizer state are restored afterwards whatever happens (as Lightning restores in a
 * finally block). Engine thread only.
 */
public final class LrFinder {
  static final double BETA = 0.98;
  static final double DIVERGENCE = 4;
  static final int SKIP_START = 10;
  static final int SKIP_END = 5;

  private LrFinder() {}

  /** The sweep's curves and suggestions; a warning says why the curve may not be trusted. */
  public record Result(
      List<Double> lrs,
      List<Double> losses,
      List<Double> smoothed,
      double steepest,
      double valley,
      double minimumTenth,
      String warning) {

    public boolean trustworthy() {
      return warning == null;
    }
  }

  /** One measured point of a sweep: its index among {@code steps}, the rate and both losses. */
  public record Point(int step, int steps, double lr, double loss, double smoothed) {}

  /**
   * Watches a sweep from the engine thread: it gets each point as soon as it is measured, and may
   * ask the sweep to stop before the next batch (cooperative, like a training run's stop flag). A
   * stopped sweep restores the weights as always and returns the curve measured so far.
   */
  public interface Monitor {
    Monitor NONE = new Monitor() {};

    /** Called on the engine thread after each batch; must return quickly. */
    default void point(Point p) {}

    /** Polled before each batch. */
    default boolean stopRequested() {
      return false;
    }
  }

  /**
   * Sets up a sweep as a training run would (data, model checked against the classes, a fresh
   * network and optimizer from the config's seed) and runs it. Engine thread only.
   */
  public static Result sweep(
      java.nio.file.Path dataDir,
      org.layerbench.engine.graph.ModelGraph model,
      TrainConfig config,
      double start,
      double end,
      int steps)
      throws java.io.IOException, TrainingFailedException {
    return sweep(dataDir, model, config, start, end, steps, Monitor.NONE);
  }

  /**
   * {@link #sweep(java.nio.file.Path, org.layerbench.engine.graph.ModelGraph, TrainConfig, double,
   * double, int)} watched by a monitor (progress, cancellation).
   */
  public static Result sweep(
      java.nio.file.Path dataDir,
      org.layerbench.engine.graph.ModelGraph model,
      TrainConfig config,
      double start,
      double end,
      int steps,
      Monitor monitor)
      throws java.io.IOException, TrainingFailedException {
    return sweep(dataDir, model, config, null, start, end, steps, monitor);
  }

  /**
   * The sweep of a model that starts from a weight file (null: from its initialisation), frozen as
   * the configuration's groups say for the first epoch: the rate found is then the one for
   * fine-tuning that model, as fastai's lr_find runs on the pretrained, frozen learner. The file is
   * matched by name and shape as a training run matches it.
   */
  public static Result sweep(
      java.nio.file.Path dataDir,
      org.layerbench.engine.graph.ModelGraph model,
      TrainConfig config,
      java.nio.file.Path startWeights,
      double start,
      double end,
      int steps,
      Monitor monitor)
      throws java.io.IOException, TrainingFailedException {
    return sweep(dataDir, model, config, startWeights, null, start, end, steps, monitor);
  }

  /**
   * The sweep on the batches training will see: the training pipeline's augmentation applies (null:
   * Resize and ImageNet Normalize, as a run without pipelines), as fastai's lr_find uses the
   * learner's training DataLoader with its transforms.
   */
  public static Result sweep(
      java.nio.file.Path dataDir,
      org.layerbench.engine.graph.ModelGraph model,
      TrainConfig config,
      java.nio.file.Path startWeights,
      org.layerbench.engine.data.transform.PipelineFile transforms,
      double start,
      double end,
      int steps,
      Monitor monitor)
      throws java.io.IOException, TrainingFailedException {
    Engines.ensureStarted();
    Engines.threads(config.threads());
    var data =
        org.layerbench.engine.data.ImageFolder.scan(dataDir, config.valSplit(), config.seed());
    if (data.train().isEmpty()) {
      throw new TrainingFailedException("the dataset " + dataDir + " has no training images");
    }
    var runData = org.layerbench.engine.data.RunData.of(transforms, config.imageSize());
    return sweepOn(data, runData, model, config, startWeights, start, end, steps, monitor);
  }

  /**
   * The sweep on a text dataset's training split, its texts read as a text run reads them ({@link
   * TrainingRun#onText}): the vocabulary of the training split, num_embeddings 0 bound to its size.
   * Engine thread only.
   */
  public static Result sweepText(
      org.layerbench.engine.data.text.TextFiles files,
      org.layerbench.engine.data.text.TextSettings settings,
      org.layerbench.engine.graph.ModelGraph model,
      TrainConfig config,
      java.nio.file.Path startWeights,
      double start,
      double end,
      int steps,
      Monitor monitor)
      throws java.io.IOException, TrainingFailedException {
    Engines.ensureStarted();
    Engines.threads(config.threads());
    TextRunSetup.Ready text = TextRunSetup.prepare(files, settings, config, model, null);
    return sweepOn(
        text.dataset().splits(),
        text.runData(),
        text.model(),
        config,
        startWeights,
        start,
        end,
        steps,
        monitor);
  }

  private static Result sweepOn(
      org.layerbench.engine.data.DatasetSplits data,
      org.layerbench.engine.data.RunData runData,
      org.layerbench.engine.graph.ModelGraph model,
      TrainConfig config,
      java.nio.file.Path startWeights,
      double start,
      double end,
      int steps,
      Monitor monitor)
      throws java.io.IOException, TrainingFailedException {
    int size = config.imageSize();
    var analysis = ModelCheck.checked(model, data, runData.layout(size));
    try (var manager = ai.djl.ndarray.NDManager.newBaseManager(Engines.device(config.device()));
        BatchLoader loader =
            new BatchLoader(
                data.train(),
                runData.reader(true, size),
                config.batchSize(),
                true,
                config.seed(),
                config.workers(),
                4);
        Network net = Network.create(analysis, manager, config.seed())) {
      java.util.Set<String> fromWeights = java.util.Set.of();
      if (startWeights != null) {
        var report = StartingWeights.match(startWeights, analysis);
        if (report.matched().isEmpty()) {
          throw new TrainingFailedException(
              "no tensor of "
                  + startWeights.getFileName()
                  + " fits the model, so the sweep would not start from it: "
                  + report.describe());
        }
        org.layerbench.engine.nn.Weights.loadPartial(net, report.matched());
        fromWeights = report.matched().keySet();
      }
      Freezing.checkGroups(config.groups(), analysis);
      Freezing.apply(net, config.groups(), 1, fromWeights);
      return run(
          net,
          Optimizer.named(config.optimizer(), config.weightDecay()),
          loader,
          size,
          start,
          end,
          steps,
          config.seed(),
          monitor);
    }
  }

  public static Result run(
      Network net,
      Optimizer optimizer,
      BatchLoader loader,
      int size,
      double start,
      double end,
      int steps,
      long seed) {
    return run(net, optimizer, loader, size, start, end, steps, seed, Monitor.NONE);
  }

  /** The sweep on a ready network; the monitor sees each point and may stop it between batches. */
  public static Result run(
      Network net,
      Optimizer optimizer,
      BatchLoader loader,
      int size,
      double start,
      double end,
      int steps,
      long seed,
      Monitor monitor) {
    if (!(start > 0) || !(end > start) || steps < 2) {
      throw new IllegalArgumentException(
          "the sweep needs 0 < start < end and at least 2 steps, got "
              + start
              + ", "
              + end
              + ", "
              + steps);
    }
    Map<String, NDArray> savedState = copy(net.state());
    Map<String, NDArray> savedOptimizer = copy(optimizer.state());
    long savedSteps = optimizer.stepCount();
    List<Double> lrs = new ArrayList<>();
    List<Double> losses = new ArrayList<>();
    List<Double> smoothed = new ArrayList<>();
    try {
      double avg = 0;
      double best = Double.POSITIVE_INFINITY;
      int epoch = 1_000_000; // epochs of its own, so the shuffles differ from training's
      Iterator<Batch> it = loader.epoch(epoch);
      for (int i = 0; i < steps && !monitor.stopRequested(); i++) {
        if (!it.hasNext()) {
          it = loader.epoch(++epoch);
        }
        double lr = start * Math.pow(end / start, (double) i / (steps - 1));
        JniUtils.setSeed(seed * 1_000_003L + i);
        Batch batch = it.next();
        double loss = ClassificationStep.train(net, optimizer, batch, lr, 0, name -> 1.0);
        loader.recycle(batch);
        if (!Double.isFinite(loss)) {
          break;
        }
        avg = BETA * avg + (1 - BETA) * loss;
        double s = avg / (1 - Math.pow(BETA, i + 1));
        lrs.add(lr);
        losses.add(loss);
        smoothed.add(s);
        monitor.point(new Point(i, steps, lr, loss, s));
        best = Math.min(best, s);
        if (i > 0 && s > DIVERGENCE * best) {
          break;
        }
      }
    } finally {
      restore(net, savedState);
      optimizer.restore(savedOptimizer, savedSteps, net.manager());
    }
    return suggest(lrs, losses, smoothed);
  }

  /** The three suggestions from a curve, on the points left after skipping both ends. */
  static Result suggest(List<Double> lrs, List<Double> losses, List<Double> smoothed) {
    int from = Math.min(SKIP_START, lrs.size());
    int to = Math.max(from, lrs.size() - SKIP_END);
    List<Double> x = lrs.subList(from, to);
    List<Double> y = smoothed.subList(from, to);
    if (x.size() < 3) {
      return new Result(
          lrs,
          losses,
          smoothed,
          Double.NaN,
          Double.NaN,
          Double.NaN,
          "the sweep stopped after "
              + lrs.size()
              + " steps, too few to suggest a rate — lower the end rate or add steps");
    }
    // Steepest: the most negative d(loss)/d(log10 lr), central differences like numpy.gradient.
    int steep = 0;
    double steepest = Double.POSITIVE_INFINITY;
    for (int i = 0; i < x.size(); i++) {
      int a = Math.max(0, i - 1);
      int b = Math.min(x.size() - 1, i + 1);
      double g = (y.get(b) - y.get(a)) / (Math.log10(x.get(b)) - Math.log10(x.get(a)));
      if (g < steepest) {
        steepest = g;
        steep = i;
      }
    }
    // Valley (fastai): the longest decreasing run of the loss; 2/3 of the way down it (a
    // longest-decreasing-subsequence over the points, as fastai computes it).
    int n = y.size();
    int[] lds = new int[n];
    java.util.Arrays.fill(lds, 1);
    int maxStart = 0;
    int maxEnd = 0;
    for (int i = 1; i < n; i++) {
      for (int j = 0; j < i; j++) {
        if (y.get(i) < y.get(j) && lds[i] < lds[j] + 1) {
          lds[i] = lds[j] + 1;
        }
      }
      if (lds[maxEnd] < lds[i]) {
        maxEnd = i;
        maxStart = maxEnd - lds[maxEnd];
      }
    }
    double sections = (maxEnd - maxStart) / 3.0;
    int valleyIndex = Math.clamp(maxStart + (int) sections + (int) (sections / 2), 0, n - 1);
    int min = 0;
    for (int i = 1; i < n; i++) {
      if (y.get(i) < y.get(min)) {
        min = i;
      }
    }
    double high = y.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    double low = y.get(min);
    String warning = null;
    if (high <= 0 || (high - low) / high < 0.05) {
      warning =
          "the loss barely changed over the sweep (less than 5 %), so the suggestions are guesses — widen the range or check the data";
    } else if (noisy(losses.subList(from, to), y)) {
      warning =
          "the loss is too noisy around its trend to trust the suggestions — use a larger batch or more steps";
    }
    return new Result(
        lrs, losses, smoothed, x.get(steep), x.get(valleyIndex), x.get(min) / 10, warning);
  }

  /**
   * Noisy when the raw loss strays from the smoothed one by more than the whole drop, typically.
   */
  private static boolean noisy(List<Double> raw, List<Double> smooth) {
    double dev = 0;
    for (int i = 0; i < raw.size(); i++) {
      dev += Math.abs(raw.get(i) - smooth.get(i));
    }
    dev /= raw.size();
    double drop =
        smooth.getFirst() - smooth.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    return drop > 0 && dev > drop;
  }

  private static Map<String, NDArray> copy(Map<String, NDArray> arrays) {
    Map<String, NDArray> out = new LinkedHashMap<>();
    arrays.forEach((k, v) -> out.put(k, v.duplicate()));
    return out;
  }

  private static void restore(Network net, Map<String, NDArray> saved) {
    saved.forEach((name, value) -> net.replaceTensor(name, value));
  }
}
