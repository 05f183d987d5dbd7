package org.layerbench.app.gui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.train.EngineThread;
import org.layerbench.engine.train.TrainConfig;
import org.layerbench.engine.train.TrainingRun;

/**
 * Real runs for the Evaluate and Predict tests: smallcnn trained on the bundled Shapes sample for
 * one epoch at 32×32 with two seeds, on an engine thread, once per test JVM (a few seconds each).
 */
public final class SampleRuns {
  /** The sample's dataset: train/ and val/, 3 classes, 50 validation images each. */
  public static final Path DATA =
      Path.of("..", "sample-data", "project", "data", "shapes").toAbsolutePath().normalize();

  private static List<Path> runs;

  private SampleRuns() {}

  /** Two finished run folders (run-1, run-2), trained on first use. */
  public static synchronized List<Path> two() throws Exception {
    if (runs == null) {
      Path root = Files.createTempDirectory("layerbench-sample-runs");
      Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(root)));
      try (EngineThread engine = new EngineThread()) {
        for (int seed = 1; seed <= 2; seed++) {
          TrainConfig config =
              new TrainConfig(1, 16, 3e-3, "adam", 0, "constant", 32, 0.2, seed, "cpu", 2, 2);
          var model = Templates.find("smallcnn").orElseThrow().create(3, List.of(3, 32, 32));
          Path dir = root.resolve("run-" + seed);
          engine.submit(new TrainingRun(DATA, model, config, dir)::call).get();
        }
      }
      runs = List.of(root.resolve("run-1"), root.resolve("run-2"));
    }
    return runs;
  }

  private static void delete(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary folder left behind is harmless
    }
  }
}
