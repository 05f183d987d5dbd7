package org.layerbench.engine.data;

import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.data.text.Padding;
import org.layerbench.engine.data.text.TextSettings;
import org.layerbench.engine.data.text.TextSource;
import org.layerbench.engine.data.text.Vocabulary;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.PipelineFile;
import org.layerbench.engine.data.transform.TransformType;

/**
 * How a training run turns its samples into tensors: the reader for each split at a sample size
 * (progressive resizing changes the size between epochs), the {@link Preprocessing} its checkpoints
 * store for inference, and the model's input layout. The one place that knows a run's data are
 * images or texts; the training loop asks it and sees only {@link SampleReader}, {@link
 * Preprocessing}, {@link SampleLayout} and {@link #forModel}.
 *
 * <p>A text run's samples are rows of a {@link TextSource}, read by {@link
 * org.layerbench.engine.data.text.TokenReader}s with the vocabulary of its training split; the
 * sample size (an image size) means nothing to it.
 */
public final class RunData {
  private final PipelineFile transforms;
  private final int configuredSize;
  private final TextPreprocessing text;
  private final TextSource texts;

  private RunData(
      PipelineFile transforms, int configuredSize, TextPreprocessing text, TextSource texts) {
    this.transforms = transforms;
    this.configuredSize = configuredSize;
    this.text = text;
    this.texts = texts;
  }

  /**
   * A run's data with these train and validation pipelines (null: Resize and ImageNet Normalize),
   * written for the configured size; other sizes scale the pipelines ({@link Pipeline#resized}).
   */
  public static RunData of(PipelineFile transforms, int configuredSize) {
    return new RunData(transforms, configuredSize, null, null);
  }

  /**
   * A text run's data: the texts {@code texts} holds, read with {@code preprocessing} (whose
   * vocabulary comes from the training split, {@link #vocabulary}, or from the checkpoint a run
   * resumes from).
   */
  public static RunData text(TextPreprocessing preprocessing, TextSource texts) {
    return new RunData(null, 0, preprocessing, texts);
  }

  /**
   * The vocabulary {@code settings} build from the training samples' texts (torchtext's {@code
   * build_vocab_from_iterator} over the training split only, never validation or test).
   */
  public static Vocabulary vocabulary(
      TextSettings settings, TextSource texts, List<Sample> trainSamples) {
    List<List<String>> tokens = new ArrayList<>(trainSamples.size());
    for (Sample s : trainSamples) {
      tokens.add(settings.tokenizer().tokenize(texts.text(s)));
    }
    return settings.vocabulary(tokens);
  }

  /** Whether the samples are texts (token ids with lengths) rather than images. */
  public boolean isText() {
    return text != null;
  }

  /** The text preprocessing, or null for images. */
  public TextPreprocessing text() {
    return text;
  }

  /**
   * A batch as the model receives it: with dynamic padding cut to its longest text ({@link
   * Batch#trimmedToLongest()}), otherwise itself. The LSTM's lengths make both give the same
   * logits; the cut batch only costs less.
   */
  public Batch forModel(Batch batch) {
    return text != null && text.padding() == Padding.DYNAMIC ? batch.trimmedToLongest() : batch;
  }

  /** What a loader applies to each sample of the train or validation split at this size. */
  public SampleReader reader(boolean train, int size) {
    if (text != null) {
      return text.reader(texts);
    }
    return ImagePreprocessing.runReader(transforms, configuredSize, train, size);
  }

  /** What a checkpoint taken at this size stores for inference: the validation pipeline's work. */
  public Preprocessing preprocessing(int size) {
    if (text != null) {
      return text;
    }
    if (transforms == null) {
      return ImagePreprocessing.imagenet(size, size);
    }
    Pipeline val = transforms.val().resized(configuredSize, size);
    double[][] ms = normalization(val);
    return new ImagePreprocessing(3, size, size, null, null, ms[0], ms[1], val.toJson());
  }

  /** The model's input at this size, without the batch dimension. */
  public SampleLayout layout(int size) {
    return preprocessing(size).layout();
  }

  /** The mean and std of the pipeline's Normalize (3 values each), or 0 and 1 without one. */
  private static double[][] normalization(Pipeline p) {
    double[] mean = {0, 0, 0};
    double[] std = {1, 1, 1};
    for (var s : p.steps()) {
      if (s.enabled()
          && s.type() == TransformType.NORMALIZE
          && s.params().get("mean") instanceof List<?> m
          && s.params().get("std") instanceof List<?> d) {
        for (int c = 0; c < 3; c++) {
          mean[c] = ((Number) m.get(m.size() == 1 ? 0 : Math.min(c, m.size() - 1))).doubleValue();
          std[c] = ((Number) d.get(d.size() == 1 ? 0 : Math.min(c, d.size() - 1))).doubleValue();
        }
      }
    }
    return new double[][] {mean, std};
  }
}
