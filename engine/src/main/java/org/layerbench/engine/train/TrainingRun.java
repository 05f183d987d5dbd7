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
    var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(runJson.toFile());
    TrainConfig config =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .treeToValue(json.get("config"), TrainConfig.class);
    if (epochs != null) {
      config = config.withEpochs(epochs);
    }
    BundleContents checkpoint;
    try {
      checkpoint = ModelBundle.read(last);
    } catch (org.layerbench.engine.graph.ModelFormatException e) {
      throw new TrainingFailedException(e.getMessage(), e);
    }
    TrainingRun run =
        new TrainingRun(Path.of(json.get("data").asText()), checkpoint.model(), config, runDir);
    run.resumeFrom = checkpoint;
    if (json.hasNonNull("transforms")) {
      try {
        run.transforms =
            org.layerbench.engine.data.transform.PipelineFile.parse(
                json.get("transforms").toString());
      } catch (IllegalArgumentException e) {
        throw new TrainingFailedException(runJson + ": " + e.getMessage(), e);
      }
    }
    if (json.hasNonNull("progressiveResizing")) {
      Map<Integer, Integer> m = new java.util.TreeMap<>();
      json.get("progressiveResizing")
          .fields()
          .forEachRemaining(e -> m.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
      run.withProgressiveResizing(m);
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
          "the run folder " + files.dir() + " cannot be opened: " + reason(e), e);
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
      String reason = reason(e);
      fail(reason);
      throw new TrainingFailedException(reason, e);
    }
  }

  /**
   * The sentence a failure is told with. Running out of memory gets advice: libtorch's own words
   * ("[enforce fail at alloc_cpu.cpp:119] err == 0. DefaultCPUAllocator: can't allocate memory: you
   * tried to allocate N bytes", or CUDA's "CUDA out of memory. Tried to allocate …") name a source
   * file and bytes, not what to change. The causes are searched too (the checkpoint thread's
   * failures come wrapped).
   */
  static String reason(Throwable e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String m = t.getMessage() == null ? "" : t.getMessage();
      java.util.regex.Matcher cpu = CPU_ALLOCATION.matcher(m);
      if (cpu.find()) {
        return outOfMemory(
            "a tensor of " + size(Double.parseDouble(cpu.group(1))) + " could not be allocated");
      }
      if (m.contains("CUDA out of memory")) {
        return outOfMemory("the GPU's memory is full");
      }
      if (t instanceof OutOfMemoryError
          && (m.contains("Java heap space") || m.contains("GC overhead limit exceeded"))) {
        return outOfMemory("the Java heap is full (" + m + ")");
      }
      if (t instanceof OutOfMemoryError) {
        return "out of memory: " + m; // native threads, direct buffers: not the batch's doing
      }
    }
    return message;
  }

  private static final java.util.regex.Pattern CPU_ALLOCATION =
      java.util.regex.Pattern.compile("can't allocate memory: you tried to allocate (\\d+) bytes");

  private static String outOfMemory(String what) {
    return "out of memory: "
        + what
        + " — lower the batch size or the image size, or train a smaller model";
  }

  private static String size(double bytes) {
    return bytes >= 1e12
        ? String.format(java.util.Locale.ROOT, "%.1f TB", bytes / 1e12)
        : bytes >= 1e9
            ? String.format(java.util.Locale.ROOT, "%.1f GB", bytes / 1e9)
            : String.format(java.util.Locale.ROOT, "%.0f MB", bytes / 1e6);
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
    if (weightsFile != null) {
      run.put("weights", weightsFile.toAbsolutePath().toString());
      if (weightsLoaded != null) {
        run.put("weightsLoaded", weightsLoaded);
      }
    }
    if (transforms != null) {
      try {
        run.put(
            "transforms",
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(transforms.toJson()));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
    if (!sizes.isEmpty()) {
      Map<String, Integer> m = new LinkedHashMap<>();
      sizes.forEach((k, v) -> m.put(Integer.toString(k), v));
      run.put("progressiveResizing", m);
    }
    return run;
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

    try (Checkpoints checkpoints = new Checkpoints();
        NDManager manager = NDManager.newBaseManager(device);
        Loaders loaders = new Loaders(data);
        Network net = Network.create(analysis, manager, config.seed())) {
      Optimizer optimizer = Optimizer.named(config.optimizer(), config.weightDecay());
      ParameterGroups groups = config.groups();
      checkGroups(groups, analysis);
      if (weightsFile != null) {
        initialWeights = weightsFromFile(analysis);
      }
      Weights.loadPartial(net, initialWeights);
      Progress progress = Progress.fresh();
      if (resumeFrom != null) {
        progress = restore(resumeFrom, net, optimizer, manager);
        files.keepEpochsBefore(startEpochOf(progress));
      }
      applyFreezing(net, groups, startEpochOf(progress));
      int wholeEpochs = progress.batchesDone() == 0 ? progress.epoch() : progress.epoch() - 1;
      // The journal (DESIGN §10): from now on run.json says the run is going on and from which
      // whole epoch a kill would resume; each checkpoint updates it.
      files.writeRunJson(journal(data, device, wholeEpochs, progress.bestAccuracy()));
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
      double bestAccuracy = progress.bestAccuracy();
      double bestLoss = progress.bestLoss();
      double monitorBest = progress.monitorBest();
      int stale = progress.stale();
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
        try (Checkpoints.Staging staging =
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

          boolean best =
              val == null
                  || valAcc > bestAccuracy
                  || (valAcc == bestAccuracy && valLoss < bestLoss);
          if (best && val != null) {
            bestAccuracy = valAcc;
            bestLoss = valLoss;
          }
          if (complete && val != null && config.patience() > 0) {
            double watched = config.monitor().equals("val_accuracy") ? -valAcc : valLoss;
            if (Double.isNaN(monitorBest) || watched < monitorBest) {
              monitorBest = watched;
              stale = 0;
            } else {
              stale++;
            }
          }
          Progress now =
              new Progress(
                  epoch,
                  complete ? 0 : batchIndex,
                  step,
                  firstLoss,
                  bestAccuracy,
                  bestLoss,
                  complete ? 0 : lossSum,
                  complete ? 0 : seen,
                  monitorBest,
                  stale);
          checkpoints.commitLater(
              epoch,
              staging.finish(
                  metricsMap(epoch, trainLoss, valLoss, valAcc),
                  now.toMap(lr, optimizer.stepCount())),
              best ? files.checkpoint("best") : null,
              metricsCsv,
              journal(data, device, complete ? epoch : epoch - 1, bestAccuracy));
        }
        if (config.patience() > 0 && stale >= config.patience()) {
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
      Map<String, Object> run = journal(data, device, epochsDone, bestAccuracy);
      run.put("status", stopped ? "stopped" : earlyStopped ? "early-stopped" : "finished");
      run.put("skippedFiles", loaders.skipped() + data.skipped().size());
      if (!device.isGpu()) {
        // what libtorch's CPU tensors were allocated with: a large model's speed depends on it
        run.put("allocator", org.layerbench.engine.nn.NativeHeap.describe());
        // which kernels MKL served the Linear layers with: on AMD the difference is a third
        run.put("mkl", MklOnAmd.describe());
      }
      run.put("finished", Instant.now().toString());
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
          run.put("testAccuracy", test.accuracy());
          run.put("testLoss", test.loss());
        }
      }
      files.writeRunJson(run);
      emit(new TrainingEvent.RunFinished(epochsDone, stopped, files.bundle(), bestAccuracy));
      return files.bundle();
    }
  }

  /**
   * run.json while the run goes on: status running, the last whole epoch (the one a resume after a
   * kill starts after) and what the run trains on. The final run.json adds to it.
   */
  private Map<String, Object> journal(
      DatasetSplits data, Device device, int epochs, double bestAccuracy) {
    Map<String, Object> run = baseRunJson();
    run.put("status", "running");
    run.put("classes", data.classes());
    run.put("trainSamples", data.train().size());
    run.put("valSamples", data.val().size());
    run.put("epochs", epochs);
    run.put("bestValAccuracy", bestAccuracy < 0 ? null : bestAccuracy);
    run.put("device", device.toString());
    run.put("updated", Instant.now().toString());
    return run;
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
   * Checkpoints: an epoch's tensors are written by a checkpoint thread of their own while the
   * engine thread validates the epoch ({@link #begin}), and the file is made durable and put in
   * place there while the next epoch trains ({@link #commitLater}): forcing a 684 MB CNNNet
   * checkpoint to disk took 1.1 s of the 1.5 s its saving took. Until the commit the previous
   * checkpoint stays in place, so a kill or crash meanwhile resumes from the epoch before. Its
   * {@link TrainingEvent.Checkpointed} events come when the file is in place, from the engine
   * thread (between batches), so listeners still hear from one thread in order. A commit that fails
   * fails the run; one still pending when the run fails (a NaN loss) is waited for, so the last
   * good checkpoint is kept.
   */
  private final class Checkpoints implements AutoCloseable {
    private final java.util.concurrent.ExecutorService syncer =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "layerbench-checkpoint");
              t.setDaemon(true);
              return t;
            });
    private java.util.concurrent.Future<?> pending;
    private List<TrainingEvent> events = List.of();

    /**
     * Commits {@code last}, then, when {@code best} is not null, copies it as the best one (a copy:
     * the two never share a file that a write in place could change), then writes metrics.csv
     * (whose forcing to disk had waited behind the checkpoint's on the engine thread; written after
     * it, it never lists an epoch whose checkpoint is missing), then run.json's journal.
     */
    void commitLater(
        int epoch,
        AtomicFiles.Staged last,
        Path best,
        String metricsCsv,
        Map<String, Object> journal) {
      pending =
          syncer.submit(
              () -> {
                delayForTests();
                last.commit();
                if (best != null) {
                  AtomicFiles.copy(last.target(), best);
                }
                files.writeMetrics(metricsCsv);
                files.writeRunJson(journal);
                return null;
              });
      events =
          best == null
              ? List.of(new TrainingEvent.Checkpointed(epoch, last.target(), false))
              : List.of(
                  new TrainingEvent.Checkpointed(epoch, last.target(), false),
                  new TrainingEvent.Checkpointed(epoch, best, true));
    }

    /**
     * Starts an epoch's checkpoint under a temporary name. When every tensor is in main memory
     * (pinned on this, the engine thread) the checkpoint thread writes them at once, while the
     * caller validates the epoch; otherwise (a GPU's tensors) they are written on the engine thread
     * in {@link Staging#finish}. Either way the file is complete, or abandoned, before the caller
     * leaves the try block, so no tensor is read once training changes it.
     */
    Staging begin(
        Path file,
        GraphAnalysis analysis,
        Network net,
        List<String> classes,
        ImagePreprocessing preprocessing,
        Optimizer optimizer)
        throws IOException {
      Files.createDirectories(file.getParent());
      var weights = Weights.pinnedData(net.state());
      // no use pinning the moments when the weights cannot be (a GPU's): both are then lazy
      var moments = weights == null ? null : Weights.pinnedData(optimizer.state());
      boolean pinned = weights != null && moments != null;
      BundleContents contents =
          new BundleContents(
              analysis.graph(),
              pinned ? weights : Weights.lazyData(net.state()),
              new ArrayList<>(classes),
              preprocessing,
              Map.of(),
              pinned ? moments : Weights.lazyData(optimizer.state()),
              Map.of());
      return new Staging(file, contents, pinned);
    }

    /** A checkpoint being written; {@link #finish} gives its metrics and trainer state. */
    final class Staging implements AutoCloseable {
      private final java.util.concurrent.CompletableFuture<ModelBundle.Summary> summary =
          new java.util.concurrent.CompletableFuture<>();
      private final Path file;
      private final BundleContents contents;
      private final java.util.concurrent.Future<AtomicFiles.Staged> writing;

      private Staging(Path file, BundleContents contents, boolean async) {
        this.file = file;
        this.contents = contents;
        this.writing =
            async
                ? syncer.submit(() -> ModelBundle.stageCheckpoint(file, contents, summary::get))
                : null;
      }

      /** The epoch's metrics and progress: the file is complete when this returns. */
      AtomicFiles.Staged finish(Map<String, Object> metrics, Map<String, Object> trainer)
          throws IOException {
        summary.complete(new ModelBundle.Summary(metrics, trainer));
        if (writing == null) {
          return ModelBundle.stageCheckpoint(file, contents, summary::get);
        }
        // Uninterruptibly: the writer has its summary and will finish, and its file must be
        // handed on (a stale interrupt would otherwise leave the temporary file behind).
        try {
          return awaitUninterruptibly(writing);
        } catch (java.util.concurrent.ExecutionException e) {
          throw e.getCause() instanceof IOException io ? io : notSaved(e.getCause());
        }
      }

      /**
       * An epoch that did not get to {@link #finish} (validation failed) abandons its checkpoint;
       * either way the writer is waited for, so the tensors outlive its reading of them.
       */
      @Override
      public void close() {
        summary.completeExceptionally(
            new java.util.concurrent.CancellationException("the epoch did not end"));
        if (writing == null) {
          return;
        }
        try {
          awaitUninterruptibly(writing);
        } catch (java.util.concurrent.ExecutionException e) {
          // abandoned, or failed: finish reported it, or the run is failing already
        }
      }
    }

    /**
     * Fault-injection tests only: {@code -Dlayerbench.test.checkpointDelayMs=N} holds each
     * checkpoint, written under its temporary name, N ms before it is committed, so that a test can
     * signal or kill the process while a checkpoint is in progress.
     */
    private static void delayForTests() {
      long ms = Long.getLong("layerbench.test.checkpointDelayMs", 0);
      if (ms > 0) {
        try {
          Thread.sleep(ms);
        } catch (InterruptedException e) {
          // only a test's delay: commit now (an interrupt kept would close the file's channel)
        }
      }
    }

    /** Waits for the task however often this thread is interrupted, then keeps the interrupt. */
    private static <T> T awaitUninterruptibly(java.util.concurrent.Future<T> task)
        throws java.util.concurrent.ExecutionException {
      boolean interrupted = false;
      try {
        while (true) {
          try {
            return task.get();
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    private static IOException notSaved(Throwable cause) {
      String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
      return new IOException("the checkpoint could not be saved: " + reason, cause);
    }

    void finishIfDone() throws IOException {
      if (pending != null && pending.isDone()) {
        finish();
      }
    }

    /** Waits for the pending commit, then tells the listeners; rethrows its failure. */
    void finish() throws IOException {
      if (pending == null) {
        return;
      }
      java.util.concurrent.Future<?> f = pending;
      pending = null;
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw notSaved(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while saving the checkpoint", e);
      }
      events.forEach(TrainingRun.this::emit);
    }

    @Override
    public void close() {
      try {
        finish(); // only pending when the run failed: keep its last good checkpoint
      } catch (IOException e) {
        // the run is failing already, with its own reason
      } finally {
        syncer.shutdown();
      }
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
    freeze(net, groups, epoch, initialWeights.keySet());
  }

  /** Refuses freezing or rate groups under module prefixes the model does not have. */
  static void checkGroups(ParameterGroups groups, GraphAnalysis analysis)
      throws TrainingFailedException {
    List<String> unknown = groups.unknownPrefixes(analysis);
    if (!unknown.isEmpty()) {
      throw new TrainingFailedException(
          "no parameter of the model is under "
              + String.join(", ", unknown)
              + " — use module names such as layer4 or fc (see layerbench inspect)");
    }
  }

  /**
   * {@link #applyFreezing} for a network started from the named tensors (none: all frozen).
   *
   * @throws TrainingFailedException when nothing is left to train
   */
  static void freeze(
      Network net, ParameterGroups groups, int epoch, java.util.Set<String> fromWeights)
      throws TrainingFailedException {
    boolean freezing = groups.freezingIn(epoch);
    net.freeze(
        (node, name) ->
            freezing
                && groups.frozen(node, name)
                && (fromWeights.isEmpty() || fromWeights.contains(name)),
        node -> freezing && groups.evalBatchNorm(node));
    if (net.parameters().isEmpty()) {
      throw new TrainingFailedException(
          "every parameter is frozen, so there is nothing to train — unfreeze the head (or keep"
              + " BatchNorm trainable)");
    }
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
