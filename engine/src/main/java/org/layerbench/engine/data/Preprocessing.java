package org.layerbench.engine.data;

/**
 * What a model needs done to a sample before it sees it, stored in the model bundle so inference
 * repeats it: one variant per modality ({@link ImagePreprocessing}, {@link TextPreprocessing} with
 * its vocabulary; audio its spectrogram settings). The variants live in this package because a
 * sealed type's permitted classes must share its package outside a named module.
 */
public sealed interface Preprocessing permits ImagePreprocessing, TextPreprocessing {

  /** The modality's name as the bundle stores it ("image"). */
  String modality();

  /** What one sample becomes: the model's input shape (without the batch) and element type. */
  SampleLayout layout();

  /** The deterministic reader that applies this preprocessing, for evaluation and prediction. */
  SampleReader reader();
}
