package org.layerbench.engine.io.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.transform.Pipeline;

/*
 * Over 600 lines on purpose: about 470 of them are the generated script itself, one Python text
 * block (TEMPLATE) read top to bottom as the user will read train_lightning.py; the Java around it
 * (choosing the pipelines, writing the settings block) is under 200 lines. Cutting the Python into
 * several Java constants or files would split one script's text by no job of its own and make it
 * harder to review against LightningScriptTest, which runs it.
 */

/**
 * Generates {@code train_lightning.py}: a LightningModule and a LightningDataModule that train the
 * exported {@code model.py} as the LayerBench run did — its optimizer with LayerBench's
 * hyperparameters (Optimizer.named), its per-batch schedule (Schedule.lr through LambdaLR), global
 * norm clipping, parameter groups (frozen prefixes, BatchNorm kept trainable or in eval mode,
 * learning-rate multipliers, the unfreeze epoch), its pipelines and its train/validation split (the
 * same files: ImageFolder.scan's listing and its seeded java.util.Random shuffle, ported). The
 * run's settings are one block of constants at the top. It imports {@code lightning}, else {@code
 * pytorch_lightning}; without either its plain-torch parts still import and {@code main()} says
 * {@code pip install lightning}.
 */
public final class LightningScript {
  private LightningScript() {}

  /** The file name the script is written under. */
  public static final String FILE_NAME = "train_lightning.py";

  /**
   * The script's text.
   *
   * @param run what the run used ({@link RunSettings#read}); without a run.json its defaults
   * @param preprocessing the bundle's inference preprocessing: the pipeline for both training and
   *     validation when the run is unknown (no run.json), since it gives the model's input size;
   *     null for LayerBench's default pipelines at the run's image size
   * @throws ExportException when a pipeline cannot be written as torchvision code
   */
  public static String generate(RunSettings run, ImagePreprocessing preprocessing)
      throws ExportException {
    String train;
    String val;
    String origin;
    if (run.hasTransforms()) {
      train = TorchvisionCode.compose(run.trainSteps(), "", "train");
      val = TorchvisionCode.compose(run.valSteps(), "", "val");
      origin = "the run's transforms file (run.json \"transforms\")";
    } else if (run.fromRunJson() || preprocessing == null) {
      // TrainingRun without a transforms file: Preprocess.imagenet(size) for both loaders.
      List<Map<String, Object>> standard = Pipeline.standard(run.imageSize()).toJson();
      train = TorchvisionCode.compose(standard, "", "train");
      val = train;
      origin =
          "LayerBench's pipelines for a run without a transforms file: Resize to IMAGE_SIZE,"
              + " ToTensor and ImageNet's Normalize, for both (no augmentation)";
    } else {
      train = TorchvisionCode.compose(preprocessing, "");
      val = train;
      origin =
          "no run.json was given: the model's inference preprocessing (preprocessing.json), for"
              + " both (no augmentation)";
    }
    int imageSize =
        run.fromRunJson() || preprocessing == null ? run.imageSize() : preprocessing.outputHeight();
    // The settings hold user text (paths, names), so they go in last: nothing scans them again.
    return TEMPLATE
        .replace("@ORIGIN@", origin)
        .replace("@HELPERS@", helpers(train, val))
        .replace("@TRAIN@", train)
        .replace("@VAL@", val)
        .replace("@SETTINGS@", settings(run, imageSize));
  }

  /**
   * The README section (Markdown) on running the script: one CPU, N GPUs with DDP, several nodes.
   */
  public static String readmeSection() {
    return """
        ## Training with PyTorch Lightning

        `train_lightning.py` trains `model.py` as the LayerBench run did: the same optimizer and its
        hyperparameters, learning-rate schedule (stepped per batch), gradient clipping, frozen
        layers and learning-rate multipliers, the same train and validation transforms, and the same
        train/validation split. The run's settings are the constants at the top of the script; the
        flags below override the common ones. It needs `pip install lightning` (or
        `pytorch_lightning`), torch, torchvision and Pillow. `--weights state_dict.pt` starts from
        the exported weights instead of a fresh initialisation.

        On one CPU:

        ```
        python train_lightning.py --data DIR --accelerator cpu --devices 1
        ```

        On N GPUs of one machine, with DistributedDataParallel (`--batch` is per GPU):

        ```
        python train_lightning.py --data DIR --accelerator gpu --devices N --strategy ddp
        ```

        Across M machines with N GPUs each, started by `torchrun` on every machine (node rank 0 to
        M-1, the first machine's address as the rendezvous point):

        ```
        torchrun --nnodes M --nproc_per_node N --node_rank R --master_addr HOST --master_port 29500 \\
            train_lightning.py --data DIR --accelerator gpu --devices N --num-nodes M --strategy ddp
        ```

        (Lightning's own launcher works too: run the second command on every node with
        `--num-nodes M` and the `MASTER_ADDR`, `MASTER_PORT`, `NODE_RANK` environment variables set.)

        `DIR` holds `train/<class>/…` and `val/<class>/…`, or one `<class>/…` tree that the script
        splits into the same train and validation files as LayerBench did.

        Lightning cannot be installed on LayerBench's build machines, so there only the script's
        plain-PyTorch parts were run (model, data, split, optimizer, schedule and freezing, for one
        batch); the Lightning `Trainer` itself was not.
        """;
  }

  private static String helpers(String train, String val) {
    String h = TorchvisionCode.helpersFor(train, val);
    return h.isEmpty() ? "" : "\n\n" + h + "\n";
  }

  private static String settings(RunSettings r, int imageSize) {
    List<String> l = new ArrayList<>();
    l.add("MODEL_NAME = " + str(r.modelName()) + "  # the LayerBench model");
    l.add("DATA = " + str(r.data()) + "  # the dataset the run trained on (--data)");
    l.add("EPOCHS = " + r.epochs() + "  # --epochs");
    l.add(
        "BATCH_SIZE = "
            + r.batchSize()
            + "  # --batch, per device: with DDP the global batch is this times the processes");
    l.add("LR = " + TorchvisionCode.number(r.lr()) + "  # --lr, the base learning rate");
    l.add(
        "OPTIMIZER = "
            + str(r.optimizer())
            + "  # adam, adamw, sgd, sgd-nesterov or rmsprop (hyperparameters: make_optimizer)");
    l.add(
        "WEIGHT_DECAY = "
            + TorchvisionCode.number(r.weightDecay())
            + "  # adamw uses 0.01 when this is 0, as LayerBench does");
    l.add(
        "SCHEDULE = "
            + str(r.schedule())
            + "  # constant, step, cosine or onecycle, stepped per batch (lr_factor)");
    l.add("IMAGE_SIZE = " + imageSize + "  # the size the pipelines below produce");
    l.add(
        "VAL_SPLIT = "
            + TorchvisionCode.number(r.valSplit())
            + "  # share of each class held out when DATA has no val/ folder");
    l.add("SEED = " + r.seed() + "  # the split's shuffle and Lightning's seed_everything");
    l.add(
        "CLIP_NORM = "
            + TorchvisionCode.number(r.clipNorm())
            + "  # clip gradients to this global L2 norm; 0 = off");
    l.add(
        "PATIENCE = " + r.patience() + "  # early stopping after epochs without progress; 0 = off");
    l.add("MONITOR = " + str(r.monitor()) + "  # what early stopping watches");
    l.add(
        "FREEZE = "
            + list(r.freeze())
            + "  # module prefixes whose parameters do not train; \"all\" = every one");
    l.add(
        "TRAIN_BATCHNORM = "
            + py(r.trainBatchNorm())
            + "  # BatchNorm weight and bias keep training inside frozen parts");
    l.add(
        "FROZEN_BATCHNORM_EVAL = "
            + py(r.frozenBatchNormEval())
            + "  # frozen BatchNorm layers run in eval mode (running statistics kept)");
    List<String> m = new ArrayList<>();
    r.lrMultipliers().forEach((k, v) -> m.add(str(k) + ": " + TorchvisionCode.number(v)));
    l.add(
        "LR_MULTIPLIERS = {"
            + String.join(", ", m)
            + "}  # module prefix -> multiple of LR; the longest matching prefix wins");
    l.add(
        "UNFREEZE_AT = "
            + r.unfreezeAt()
            + "  # from this epoch (counted from 1) nothing is frozen; 0 = frozen throughout");
    l.add(
        "ACCELERATOR = "
            + str(r.device().toLowerCase(Locale.ROOT))
            + "  # --accelerator; the run's device (auto, cpu, gpu)");
    l.add("WORKERS = " + r.workers() + "  # --workers, data-loading processes per device");
    if (r.weights() != null) {
      l.add(
          "# The run started from "
              + r.weights().replace('\n', ' ')
              + "; pass it (or the export's state_dict.pt) with --weights.");
    }
    if (!r.progressiveResizing().isEmpty()) {
      l.add(
          "# The run resized progressively (epoch: size "
              + r.progressiveResizing().toString().replace('\n', ' ')
              + "); this script trains every epoch at IMAGE_SIZE.");
    }
    if (!r.fromRunJson()) {
      l.add("# No run.json was exported with the model: these are LayerBench's defaults.");
    }
    return String.join("\n", l);
  }

  private static String str(String s) {
    return s == null ? "None" : TorchvisionCode.string(s);
  }

  private static String py(boolean b) {
    return b ? "True" : "False";
  }

  private static String list(List<String> items) {
    List<String> out = new ArrayList<>();
    items.forEach(s -> out.add(str(s)));
    return "[" + String.join(", ", out) + "]";
  }

  private static final String TEMPLATE =
      """
      #!/usr/bin/env python3
      # Generated by LayerBench's export: trains model.py (beside this file) with PyTorch Lightning
      # as the LayerBench run did. See README.md; in short:
      #
      #   python train_lightning.py --data DIR --accelerator cpu --devices 1
      #   python train_lightning.py --data DIR --accelerator gpu --devices N --strategy ddp
      #   torchrun --nnodes M --nproc_per_node N ... train_lightning.py --data DIR \\
      #       --accelerator gpu --devices N --num-nodes M --strategy ddp
      #
      # What is not reproduced: random draws (augmentation, shuffling, dropout, initialisation) come
      # from torch's generators, not LayerBench's, so runs agree in distribution, not bit for bit;
      # Adam's bias correction counts steps per parameter (torch) rather than per optimizer
      # (LayerBench), which matters only for parameters unfrozen by UNFREEZE_AT; files that cannot be
      # decoded stop the run here, where LayerBench skips them.
      import argparse
      import inspect
      import math
      import os
      import sys

      import torch
      import torch.nn.functional as F
      from PIL import Image, ImageOps
      from torch import nn
      from torch.utils.data import DataLoader, Subset
      from torchvision import datasets, transforms

      try:
          import lightning as L
      except ImportError:
          try:
              import pytorch_lightning as L
          except ImportError:
              L = None  # the plain-torch parts below still work; main() says what to install

      HERE = os.path.dirname(os.path.abspath(__file__))

      # ---------------------------------------------------------------- the run's settings
      @SETTINGS@
      @HELPERS@

      # ---------------------------------------------------------------- transforms
      # From @ORIGIN@.
      TRAIN_TRANSFORMS = @TRAIN@

      VAL_TRANSFORMS = @VAL@


      # ---------------------------------------------------------------- data
      IMAGE_EXTENSIONS = {"png", "jpg", "jpeg", "bmp", "gif"}


      def load_image(path):
          \"""As LayerBench decodes: EXIF orientation applied, then PIL's convert("RGB").\"""
          with Image.open(path) as image:
              return ImageOps.exif_transpose(image).convert("RGB")


      def class_files(class_dir):
          \"""LayerBench's listing of one class folder: image files (by extension) in it and its
          subfolders, hidden names (starting with ".") left out, ordered by (folder, file name).\"""
          by_folder = {}
          for dirpath, dirnames, filenames in os.walk(class_dir, followlinks=True):
              dirnames[:] = [d for d in dirnames if not d.startswith(".")]
              rel = os.path.relpath(dirpath, class_dir)
              for name in filenames:
                  ext = name.rsplit(".", 1)[1].lower() if "." in name else ""
                  if not name.startswith(".") and ext in IMAGE_EXTENSIONS:
                      by_folder.setdefault("" if rel == "." else rel, []).append(name)
          return [
              os.path.join(class_dir, folder, name)
              for folder in sorted(by_folder)
              for name in sorted(by_folder[folder])
          ]


      class LayerBenchImageFolder(datasets.ImageFolder):
          \"""torchvision's ImageFolder listing files as LayerBench does: class folders are the
          sorted, non-hidden folders that hold images; `classes` fixes the labels (a val/ folder
          takes train/'s, and may lack some).\"""

          def __init__(self, root, transform=None, classes=None):
              self._given_classes = classes
              super().__init__(root, transform=transform, loader=load_image)

          def find_classes(self, directory):
              if self._given_classes is not None:
                  classes = list(self._given_classes)
              else:
                  classes = sorted(
                      e.name
                      for e in os.scandir(directory)
                      if e.is_dir() and not e.name.startswith(".") and class_files(e.path)
                  )
              if not classes:
                  raise FileNotFoundError("no classes found in %s: expected one folder of images per class" % directory)
              return classes, {c: i for i, c in enumerate(classes)}

          @staticmethod
          def make_dataset(directory, class_to_idx, extensions=None, is_valid_file=None, **kwargs):
              samples = []
              for name, index in class_to_idx.items():
                  folder = os.path.join(directory, name)
                  if os.path.isdir(folder) and not name.startswith("."):
                      samples.extend((path, index) for path in class_files(folder))
              return samples


      def java_string_hash(s):
          \"""Java's String.hashCode (over UTF-16 units, 32-bit wrap-around).\"""
          h = 0
          data = s.encode("utf-16-le")
          for i in range(0, len(data), 2):
              h = (31 * h + int.from_bytes(data[i : i + 2], "little")) & 0xFFFFFFFF
          return h - (1 << 32) if h >= (1 << 31) else h


      class JavaRandom:
          \"""java.util.Random, whose sequence its specification fixes (so the split is the same).\"""

          def __init__(self, seed):
              self.seed = (seed ^ 0x5DEECE66D) & ((1 << 48) - 1)

          def next_bits(self, bits):
              self.seed = (self.seed * 0x5DEECE66D + 0xB) & ((1 << 48) - 1)
              return self.seed >> (48 - bits)

          def next_int(self, bound):
              r = self.next_bits(31)
              m = bound - 1
              if bound & m == 0:
                  return (bound * r) >> 31
              u = r
              r = u % bound
              while u - r + m >= (1 << 31):  # Java's int overflow test
                  u = self.next_bits(31)
                  r = u % bound
              return r


      def split_indices(samples, classes, val_split=VAL_SPLIT, seed=SEED):
          \"""LayerBench's stratified split (ImageFolder.split): per class, round(n * val_split) files
          (at most n - 1) go to validation, chosen by a Fisher-Yates shuffle of java.util.Random
          seeded by seed * 0x9E3779B97F4A7C15 + hash(class name). Returns (train, val) indices.\"""
          train, val = [], []
          for label, name in enumerate(classes):
              idx = [i for i, (_, y) in enumerate(samples) if y == label]
              n = len(idx)
              n_val = min(int(math.floor(n * val_split + 0.5)), n - 1)
              to_val = set()
              if n_val > 0:
                  order = list(range(n))
                  mixed = (seed * 0x9E3779B97F4A7C15 + java_string_hash(name)) & 0xFFFFFFFFFFFFFFFF
                  rnd = JavaRandom(mixed)
                  for i in range(n - 1, 0, -1):
                      j = rnd.next_int(i + 1)
                      order[i], order[j] = order[j], order[i]
                  to_val = set(order[:n_val])
              for k, i in enumerate(idx):
                  (val if k in to_val else train).append(i)
          return train, val


      def make_datasets(data_dir, val_split=VAL_SPLIT, seed=SEED):
          \"""(train, val, classes) as LayerBench's ImageFolder.scan: DIR/train + DIR/val, or one
          tree (DIR, or DIR/train without DIR/val) split by val_split.\"""
          train_dir, val_dir = os.path.join(data_dir, "train"), os.path.join(data_dir, "val")
          root = train_dir if os.path.isdir(train_dir) else data_dir
          train = LayerBenchImageFolder(root, TRAIN_TRANSFORMS)
          if os.path.isdir(train_dir) and os.path.isdir(val_dir):
              extra = [
                  e.name
                  for e in os.scandir(val_dir)
                  if e.is_dir() and not e.name.startswith(".") and e.name not in train.classes
                  and class_files(e.path)
              ]
              if extra:
                  raise ValueError("val/ has class '%s' that train/ lacks" % extra[0])
              return train, LayerBenchImageFolder(val_dir, VAL_TRANSFORMS, train.classes), train.classes
          val = LayerBenchImageFolder(root, VAL_TRANSFORMS, train.classes)
          train_idx, val_idx = split_indices(train.samples, train.classes, val_split, seed)
          return Subset(train, train_idx), Subset(val, val_idx), train.classes


      # ---------------------------------------------------------------- model, freezing, optimizer
      def build_model():
          sys.path.insert(0, HERE)
          from model import build_model as build

          return build()


      def load_weights(model, path):
          \"""Loads the tensors of a state_dict file whose names and shapes match; returns their
          names (LayerBench freezes only what came from the weights when weights are given).\"""
          if "weights_only" in inspect.signature(torch.load).parameters:
              state = torch.load(path, map_location="cpu", weights_only=True)
          else:
              state = torch.load(path, map_location="cpu")  # torch older than 1.13
          own = model.state_dict()
          matching = {k: v for k, v in state.items() if k in own and own[k].shape == v.shape}
          model.load_state_dict(matching, strict=False)
          print("loaded %d of %d tensors from %s" % (len(matching), len(own), path))
          return set(matching)


      def covers(prefix, name):
          return prefix == "all" or name == prefix or name.startswith(prefix + ".")


      def is_batchnorm(module):
          return isinstance(module, nn.modules.batchnorm._BatchNorm)


      def freezing_in(epoch):
          return UNFREEZE_AT <= 0 or epoch < UNFREEZE_AT


      def frozen_parameter_names(model, epoch, loaded=None):
          \"""The parameters frozen in an epoch (counted from 1), as LayerBench's ParameterGroups:
          under a FREEZE prefix, unless BatchNorm with TRAIN_BATCHNORM, and (when weights were
          loaded) only those that came from them.\"""
          if not freezing_in(epoch):
              return set()
          out = set()
          for module_name, module in model.named_modules():
              if TRAIN_BATCHNORM and is_batchnorm(module):
                  continue
              for name, _ in module.named_parameters(recurse=False):
                  full = module_name + "." + name if module_name else name
                  if any(covers(p, full) for p in FREEZE) and (not loaded or full in loaded):
                      out.add(full)
          return out


      def apply_freezing(model, epoch, loaded=None):
          \"""Freezes for an epoch and returns the frozen names. Without a fine-tune schedule
          (UNFREEZE_AT == 0) frozen parameters get requires_grad False. With one, every parameter
          keeps requires_grad and drop_frozen_gradients removes the frozen ones' gradients after
          backward: DDP registers only parameters that require grad when it wraps the model, so one
          unfrozen later would never be averaged across processes.\"""
          names = frozen_parameter_names(model, epoch, loaded)
          if UNFREEZE_AT <= 0:
              for name, p in model.named_parameters():
                  p.requires_grad_(name not in names)
          return names


      def drop_frozen_gradients(model, frozen):
          \"""No gradient, so no update, decay or momentum (torch's optimizers skip such tensors).\"""
          for name, p in model.named_parameters():
              if name in frozen:
                  p.grad = None


      def set_frozen_batchnorm_eval(model, epoch):
          \"""FROZEN_BATCHNORM_EVAL: BatchNorm layers with a frozen tensor run in eval mode while
          training, so their running statistics stay as loaded (ParameterGroups.evalBatchNorm).\"""
          if not (FROZEN_BATCHNORM_EVAL and freezing_in(epoch)) or TRAIN_BATCHNORM:
              return
          for module_name, module in model.named_modules():
              if is_batchnorm(module):
                  names = [n for n, _ in module.named_parameters(recurse=False)]
                  names += [n for n, _ in module.named_buffers(recurse=False)]
                  full = [module_name + "." + n if module_name else n for n in names]
                  if any(covers(p, f) for p in FREEZE for f in full):
                      module.eval()


      def lr_multiplier(name):
          best = None
          for prefix in LR_MULTIPLIERS:
              if covers(prefix, name) and (best is None or len(prefix) > len(best)):
                  best = prefix
          return 1.0 if best is None else LR_MULTIPLIERS[best]


      def parameter_groups(model, lr):
          \"""One group per learning-rate multiplier, with lr * multiplier, frozen parameters
          included (they have no gradient while frozen, and train once unfrozen).\"""
          groups = {}
          for name, p in model.named_parameters():
              groups.setdefault(lr_multiplier(name), []).append(p)
          return [{"params": ps, "lr": lr * m, "multiplier": m} for m, ps in groups.items()]


      def make_optimizer(model, lr=LR):
          \"""torch.optim with LayerBench's hyperparameters (Optimizer.named).\"""
          groups = parameter_groups(model, lr)
          if OPTIMIZER == "adam":
              return torch.optim.Adam(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=WEIGHT_DECAY)
          if OPTIMIZER == "adamw":
              decay = WEIGHT_DECAY if WEIGHT_DECAY != 0 else 0.01
              return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=decay)
          if OPTIMIZER in ("sgd", "sgd-nesterov", "nesterov"):
              return torch.optim.SGD(
                  groups,
                  lr=lr,
                  momentum=0.9,
                  dampening=0,
                  nesterov=OPTIMIZER != "sgd",
                  weight_decay=WEIGHT_DECAY,
              )
          if OPTIMIZER == "rmsprop":
              return torch.optim.RMSprop(
                  groups, lr=lr, alpha=0.99, eps=1e-8, momentum=0, centered=False, weight_decay=WEIGHT_DECAY
              )
          raise ValueError("unknown optimizer " + OPTIMIZER)


      def _cosine(start, end, t):
          return end + (start - end) * 0.5 * (1 + math.cos(math.pi * t))


      def lr_factor(step, total_steps):
          \"""LayerBench's Schedule.lr as a multiple of the base rate at a 0-based step, with
          t = step / (total_steps - 1): step (x0.1 at 50 %, x0.01 at 75 %), cosine to 0, or one-cycle
          (cosine warm-up from 1/25 over 30 %, then cosine down to 1/25e4).\"""
          t = 0.0 if total_steps <= 1 else step / (total_steps - 1)
          if SCHEDULE == "step":
              return 0.01 if t >= 0.75 else 0.1 if t >= 0.5 else 1.0
          if SCHEDULE == "cosine":
              return 0.5 * (1 + math.cos(math.pi * t))
          if SCHEDULE == "onecycle":
              start = 1.0 / 25
              end = start / 1e4
              return _cosine(start, 1.0, t / 0.3) if t < 0.3 else _cosine(1.0, end, (t - 0.3) / 0.7)
          return 1.0


      def make_schedule(optimizer, total_steps):
          \"""LambdaLR stepped once per batch: every group's rate is its own lr times lr_factor.\"""
          return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: lr_factor(step, total_steps))


      def loss_and_accuracy(model, batch):
          x, y = batch
          logits = model(x)
          return F.cross_entropy(logits, y), (logits.argmax(dim=1) == y).float().mean()


      # ---------------------------------------------------------------- Lightning
      if L is not None:

          class LayerBenchClassifier(L.LightningModule):
              \"""The model with LayerBench's loss, metrics, optimizer, schedule and freezing.\"""

              def __init__(self, model, lr=LR, loaded=None):
                  super().__init__()
                  self.model = model
                  self.lr = lr
                  self.loaded = set(loaded or ())
                  # Freezing for the first epoch before the trainer wraps the model (DDP).
                  self.frozen = apply_freezing(self.model, 1, self.loaded)

              def forward(self, x):
                  return self.model(x)

              def on_train_epoch_start(self):
                  self.frozen = apply_freezing(self.model, self.current_epoch + 1, self.loaded)

              def training_step(self, batch, batch_idx):
                  set_frozen_batchnorm_eval(self.model, self.current_epoch + 1)
                  loss, accuracy = loss_and_accuracy(self.model, batch)
                  self.log("train_loss", loss, prog_bar=True, on_step=True, on_epoch=True, sync_dist=True)
                  self.log("train_accuracy", accuracy, on_step=False, on_epoch=True, sync_dist=True)
                  return loss

              def on_after_backward(self):
                  drop_frozen_gradients(self.model, self.frozen)  # before clipping and the step

              def validation_step(self, batch, batch_idx):
                  loss, accuracy = loss_and_accuracy(self.model, batch)
                  self.log("val_loss", loss, prog_bar=True, sync_dist=True)
                  self.log("val_accuracy", accuracy, prog_bar=True, sync_dist=True)

              def configure_optimizers(self):
                  optimizer = make_optimizer(self.model, self.lr)
                  total = int(self.trainer.estimated_stepping_batches)
                  return {
                      "optimizer": optimizer,
                      "lr_scheduler": {"scheduler": make_schedule(optimizer, total), "interval": "step"},
                  }

          class LayerBenchData(L.LightningDataModule):
              \"""The run's dataset, split and pipelines; Lightning adds a DistributedSampler under DDP.\"""

              def __init__(self, data_dir, batch_size=BATCH_SIZE, workers=WORKERS):
                  super().__init__()
                  self.data_dir, self.batch_size, self.workers = data_dir, batch_size, workers

              def setup(self, stage=None):
                  self.train_set, self.val_set, self.classes = make_datasets(self.data_dir)

              def _loader(self, dataset, shuffle):
                  return DataLoader(
                      dataset,
                      batch_size=self.batch_size,
                      shuffle=shuffle,
                      num_workers=self.workers,
                      persistent_workers=self.workers > 0,
                  )

              def train_dataloader(self):
                  return self._loader(self.train_set, True)

              def val_dataloader(self):
                  return self._loader(self.val_set, False)


      def parse_args(argv=None):
          p = argparse.ArgumentParser(description="Train the LayerBench model with PyTorch Lightning.")
          p.add_argument("--data", default=DATA, required=DATA is None, help="dataset folder (%(default)s)")
          p.add_argument("--epochs", type=int, default=EPOCHS)
          p.add_argument("--batch", type=int, default=BATCH_SIZE, help="batch size per device")
          p.add_argument("--lr", type=float, default=LR)
          p.add_argument("--devices", default="1", help="devices per node: a number, a list or auto")
          p.add_argument("--num-nodes", type=int, default=1)
          p.add_argument("--strategy", default="auto", help="auto, ddp, ddp_spawn, fsdp, ...")
          p.add_argument("--precision", default="32", help="32, 16-mixed, bf16-mixed, ...")
          p.add_argument("--accelerator", default=ACCELERATOR, help="cpu, gpu, auto, ...")
          p.add_argument("--weights", default=None, help="start from this state_dict (state_dict.pt)")
          p.add_argument("--workers", type=int, default=WORKERS)
          p.add_argument("--out", default="trained_state_dict.pt", help="where to save the result")
          return p.parse_args(argv)


      def main(argv=None):
          if L is None:
              print("train_lightning.py needs PyTorch Lightning: pip install lightning", file=sys.stderr)
              return 1
          args = parse_args(argv)
          L.seed_everything(SEED, workers=True)
          model = build_model()
          loaded = load_weights(model, args.weights) if args.weights else set()
          callbacks = []
          if PATIENCE > 0:
              cb = L.pytorch.callbacks if hasattr(L, "pytorch") else L.callbacks
              mode = "min" if MONITOR == "val_loss" else "max"
              callbacks.append(cb.EarlyStopping(monitor=MONITOR, patience=PATIENCE, mode=mode))
          options = {}
          if args.strategy != "auto":
              options["strategy"] = args.strategy
          trainer = L.Trainer(
              max_epochs=args.epochs,
              accelerator=args.accelerator,
              devices=int(args.devices) if args.devices.isdigit() else args.devices,
              num_nodes=args.num_nodes,
              precision=int(args.precision) if args.precision.isdigit() else args.precision,
              gradient_clip_val=CLIP_NORM if CLIP_NORM > 0 else None,
              gradient_clip_algorithm="norm",
              callbacks=callbacks,
              **options,
          )
          task = LayerBenchClassifier(model, args.lr, loaded)
          trainer.fit(task, datamodule=LayerBenchData(args.data, args.batch, args.workers))
          if trainer.is_global_zero:
              torch.save(model.state_dict(), args.out)
              print("saved the trained weights to " + args.out)
          return 0


      if __name__ == "__main__":
          sys.exit(main())
      """;
}
