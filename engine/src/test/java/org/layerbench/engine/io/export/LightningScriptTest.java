package org.layerbench.engine.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.train.ParameterGroups;
import org.layerbench.engine.train.Schedule;

/**
 * train_lightning.py in real PyTorch. Lightning itself cannot be installed here, so what runs is
 * the script's plain-torch parts: it compiles and imports for every optimizer and schedule, with
 * and without transforms, freezing and multipliers; its lr_factor is Schedule.lr; one batch on the
 * sample dataset gives parameter groups at lr × ParameterGroups.multiplier, frozen parameters and
 * frozen BatchNorm statistics unchanged and the others changed, and (for a dataset without val/)
 * the very files ImageFolder.scan holds out; the fine-tune schedule keeps two DDP processes (gloo,
 * CPU) in sync when it unfreezes; and main() with its LightningModule and LightningDataModule runs
 * under a stand-in for Lightning's Trainer that calls the hooks in Lightning's documented order.
 * Everything runs in one Python process, so torch loads once.
 */
class LightningScriptTest {
  @TempDir static Path dir;

  /** The driver's results per script (one Python process for every test: torch loads once). */
  private static JsonNode results;

  private static String skipReason;

  private static final long TOTAL = 37;
  private static final long[] STEPS = {0, 1, 5, 11, 12, 18, 19, 27, 28, 36};
  private static final List<String> COMPILED = new ArrayList<>();
  private static final Map<String, Double> MULTIPLIERS =
      Map.of("fc", 10.0, "features.1", 0.5, "features", 0.25);
  private static final Path FLAT = SHAPES_DIR().resolve("train");

  private static Path SHAPES_DIR() {
    return Path.of("..", "sample-data", "project", "data", "shapes");
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path SHAPES = SHAPES_DIR();

  private static String runJson(
      String optimizer,
      String schedule,
      double weightDecay,
      List<String> freeze,
      boolean trainBn,
      boolean bnEval,
      Map<String, Double> multipliers,
      int unfreezeAt,
      double clipNorm,
      boolean transforms,
      String data,
      double valSplit,
      long seed)
      throws Exception {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", "layerbench.run").put("version", 1).put("model", "tiny");
    root.put("data", data);
    ObjectNode c = root.putObject("config");
    c.put("epochs", 3).put("batchSize", 8).put("lr", 0.01).put("optimizer", optimizer);
    c.put("weightDecay", weightDecay).put("schedule", schedule).put("imageSize", 64);
    c.put("valSplit", valSplit).put("seed", seed).put("device", "cpu").put("threads", 0);
    c.put("workers", 0).put("clipNorm", clipNorm).put("patience", 0).put("monitor", "val_loss");
    ObjectNode g = c.putObject("groups");
    freeze.forEach(g.putArray("freeze")::add);
    g.put("trainBatchNorm", trainBn).put("frozenBatchNormEval", bnEval);
    ObjectNode m = g.putObject("lrMultipliers");
    multipliers.forEach(m::put);
    g.put("unfreezeAt", unfreezeAt);
    if (transforms) {
      root.set(
          "transforms",
          JSON.readTree(Files.readString(Path.of("..", "sample-data", "project", "augment.json"))));
    }
    return JSON.writeValueAsString(root);
  }

  @BeforeAll
  static void runScripts() throws Exception {
    Python.Lookup lookup = Python.find();
    if (lookup.python().isEmpty()) {
      skipReason = lookup.whyNot();
      return;
    }
    Python python = lookup.python().get();
    if (!python.imports("torchvision")) {
      skipReason = "the Python with torch has no torchvision";
      return;
    }
    Files.writeString(dir.resolve("model.py"), HandMadeExport.MODEL_PY);
    String[] optimizers = {"adam", "adamw", "sgd", "sgd-nesterov", "rmsprop"};
    String[] schedules = {"constant", "step", "cosine", "onecycle", "onecycle"};
    for (int i = 0; i < optimizers.length; i++) {
      String json =
          runJson(
              optimizers[i],
              schedules[i],
              i * 1e-4,
              i % 2 == 0 ? List.of("features") : List.of(),
              i == 2,
              i == 0,
              i == 3 ? Map.of("fc", 3.0, "features.0", 1.0 / 9) : Map.of(),
              i == 4 ? 2 : 0,
              i * 0.5,
              i % 2 == 1,
              SHAPES.toAbsolutePath().toString(),
              0.2,
              i);
      write("train_" + i + ".py", RunSettings.parse(json), ImagePreprocessing.imagenet(64, 64));
    }
    // No run.json: the defaults, and the bundle's preprocessing (with a crop) for both pipelines.
    write(
        "train_defaults.py",
        RunSettings.defaults(),
        new ImagePreprocessing(
            3, 72, 72, 64, 64, new double[] {0.5, 0.5, 0.5}, new double[] {0.2, 0.2, 0.2}));
    // LayerBench's own steps, a switched-off step and a RandomApply with nothing left in it.
    String extras =
        """
        {"format": "layerbench.transforms", "version": 1,
         "train": [{"type": "RandomResizedCrop", "size": [64, 64], "interpolation": "bicubic"},
                   {"type": "RandomApply", "p": 0.3, "transforms": [{"type": "ToHSV"}]},
                   {"type": "RandomApply", "transforms": [{"type": "Grayscale", "enabled": false}]},
                   {"type": "Pad", "padding": [1, 2, 3, 4], "fill": [1, 2, 3]},
                   {"type": "CenterCrop", "size": 64},
                   {"type": "ToTensor"},
                   {"type": "GaussianNoise", "std": 0.05, "clip": true},
                   {"type": "RandomErasing", "value": "random", "enabled": false},
                   {"type": "RandomErasing", "p": 0.2, "value": [0.1, 0.2, 0.3]}],
         "val": [{"type": "Resize", "size": [64, 64]}]}
        """;
    ObjectNode run =
        (ObjectNode)
            JSON.readTree(
                runJson(
                    "adam",
                    "step",
                    0,
                    List.of(),
                    false,
                    false,
                    Map.of(),
                    0,
                    0,
                    false,
                    SHAPES.toAbsolutePath().toString(),
                    0.2,
                    1));
    run.set("transforms", JSON.readTree(extras));
    write(
        "train_extras.py",
        RunSettings.parse(JSON.writeValueAsString(run)),
        ImagePreprocessing.imagenet(64, 64));
    Files.writeString(
        dir.resolve("predict_pipeline.py"),
        PredictScript.generate(
            new ImagePreprocessing(
                3,
                64,
                64,
                null,
                null,
                new double[] {0, 0, 0},
                new double[] {1, 1, 1},
                PipelineFile.parse(extras).val().toJson()),
            "m"));

    // One batch: freezing with BatchNorm in eval mode, multipliers, clipping, the sample's
    // augmentation, DIR/train + DIR/val.
    write(
        "train_a.py",
        RunSettings.parse(
            runJson(
                "sgd-nesterov",
                "onecycle",
                1e-4,
                List.of("features.0", "features.1"),
                false,
                true,
                MULTIPLIERS,
                0,
                1.0,
                true,
                SHAPES.toAbsolutePath().toString(),
                0.2,
                5)),
        ImagePreprocessing.imagenet(64, 64));
    // One batch: the fine-tune schedule with BatchNorm trainable, on one tree split by valSplit.
    write(
        "train_b.py",
        RunSettings.parse(
            runJson(
                "adamw",
                "cosine",
                0,
                List.of("features"),
                true,
                true,
                Map.of(),
                2,
                0,
                false,
                FLAT.toAbsolutePath().toString(),
                0.25,
                3)),
        ImagePreprocessing.imagenet(64, 64));

    String driver =
        """
        import contextlib, importlib.util, io, json, py_compile, sys
        import torch
        from PIL import Image

        def load(f):
            py_compile.compile(f, doraise=True)
            spec = importlib.util.spec_from_file_location(f[:-3], f)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            return mod

        def compiled(T):
            r = {"schedule": T.SCHEDULE, "factors": [T.lr_factor(s, %d) for s in %s]}
            img = Image.open("%s").convert("RGB")
            torch.manual_seed(0)
            r["train_shape"] = list(T.TRAIN_TRANSFORMS(img).shape)
            r["val_shape"] = list(T.VAL_TRANSFORMS(img).shape)
            return r

        def one_batch(T):
            out = {"lightning": T.L is not None}
            torch.manual_seed(0)
            model = T.build_model()
            train, val, classes = T.make_datasets(T.DATA)
            out["classes"] = classes
            out["sizes"] = [len(train), len(val)]
            out["val_files"] = [val.dataset.samples[i][0] for i in val.indices] if hasattr(val, "indices") else None
            loader = torch.utils.data.DataLoader(train, batch_size=T.BATCH_SIZE, shuffle=True)
            x, y = next(iter(loader))
            out["x_shape"] = list(x.shape)
            frozen = T.apply_freezing(model, 1, set())
            out["frozen"] = sorted(frozen)
            before = {k: v.detach().clone() for k, v in model.state_dict().items()}
            optimizer = T.make_optimizer(model)
            total = T.EPOCHS * len(loader)
            out["total"] = total
            schedule = T.make_schedule(optimizer, total)
            names = {id(p): n for n, p in model.named_parameters()}
            out["groups"] = [{"lr": g["lr"], "weight_decay": g["weight_decay"],
                              "params": [names[id(p)] for p in g["params"]]}
                             for g in optimizer.param_groups]
            model.train()
            T.set_frozen_batchnorm_eval(model, 1)
            loss, accuracy = T.loss_and_accuracy(model, (x, y))
            loss.backward()
            T.drop_frozen_gradients(model, frozen)
            if T.CLIP_NORM > 0:
                params = [p for p in model.parameters() if p.grad is not None]
                out["norm_before_clip"] = float(torch.nn.utils.clip_grad_norm_(params, T.CLIP_NORM))
            optimizer.step()
            schedule.step()
            out["lr_after_step"] = [g["lr"] for g in optimizer.param_groups]
            out["requires_grad"] = {n: p.requires_grad for n, p in model.named_parameters()}
            out["changed"] = {k: not torch.equal(before[k], v) for k, v in model.state_dict().items()
                              if v.dtype.is_floating_point}
            out["frozen_later"] = sorted(T.frozen_parameter_names(model, 2, set()))
            err = io.StringIO()
            with contextlib.redirect_stderr(err):
                code = T.main(["--data", "nowhere"]) if T.L is None else None
            out["main"] = [code, err.getvalue()]
            return out

        def ddp_rank(rank, world, T, init_file, out_file):
            # Two CPU processes with gloo: the fine-tune schedule's freezing (frozen gradients
            # dropped after backward) keeps the ranks' parameters equal when UNFREEZE_AT comes.
            import torch.distributed as dist
            from torch.nn.parallel import DistributedDataParallel as DDP
            dist.init_process_group("gloo", init_method="file://" + init_file, rank=rank, world_size=world)
            torch.manual_seed(0)
            model = T.build_model()
            T.apply_freezing(model, 1, set())  # before DDP wraps it, as LayerBenchClassifier does
            initial = float(model.features[0].weight.sum())
            ddp = DDP(model)
            optimizer = T.make_optimizer(model)
            torch.manual_seed(100 + rank)  # each rank sees other data
            out = {"initial_conv": initial}
            for epoch in (1, 2):
                frozen = T.apply_freezing(model, epoch, set())
                x, y = torch.randn(4, 3, 16, 16), torch.randint(0, 3, (4,))
                optimizer.zero_grad(set_to_none=True)
                torch.nn.functional.cross_entropy(ddp(x), y).backward()
                T.drop_frozen_gradients(model, frozen)
                optimizer.step()
                flat = torch.cat([p.detach().flatten() for p in model.parameters()])
                gathered = [torch.zeros_like(flat) for _ in range(world)]
                dist.all_gather(gathered, flat)
                out[str(epoch)] = {"in_sync": all(torch.equal(gathered[0], g) for g in gathered),
                                   "conv": float(model.features[0].weight.sum())}
            if rank == 0:
                with open(out_file, "w") as f:
                    json.dump(out, f)
            dist.destroy_process_group()

        def ddp_check(T):
            import os, tempfile
            import torch.distributed as dist
            if not (dist.is_available() and dist.is_gloo_available()):
                return {"skipped": "torch.distributed with gloo is not available"}
            d = tempfile.mkdtemp()
            out_file = os.path.join(d, "out.json")
            torch.multiprocessing.start_processes(
                ddp_rank, args=(2, T, os.path.join(d, "init"), out_file), nprocs=2, start_method="fork")
            with open(out_file) as f:
                return json.load(f)

        py_compile.compile("predict_pipeline.py", doraise=True)
        results = {}
        for f in sys.argv[1:]:
            T = load(f)
            results[f] = one_batch(T) if f in ("train_a.py", "train_b.py") else compiled(T)
            if f == "train_b.py":
                results["ddp"] = ddp_check(T)

        # A stand-in for Lightning (which cannot be installed here), calling the module's hooks in
        # the order Lightning's automatic optimization documents: it checks the script's glue code
        # (main, the LightningModule and LightningDataModule), not Lightning.
        import types
        stub = types.ModuleType("lightning")
        seen = {"logged": set(), "lrs": [], "fc": [], "conv": [], "bn": [], "options": None}

        class LightningModule(torch.nn.Module):
            current_epoch = 0

            def log(self, name, value, **kwargs):
                seen["logged"].add(name)

        class LightningDataModule:
            def __init__(self):
                pass

        class Trainer:
            def __init__(self, **options):
                self.options, self.is_global_zero = options, True
                seen["options"] = {k: v for k, v in options.items() if k != "callbacks"}

            def fit(self, task, datamodule):
                datamodule.setup("fit")
                task.trainer = self
                train = datamodule.train_dataloader()
                self.estimated_stepping_batches = self.options["max_epochs"] * len(train)
                conf = task.configure_optimizers()
                optimizer, schedule = conf["optimizer"], conf["lr_scheduler"]["scheduler"]
                clip = self.options["gradient_clip_val"]
                m = task.model
                seen["initial"] = [float(m.features[0].weight.abs().sum()), float(m.fc.weight.abs().sum())]
                for epoch in range(self.options["max_epochs"]):
                    task.current_epoch = epoch
                    task.train()
                    task.on_train_epoch_start()
                    for i, batch in enumerate(train):
                        if i == 2:
                            break
                        seen["lrs"].append([g["lr"] for g in optimizer.param_groups])
                        loss = task.training_step(batch, i)
                        optimizer.zero_grad(set_to_none=True)
                        loss.backward()
                        task.on_after_backward()
                        if clip:
                            params = [p for g in optimizer.param_groups for p in g["params"]]
                            torch.nn.utils.clip_grad_norm_(params, clip)
                        optimizer.step()
                        schedule.step()
                    task.eval()
                    with torch.no_grad():
                        task.validation_step(next(iter(datamodule.val_dataloader())), 0)
                    m = task.model
                    seen["conv"].append(float(m.features[0].weight.abs().sum()))
                    seen["bn"].append(float(m.features[1].weight.abs().sum()))
                    seen["fc"].append(float(m.fc.weight.abs().sum()))

        stub.LightningModule, stub.LightningDataModule, stub.Trainer = LightningModule, LightningDataModule, Trainer
        stub.seed_everything = lambda seed, workers=False: torch.manual_seed(seed)
        stub.callbacks = types.SimpleNamespace(EarlyStopping=lambda **kwargs: kwargs)
        sys.modules["lightning"] = stub
        spec = importlib.util.spec_from_file_location("train_b_stubbed", "train_b.py")
        T = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(T)
        seen["exit"] = T.main(["--epochs", "2", "--batch", "4", "--workers", "0", "--out", "trained.pt"])
        seen["saved"] = sorted(torch.load("trained.pt").keys())
        seen["logged"] = sorted(seen["logged"])
        results["stub"] = seen
        print(json.dumps(results))
        """
            .formatted(
                TOTAL,
                java.util.Arrays.toString(STEPS),
                SHAPES.resolve("val/circle/circle_000.png").toAbsolutePath());
    Files.writeString(dir.resolve("driver.py"), driver);
    List<String> args = new ArrayList<>(List.of("driver.py"));
    args.addAll(COMPILED);
    args.add("train_a.py");
    args.add("train_b.py");
    Python.Result r = python.run(dir, Duration.ofSeconds(180), args.toArray(String[]::new));
    assertThat(r.ok()).as(r.stderr()).isTrue();
    List<String> lines = r.stdout().lines().toList(); // main() prints its own lines first
    results = JSON.readTree(lines.get(lines.size() - 1));
    assertThat(lines).contains("saved the trained weights to trained.pt");
  }

  private static void write(String name, RunSettings run, ImagePreprocessing pp) throws Exception {
    Files.writeString(dir.resolve(name), LightningScript.generate(run, pp));
    if (name.startsWith("train_") && !name.equals("train_a.py") && !name.equals("train_b.py")) {
      COMPILED.add(name);
    }
  }

  private static JsonNode result(String script) {
    assumeTrue(skipReason == null, skipReason);
    return results.get(script);
  }

  @Test
  void compilesForEveryConfigurationAndFollowsTheSchedule() {
    assumeTrue(skipReason == null, skipReason);
    assertThat(COMPILED).hasSize(7);
    for (String f : COMPILED) {
      JsonNode s = result(f);
      String schedule = s.get("schedule").asText();
      for (int i = 0; i < STEPS.length; i++) {
        assertThat(0.01 * s.get("factors").get(i).asDouble())
            .as(f + " step " + STEPS[i])
            .isCloseTo(Schedule.lr(schedule, 0.01, STEPS[i], TOTAL), within(1e-15));
      }
      assertThat(s.get("train_shape").toString()).as(f).isEqualTo("[3,64,64]");
      assertThat(s.get("val_shape").toString()).as(f).isEqualTo("[3,64,64]");
    }
  }

  @Test
  void lightningGlueRunsUnderAStandInTrainer() throws Exception {
    JsonNode stub = result("stub");
    assertThat(stub.get("exit").asInt()).isZero();
    assertThat(stub.get("logged").toString())
        .isEqualTo("[\"train_accuracy\",\"train_loss\",\"val_accuracy\",\"val_loss\"]");
    JsonNode options = stub.get("options");
    assertThat(options.get("max_epochs").asInt()).isEqualTo(2);
    assertThat(options.get("accelerator").asText()).isEqualTo("cpu"); // the run's device
    assertThat(options.get("devices").asInt()).isEqualTo(1);
    assertThat(options.get("precision").asInt()).isEqualTo(32);
    assertThat(options.get("gradient_clip_val").isNull()).isTrue(); // clipNorm 0
    assertThat(options.get("gradient_clip_algorithm").asText()).isEqualTo("norm");
    assertThat(options.has("strategy")).isFalse();
    // The fine-tune schedule: the conv stays as initialised in epoch 1 and trains from epoch 2;
    // BatchNorm (trainBatchNorm) and the head train throughout.
    double conv0 = stub.get("initial").get(0).asDouble();
    assertThat(stub.get("conv").get(0).asDouble()).isEqualTo(conv0);
    assertThat(stub.get("conv").get(1).asDouble()).isNotEqualTo(conv0);
    assertThat(stub.get("fc").get(0).asDouble())
        .isNotEqualTo(stub.get("initial").get(1).asDouble());
    // cosine over max_epochs × batches per epoch, stepped per batch
    JsonNode lrs = stub.get("lrs");
    long total = 2 * ((ImageFolder.scan(FLAT, 0.25, 3).train().size() + 3) / 4);
    assertThat(lrs).hasSize(4);
    int[] steps = {0, 1, 2, 3};
    for (int i = 0; i < 4; i++) {
      assertThat(lrs.get(i).get(0).asDouble())
          .isCloseTo(Schedule.lr("cosine", 0.01, steps[i], total), within(1e-15));
    }
    assertThat(stub.get("saved").toString()).contains("fc.weight", "features.1.running_mean");
  }

  @Test
  void fineTuneFreezingKeepsDdpRanksInSync() {
    JsonNode ddp = result("ddp");
    assumeTrue(!ddp.has("skipped"), () -> ddp.get("skipped").asText());
    // Two gloo processes on different data: in sync after the frozen epoch and after unfreezing.
    assertThat(ddp.get("1").get("in_sync").asBoolean()).isTrue();
    assertThat(ddp.get("2").get("in_sync").asBoolean()).isTrue();
    assertThat(ddp.get("1").get("conv").asDouble()).isEqualTo(ddp.get("initial_conv").asDouble());
    assertThat(ddp.get("2").get("conv").asDouble())
        .isNotEqualTo(ddp.get("initial_conv").asDouble());
  }

  private static void checkMain(JsonNode out) {
    if (!out.get("lightning").asBoolean()) {
      assertThat(out.get("main").get(0).asInt()).isEqualTo(1);
      assertThat(out.get("main").get(1).asText().strip().lines())
          .singleElement()
          .asString()
          .contains("pip install lightning");
    }
  }

  @Test
  void oneBatchFreezesBatchNormEvalMultipliesAndClips() throws Exception {
    JsonNode out = result("train_a.py");
    checkMain(out);
    Map<String, Double> multipliers = MULTIPLIERS;

    var scan = ImageFolder.scan(SHAPES, 0.2, 5);
    assertThat(out.get("classes").toString()).isEqualTo("[\"circle\",\"square\",\"triangle\"]");
    assertThat(out.get("sizes").get(0).asInt()).isEqualTo(scan.train().size());
    assertThat(out.get("sizes").get(1).asInt()).isEqualTo(scan.val().size());
    assertThat(out.get("x_shape").toString()).isEqualTo("[8,3,64,64]");

    ParameterGroups groups = new ParameterGroups(List.of(), false, false, multipliers);
    long total = out.get("total").asLong();
    assertThat(total).isEqualTo(3 * ((scan.train().size() + 7) / 8));
    JsonNode g = out.get("groups");
    for (int i = 0; i < g.size(); i++) {
      double lr = g.get(i).get("lr").asDouble();
      assertThat(g.get(i).get("weight_decay").asDouble()).isEqualTo(1e-4);
      for (JsonNode p : g.get(i).get("params")) {
        double base = 0.01 * groups.multiplier(p.asText());
        // LambdaLR set the group's rate to lr × multiplier × lr_factor(0) on construction
        assertThat(lr)
            .as(p.asText())
            .isCloseTo(Schedule.lr("onecycle", base, 0, total), within(1e-15));
        assertThat(out.get("lr_after_step").get(i).asDouble())
            .isCloseTo(Schedule.lr("onecycle", base, 1, total), within(1e-15));
      }
    }
    assertThat(g).hasSize(3); // 0.25 for features.0, 0.5 for features.1, 10 for fc
    assertThat(out.get("frozen").toString())
        .isEqualTo(
            "[\"features.0.bias\",\"features.0.weight\",\"features.1.bias\",\"features.1.weight\"]");
    JsonNode changed = out.get("changed");
    JsonNode grad = out.get("requires_grad");
    for (String frozen :
        List.of("features.0.weight", "features.0.bias", "features.1.weight", "features.1.bias")) {
      assertThat(changed.get(frozen).asBoolean()).as(frozen).isFalse();
      assertThat(grad.get(frozen).asBoolean()).as(frozen).isFalse();
    }
    // Frozen BatchNorm in eval mode: its running statistics stay as they were.
    assertThat(changed.get("features.1.running_mean").asBoolean()).isFalse();
    assertThat(changed.get("features.1.running_var").asBoolean()).isFalse();
    assertThat(changed.get("fc.weight").asBoolean()).isTrue();
    assertThat(changed.get("fc.bias").asBoolean()).isTrue();
    assertThat(out.get("frozen_later")).hasSize(4); // no fine-tune schedule: frozen throughout
  }

  @Test
  void oneBatchFineTuneScheduleAndTheSplitOfAFolderWithoutVal() throws Exception {
    JsonNode out = result("train_b.py");
    checkMain(out);
    Path flat = FLAT; // class folders, no train/ or val/: split by valSplit

    var scan = ImageFolder.scan(flat, 0.25, 3);
    List<String> javaVal =
        scan.val().stream().map(s -> s.file().toAbsolutePath().normalize().toString()).toList();
    List<String> pythonVal = new ArrayList<>();
    out.get("val_files").forEach(f -> pythonVal.add(Path.of(f.asText()).normalize().toString()));
    assertThat(pythonVal).isEqualTo(javaVal);
    assertThat(out.get("sizes").get(0).asInt()).isEqualTo(scan.train().size());

    // The fine-tune schedule keeps requires_grad (DDP) and drops the frozen gradients instead.
    assertThat(out.get("frozen").toString())
        .isEqualTo("[\"features.0.bias\",\"features.0.weight\"]"); // BatchNorm keeps training
    out.get("requires_grad").forEach(b -> assertThat(b.asBoolean()).isTrue());
    JsonNode changed = out.get("changed");
    assertThat(changed.get("features.0.weight").asBoolean()).isFalse();
    assertThat(changed.get("features.0.bias").asBoolean()).isFalse();
    assertThat(changed.get("features.1.weight").asBoolean()).isTrue();
    assertThat(changed.get("features.1.running_mean").asBoolean()).isTrue(); // not frozen: train
    assertThat(changed.get("fc.weight").asBoolean()).isTrue();
    assertThat(out.get("frozen_later")).isEmpty(); // epoch 2 = unfreezeAt
    // adamw without weight decay takes LayerBench's 0.01
    assertThat(out.get("groups")).hasSize(1);
    assertThat(out.get("groups").get(0).get("weight_decay").asDouble()).isEqualTo(0.01);
    assertThat(out.get("groups").get(0).get("lr").asDouble()).isEqualTo(0.01);
  }

  @Test
  void readsRunJsonAsTrainingRunWritesIt() throws Exception {
    // TrainingRun.baseRunJson puts the TrainConfig record itself under "config" (Jackson).
    var config =
        new org.layerbench.engine.train.TrainConfig(
            7,
            16,
            3e-3,
            "rmsprop",
            5e-4,
            "step",
            96,
            0.3,
            42,
            "gpu",
            2,
            3,
            2.5,
            4,
            "val_accuracy",
            new ParameterGroups(List.of("layer1", "conv1"), true, true, Map.of("fc", 10.0), 3));
    Map<String, Object> run = new java.util.LinkedHashMap<>();
    run.put("format", "layerbench.run");
    run.put("version", 1);
    run.put("data", "/data/shapes");
    run.put("model", "resnet18");
    run.put("config", config);
    run.put("weights", "/w/resnet18.safetensors");
    run.put("transforms", JSON.readTree(PipelineFile.standard(96).toJson()));
    run.put("progressiveResizing", Map.of("4", 128));
    RunSettings s = RunSettings.parse(JSON.writeValueAsString(run));
    assertThat(s)
        .extracting(
            RunSettings::epochs,
            RunSettings::batchSize,
            RunSettings::lr,
            RunSettings::optimizer,
            RunSettings::weightDecay,
            RunSettings::schedule,
            RunSettings::imageSize,
            RunSettings::valSplit,
            RunSettings::seed,
            RunSettings::device,
            RunSettings::workers,
            RunSettings::clipNorm,
            RunSettings::patience,
            RunSettings::monitor)
        .containsExactly(
            7, 16, 3e-3, "rmsprop", 5e-4, "step", 96, 0.3, 42L, "gpu", 3, 2.5, 4, "val_accuracy");
    assertThat(s.freeze()).containsExactly("layer1", "conv1");
    assertThat(s.trainBatchNorm()).isTrue();
    assertThat(s.frozenBatchNormEval()).isTrue();
    assertThat(s.lrMultipliers()).isEqualTo(Map.of("fc", 10.0));
    assertThat(s.unfreezeAt()).isEqualTo(3);
    assertThat(s.data()).isEqualTo("/data/shapes");
    assertThat(s.modelName()).isEqualTo("resnet18");
    assertThat(s.weights()).isEqualTo("/w/resnet18.safetensors");
    assertThat(s.progressiveResizing()).isEqualTo(Map.of("4", 128));
    assertThat(s.trainSteps()).isEqualTo(PipelineFile.standard(96).train().toJson());
    assertThat(s.fromRunJson()).isTrue();
    String script = LightningScript.generate(s, ImagePreprocessing.imagenet(96, 96));
    assertThat(script)
        .contains("OPTIMIZER = \"rmsprop\"")
        .contains("FREEZE = [\"layer1\", \"conv1\"]")
        .contains("LR_MULTIPLIERS = {\"fc\": 10.0}")
        .contains("UNFREEZE_AT = 3")
        .contains("transforms.Resize(size=(96, 96))")
        .contains("# The run started from /w/resnet18.safetensors")
        .contains("# The run resized progressively");
  }

  @Test
  void runJsonDefaultsAndOneLineErrors() throws Exception {
    Path none = Files.createTempDirectory("no-run");
    assertThat(RunSettings.read(none)).isEqualTo(RunSettings.defaults());
    RunSettings partial =
        RunSettings.parse("{\"config\": {\"epochs\": 4, \"schedule\": \"Cosine\"}}");
    assertThat(partial.epochs()).isEqualTo(4);
    assertThat(partial.schedule()).isEqualTo("cosine");
    assertThat(partial.batchSize()).isEqualTo(64);
    assertThat(partial.hasTransforms()).isFalse();
    assertThatThrownBy(() -> RunSettings.parse("{\"config\": {\"epochs\": 4,"))
        .isInstanceOf(ExportException.class)
        .hasMessageStartingWith("run.json is not valid JSON")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThatThrownBy(() -> RunSettings.parse("{\"config\": {\"optimizer\": \"lion\"}}"))
        .isInstanceOf(ExportException.class)
        .hasMessage(
            "run.json: unknown optimizer 'lion' (known: adam, adamw, sgd, sgd-nesterov, rmsprop)");
    assertThatThrownBy(() -> RunSettings.parse("{\"config\": {\"epochs\": \"ten\"}}"))
        .hasMessage("run.json: epochs must be a whole number, got \"ten\"");
    assertThat(LightningScript.readmeSection())
        .contains("python train_lightning.py --data DIR --accelerator cpu --devices 1")
        .contains("--accelerator gpu --devices N --strategy ddp")
        .contains("torchrun --nnodes M --nproc_per_node N")
        .contains("--num-nodes M")
        .contains("Lightning cannot be installed");
  }
}
