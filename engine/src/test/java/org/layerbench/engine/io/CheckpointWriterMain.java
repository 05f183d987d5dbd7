package org.layerbench.engine.io;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.graph.Templates;

/**
 * Run in a child JVM by {@link KilledWriteTest}: writes version 1, 2, 3, … of a 40 MB bundle over
 * the same file forever, printing each version once it is in place, until it is killed.
 */
public final class CheckpointWriterMain {
  private CheckpointWriterMain() {}

  static BundleContents version(int v) {
    SequencedMap<String, TensorData> weights = new LinkedHashMap<>();
    float[] values = new float[10_000_000];
    java.util.Arrays.fill(values, v);
    weights.put("w", TensorData.ofFloats(new long[] {values.length}, values));
    return new BundleContents(
        Templates.find("simplenet").orElseThrow().create(),
        weights,
        List.of("a", "b"),
        ImagePreprocessing.imagenet(64, 64),
        Map.of("version", v),
        new LinkedHashMap<>(),
        Map.of());
  }

  public static void main(String[] args) throws Exception {
    Path target = Path.of(args[0]);
    for (int v = 1; ; v++) {
      ModelBundle.write(target, version(v));
      System.out.println("written " + v);
      System.out.flush();
    }
  }
}
