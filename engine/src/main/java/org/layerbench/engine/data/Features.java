package org.layerbench.engine.data;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.layerbench.engine.data.image.ImageDecodeException;
import org.layerbench.engine.data.image.ImageDecoder;
import org.layerbench.engine.data.image.ImageReader;
import org.layerbench.engine.data.image.RgbImage;
import org.layerbench.engine.data.text.Vocabulary;
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

  /** One token of a text as the model receives it: its id, and whether it is out of vocabulary. */
  public record Token(String token, long id, boolean unknown) {}

  /**
   * What {@code preprocessing} makes of {@code input}: for an image model INPUT names the image
   * file, for a text model it is the text (int64 ids padded to the maximum length, with the
   * length). The one place each modality says what its INPUT is.
   *
   * @throws UnreadableSampleException when the input cannot be read (the reason, not the file)
   * @throws UnsupportedModalityException for a modality this view does not handle yet
   */
  public static Batch of(Preprocessing preprocessing, String input)
      throws UnreadableSampleException, UnsupportedModalityException {
    return switch (preprocessing) {
      case ImagePreprocessing image -> read(image.reader(), new Sample(Path.of(input), -1), 0);
      case TextPreprocessing text -> read(text.reader(s -> input), new Sample(null, -1), 0);
    };
  }

  /**
   * The tokens of {@code text} that the model receives (cut to the maximum length), each with its
   * id and whether the vocabulary lacks it (then its id is {@code <unk>}'s). A text without tokens
   * gives none; the model receives one {@code <unk>} for it.
   */
  public static List<Token> tokens(TextPreprocessing preprocessing, String text) {
    List<String> tokens = preprocessing.tokenizer().tokenize(text);
    List<Token> out = new java.util.ArrayList<>();
    for (String t : tokens.subList(0, Math.min(tokens.size(), preprocessing.maxLength()))) {
      int id = preprocessing.vocabulary().index(t);
      out.add(new Token(t, id, id == Vocabulary.UNK_ID && !Vocabulary.UNK.equals(t)));
    }
    return out;
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
    return read(ImageReader.of(transform), new Sample(file, -1), seed);
  }

  /** One sample read by {@code reader} into a batch of one, as prediction reads it. */
  private static Batch read(SampleReader reader, Sample sample, long seed)
      throws UnreadableSampleException {
    BatchData data = BatchData.of(reader.layout(), 1);
    reader.read(0, sample, new SplittableRandom(seed), data, 0);
    return data.batch(new int[] {-1}, List.of(sample));
  }
}
