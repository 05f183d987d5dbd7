package org.layerbench.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.data.Preprocess;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.io.Preprocessing;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * One training run, driven by our own loop on the engine thread (DESIGN §4, §7: not EasyTrain):
 * shuffled batches from the loader, cross-entropy, backward inside a GradientCollector, an in-place
 * optimizer step, validation each epoch, checkpoints and the run folder's files. Stop and pause are
 * cooperative flags checked between batches.
 */
public final class TrainingRun {
  /** A loss this many times the first step's (and at least the floor) means the run diverged. */
  static final double DIVERGENCE_FACTOR = 1e4;

  static final double DIVERGENCE_FLOOR = 1e3;

  private final Path dataDir;
  private final ModelGraph model;
  private final TrainConfig config;
  private final RunFiles files;
  private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Object pauseLock = new Object();
  private volatile boolean paused;

  public TrainingRun(Path dataDir, ModelGraph model, TrainConfig config, Path runDir) {
    this.dataDir = dataDir;
    this.model = model;
    this.config = config;
    this.files = new RunFiles(runDir);
  }

  public void addListener(TrainingListener listener) {
    listeners.add(listener);
  }

  /** Asks the run to stop after the current batch; it then saves and finishes normally. */
  public void requestStop() {
    stop.set(true);
    resume();
  }

  public void pause() {
    paused = true;
  }

  public void resume() {
    synchronized (pauseLock) {
      paused = false;
      pauseLock.notifyAll();
    }
  }

  private void emit(TrainingEvent e) {
    for (TrainingListener l : listeners) {
      l.on(e);
    }
  }

  /** Runs to the end; call on the engine thread. Returns the exported bundle's path. */
  public Path call() throws TrainingFailedException {
    try {
      return train();
    } catch (TrainingFailedException e) {
      fail(e.getMessage());
      throw e;
    } catch (IOException | RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      fail(reason);
      throw new TrainingFailedException(reason, e);
    }
  }

  private void fail(String reason) {
    emit(new TrainingEvent.RunFailed(reason));
    try {
      Map<String, Object> run = baseRunJson();
      run.put("status", "failed");
      run.put("reason", reason);
      files.writeRunJson(run);
    } catch (IOException ignored) {
      // the failure itself is what matters; run.json is best effort here
    }
  }

  private Map<String, Object> baseRunJson() {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put("format", "layerbench.run");
    run.put("version", 1);
    run.put("data", dataDir.toAbsolutePath().toString());
    run.put("model", model.name());
    run.put("config", config);
    return run;
  }

  private Path train() throws IOException, TrainingFailedException {
    Engines.ensureStarted();
    Engines.threads(config.threads());
    Device device = Engines.device(config.device());
    JniUtils.setSeed(config.seed());
    Files.createDirectories(files.dir());

    DatasetSplits data = ImageFolder.scan(dataDir, config.valSplit(), config.seed());
    if (data.train().isEmpty()) {
      throw new TrainingFailedException("the dataset " + dataDir + " has no training images");
    }
    int size = config.imageSize();
    GraphAnalysis analysis = GraphAnalysis.of(model.withInputShape(List.of(3, size, size)));
    if (!analysis.ok()) {
      throw new TrainingFailedException(
          "the model has errors: " + analysis.problems().get(0).message());
    }
    List<Integer> out =
        analysis.output().map(org.layerbench.engine.graph.Shape::dims).orElse(List.of());
    if (out.size() != 1 || out.get(0) != data.classes().size()) {
      throw new TrainingFailedException(
          "the model outputs "
              + analysis.output().map(Object::toString).orElse("?")
              + " values but the dataset has "
              + data.classes().size()
              + " classes — set the last layer's out_features to "
              + data.classes().size());
    }
    Preprocess pre = Preprocess.imagenet(size);
    Preprocessing preprocessing = Preprocessing.imagenet(size, size);

    try (NDManager manager = NDManager.newBaseManager(device);
        BatchLoader trainLoader =
            new BatchLoader(
                data.train(), pre, config.batchSize(), true, config.seed(), config.workers(), 4);
        BatchLoader valLoader =
            new BatchLoader(
                data.val(), pre, config.batchSize(), false, config.seed(), config.workers(), 4);
        Network net = Network.create(analysis, manager, config.seed())) {
      Optimizer optimizer = Optimizer.named(config.optimizer(), config.weightDecay());
      emit(
          new TrainingEvent.RunStarted(
              data.classes(),
              data.train().size(),
              data.val().size(),
              device.toString(),
              analysis.params()));

      long totalSteps = (long) config.epochs() * trainLoader.batchesPerEpoch();
      long step = 0;
      double firstLoss = Double.NaN;
      double bestAccuracy = -1;
      double bestLoss = Double.POSITIVE_INFINITY;
      int epochsDone = 0;
      for (int epoch = 1; epoch <= config.epochs() && !stop.get(); epoch++) {
        long t0 = System.nanoTime();
        double lossSum = 0;
        int seen = 0;
        int batchIndex = 0;
        double lr = config.lr();
        Iterator<Batch> it = trainLoader.epoch(epoch);
        while (it.hasNext()) {
          awaitIfPaused();
          if (stop.get()) {
            break;
          }
          Batch batch = it.next();
          lr = Schedule.lr(config.schedule(), config.lr(), step, totalSteps);
          double loss = trainStep(net, optimizer, batch, size, lr);
          if (!Double.isFinite(loss)) {
            throw new TrainingFailedException(
                "loss became "
                    + (Double.isNaN(loss) ? "NaN" : "infinite")
                    + " at epoch "
                    + epoch
                    + ", step "
                    + (step + 1)
                    + " — lower the learning rate (it is "
                    + config.lr()
                    + ")");
          }
          if (step == 0) {
            firstLoss = loss;
          } else if (loss > Math.max(DIVERGENCE_FACTOR * firstLoss, DIVERGENCE_FLOOR)) {
            // Adam's step is bounded by lr, so a huge rate sends the loss to 1e20 and beyond
            // without
            // ever overflowing to NaN; a cross-entropy that large only means the run has diverged.
            throw new TrainingFailedException(
                String.format(
                    java.util.Locale.ROOT,
                    "loss diverged to %.3g at epoch %d, step %d (it started at %.3g) — lower the"
                        + " learning rate (it is %s)",
                    loss,
                    epoch,
                    step + 1,
                    firstLoss,
                    config.lr()));
          }
          step++;
          batchIndex++;
          lossSum += loss * batch.size();
          seen += batch.size();
          double secs = (System.nanoTime() - t0) / 1e9;
          emit(
              new TrainingEvent.BatchEnded(
                  epoch, step, batchIndex, trainLoader.batchesPerEpoch(), loss, lr, seen / secs));
        }
        if (seen == 0) {
          break;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Evaluation val =
            data.val().isEmpty() ? null : Evaluation.run(net, valLoader, data.classes(), size);
        double trainLoss = lossSum / seen;
        double valLoss = val == null ? Double.NaN : val.loss();
        double valAcc = val == null ? Double.NaN : val.accuracy();
        epochsDone = epoch;
        files.addEpoch(epoch, trainLoss, valLoss, valAcc, lr);
        emit(
            new TrainingEvent.EpochEnded(
                epoch, trainLoss, valLoss, valAcc, seen / seconds, seconds));

        boolean best =
            val == null || valAcc > bestAccuracy || (valAcc == bestAccuracy && valLoss < bestLoss);
        Map<String, Object> trainer = trainerState(epoch, step, optimizer, lr);
        Map<String, Object> metrics = metricsMap(epoch, trainLoss, valLoss, valAcc);
        writeBundle(
            files.checkpoint("last"),
            analysis,
            net,
            data.classes(),
            preprocessing,
            metrics,
            optimizer,
            trainer);
        emit(new TrainingEvent.Checkpointed(epoch, files.checkpoint("last"), false));
        if (best) {
          bestAccuracy = val == null ? bestAccuracy : valAcc;
          bestLoss = val == null ? bestLoss : valLoss;
          Files.createDirectories(files.checkpoint("best").getParent());
          Path tmp = Files.createTempFile(files.checkpoint("best").getParent(), ".best", ".tmp");
          Files.copy(files.checkpoint("last"), tmp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(
              tmp,
              files.checkpoint("best"),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
          emit(new TrainingEvent.Checkpointed(epoch, files.checkpoint("best"), true));
        }
      }
      if (epochsDone == 0) {
        throw new TrainingFailedException(
            "stopped before the first epoch ended; nothing was saved");
      }
      exportBest();
      Map<String, Object> run = baseRunJson();
      run.put("status", stop.get() ? "stopped" : "finished");
      run.put("classes", data.classes());
      run.put("trainSamples", data.train().size());
      run.put("valSamples", data.val().size());
      run.put("epochs", epochsDone);
      run.put("bestValAccuracy", bestAccuracy < 0 ? null : bestAccuracy);
      run.put(
          "skippedFiles",
          trainLoader.skipped().size() + valLoader.skipped().size() + data.skipped().size());
      run.put("device", device.toString());
      run.put("finished", Instant.now().toString());
      if (!data.test().isEmpty()) {
        try (BatchLoader testLoader =
            new BatchLoader(
                data.test(), pre, config.batchSize(), false, config.seed(), config.workers(), 4)) {
          Evaluation test = Evaluation.run(net, testLoader, data.classes(), size);
          run.put("testAccuracy", test.accuracy());
          run.put("testLoss", test.loss());
        }
      }
      files.writeRunJson(run);
      emit(new TrainingEvent.RunFinished(epochsDone, stop.get(), files.bundle(), bestAccuracy));
      return files.bundle();
    }
  }

  /** One optimization step; returns the batch's mean loss. */
  private static double trainStep(
      Network net, Optimizer optimizer, Batch batch, int size, double lr) {
    for (NDArray p : net.parameters().values()) {
      JniUtils.zeroGrad((PtNDArray) p);
    }
    double lossValue;
    try (NDManager bm = net.manager().newSubManager()) {
      NDArray x = bm.create(batch.data(), new Shape(batch.size(), 3, size, size));
      NDArray y = bm.create(toLongs(batch.labels()));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = Losses.crossEntropyPerSample(net.forward(x, true), y).mean();
        gc.backward(loss);
        lossValue = loss.getFloat();
      }
    }
    if (Double.isFinite(lossValue)) {
      optimizer.step(net.parameters(), lr);
    }
    return lossValue;
  }

  static long[] toLongs(int[] v) {
    long[] out = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = v[i];
    }
    return out;
  }

  private void awaitIfPaused() {
    synchronized (pauseLock) {
      while (paused && !stop.get()) {
        try {
          pauseLock.wait(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void exportBest() throws IOException {
    Path best =
        Files.exists(files.checkpoint("best"))
            ? files.checkpoint("best")
            : files.checkpoint("last");
    Path tmp = Files.createTempFile(files.dir(), ".model", ".tmp");
    Files.copy(best, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        tmp, files.bundle(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static Map<String, Object> trainerState(
      int epoch, long step, Optimizer optimizer, double lr) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("step", step);
    m.put("optimizerSteps", optimizer.stepCount());
    m.put("lr", lr);
    return m;
  }

  private static Map<String, Object> metricsMap(
      int epoch, double trainLoss, double valLoss, double valAcc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("trainLoss", trainLoss);
    m.put("valLoss", Double.isNaN(valLoss) ? null : valLoss);
    m.put("valAccuracy", Double.isNaN(valAcc) ? null : valAcc);
    return m;
  }

  private static void writeBundle(
      Path file,
      GraphAnalysis analysis,
      Network net,
      List<String> classes,
      Preprocessing preprocessing,
      Map<String, Object> metrics,
      Optimizer optimizer,
      Map<String, Object> trainer)
      throws IOException {
    Files.createDirectories(file.getParent());
    ModelBundle.write(
        file,
        new BundleContents(
            analysis.graph(),
            Weights.toData(net.state()),
            new ArrayList<>(classes),
            preprocessing,
            metrics,
            Weights.toData(optimizer.state()),
            trainer));
  }
}
