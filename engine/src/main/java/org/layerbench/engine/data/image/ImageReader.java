package org.layerbench.engine.data.image;

import java.util.random.RandomGenerator;
import org.layerbench.engine.data.BatchData;
import org.layerbench.engine.data.Sample;
import org.layerbench.engine.data.SampleLayout;
import org.layerbench.engine.data.SampleReader;
import org.layerbench.engine.data.UnreadableSampleException;

/**
 * The image modality's {@link SampleReader}: decodes the sample's file as PIL's {@code
 * convert("RGB")} would and runs the transforms on it, giving {@code channels × H × W} float32.
 * {@link Preprocess} (deterministic) takes a faster path whose resized images can be cached ({@link
 * CachedImageReader}); a pipeline with augmentation runs whole for every sample.
 */
public class ImageReader implements SampleReader {

  private final SampleTransform transform;
  private final SampleLayout layout;
  private final Preprocess preprocess;
  private final float[] lut;

  ImageReader(SampleTransform transform) {
    this.transform = java.util.Objects.requireNonNull(transform);
    this.layout =
        SampleLayout.float32(transform.channels(), transform.outHeight(), transform.outWidth());
    this.preprocess = transform instanceof Preprocess p ? p : null;
    this.lut = preprocess == null ? null : preprocess.lookupTable();
  }

  /** The reader that runs {@code transform} on each decoded image. */
  public static ImageReader of(SampleTransform transform) {
    return new ImageReader(transform);
  }

  /** Memory a cache of {@code sampleCount} images resized by {@code preprocess} needs. */
  public static long cacheBytes(int sampleCount, Preprocess preprocess) {
    return 3L * preprocess.height() * preprocess.width() * sampleCount;
  }

  @Override
  public SampleLayout layout() {
    return layout;
  }

  @Override
  public void read(int index, Sample sample, RandomGenerator random, BatchData out, int slot)
      throws UnreadableSampleException {
    if (preprocess != null) {
      write(resized(sample), out, slot);
      return;
    }
    RgbImage image = decode(sample);
    try {
      transform.apply(image, random, out.floats(), out.offset(slot));
    } catch (SampleTransform.ShapeMismatchException e) {
      throw e; // the same for every file: stop the run with the reason
    } catch (IllegalArgumentException e) {
      throw new UnreadableSampleException("the transforms failed: " + e.getMessage());
    }
  }

  @Override
  public long cacheBytes(int samples) {
    return preprocess == null ? -1 : cacheBytes(samples, preprocess);
  }

  @Override
  public SampleReader cached(int samples) {
    return preprocess == null ? this : new CachedImageReader(this, samples);
  }

  /** The file decoded and resized by the {@link Preprocess} (only for a Preprocess). */
  byte[] resized(Sample sample) throws UnreadableSampleException {
    return preprocess.resize(decode(sample));
  }

  /** ToTensor, crop and Normalize of an image {@link #resized} gave, into slot {@code slot}. */
  void write(byte[] resized, BatchData out, int slot) {
    preprocess.writeTensor(resized, lut, out.floats(), out.offset(slot));
  }

  private static RgbImage decode(Sample sample) throws UnreadableSampleException {
    try {
      return ImageDecoder.decode(sample.file());
    } catch (ImageDecodeException e) {
      throw new UnreadableSampleException(e.reason());
    } catch (RuntimeException e) { // a decoder bug must cost one file, not the epoch
      throw new UnreadableSampleException("cannot decode (" + e + ")");
    }
  }
}
