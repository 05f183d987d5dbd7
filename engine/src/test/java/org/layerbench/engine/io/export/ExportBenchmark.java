package org.layerbench.engine.io.export;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.nn.Network;
import org.layerbench.engine.nn.Weights;

/**
 * Export figures (not a test): ResNet-50's export + verification time, and the exported ResNet-18's
 * inference speed in ONNX Runtime against LayerBench's own forward pass and PyTorch (the reference
 * Python, model.py + state_dict.pt) on the same inputs in the same run, at batch 1 and 64, 224 px,
 * all on the machine's cores. {@code ./mvnw -Pbench test -pl engine -Dtest=ExportBenchmark}.
 */
@Tag("benchmark")
class ExportBenchmark {
  @TempDir Path dir;

  @BeforeAll
  static void start() {
    ExportFixtures.startEngine();
  }

  @Test
  void resnet50ExportAndVerification() throws Exception {
    ModelGraph g = Templates.find("resnet50").orElseThrow().create();
    Path bundle = ExportFixtures.bundle(dir, g, 1000);
    List<String> steps = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    long t0 = System.nanoTime();
    Export.Result r =
        Export.run(
            new Export.Request(bundle, Exporters.all(), dir.resolve("out"), true, false),
            s -> {
              steps.add(s);
              times.add(System.nanoTime());
            });
    long end = System.nanoTime();
    times.add(end);
    System.out.printf(
        Locale.ROOT, "resnet50 export, all formats, verified: %.1f s%n", (end - t0) / 1e9);
    for (int i = 0; i < steps.size(); i++) {
      System.out.printf(
          Locale.ROOT, "  %-55s %6.1f s%n", steps.get(i), (times.get(i + 1) - times.get(i)) / 1e9);
    }
    r.checks()
        .forEach(
            c ->
                System.out.println(
                    "  " + c.status().word() + " " + c.file() + " " + c.maxAbsDiff()));
  }

  @Test
  void resnet18InferenceOnnxRuntimeVsLayerBenchVsPyTorch() throws Exception {
    ModelGraph g = Templates.find("resnet18").orElseThrow().create();
    Path bundle = ExportFixtures.bundle(dir, g, 1000);
    Export.run(
        new Export.Request(
            bundle,
            List.of(Exporters.find("pytorch").orElseThrow(), Exporters.find("onnx").orElseThrow()),
            dir.resolve("out"),
            false,
            false),
        s -> {});
    Path out = dir.resolve("out");
    int threads = Runtime.getRuntime().availableProcessors();
    for (int batch : new int[] {1, 64}) {
      int reps = batch == 1 ? 30 : 3;
      long[] shape = {batch, 3, 224, 224};
      float[] x = new float[batch * 3 * 224 * 224];
      SplittableRandom rnd = new SplittableRandom(1);
      for (int i = 0; i < x.length; i++) {
        x[i] = (float) rnd.nextDouble(-2, 2);
      }
      double lb = layerBench(g, bundle, x, shape, reps);
      double ort = onnxRuntime(out.resolve("model.onnx"), x, shape, reps, threads);
      double pt = pyTorch(out, batch, reps, threads);
      System.out.printf(
          Locale.ROOT,
          "resnet18 224px batch %d: ONNX Runtime %.1f img/s, LayerBench %.1f img/s, PyTorch %s img/s;"
              + " ONNX Runtime/LayerBench %.2f, LayerBench/PyTorch %s%n",
          batch,
          ort,
          lb,
          Double.isNaN(pt) ? "n/a" : String.format(Locale.ROOT, "%.1f", pt),
          ort / lb,
          Double.isNaN(pt) ? "n/a" : String.format(Locale.ROOT, "%.2f", lb / pt));
    }
  }

  /** Median images/s of LayerBench's eval forward pass (what predict runs), after one warm-up. */
  private static double layerBench(ModelGraph g, Path bundle, float[] x, long[] shape, int reps)
      throws Exception {
    var weights = org.layerbench.engine.io.ModelBundle.read(bundle).weights();
    try (NDManager m = NDManager.newBaseManager();
        Network net = Network.create(GraphAnalysis.of(g), m, 0)) {
      Weights.load(net, weights);
      List<Double> rates = new ArrayList<>();
      for (int i = 0; i <= reps; i++) {
        try (NDManager b = m.newSubManager()) {
          long t = System.nanoTime();
          NDArray out = net.forward(b.create(x, new Shape(shape)), false);
          out.toFloatArray();
          double s = (System.nanoTime() - t) / 1e9;
          if (i > 0) {
            rates.add(shape[0] / s);
          }
        }
      }
      return median(rates);
    }
  }

  private static double onnxRuntime(Path model, float[] x, long[] shape, int reps, int threads)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
      o.setIntraOpNumThreads(threads);
      try (OrtSession s = env.createSession(model.toString(), o)) {
        List<Double> rates = new ArrayList<>();
        for (int i = 0; i <= reps; i++) {
          try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(x), shape)) {
            long t0 = System.nanoTime();
            try (var r = s.run(Map.of("input", t))) {
              ((OnnxTensor) r.get(0)).getFloatBuffer();
            }
            if (i > 0) {
              rates.add(shape[0] / ((System.nanoTime() - t0) / 1e9));
            }
          }
        }
        return median(rates);
      }
    }
  }

  private static double pyTorch(Path exportDir, int batch, int reps, int threads) throws Exception {
    var lookup = Python.find();
    if (lookup.python().isEmpty()) {
      System.out.println("PyTorch: " + lookup.whyNot());
      return Double.NaN;
    }
    String script =
        """
        import statistics, sys, time, torch
        sys.path.insert(0, sys.argv[1])
        import model
        torch.set_num_threads(int(sys.argv[4]))
        net = model.build_model()
        net.load_state_dict(torch.load(sys.argv[1] + "/state_dict.pt", weights_only=True))
        net.eval()
        batch, reps = int(sys.argv[2]), int(sys.argv[3])
        x = torch.rand(batch, 3, 224, 224) * 4 - 2
        rates = []
        with torch.no_grad():
            for i in range(reps + 1):
                t = time.perf_counter()
                net(x)
                if i:
                    rates.append(batch / (time.perf_counter() - t))
        print(statistics.median(rates))
        """;
    Path file = exportDir.resolve("bench.py");
    Files.writeString(file, script);
    var r =
        lookup
            .python()
            .get()
            .run(
                exportDir,
                Duration.ofMinutes(10),
                file.toString(),
                exportDir.toString(),
                String.valueOf(batch),
                String.valueOf(reps),
                String.valueOf(threads));
    if (!r.ok()) {
      System.out.println("PyTorch failed: " + r.stderr());
      return Double.NaN;
    }
    return Double.parseDouble(r.stdout().strip());
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    s.sort(null);
    return s.get(s.size() / 2);
  }
}
