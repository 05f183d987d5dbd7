package org.layerbench.engine.data;

/**
 * The layout of the samples a model will be fed, known before a run or a bundle builds its
 * preprocessing, so that a front end sizes a template (and matches weights) without knowing what a
 * modality's sample looks like: it asks here instead of writing {@code 3, size, size}.
 */
public final class InputLayouts {

  private InputLayouts() {}

  /**
   * What a training run on an image folder at image size {@code size} feeds its model: the layout
   * of the {@link ImagePreprocessing} it stores, {@code [3, size, size]} float32, with or without a
   * transforms pipeline (a run's pipelines must produce images of that size).
   *
   * @throws IllegalArgumentException when {@code size} is not positive
   */
  public static SampleLayout imageRun(int size) {
    return ImagePreprocessing.imagenet(size, size).layout();
  }

  /**
   * What a model imported for ImageNet-style inference is fed at {@code height}×{@code width}: the
   * layout of {@link ImagePreprocessing#imagenet}.
   */
  public static SampleLayout imagenet(int height, int width) {
    return ImagePreprocessing.imagenet(height, width).layout();
  }
}
