package org.layerbench.app.gui.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.layerbench.app.gui.data.DataViewModel.Preview;
import org.layerbench.app.gui.service.BackgroundJob;
import org.layerbench.engine.data.transform.Image8;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.Previews;

/**
 * What the pipeline being edited makes of the selected image: seeded variants rendered as a {@link
 * BackgroundJob} on the debounced executor, so a burst of edits renders once and only the newest
 * render lands.
 */
final class AugmentationPreview {

  /** Variants in the preview of a random pipeline. */
  static final int COUNT = 8;

  private static final int MAX_SIDE = 256;

  private final DataExecutors ex;
  private final BackgroundJob job;
  private final ReadOnlyObjectWrapper<Preview> preview = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private long seed = 1;

  AugmentationPreview(DataExecutors executors) {
    this.ex = executors;
    this.job = new BackgroundJob(executors.fx());
  }

  /** A new seed, for the next {@link #render}. */
  void reroll() {
    // a seed a person can read and quote (the preview shows it), not a 19-digit long
    seed = new java.util.SplittableRandom(seed).nextInt(1, 1_000_000);
  }

  /** No preview, and why. */
  void clear(String why) {
    job.abandon(null);
    preview.set(null);
    message.set(why);
  }

  /** Drops a running render (the window closed). */
  void abandon() {
    job.abandon(null);
  }

  /**
   * Renders {@code image} through {@code p}; a pipeline with errors shows none and says why, and
   * the last preview stays.
   */
  void render(Pipeline p, Map<StepPath, String> errors, Image8 image) {
    Pipeline.Compiled compiled;
    try {
      compiled = p.compile();
      if (!errors.isEmpty()) {
        throw new IllegalArgumentException(errors.values().iterator().next());
      }
    } catch (IllegalArgumentException e) {
      job.abandon(null);
      message.set("No preview until the pipeline's error is fixed.");
      return;
    }
    boolean random = p.random();
    int n = random ? COUNT : 1;
    long s = seed;
    job.task(
            "render the preview",
            progress -> {
              List<Image8> out = new ArrayList<>();
              List<Image8> variants = Previews.variants(image, compiled, n, s);
              for (Image8 v : variants) {
                out.add(fit(v));
              }
              Image8 first = variants.get(0);
              return new Preview(
                  fit(image), List.copyOf(out), s, random, first.width(), first.height());
            })
        .onSuccess(
            r -> {
              message.set("");
              preview.set(r);
            })
        .onFailed(t -> message.set("The preview failed: " + DataViewModel.readable(t)))
        .startOn(ex.debounced());
  }

  /** Shrinks an image larger than the preview shows (display only; the pipeline saw it whole). */
  private static Image8 fit(Image8 image) {
    return Math.max(image.width(), image.height()) > MAX_SIDE
        ? ThumbnailLoader.shrink(image, MAX_SIDE)
        : image;
  }

  ReadOnlyObjectProperty<Preview> previewProperty() {
    return preview.getReadOnlyProperty();
  }

  ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  ReadOnlyBooleanProperty busyProperty() {
    return job.runningProperty();
  }
}
