package org.layerbench.engine.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.layerbench.engine.data.ImagePreprocessing;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.SampleTransform;

/**
 * Test helper: LayerBench's own inference tensors ({@link ImagePreprocessing#transform}, what
 * predict and evaluate apply) for images, written as little-endian float32 for a Python side to
 * read.
 */
public final class InferenceTransforms {
  private InferenceTransforms() {}

  /** The tensors of the images, one after the other (C×H×W each), as raw float32 LE. */
  public static void write(ImagePreprocessing pp, List<Path> images, Path out) throws Exception {
    SampleTransform t = pp.transform();
    ByteBuffer b =
        ByteBuffer.allocate(4 * t.outSize() * images.size()).order(ByteOrder.LITTLE_ENDIAN);
    float[] one = new float[t.outSize()];
    for (Path image : images) {
      t.apply(ImageDecoder.decode(image), new SplittableRandom(0), one, 0);
      for (float f : one) {
        b.putFloat(f);
      }
    }
    Files.write(out, b.array());
  }

  /** The sample project's validation images, sorted. */
  public static List<Path> sampleImages() throws IOException {
    try (var s = Files.walk(Path.of("..", "sample-data", "project", "data", "shapes", "val"))) {
      return s.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
  }
}
