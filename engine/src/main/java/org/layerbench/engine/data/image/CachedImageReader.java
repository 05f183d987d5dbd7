package org.layerbench.engine.data.image;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.random.RandomGenerator;
import org.layerbench.engine.data.BatchData;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.data.SampleReader;
import org.layerbench.engine.data.UnreadableSampleException;

/**
 * An {@link ImageReader} with a {@link Preprocess} that keeps each sample's resized image
 * (height×width×3 bytes) once decoded, so epochs after the first touch neither disk nor decoder.
 * Valid only because the preprocessing is deterministic.
 */
final class CachedImageReader implements SampleReader {

  private final ImageReader images;
  private final AtomicReferenceArray<byte[]> resized;

  CachedImageReader(ImageReader images, int samples) {
    this.images = images;
    this.resized = new AtomicReferenceArray<>(samples);
  }

  @Override
  public SampleLayout layout() {
    return images.layout();
  }

  @Override
  public void read(int index, Sample sample, RandomGenerator random, BatchData out, int slot)
      throws UnreadableSampleException {
    byte[] image = resized.get(index);
    if (image == null) {
      image = images.resized(sample);
      resized.set(index, image);
    }
    images.write(image, out, slot);
  }

  @Override
  public long cacheBytes(int samples) {
    return images.cacheBytes(samples);
  }

  @Override
  public SampleReader cached(int samples) {
    return samples == resized.length() ? this : images.cached(samples);
  }
}
