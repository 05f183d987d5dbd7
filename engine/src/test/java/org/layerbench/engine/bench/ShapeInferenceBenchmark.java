package org.layerbench.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.layerbench.engine.graph.GraphAnalysis;
import org.layerbench.engine.graph.ModelGraph;
import org.layerbench.engine.graph.Templates;

/**
 * Prints how long a full analysis of ResNet-50 takes (target: under 10 ms, so the editor can
 * re-infer after every edit). A benchmark, not a timed test: run with {@code ./mvnw -Pbench verify
 * -pl engine}; it asserts only that the analysis is correct, never a time.
 */
@Tag("benchmark")
class ShapeInferenceBenchmark {

  @Test
  void resnet50ShapeInference() {
    ModelGraph g = Templates.find("resnet50").orElseThrow().create();
    long f0 = System.nanoTime();
    long sink = GraphAnalysis.of(g).params(); // the first analysis, before the JIT has compiled it
    long first = System.nanoTime() - f0;
    for (int i = 0; i < 300; i++) { // warm-up: let the JIT compile the analysis
      sink += GraphAnalysis.of(g).params();
    }
    int runs = 500;
    long[] nanos = new long[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      sink += GraphAnalysis.of(g).params();
      nanos[i] = System.nanoTime() - t0;
    }
    java.util.Arrays.sort(nanos);
    System.out.printf(
        "BENCH shape-inference model=resnet50 nodes=%d median_ms=%.3f p95_ms=%.3f first_ms=%.1f target_ms=10%n",
        g.nodes().size(), nanos[runs / 2] / 1e6, nanos[runs * 95 / 100] / 1e6, first / 1e6);
    assertThat(sink).isPositive();
  }
}
