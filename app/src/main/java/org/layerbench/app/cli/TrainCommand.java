package org.layerbench.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.layerbench.engine.data.DatasetScan;
import org.layerbench.engine.data.DatasetSplits;
import org.layerbench.engine.data.InputLayouts;
import org.layerbench.engine.data.ProgressMonitor;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.data.text.TextDataset;
import org.layerbench.engine.data.text.TextFileException;
import org.layerbench.engine.data.text.TextFiles;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.TrainConfig;
import org.layerbench.engine.train.TrainingEvent;
import org.layerbench.engine.train.TrainingFailedException;
import org.layerbench.engine.train.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code layerbench train --data DIR --model MODEL.json [options] -o RUN_DIR}. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description =
        "Train a model on an image folder or a CSV/TSV file of labelled texts; writes RUN_DIR/model.lbmodel, metrics.csv, run.json and checkpoints.")
public final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--data",
      paramLabel = "DIR|FILE",
      description =
          "DIR/train/<class>/… + DIR/val/<class>/…, or DIR/<class>/… split by --val-split; or a"
              + " CSV/TSV file of labelled texts (.csv, .tsv, .txt), split by --val-split or with"
              + " --val-data.")
  Path data;

  @picocli.CommandLine.ArgGroup(exclusive = false, heading = "%nText datasets (a CSV/TSV FILE):%n")
  TextOptions text = new TextOptions();

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      description = "A model JSON file, or a template name (sized to the dataset's classes).")
  String model;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "RUN_DIR",
      description = "The run folder to write.")
  Path output;

  @Option(
      names = "--epochs",
      defaultValue = "" + TrainConfig.DEFAULT_EPOCHS,
      description = "Epochs (default ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--batch",
      defaultValue = "" + TrainConfig.DEFAULT_BATCH_SIZE,
      description = "Batch size (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--lr",
      defaultValue = "" + TrainConfig.DEFAULT_LR,
      description = "Learning rate (default ${DEFAULT-VALUE}).")
  double lr;

  @Option(
      names = "--optimizer",
      defaultValue = "" + TrainConfig.DEFAULT_OPTIMIZER,
      description = "adam, adamw, sgd, sgd-nesterov or rmsprop (default ${DEFAULT-VALUE}).")
  String optimizer;

  @Option(
      names = "--weight-decay",
      defaultValue = "" + TrainConfig.DEFAULT_WEIGHT_DECAY,
      description = "Weight decay (default ${DEFAULT-VALUE}).")
  double weightDecay;

  @Option(
      names = "--schedule",
      defaultValue = "" + TrainConfig.DEFAULT_SCHEDULE,
      description = "constant, step, cosine or onecycle (default ${DEFAULT-VALUE}).")
  String schedule;

  @Option(
      names = "--size",
      defaultValue = "" + TrainConfig.DEFAULT_IMAGE_SIZE,
      description = "Images are resized to SIZE×SIZE (default ${DEFAULT-VALUE}).")
  int size;

  @Option(
      names = "--val-split",
      defaultValue = "" + TrainConfig.DEFAULT_VAL_SPLIT,
      description = "Validation fraction when DIR has no val/ folder (default ${DEFAULT-VALUE}).")
  double valSplit;

  @Option(
      names = "--seed",
      defaultValue = "" + TrainConfig.DEFAULT_SEED,
      description = "Seed for weights, shuffling and dropout (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--device",
      defaultValue = "" + TrainConfig.DEFAULT_DEVICE,
      description = "auto, cpu or gpu (default ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--threads",
      defaultValue = "" + TrainConfig.DEFAULT_THREADS,
      description = "PyTorch threads; 0 = one per core (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--workers",
      defaultValue = "" + TrainConfig.DEFAULT_WORKERS,
      description = "Image-decoding threads (default ${DEFAULT-VALUE}).")
  int workers;

  @Option(
      names = "--clip-norm",
      defaultValue = "" + TrainConfig.DEFAULT_CLIP_NORM,
      description = "Clip gradients to this global L2 norm; 0 = off (default ${DEFAULT-VALUE}).")
  double clipNorm;

  @Option(
      names = "--patience",
      defaultValue = "" + TrainConfig.DEFAULT_PATIENCE,
      description =
          "Stop after this many epochs without improvement; 0 = off (default ${DEFAULT-VALUE}).")
  int patience;

  @Option(
      names = "--monitor",
      defaultValue = "" + TrainConfig.DEFAULT_MONITOR,
      description =
          "What early stopping watches: val_loss or val_accuracy (default ${DEFAULT-VALUE}).")
  String monitor;

  @Option(
      names = "--weights",
      paramLabel = "W",
      description =
          "Start from these weights (.safetensors, a torch.save .pt, or a .lbmodel), matched by name;"
              + " what does not match keeps its initialisation and is reported.")
  Path initialWeights;

  @Option(
      names = "--freeze",
      paramLabel = "PREFIX",
      description =
          "Freeze the parameters under a module prefix (repeatable); 'all' freezes everything.")
  java.util.List<String> freeze = new java.util.ArrayList<>();

  @Option(
      names = "--train-bn",
      description = "Keep BatchNorm weight and bias trainable inside frozen parts.")
  boolean trainBatchNorm;

  @Option(
      names = "--bn-eval",
      description = "Run frozen BatchNorm layers in eval mode (keep their statistics).")
  boolean batchNormEval;

  @Option(
      names = "--lr-mult",
      paramLabel = "PREFIX=M",
      description = "Learning-rate multiplier for a module prefix (repeatable), e.g. layer4=0.333.")
  java.util.List<String> lrMult = new java.util.ArrayList<>();

  @Option(
      names = "--unfreeze-at",
      defaultValue = "0",
      paramLabel = "EPOCH",
      description =
          "Fine-tune schedule: from this epoch on nothing is frozen (train the head first); 0 = never.")
  int unfreezeAt;

  @Option(
      names = "--augment",
      paramLabel = "P.json",
      description =
          "Train and validation transform pipelines (layerbench.transforms JSON, see `layerbench"
              + " augment`); they must produce images of --size. Default: Resize to --size and"
              + " ImageNet Normalize.")
  Path augment;

  @Option(
      names = "--resize-at",
      paramLabel = "EPOCH:SIZE",
      split = ",",
      description =
          "Progressive resizing: from EPOCH on, train at SIZE×SIZE with the same weights (e.g."
              + " --size 64 --resize-at 4:128,7:256). The model needs global pooling before Linear.")
  java.util.List<String> resizeAt = new java.util.ArrayList<>();

  @Option(
      names = "--resume",
      paramLabel = "RUN_DIR",
      description =
          "Continue a stopped, interrupted (killed) or finished run from its last whole checkpoint"
              + " (weights, optimizer, schedule, epoch) with the settings it was started with;"
              + " with --epochs, run to that many epochs. No other option applies.")
  Path resume;

  @Option(
      names = "--overwrite",
      description =
          "Start afresh in a RUN_DIR that holds a run (its run.json, metrics, checkpoints and model"
              + " are replaced); without it such a folder is refused.")
  boolean overwrite;

  @Spec(Spec.Target.SELF)
  CommandSpec self;

  /** What a resumed run can still be told: the rest comes from its run.json and checkpoint. */
  private static final java.util.Set<String> RESUME_OPTIONS =
      java.util.Set.of("--resume", "--epochs");

  private TrainingRun resumedRun() throws java.io.IOException {
    if (data != null || model != null || output != null) {
      throw new UserException(
          "--resume takes the data, model and run folder from RUN_DIR: drop --data, --model and -o");
    }
    for (var option : self.commandLine().getParseResult().matchedOptions()) {
      if (!RESUME_OPTIONS.contains(option.longestName())) {
        throw new UserException(
            "--resume continues the run with the settings in "
                + resume.resolve("run.json")
                + ", so "
                + option.longestName()
                + " cannot apply (only --epochs can change); start a new run to change it");
      }
    }
    boolean epochsGiven = self.commandLine().getParseResult().hasMatchedOption("--epochs");
    try {
      return TrainingRun.resume(resume, epochsGiven ? epochs : null);
    } catch (org.layerbench.engine.train.TrainingFailedException e) {
      throw new UserException(e.getMessage());
    }
  }

  /**
   * Refuses numbers out of range as picocli refuses malformed ones (bad usage, exit 2), before
   * anything is read: {@code --size 100000} used to overflow into a negative array size.
   */
  private void checkRanges() {
    atLeast("--epochs", epochs, 1, 1_000_000);
    atLeast("--batch", batch, 1, 1 << 20);
    atLeast("--size", size, 1, MAX_SIZE);
    atLeast("--threads", threads, 0, 4096);
    atLeast("--workers", workers, 1, 256);
    atLeast("--patience", patience, 0, 1_000_000);
    atLeast("--unfreeze-at", unfreezeAt, 0, 1_000_000);
    if (!(lr > 0) || Double.isInfinite(lr)) {
      throw usage("--lr must be a positive number, got " + lr);
    }
    if (!(valSplit >= 0 && valSplit < 1)) {
      throw usage("--val-split must be at least 0 and below 1, got " + valSplit);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw usage("--weight-decay must be 0 or a positive number, got " + weightDecay);
    }
    if (!(clipNorm >= 0) || Double.isInfinite(clipNorm)) {
      throw usage("--clip-norm must be 0 or a positive number, got " + clipNorm);
    }
  }

  /** The largest image side: far beyond what trains here, well inside an int's pixel count. */
  static final int MAX_SIZE = 8192;

  private void atLeast(String option, long value, long min, long max) {
    if (value < min || value > max) {
      throw usage(
          String.format(
              Locale.ROOT, "%s must be between %d and %d, got %d", option, min, max, value));
    }
  }

  private picocli.CommandLine.ParameterException usage(String message) {
    return new picocli.CommandLine.ParameterException(self.commandLine(), message);
  }

  private TrainingRun newRun() {
    if (data == null || model == null || output == null) {
      throw new UserException(
          "train needs --data DIR, --model MODEL and -o RUN_DIR (or --resume RUN_DIR)");
    }
    if (!overwrite && holdsARun(output)) {
      throw new UserException(
          output
              + " holds a run already: continue it with --resume "
              + output
              + ", replace it with --overwrite, or choose another -o");
    }
    TrainConfig config;
    try {
      config =
          new TrainConfig(
              epochs,
              batch,
              lr,
              optimizer,
              weightDecay,
              schedule,
              size,
              valSplit,
              seed,
              device,
              threads,
              workers,
              clipNorm,
              patience,
              monitor,
              groups());
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    if (TextOptions.isTextFile(data)) {
      return textRun(config);
    }
    refuseTextOptions();
    DatasetSplits splits;
    try {
      // The numbers `dataset stats` prints, from the same scan: every image file is decoded once.
      var usable = DatasetScan.usable(data, valSplit, seed, ProgressMonitor.NONE);
      PrintWriter out = spec.commandLine().getOut();
      usable.report().summary(5).forEach(out::println);
      out.flush();
      splits = usable.trainable();
    } catch (java.io.IOException e) {
      throw new UserException(e.getMessage());
    }
    SampleLayout input = InputLayouts.imageRun(size);
    ModelGraph graph = ModelSource.load(model, splits.classes().size(), input.dims());
    TrainingRun run = new TrainingRun(data, graph, config, output);
    if (overwrite) {
      run.overwriting();
    }
    if (augment != null) {
      run.withTransforms(AugmentCommand.readOption(augment));
    }
    if (!resizeAt.isEmpty()) {
      java.util.Map<Integer, Integer> sizes = new java.util.TreeMap<>();
      for (String r : resizeAt) {
        String[] parts = r.split(":");
        try {
          sizes.put(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (RuntimeException e) {
          throw new UserException("--resize-at takes EPOCH:SIZE pairs, got '" + r + "'");
        }
      }
      try {
        run.withProgressiveResizing(sizes);
      } catch (IllegalArgumentException e) {
        throw new UserException(e.getMessage());
      }
    }
    if (initialWeights != null) {
      run.startFrom(matchedWeights(graph.withInputShape(input.dims())));
    }
    return run;
  }

  /**
   * A run on a CSV/TSV file of labelled texts: the format used and the dataset's classes, decoding
   * and bad rows in one line each, then the engine's text run. Image-only options are refused in
   * one line.
   */
  private TrainingRun textRun(TrainConfig config) {
    for (String imageOnly : List.of("--size", "--augment", "--resize-at")) {
      if (self.commandLine().getParseResult().hasMatchedOption(imageOnly)) {
        throw new UserException(
            imageOnly + " applies to images; " + data.getFileName() + " holds texts — drop it");
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    TextFiles files = text.files(data, out);
    TextSettings settings = text.settings();
    TextDataset dataset;
    try {
      dataset = files.read(valSplit, seed);
    } catch (TextFileException | IllegalArgumentException e) {
      throw new UserException(e.getMessage());
    }
    TextOptions.summary(dataset).forEach(out::println);
    out.flush();
    ModelGraph graph =
        ModelSource.load(model, dataset.classes().size(), List.of(settings.maxLength()));
    TrainingRun run = TrainingRun.onText(files, settings, graph, config, output);
    if (overwrite) {
      run.overwriting();
    }
    if (initialWeights != null) {
      run.startFrom(initialWeights);
    }
    return run;
  }

  /** Text options on an image folder are refused rather than ignored. */
  private void refuseTextOptions() {
    for (String name : TextOptions.NAMES) {
      if (self.commandLine().getParseResult().hasMatchedOption(name)) {
        throw new UserException(
            name
                + " applies to a CSV/TSV file of labelled texts; "
                + data
                + " is an image folder — drop it");
      }
    }
  }

  private org.layerbench.engine.train.ParameterGroups groups() {
    java.util.Map<String, Double> mult = new java.util.LinkedHashMap<>();
    for (String m : lrMult) {
      int eq = m.indexOf('=');
      try {
        mult.put(m.substring(0, eq), Double.parseDouble(m.substring(eq + 1)));
      } catch (RuntimeException e) {
        throw new UserException("--lr-mult takes PREFIX=NUMBER, got '" + m + "'");
      }
    }
    return new org.layerbench.engine.train.ParameterGroups(
        freeze, trainBatchNorm, batchNormEval, mult, unfreezeAt);
  }

  private java.util.Map<String, org.layerbench.engine.io.TensorData> matchedWeights(
      ModelGraph graph) {
    var state = StateDicts.read(initialWeights, spec.commandLine().getOut());
    var report =
        org.layerbench.engine.nn.StateDictLoader.match(
            org.layerbench.engine.graph.GraphAnalysis.of(graph), state);
    spec.commandLine()
        .getOut()
        .printf(
            "starting from %s: %d tensors loaded; %s%n",
            initialWeights, report.matched().size(), report.describe());
    return report.matched();
  }

  /** Files that only a run leaves in a folder. */
  static boolean holdsARun(Path dir) {
    return java.nio.file.Files.exists(dir.resolve("run.json"))
        || java.nio.file.Files.exists(dir.resolve("metrics.csv"))
        || java.nio.file.Files.exists(dir.resolve("model.lbmodel"))
        || java.nio.file.Files.isDirectory(dir.resolve("checkpoints"));
  }

  @Override
  public Integer call() throws Exception {
    checkRanges();
    if (resume != null && overwrite) {
      throw new UserException("--overwrite starts afresh and --resume continues: choose one");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    TrainingRun run = resume != null ? resumedRun() : newRun();
    run.addListener(event -> print(out, run, event));
    java.util.concurrent.atomic.AtomicBoolean stopped =
        new java.util.concurrent.atomic.AtomicBoolean();
    run.addListener(
        event -> {
          if (event instanceof TrainingEvent.RunFinished f) {
            stopped.set(f.stopped());
          }
        });
    try (EngineThread engine = new EngineThread();
        StopSignals signals = StopSignals.install(run, err)) {
      Future<Path> result = engine.submit(run::call);
      Path bundle;
      try {
        bundle = result.get();
      } catch (ExecutionException e) {
        signals.runEnded();
        if (e.getCause() instanceof TrainingFailedException f) {
          if (signals.received() != null) {
            // stopped before anything could be saved: say so, and end as the signal asked
            err.println("layerbench: " + f.getMessage());
            err.flush();
            return signals.received().exitCode();
          }
          throw new UserException(f.getMessage());
        }
        throw e;
      }
      signals.runEnded();
      if (signals.received() != null && stopped.get()) {
        printResume(out, run);
        return signals.received().exitCode();
      }
      out.println("wrote " + bundle);
      // a signal after the last batch: the run is whole, and still ends as the signal asked
      return signals.received() != null ? signals.received().exitCode() : 0;
    }
  }

  /** After a stop: what is on disk and the command that goes on from it. */
  private static void printResume(PrintWriter out, TrainingRun run) {
    Path dir = run.dir();
    out.println(
        "saved "
            + dir.resolve("model.lbmodel")
            + " (the best epoch so far), "
            + dir.resolve("checkpoints").resolve("last.lbmodel")
            + " and run.json (status stopped)");
    out.println("resume with: layerbench train --resume " + shellQuoted(dir.toString()));
    out.flush();
  }

  /** A path as a POSIX shell reads it back: as is when plain, else in single quotes. */
  static String shellQuoted(String s) {
    return s.matches("[A-Za-z0-9_./:@%+=,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }

  private static void print(PrintWriter out, TrainingRun run, TrainingEvent event) {
    switch (event) {
      case TrainingEvent.RunStarted s ->
          out.printf(
              Locale.ROOT,
              "training %s on %d %s (%d for validation), %d classes, %,d params, device %s%n",
              run.model().name(),
              s.trainSamples(),
              run.textFiles() != null ? "texts" : "images",
              s.valSamples(),
              s.classes().size(),
              s.params(),
              s.device().startsWith("gpu") ? "GPU " + s.device() : "CPU");
      case TrainingEvent.EpochEnded e ->
          out.printf(
              Locale.ROOT,
              "epoch %d/%d  train_loss %.4f  val_loss %.4f  val_acc %.3f  %.0f %s/s  %.1f s%n",
              e.epoch(),
              run.config().epochs(),
              e.trainLoss(),
              e.valLoss(),
              e.valAccuracy(),
              e.samplesPerSecond(),
              run.textFiles() != null ? "samples" : "img",
              e.seconds());
      case TrainingEvent.RunFinished f when f.stopped() ->
          out.println("stopped after epoch " + f.epochs());
      default -> {}
    }
    out.flush();
  }
}
