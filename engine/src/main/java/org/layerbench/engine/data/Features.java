package org.layerbench.engine.data;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.image.RgbImage;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineTransform;
import org.layerbench.engine.data.transform.TensorImage;

/**
 * The tensor a model receives for one input, as a batch of one: what {@code layerbench features}
 * prints. It is read by the same {@link SampleReader} that prediction and evaluation use, so the
 * values are those the network sees, not a re-implementation of them.
 */
public final class Features {
  private Features() {}

  /** A model whose modality has no single-input view yet; the message says which. */
  public static final class UnsupportedModalityException extends Exception {
    public UnsupportedModalityException(String message) {
      super(message);
    }
  }

  /**
   * What {@code preprocessing} makes of {@code input}: for an image model INPUT names the image
   * file. The one place each modality says what its INPUT is.
   *
   * @throws UnreadableSampleException when the input cannot be read (the reason, not the file)
   * @throws UnsupportedModalityException for a modality this view does not handle yet
   */
  public static Batch of(Preprocessing preprocessing, String input)
      throws UnreadableSampleException, UnsupportedModalityException {
    return switch (preprocessing) {
      case ImagePreprocessing image -> read(image.reader(), Path.of(input), 0);
      // Text (issue 23) slots in here: INPUT is the text itself, and the result is the int64
      // token ids with their length, from the text preprocessing's own tokenizer and vocabulary.
      default ->
          throw new UnsupportedModalityException(
              "this model takes "
                  + preprocessing.modality()
                  + " input; features shows image models only so far");
    };
  }

  /**
   * What a transforms pipeline makes of the image {@code file}: its output shape is what the
   * pipeline gives this image, and the values come from the batch loader's reader with that shape.
   * {@code seed} seeds the random transforms (one draw); a deterministic pipeline ignores it.
   */
  public static Batch ofPipeline(Pipeline pipeline, Path file, long seed)
      throws UnreadableSampleException {
    TensorImage shape;
    try {
      RgbImage image = ImageDecoder.decode(file);
      shape = pipeline.compile().apply(Image8.of(image), new SplittableRandom(seed));
    } catch (ImageDecodeException e) {
      throw new UnreadableSampleException(e.reason());
    } catch (IllegalArgumentException e) {
      throw new UnreadableSampleException("the transforms failed: " + e.getMessage());
    }
    PipelineTransform transform =
        new PipelineTransform(pipeline, shape.channels(), shape.height(), shape.width());
    return read(ImageReader.of(transform), file, seed);
  }

  /** One sample read by {@code reader} into a batch of one, as prediction reads it. */
  private static Batch read(SampleReader reader, Path file, long seed)
      throws UnreadableSampleException {
    Sample sample = new Sample(file, -1);
    BatchData data = BatchData.of(reader.layout(), 1);
    reader.read(0, sample, new SplittableRandom(seed), data, 0);
    return data.batch(new int[] {-1}, List.of(sample));
  }
}
