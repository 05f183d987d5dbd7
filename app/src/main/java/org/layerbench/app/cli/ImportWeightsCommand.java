package org.layerbench.app.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.InputLayouts;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.io.BundleContents;
import org.layerbench.engine.io.ModelBundle;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.StateDictLoader;
import org.layerbench.engine.nn.Weights;
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code layerbench import-weights --model MODEL --weights W.safetensors [--strict] [--rename
 * OLD=NEW …] -o X.lbmodel}: maps a state_dict onto a model by PyTorch name and writes a bundle.
 */
@Command(
    name = "import-weights",
    mixinStandardHelpOptions = true,
    description =
        "Load a PyTorch state_dict (safetensors) into a model by name and write a bundle.")
public final class ImportWeightsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "MODEL",
      description = "A model file or a template name.")
  String model;

  @Option(
      names = "--weights",
      required = true,
      paramLabel = "W",
      description =
          "A state_dict: .safetensors, a torch.save .pt/.pth (read without running code), or a .lbmodel.")
  Path weights;

  @Option(
      names = "--strict",
      description = "Every key must match, as load_state_dict(strict=True).")
  boolean strict;

  @Option(
      names = "--rename",
      paramLabel = "OLD=NEW",
      description = "Replace a key prefix first (repeatable), e.g. model.= to drop 'model.'.")
  List<String> renames = new ArrayList<>();

  @Option(
      names = "--classes",
      defaultValue = "1000",
      description = "Classes, for a template name (default ${DEFAULT-VALUE}).")
  int classes;

  @Option(
      names = "--input",
      paramLabel = "C,H,W",
      converter = ShapeConverter.class,
      description = "Input shape, for a template name (default 3,224,224).")
  ShapeConverter.SampleShape input;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "X.lbmodel")
  Path output;

  @Override
  public Integer call() throws Exception {
    Ranges.atLeast(spec, "--classes", classes, 1);
    List<Integer> shape = input == null ? InputLayouts.imagenet(224, 224).dims() : input.dims();
    ModelGraph graph = ModelSource.load(model, classes, shape);
    if (input != null) {
      graph = graph.withInputShape(shape);
    }
    GraphAnalysis analysis = GraphAnalysis.of(graph);
    if (!analysis.ok()) {
      throw new UserException("the model has errors: " + analysis.problems().get(0).message());
    }
    // The weights are held as Java arrays (one per tensor) and, while the bundle is written, twice.
    long heap = Runtime.getRuntime().maxMemory();
    long largest = analysis.stateDict().stream().mapToLong(t -> t.numel()).max().orElse(0);
    if (analysis.stateBytes() > heap / 3 || largest > Integer.MAX_VALUE - 8) {
      throw new UserException(
          "the model has "
              + Ranges.bytes(analysis.stateBytes())
              + " of weights, more than this program's memory allows (a heap of "
              + Ranges.bytes(heap)
              + "); check --input and --classes");
    }
    Map<String, String> prefixes = new LinkedHashMap<>();
    for (String r : renames) {
      int eq = r.indexOf('=');
      if (eq < 0) {
        throw new UserException("--rename takes OLD=NEW, got '" + r + "'");
      }
      prefixes.put(r.substring(0, eq), r.substring(eq + 1));
    }
    Failures.checkWritable(output);
    PrintWriter out = spec.commandLine().getOut();
    StateDictLoader.Report report =
        StateDictLoader.match(
            analysis, StateDictLoader.rename(StateDicts.read(weights, out), prefixes));
    if (strict && !report.complete()) {
      throw new UserException("strict import failed: " + report.describe());
    }
    int classCount = analysis.output().map(s -> s.last()).orElse(0);
    List<String> labels = new ArrayList<>();
    for (int i = 0; i < classCount; i++) {
      labels.add("class" + i);
    }
    int h =
        analysis.graph().inputNode().map(n -> analysis.node(n.id()).output().dim(1)).orElse(224);
    int w =
        analysis.graph().inputNode().map(n -> analysis.node(n.id()).output().dim(2)).orElse(224);
    try (EngineThread engine = new EngineThread()) {
      engine
          .submit(
              () -> {
                Engines.ensureStarted();
                try (NDManager m = NDManager.newBaseManager();
                    Network net = Network.create(analysis, m, 0)) {
                  Weights.loadPartial(net, report.matched());
                  try {
                    ModelBundle.write(
                        output,
                        new BundleContents(
                            analysis.graph(),
                            Weights.toData(net.state()),
                            labels,
                            ImagePreprocessing.imagenet(h, w),
                            Map.of(
                                "importedFrom",
                                weights.toString(),
                                "loaded",
                                report.matched().size()),
                            new LinkedHashMap<>(),
                            Map.of()));
                  } catch (java.io.IOException e) {
                    throw Failures.writing(output, e);
                  }
                }
                return null;
              })
          .get();
    } catch (ExecutionException e) {
      throw Failures.fromEngine(e);
    }
    out.printf(
        Locale.ROOT,
        "loaded %d of %d tensors from %s; %s%n",
        report.matched().size(),
        analysis.stateDict().size(),
        weights,
        report.describe());
    out.println("wrote " + output);
    return 0;
  }
}
