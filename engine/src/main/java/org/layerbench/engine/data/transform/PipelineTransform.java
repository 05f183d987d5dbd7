package org.layerbench.engine.data.transform;

import java.util.random.RandomGenerator;
import org.layerbench.engine.data.image.RgbImage;
import org.layerbench.engine.data.image.SampleTransform;

/**
 * A compiled pipeline as the batch loader's per-sample transform, with the tensor shape the model
 * takes. Every result is checked against that shape, so a pipeline that forgets its final crop
 * fails the run with a sentence instead of a shape error deep in the network.
 */
public final class PipelineTransform implements SampleTransform {

  private final Pipeline.Compiled compiled;
  private final int channels;
  private final int height;
  private final int width;
  private final boolean random;

  public PipelineTransform(Pipeline pipeline, int channels, int height, int width) {
    this.compiled = pipeline.compile();
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.random = pipeline.random();
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public int outHeight() {
    return height;
  }

  @Override
  public int outWidth() {
    return width;
  }

  @Override
  public boolean random() {
    return random;
  }

  /** The tensor for one image (for previews and single predictions). */
  public TensorImage tensor(RgbImage image, RandomGenerator rng) {
    TensorImage t = compiled.apply(Image8.of(image), rng);
    check(image, t.channels(), t.height(), t.width());
    return t;
  }

  @Override
  public void apply(RgbImage image, RandomGenerator rng, float[] out, int offset) {
    compiled.applyInto(Image8.of(image), rng, out, offset, (c, h, w) -> check(image, c, h, w));
  }

  private void check(RgbImage image, int c, int h, int w) {
    if (c != channels || h != height || w != width) {
      throw new ShapeMismatchException(
          "the transforms turn a "
              + image.width()
              + "×"
              + image.height()
              + " image into "
              + c
              + "×"
              + h
              + "×"
              + w
              + ", but the model takes "
              + channels
              + "×"
              + height
              + "×"
              + width
              + " — end the pipeline with Resize(["
              + height
              + ", "
              + width
              + "]) or a crop of that size");
    }
  }
}
