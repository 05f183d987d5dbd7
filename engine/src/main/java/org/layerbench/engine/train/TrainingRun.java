package org.layerbench.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.DatasetScan;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.ProgressMonitor;
import org.layerbench.engine.data.RunData;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.io.AtomicFiles;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * One training run, a façade over its parts (DESIGN §4, §7: our own loop, not EasyTrain): it holds
 * the run folder, sets up the data ({@link RunData}), the network, optimizer, callbacks and
 * checkpoints, hands the epochs to {@link TrainingLoop}, and finishes with the bundle, the test
 * split and run.json. Stop and pause are cooperative flags checked between batches ({@link
 * RunControl}).
 */
public final class TrainingRun {
  private final Path dataDir;
  private final TextFiles textFiles;
  private final TextSettings textSettings;
  private final ModelGraph model;
  private final TrainConfig config;
  private final RunFiles files;
  private BundleContents resumeFrom;
  private Map<String, org.layerbench.engine.io.TensorData> initialWeights = Map.of();
  private Path weightsFile;
  private String weightsLoaded;
  private org.layerbench.engine.data.transform.PipelineFile transforms;
  private ProgressiveResizing resizing;
  private final List<TrainingListener> listeners = new CopyOnWriteArrayList<>();
  private final RunControl control = new RunControl();
  private boolean overwrite;

  public TrainingRun(Path dataDir, ModelGraph model, TrainConfig config, Path runDir) {
    this(dataDir, null, null, model, config, runDir);
  }

  private TrainingRun(
      Path dataDir,
      TextFiles textFiles,
      TextSettings textSettings,
      ModelGraph model,
      TrainConfig config,
      Path runDir) {
    this.dataDir = dataDir;
    this.textFiles = textFiles;
    this.textSettings = textSettings;
    this.model = model;
    this.config = config;
    this.files = new RunFiles(runDir);
    this.resizing = ProgressiveResizing.none(config.imageSize());
  }

  /**
   * A run on a dataset of labelled texts: the entry point for the CLI and the window alike. The
   * rows of {@code files} (one file split by the configuration's valSplit and seed, stratified, or
   * separate split files) become token ids by {@code settings}: the vocabulary is built from the
   * training split only, a model's num_embeddings 0 becomes its size (the bundle's model.json has
   * the number), batches are cut to their longest text under dynamic padding, and the bundle stores
   * a {@link org.layerbench.engine.data.TextPreprocessing}. run.json records files, format and
   * settings; {@link #resume} continues such a run with the checkpoint's vocabulary. The
   * configuration's image size means nothing here; pipelines and progressive resizing are refused
   * when the run starts.
   */
  public static TrainingRun onText(
      TextFiles files, TextSettings settings, ModelGraph model, TrainConfig config, Path runDir) {
    return new TrainingRun(
        files.train(),
        files,
        java.util.Objects.requireNonNull(settings, "settings"),
        model,
        config,
        runDir);
  }

  /** The text run's files, or null for an image run. */
  public TextFiles textFiles() {
    return textFiles;
  }

  /** The text run's settings, or null for an image run. */
  public TextSettings textSettings() {
    return textSettings;
  }

  /**
   * Continues a run from its folder: the data, configuration and model come from run.json and the
   * last checkpoint, which also restores weights, optimizer state and progress. epochs, when not
   * null, extends (or shortens) the run.
   */
  public static TrainingRun resume(Path runDir, Integer epochs)
      throws IOException, TrainingFailedException {
    return RunResumption.open(runDir, epochs);
  }

  /** Restores weights, optimizer state, progress and callbacks from this checkpoint first. */
  TrainingRun continuingFrom(BundleContents checkpoint) {
    this.resumeFrom = checkpoint;
    return this;
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
    this.resizing = new ProgressiveResizing(config.imageSize(), epochToSize);
    return this;
  }

  /** The image size of an epoch under progressive resizing. */
  public int sizeAt(int epoch) {
    return resizing.sizeAt(epoch);
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
    control.requestStop();
  }

  public void pause() {
    control.pause();
  }

  public void resume() {
    control.resume();
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

  private Path trainHoldingTheFolder() throws TrainingFailedException {
    try {
      files.open(overwrite);
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
        resizing.sizes(),
        textFiles == null ? null : TextRunJson.toJson(textFiles, textSettings));
  }

  private Path train() throws IOException, TrainingFailedException {
    Engines.ensureStarted();
    Engines.threads(config.threads());
    Device device = Engines.device(config.device());
    Files.createDirectories(files.dir());
    DatasetSplits data;
    RunData runData;
    ModelGraph graph = model;
    if (textFiles != null) {
      TextRunSetup.refuseImageOptions(transforms != null, !resizing.sizes().isEmpty());
      TextRunSetup.Ready text =
          TextRunSetup.prepare(
              textFiles,
              textSettings,
              config,
              model,
              resumeFrom == null ? null : resumeFrom.preprocessing());
      data = text.dataset().splits();
      runData = text.runData();
      graph = text.model();
    } else {
      data =
          DatasetScan.usable(dataDir, config.valSplit(), config.seed(), ProgressMonitor.NONE)
              .trainable();
      if (data.train().isEmpty()) {
        throw new TrainingFailedException("the dataset " + dataDir + " has no training images");
      }
      runData = RunData.of(transforms, config.imageSize());
    }
    GraphAnalysis analysis = ModelCheck.checked(graph, data, runData.layout(config.imageSize()));
    Map<Integer, GraphAnalysis> analyses = resizing.analyses(graph, data, runData, analysis);
    try (CheckpointWriter checkpoints = new CheckpointWriter(files, this::emit);
        NDManager manager = NDManager.newBaseManager(device);
        RunLoaders loaders = new RunLoaders(data, runData, config);
        Network net = Network.create(analysis, manager, config.seed())) {
      Optimizer optimizer = Optimizer.named(config.optimizer(), config.weightDecay());
      Freezing.checkGroups(config.groups(), analysis);
      if (weightsFile != null) {
        StartingWeights loaded = StartingWeights.from(weightsFile, analysis);
        initialWeights = loaded.matched();
        weightsLoaded = loaded.description();
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
      var unfreeze = new UnfreezeSchedule(net, config.groups(), initialWeights.keySet());
      unfreeze.start(startEpochOf(progress));
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
      var output =
          new TrainingLoop.Output(
              files,
              checkpoints,
              this::emit,
              (epochs, best) -> journal(data, device, epochs, best));
      TrainingLoop.Outcome outcome =
          new TrainingLoop(
                  config,
                  net,
                  optimizer,
                  data,
                  runData,
                  loaders,
                  resizing,
                  analyses,
                  unfreeze,
                  checkpointing,
                  callbacks,
                  control,
                  output)
              .run(progress);
      checkpoints.finish();
      return finish(outcome, data, device, net, loaders, checkpointing.bestAccuracy());
    }
  }

  /**
   * After the last epoch: model.lbmodel from the best (or last) checkpoint, the test split when
   * there is one, the final run.json and RunFinished.
   */
  private Path finish(
      TrainingLoop.Outcome outcome,
      DatasetSplits data,
      Device device,
      Network net,
      RunLoaders loaders,
      double bestAccuracy)
      throws IOException, TrainingFailedException {
    int epochsDone = outcome.epochsDone();
    // Stopped means work was left undone: a stop asked for after the last batch (a late
    // Ctrl-C) leaves a finished run finished, and run.json and RunFinished say the same.
    boolean stopped =
        control.stopRequested() && (outcome.stoppedMidEpoch() || epochsDone < config.epochs());
    if (epochsDone == 0) {
      throw new TrainingFailedException("stopped before the first epoch ended; nothing was saved");
    }
    // A copy, not a link: model.lbmodel is the file people copy and overwrite, and writing
    // into it must never reach the checkpoint a resume starts from.
    AtomicFiles.copy(
        Files.exists(files.checkpoint("best"))
            ? files.checkpoint("best")
            : files.checkpoint("last"),
        files.bundle());
    RunManifest journal = journal(data, device, epochsDone, bestAccuracy);
    String status = stopped ? "stopped" : outcome.earlyStopped() ? "early-stopped" : "finished";
    int skipped = loaders.skipped() + data.skipped().size();
    // what libtorch's CPU tensors were allocated with: a large model's speed depends on it;
    // which kernels MKL served the Linear layers with: on AMD the difference is a third
    String allocator = device.isGpu() ? null : org.layerbench.engine.nn.NativeHeap.describe();
    String mkl = device.isGpu() ? null : MklOnAmd.describe();
    Instant finished = Instant.now();
    Double testAccuracy = null;
    Double testLoss = null;
    if (!data.test().isEmpty()) {
      try (BatchLoader testLoader = loaders.test(outcome.size())) {
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

  /**
   * The evaluation batch for training batches of {@code trainingBatch} RGB images of {@code
   * imageSize} pixels a side (see {@link RunLoaders#evaluationBatch}).
   */
  static int evaluationBatch(int trainingBatch, int imageSize) {
    return RunLoaders.evaluationBatch(trainingBatch, SampleLayout.float32(3, imageSize, imageSize));
  }

  private static int startEpochOf(Progress p) {
    return p.batchesDone() == 0 ? p.epoch() + 1 : p.epoch();
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

  /** One optimization step ({@link ClassificationStep#train}); returns the batch's mean loss. */
  static double trainStep(
      Network net, Optimizer optimizer, Batch batch, int size, double lr, double clipNorm) {
    return ClassificationStep.train(net, optimizer, batch, lr, clipNorm, name -> 1.0);
  }
}
