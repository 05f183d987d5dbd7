package org.layerbench.engine.train;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.data.Batch;
import org.layerbench.engine.data.BatchLoader;
import org.layerbench.engine.data.ImageFolder;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.image.Preprocess;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.Templates;
import org.layerbench.engine.nn.Network;

/**
 * What an LR sweep costs against the same number of plain training steps (target ≤ 1.1×): the sweep
 * adds smoothing, a copy of the weights and optimizer state before and a restore after. ./mvnw
 * -Pbench test -pl engine -Dtest=LrFinderBenchmark
 */
@Tag("benchmark")
class LrFinderBenchmark {
  @Test
  void sweepAgainstPlainSteps() throws Exception {
    Engines.ensureStarted();
    Engines.threads(2);
    JniUtils.setGradMode(false);
    var splits =
        ImageFolder.scan(Path.of("..", "sample-data", "project", "data", "shapes"), 0.2, 1);
    int steps = 84;
    try (NDManager m = NDManager.newBaseManager();
        Network net =
            Network.create(
                GraphAnalysis.of(
                    Templates.find("resnet18").orElseThrow().create(3, List.of(3, 32, 32))),
                m,
                1);
        BatchLoader loader =
            new BatchLoader(
                    splits.train(), ImageReader.of(Preprocess.imagenet(32)), 32, true, 1, 2, 4)
                .withCache(true)) {
      Optimizer opt = Optimizer.named("adam", 0);
      // warm up the loader cache and the JIT
      LrFinder.run(net, opt, loader, 32, 1e-6, 1e-3, 30, 1);
      long t0 = System.nanoTime();
      int done = 0;
      for (int epoch = 1; done < steps; epoch++) {
        Iterator<Batch> it = loader.epoch(epoch);
        while (it.hasNext() && done < steps) {
          TrainingRun.trainStep(net, opt, it.next(), 32, 1e-4, 0);
          done++;
        }
      }
      double plain = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      LrFinder.Result r = LrFinder.run(net, opt, loader, 32, 1e-7, 1e-3, steps, 1);
      double sweep = (System.nanoTime() - t1) / 1e9;
      System.out.printf(
          "BENCH lr-find model=resnet18 size=32 batch=32 steps=%d swept=%d plain_s=%.2f sweep_s=%.2f ratio=%.2f target<=1.10%n",
          steps, r.lrs().size(), plain, sweep, sweep / plain * steps / r.lrs().size());
    }
  }
}
