package org.layerbench.engine.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.io.AtomicFiles;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * One training run, driven by our own loop on the engine thread (DESIGN §4, §7: not EasyTrain):
 * shuffled batches from the loader, cross-entropy, backward inside a GradientCollector, an in-place
 * optimizer step, validation each epoch, checkpoints and the run folder's files. Stop and pause are
 * cooperative flags checked between batches.
 *
 * <p>Over 600 lines for now: run.json ({@link RunManifest}), checkpoint writing ({@link
 * CheckpointWriter}), early stopping and the best checkpoint ({@link TrainingCallback}s), failure
 * wording and freezing have moved out; the loaders, progressive resizing and the batch loop follow
 * once the data layer's modality seam has landed (issue 21).
 */
public final class TrainingRun {
  /** A loss this many times the first step's (and at least the floor) means the run diverged. */
  static final double DIVERGENCE_FACTOR = 1e4;

  static final double DIVERGENCE_FLOOR = 1e3;

  private final Path dataDir;
  private final ModelGraph model;
  private final TrainConfig config;
  private final RunFiles files;
  private BundleContents resumeFrom;
  private Map<String, org.layerbench.engine.io.TensorData> initialWeights = Map.of();
  private Path weightsFile;
  private String weightsLoaded;
  private org.layerbench.engine.data.transform.PipelineFile transforms;
  private java.util.NavigableMap<Integer, Integer> sizes = new java.util.TreeMap<>();
  private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Object pauseLock = new Object();
  private volatile boolean paused;
  private boolean overwrite;

  public TrainingRun(Path dataDir, ModelGraph model, TrainConfig config, Path runDir) {
    this.dataDir = dataDir;
    this.model = model;
    this.config = config;
    this.files = new RunFiles(runDir);
  }

  /**
   * Continues a run from its folder: the data, configuration and model come from run.json and the
   * last checkpoint, which also restores weights, optimizer state and progress. epochs, when not
   * null, extends (or shortens) the run.
   */
  public static TrainingRun resume(Path runDir, Integer epochs)
      throws IOException, TrainingFailedException {
    if (Files.isDirectory(runDir)) {
      // A run still writing has no checkpoint yet, or a newer one coming: its writer is the news.
      // The lock itself decides (a pid alone could be a killed writer's, reused); call() takes it
      // again for the run.
      RunLock.acquire(runDir).close();
    }
    Path runJson = runDir.resolve("run.json");
    Path last = runDir.resolve("checkpoints").resolve("last.lbmodel");
    if (!Files.exists(runJson) || !Files.exists(last)) {
      throw new TrainingFailedException(
          runDir + " is not a run folder with a checkpoint (run.json, checkpoints/last.lbmodel)");
    }
    RunManifest manifest;
    TrainConfig config;
    try {
      manifest = RunManifest.read(runJson);
      config = manifest.trainConfig();
    } catch (IOException e) {
      throw new TrainingFailedException(e.getMessage(), e);
    }
    if (manifest.data() == null) {
      throw new TrainingFailedException(runJson + " names no dataset (\"data\")");
    }
    if (epochs != null) {
      config = config.withEpochs(epochs);
    }
    BundleContents checkpoint;
    try {
      checkpoint = ModelBundle.read(last);
    } catch (org.layerbench.engine.graph.ModelFormatException e) {
      throw new TrainingFailedException(e.getMessage(), e);
    }
    TrainingRun run = new TrainingRun(manifest.data(), checkpoint.model(), config, runDir);
    run.resumeFrom = checkpoint;
    if (manifest.transforms() != null) {
      try {
        run.transforms =
            org.layerbench.engine.data.transform.PipelineFile.parse(
                manifest.transforms().toString());
      } catch (IllegalArgumentException e) {
        throw new TrainingFailedException(runJson + ": " + e.getMessage(), e);
      }
    }
    if (manifest.progressiveResizing() != null) {
      try {
        run.withProgressiveResizing(manifest.progressiveResizing());
      } catch (IllegalArgumentException e) {
        throw new TrainingFailedException(runJson + ": " + e.getMessage(), e);
      }
    }
    return run;
  }

  /**
   * Starts from these weights (by PyTorch name, already matched to the model, e.g. by
   * StateDictLoader) instead of the initialisation; the rest keeps PyTorch's default init.
   */
  public void startFrom(Map<String, org.layerbench.engine.io.TensorData> weights) {
    this.initialWeights = Map.copyOf(weights);
  }

  /**
   * Starts from the weights in this file (safetensors, a torch.save .pt, or a .lbmodel, see {@link
   * org.layerbench.engine.io.StateDictFiles}), read when the run starts and matched by name and
   * shape as {@code load_state_dict(strict=False)} does: what does not match keeps its
   * initialisation. run.json records the file and what was loaded; a file that cannot be read fails
   * the run with the reason.
   */
  public void startFrom(Path file) {
    this.weightsFile = file;
  }

  /**
   * Trains with these train and validation pipelines (augmentation) instead of {@code Resize((s,
   * s))} + ImageNet Normalize. The pipelines must produce 3×s×s tensors for the image size s of the
   * configuration; the validation pipeline is stored in the bundle for inference.
   */
  public TrainingRun withTransforms(org.layerbench.engine.data.transform.PipelineFile t) {
    this.transforms = t;
    return this;
  }

  /**
   * Progressive resizing: from each given epoch on, images have the given size (the seed's 64 → 128
   * → 256), with the same weights. Before the first given epoch the configuration's size holds.
   * Pipelines are scaled along ({@link org.layerbench.engine.data.transform.Pipeline#resized}). The
   * model must accept every size (global pooling before its Linear layers); this is checked before
   * training starts.
   */
  public TrainingRun withProgressiveResizing(Map<Integer, Integer> epochToSize) {
    java.util.TreeMap<Integer, Integer> m = new java.util.TreeMap<>();
    for (Map.Entry<Integer, Integer> e : epochToSize.entrySet()) {
      if (e.getKey() < 1 || e.getValue() < 1) {
        throw new IllegalArgumentException(
            "progressive resizing needs epochs ≥ 1 and sizes ≥ 1, got epoch "
                + e.getKey()
                + " → "
                + e.getValue());
      }
      m.put(e.getKey(), e.getValue());
    }
    this.sizes = m;
    return this;
  }

  /** The image size of an epoch under progressive resizing. */
  public int sizeAt(int epoch) {
    Map.Entry<Integer, Integer> e = sizes.floorEntry(epoch);
    return e == null ? config.imageSize() : e.getValue();
  }

  private org.layerbench.engine.data.SampleReader transform(boolean train, int size) {
    return transform(transforms, config.imageSize(), train, size);
  }

  /**
   * What a loader applies to each image: the project's train or validation pipeline, resized from
   * the configured image size to {@code size} (progressive resizing), or without pipelines Resize
   * and ImageNet Normalize.
   */
  static org.layerbench.engine.data.SampleReader transform(
      org.layerbench.engine.data.transform.PipelineFile transforms,
      int configuredSize,
      boolean train,
      int size) {
    return org.layerbench.engine.data.ImagePreprocessing.runReader(
        transforms, configuredSize, train, size);
  }

  private ImagePreprocessing preprocessing(int size) {
    if (transforms == null) {
      return ImagePreprocessing.imagenet(size, size);
    }
    var val = transforms.val().resized(config.imageSize(), size);
    double[][] ms = normalization(val);
    return new ImagePreprocessing(3, size, size, null, null, ms[0], ms[1], val.toJson());
  }

  /** The mean and std of the pipeline's Normalize (3 values each), or 0 and 1 without one. */
  private static double[][] normalization(org.layerbench.engine.data.transform.Pipeline p) {
    double[] mean = {0, 0, 0};
    double[] std = {1, 1, 1};
    for (var s : p.steps()) {
      if (s.enabled()
          && s.type() == org.layerbench.engine.data.transform.TransformType.NORMALIZE
          && s.params().get("mean") instanceof List<?> m
          && s.params().get("std") instanceof List<?> d) {
        for (int c = 0; c < 3; c++) {
          mean[c] = ((Number) m.get(m.size() == 1 ? 0 : Math.min(c, m.size() - 1))).doubleValue();
          std[c] = ((Number) d.get(d.size() == 1 ? 0 : Math.min(c, d.size() - 1))).doubleValue();
        }
      }
    }
    return new double[][] {mean, std};
  }

  public TrainConfig config() {
    return config;
  }

  public ModelGraph model() {
    return model;
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

  /**
   * Starts afresh in a folder that holds another run: its run.json, metrics.csv, checkpoints and
   * model are removed once this run holds the folder (the CLI's {@code --overwrite}).
   */
  public TrainingRun overwriting() {
    this.overwrite = true;
    return this;
  }

  /** The run folder. */
  public Path dir() {
    return files.dir();
  }

  /**
   * Runs to the end; call on the engine thread. Returns the exported bundle's path. The run holds
   * its folder's lock ({@link RunLock}) throughout; a folder another process writes is refused
   * before anything in it changes.
   */
  public Path call() throws TrainingFailedException {
    RunLock lock;
    try {
      lock = RunLock.acquire(files.dir());
    } catch (IOException e) {
      throw new TrainingFailedException(
          "the run folder " + files.dir() + " cannot be opened: " + FailureReason.of(e), e);
    }
    try {
      return trainHoldingTheFolder();
    } finally {
      try {
        lock.close();
      } catch (IOException e) {
        // the process ends soon; the OS releases the lock with it
      }
    }
  }

  /**
   * What a folder's last writer left behind mid-write is removed first (it died: it no longer holds
   * the lock), then the folder is cleared when overwriting.
   */
  private void openFolder() throws IOException {
    AtomicFiles.removeStale(files.dir());
    AtomicFiles.removeStale(files.dir().resolve("checkpoints"));
    if (overwrite) {
      for (Path p :
          List.of(
              files.dir().resolve("run.json"),
              files.dir().resolve("metrics.csv"),
              files.bundle(),
              files.checkpoint("last"),
              files.checkpoint("best"))) {
        Files.deleteIfExists(p);
      }
    }
  }

  private Path trainHoldingTheFolder() throws TrainingFailedException {
    try {
      openFolder();
      return train();
    } catch (TrainingFailedException e) {
      fail(e.getMessage());
      throw e;
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      // an OutOfMemoryError unwinds the run, whose batches and tensors are then garbage
      String reason = FailureReason.of(e);
      fail(reason);
      throw new TrainingFailedException(reason, e);
    }
  }

  private void fail(String reason) {
    emit(new TrainingEvent.RunFailed(reason));
    try {
      files.writeRunJson(manifest().failed(reason));
    } catch (IOException ignored) {
      // the failure itself is what matters; run.json is best effort here
    }
  }

  /** What run.json says before the run has a status: what it trains on and with. */
  private RunManifest manifest() {
    return RunManifest.of(
        dataDir,
        model.name(),
        config,
        weightsFile,
        weightsLoaded,
        transforms == null ? null : transforms.toJson(),
        sizes);
  }

  private Path train() throws IOException, TrainingFailedException {
    Engines.ensureStarted();
    Engines.threads(config.threads());
    Device device = Engines.device(config.device());
    Files.createDirectories(files.dir());

    DatasetSplits data =
        org.layerbench.engine.data.DatasetScan.usable(
                dataDir,
                config.valSplit(),
                config.seed(),
                org.layerbench.engine.data.ProgressMonitor.NONE)
            .trainable();
    if (data.train().isEmpty()) {
      throw new TrainingFailedException("the dataset " + dataDir + " has no training images");
    }
    int size = config.imageSize();
    GraphAnalysis analysis = checkedModel(model, data, size);
    Map<Integer, GraphAnalysis> analyses = new java.util.HashMap<>();
    analyses.put(size, analysis);
    for (int s : sizes.values()) {
      if (!analyses.containsKey(s)) {
        GraphAnalysis other;
        try {
          other = checkedModel(model, data, s);
        } catch (TrainingFailedException e) {
          throw new TrainingFailedException(
              "progressive resizing to "
                  + s
                  + "×"
                  + s
                  + " does not fit the model ("
                  + e.getMessage()
                  + ") — it needs global pooling before its Linear layers",
              e);
        }
        if (!other.stateDict().equals(analysis.stateDict())) {
          String first = "";
          for (int i = 0; i < analysis.stateDict().size(); i++) {
            if (i >= other.stateDict().size()
                || !analysis.stateDict().get(i).equals(other.stateDict().get(i))) {
              first =
                  analysis.stateDict().get(i).name() + " " + analysis.stateDict().get(i).shape();
              break;
            }
          }
          throw new TrainingFailedException(
              "progressive resizing to "
                  + s
                  + "×"
                  + s
                  + " would change the model's weights ("
                  + first
                  + " depends on the image size) — put global pooling (AdaptiveAvgPool2d) before"
                  + " its Linear layers, or train at one size");
        }
        analyses.put(s, other);
      }
    }

    try (CheckpointWriter checkpoints = new CheckpointWriter(files, this::emit);
        NDManager manager = NDManager.newBaseManager(device);
        Loaders loaders = new Loaders(data);
        Network net = Network.create(analysis, manager, config.seed())) {
      Optimizer optimizer = Optimizer.named(config.optimizer(), config.weightDecay());
      ParameterGroups groups = config.groups();
      Freezing.checkGroups(groups, analysis);
      if (weightsFile != null) {
        initialWeights = weightsFromFile(analysis);
      }
      Weights.loadPartial(net, initialWeights);
      Checkpointing checkpointing = new Checkpointing(files.checkpoint("best"));
      List<TrainingCallback> callbacks =
          List.of(checkpointing, new EarlyStopping(config.patience(), config.monitor()));
      Progress progress = Progress.fresh();
      if (resumeFrom != null) {
        progress = restore(resumeFrom, net, optimizer, manager);
        TrainingCallback.restoreAll(callbacks, resumeFrom.trainerState());
        files.keepEpochsBefore(startEpochOf(progress));
      }
      applyFreezing(net, groups, startEpochOf(progress));
      int wholeEpochs = progress.batchesDone() == 0 ? progress.epoch() : progress.epoch() - 1;
      // The journal (DESIGN §10): from now on run.json says the run is going on and from which
      // whole epoch a kill would resume; each checkpoint updates it.
      files.writeRunJson(journal(data, device, wholeEpochs, checkpointing.bestAccuracy()));
      emit(
          new TrainingEvent.RunStarted(
              data.classes(),
              data.train().size(),
              data.val().size(),
              device.toString(),
              analysis.params()));

      long totalSteps = (long) config.epochs() * loaders.at(sizeAt(1)).train.batchesPerEpoch();
      long step = progress.step();
      double firstLoss = progress.firstLoss();
      boolean earlyStopped = false;
      boolean stoppedMidEpoch = false;
      int epochsDone = progress.batchesDone() == 0 ? progress.epoch() : progress.epoch() - 1;
      int startEpoch = progress.batchesDone() == 0 ? progress.epoch() + 1 : progress.epoch();
      for (int epoch = startEpoch; epoch <= config.epochs() && !stop.get(); epoch++) {
        if (groups.unfreezeAt() > 0 && epoch == groups.unfreezeAt()) {
          applyFreezing(net, groups, epoch); // the fine-tune schedule: now everything trains
        }
        size = sizeAt(epoch);
        Loaders.Pair pair = loaders.at(size);
        BatchLoader trainLoader = pair.train;
        BatchLoader valLoader = pair.val;
        long t0 = System.nanoTime();
        boolean continuing = epoch == progress.epoch() && progress.batchesDone() > 0;
        double lossSum = continuing ? progress.lossSum() : 0;
        int seen = continuing ? progress.seen() : 0;
        int batchIndex = 0;
        int skip = continuing ? progress.batchesDone() : 0;
        int timedSeen = 0;
        double lr = config.lr();
        Iterator<Batch> it = trainLoader.epoch(epoch);
        while (it.hasNext()) {
          awaitIfPaused();
          if (stop.get()) {
            break;
          }
          Batch batch = it.next();
          batchIndex++;
          if (batchIndex <= skip) {
            continue; // done before the run was stopped; the epoch's order is fixed by the seed
          }
          lr = Schedule.lr(config.schedule(), config.lr(), step, totalSteps);
          // Dropout's randomness is a function of (seed, step), so a resumed run draws the same.
          JniUtils.setSeed(config.seed() * 1_000_003L + step);
          double loss =
              trainStep(
                  net, optimizer, batch, size, lr, config.clipNorm(), config.groups()::multiplier);
          trainLoader.recycle(batch);
          checkLoss(loss, firstLoss, epoch, step);
          if (step == 0) {
            firstLoss = loss;
          }
          step++;
          lossSum += loss * batch.size();
          seen += batch.size();
          timedSeen += batch.size();
          double secs = (System.nanoTime() - t0) / 1e9;
          emit(
              new TrainingEvent.BatchEnded(
                  epoch,
                  step,
                  batchIndex,
                  trainLoader.batchesPerEpoch(),
                  loss,
                  lr,
                  timedSeen / secs));
          checkpoints.finishIfDone();
        }
        if (seen == 0) {
          break;
        }
        boolean complete = !stop.get();
        stoppedMidEpoch = !complete;
        double seconds = (System.nanoTime() - t0) / 1e9;
        checkpoints.finish(); // the previous epoch's, if its disk has not caught up yet
        // The checkpoint's tensors are written while the epoch is validated (both only read
        // them); training goes on once both are done.
        try (CheckpointWriter.Staging staging =
            checkpoints.begin(
                files.checkpoint("last"),
                analyses.get(size),
                net,
                data.classes(),
                preprocessing(size),
                optimizer)) {
          Evaluation val =
              data.val().isEmpty() ? null : Evaluation.run(net, valLoader, data.classes());
          double trainLoss = lossSum / seen;
          double valLoss = val == null ? Double.NaN : val.loss();
          double valAcc = val == null ? Double.NaN : val.accuracy();
          epochsDone = epoch;
          String metricsCsv = files.addRow(epoch, trainLoss, valLoss, valAcc, lr);
          emit(
              new TrainingEvent.EpochEnded(
                  epoch, trainLoss, valLoss, valAcc, timedSeen / seconds, seconds));

          var end =
              new TrainingCallback.EpochEnd(
                  epoch, complete, val != null, trainLoss, valLoss, valAcc);
          callbacks.forEach(c -> c.onEpochEnd(end));
          Progress now =
              new Progress(
                  epoch,
                  complete ? 0 : batchIndex,
                  step,
                  firstLoss,
                  complete ? 0 : lossSum,
                  complete ? 0 : seen);
          Map<String, Object> trainer = now.toMap(lr, optimizer.stepCount());
          trainer.put("callbacks", TrainingCallback.states(callbacks));
          checkpoints.commitLater(
              epoch,
              staging.finish(metricsMap(epoch, trainLoss, valLoss, valAcc), trainer),
              checkpointing.bestTarget(),
              metricsCsv,
              journal(data, device, complete ? epoch : epoch - 1, checkpointing.bestAccuracy()));
        }
        if (callbacks.stream().anyMatch(TrainingCallback::shouldStop)) {
          earlyStopped = true;
          break;
        }
      }
      checkpoints.finish();
      // Stopped means work was left undone: a stop asked for after the last batch (a late
      // Ctrl-C) leaves a finished run finished, and run.json and RunFinished say the same.
      boolean stopped = stop.get() && (stoppedMidEpoch || epochsDone < config.epochs());
      if (epochsDone == 0) {
        throw new TrainingFailedException(
            "stopped before the first epoch ended; nothing was saved");
      }
      // A copy, not a link: model.lbmodel is the file people copy and overwrite, and writing
      // into it must never reach the checkpoint a resume starts from.
      AtomicFiles.copy(
          Files.exists(files.checkpoint("best"))
              ? files.checkpoint("best")
              : files.checkpoint("last"),
          files.bundle());
      double bestAccuracy = checkpointing.bestAccuracy();
      RunManifest journal = journal(data, device, epochsDone, bestAccuracy);
      String status = stopped ? "stopped" : earlyStopped ? "early-stopped" : "finished";
      int skipped = loaders.skipped() + data.skipped().size();
      // what libtorch's CPU tensors were allocated with: a large model's speed depends on it;
      // which kernels MKL served the Linear layers with: on AMD the difference is a third
      String allocator = device.isGpu() ? null : org.layerbench.engine.nn.NativeHeap.describe();
      String mkl = device.isGpu() ? null : MklOnAmd.describe();
      Instant finished = Instant.now();
      Double testAccuracy = null;
      Double testLoss = null;
      if (!data.test().isEmpty()) {
        try (BatchLoader testLoader =
            new BatchLoader(
                data.test(),
                transform(false, size),
                evaluationBatch(config.batchSize(), size),
                false,
                config.seed(),
                config.workers(),
                4)) {
          Evaluation test = Evaluation.run(net, testLoader, data.classes());
          testAccuracy = test.accuracy();
          testLoss = test.loss();
        }
      }
      files.writeRunJson(
          journal.ended(status, skipped, allocator, mkl, finished, testAccuracy, testLoss));
      emit(new TrainingEvent.RunFinished(epochsDone, stopped, files.bundle(), bestAccuracy));
      return files.bundle();
    }
  }

  /**
   * run.json while the run goes on: status running, the last whole epoch (the one a resume after a
   * kill starts after) and what the run trains on. The final run.json adds to it.
   */
  private RunManifest journal(DatasetSplits data, Device device, int epochs, double bestAccuracy) {
    return manifest()
        .journal(
            data.classes(),
            data.train().size(),
            data.val().size(),
            epochs,
            bestAccuracy < 0 ? null : bestAccuracy,
            device.toString(),
            Instant.now());
  }

  /** The starting weights of {@link #startFrom(Path)} that fit the model, by name and shape. */
  private Map<String, org.layerbench.engine.io.TensorData> weightsFromFile(GraphAnalysis analysis)
      throws TrainingFailedException {
    var loaded = loadWeights(weightsFile);
    var report = org.layerbench.engine.nn.StateDictLoader.match(analysis, loaded.tensors());
    weightsLoaded =
        (loaded.note() == null ? "" : loaded.note() + "; ")
            + report.matched().size()
            + " of "
            + analysis.stateDict().size()
            + " tensors loaded; "
            + report.describe();
    return report.matched();
  }

  /**
   * Reads a weight file and matches it to the model by name and shape, as {@code
   * load_state_dict(strict=False)} does.
   *
   * @throws TrainingFailedException when the file cannot be read, with the reason
   */
  static org.layerbench.engine.nn.StateDictLoader.Report matchWeights(
      Path file, GraphAnalysis analysis) throws TrainingFailedException {
    return org.layerbench.engine.nn.StateDictLoader.match(analysis, loadWeights(file).tensors());
  }

  /** Reads a weight file (see {@link org.layerbench.engine.io.StateDictFiles#load}). */
  static org.layerbench.engine.io.StateDictFiles.Loaded loadWeights(Path file)
      throws TrainingFailedException {
    try {
      return org.layerbench.engine.io.StateDictFiles.load(file);
    } catch (IOException | org.layerbench.engine.graph.ModelFormatException e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      throw new TrainingFailedException(
          "the starting weights cannot be read: "
              + (message.startsWith(file.toString()) ? message : file + ": " + message),
          e);
    }
  }

  /**
   * Validation and test run in batches of up to 64 (at most four training batches, and at most 32
   * MB of float32 RGB pixels, never fewer than one training batch): without gradients a forward
   * pass keeps only the layer outputs still to be read, and a model whose Linear layers dominate
   * reads their weights once per batch. The byte cap keeps the loader's batches in flight (on the
   * Java heap) no larger than training's once images are big. CNNNet (228 MB of weights), 150
   * validation images at 64 px: 10 batches of 16 took 0.40-0.52 s of each epoch's end, 3 batches of
   * 64 take 0.23-0.32 s, with the same loss and accuracy.
   */
  static int evaluationBatch(int trainingBatch, int imageSize) {
    long perImage = 3L * imageSize * imageSize * Float.BYTES;
    long byBytes = Math.max(1, (32L << 20) / perImage);
    return (int) Math.max(trainingBatch, Math.min(Math.min(4L * trainingBatch, 64), byBytes));
  }

  /** The train and val loaders of the current image size, rebuilt when the size changes. */
  private final class Loaders implements AutoCloseable {
    record Pair(int size, BatchLoader train, BatchLoader val) {}

    private final DatasetSplits data;
    private Pair current;
    private int skippedBefore;

    Loaders(DatasetSplits data) {
      this.data = data;
    }

    Pair at(int size) {
      if (current != null && current.size == size) {
        return current;
      }
      close();
      BatchLoader train =
          new BatchLoader(
              data.train(),
              transform(true, size),
              config.batchSize(),
              true,
              config.seed(),
              config.workers(),
              4);
      BatchLoader val =
          new BatchLoader(
              data.val(),
              transform(false, size),
              evaluationBatch(config.batchSize(), size),
              false,
              config.seed(),
              config.workers(),
              4);
      // Resized images stay in memory while they fit the budget: validation first (it is always
      // deterministic), then training when it has no random augmentation. Later epochs then
      // neither read nor decode, and the loader stops taking CPU from the model's threads.
      long budget = cacheBudget();
      if (val.cacheBytes() >= 0 && val.cacheBytes() <= budget) {
        val.withCache(true);
        budget -= val.cacheBytes();
      }
      if (train.cacheBytes() >= 0 && train.cacheBytes() <= budget) {
        train.withCache(true);
      }
      current = new Pair(size, train, val);
      return current;
    }

    int skipped() {
      java.util.Set<Path> files = new java.util.HashSet<>();
      if (current != null) {
        current.train.skipped().forEach(p -> files.add(p.file()));
        current.val.skipped().forEach(p -> files.add(p.file()));
      }
      return Math.max(files.size(), skippedBefore);
    }

    @Override
    public void close() {
      if (current != null) {
        skippedBefore = Math.max(skippedBefore, skipped());
        current.train.close();
        current.val.close();
        current = null;
      }
    }
  }

  /**
   * Bytes of decoded images the loaders may keep on the Java heap: a quarter of the heap, at most
   * 256 MB (the launcher's 1 GB heap also holds batches in flight and checkpoint tensors).
   */
  static long cacheBudget() {
    return Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 4);
  }

  static GraphAnalysis checkedModel(ModelGraph model, DatasetSplits data, int size)
      throws TrainingFailedException {
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
    return analysis;
  }

  /**
   * Freezes as the groups say for this epoch. A layer that did not come from the starting weights
   * (a replaced head) always trains: freezing "all" of a pretrained model means its pretrained
   * part, as in PyTorch, where the new head is created after requires_grad was switched off.
   */
  private void applyFreezing(Network net, ParameterGroups groups, int epoch)
      throws TrainingFailedException {
    Freezing.apply(net, groups, epoch, initialWeights.keySet());
  }

  private static int startEpochOf(Progress p) {
    return p.batchesDone() == 0 ? p.epoch() + 1 : p.epoch();
  }

  /** NaN or infinite loss, or one that has grown far beyond where it started, ends the run. */
  private void checkLoss(double loss, double firstLoss, int epoch, long step)
      throws TrainingFailedException {
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
    if (step > 0 && loss > Math.max(DIVERGENCE_FACTOR * firstLoss, DIVERGENCE_FLOOR)) {
      // Adam's step is bounded by lr, so a huge rate sends the loss to 1e20 and beyond without
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
  }

  /** Loads weights, optimizer state and progress from a checkpoint bundle. */
  private static Progress restore(
      BundleContents checkpoint, Network net, Optimizer optimizer, NDManager manager) {
    Weights.load(net, checkpoint.weights());
    Map<String, NDArray> state = new LinkedHashMap<>();
    checkpoint.optimizerState().forEach((k, v) -> state.put(k, Weights.toArray(v, manager)));
    Map<String, Object> t = checkpoint.trainerState();
    optimizer.restore(state, ((Number) t.get("optimizerSteps")).longValue(), manager);
    return Progress.fromMap(t);
  }

  /** One optimization step; returns the batch's mean loss. */
  static double trainStep(
      Network net, Optimizer optimizer, Batch batch, int size, double lr, double clipNorm) {
    return trainStep(net, optimizer, batch, size, lr, clipNorm, name -> 1.0);
  }

  static double trainStep(
      Network net,
      Optimizer optimizer,
      Batch batch,
      int size,
      double lr,
      double clipNorm,
      java.util.function.ToDoubleFunction<String> multiplier) {
    net.dropGradients();
    double lossValue;
    try (NDManager bm = net.manager().newSubManager()) {
      NDArray x = BatchTensors.input(bm, batch);
      NDArray y = bm.create(toLongs(batch.labels()));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = Losses.crossEntropyPerSample(net.forward(x, true), y).mean();
        gc.backward(loss);
        lossValue = loss.getFloat();
      }
    }
    if (Double.isFinite(lossValue)) {
      if (clipNorm > 0) {
        GradientClipping.clipGlobalNorm(net.parameters().values(), clipNorm);
      }
      optimizer.step(net.parameters(), lr, multiplier);
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

  private static Map<String, Object> metricsMap(
      int epoch, double trainLoss, double valLoss, double valAcc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("trainLoss", trainLoss);
    m.put("valLoss", Double.isNaN(valLoss) ? null : valLoss);
    m.put("valAccuracy", Double.isNaN(valAcc) ? null : valAcc);
    return m;
  }
}
