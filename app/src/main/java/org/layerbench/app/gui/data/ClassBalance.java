package org.layerbench.app.gui.data;

import java.util.List;
import java.util.Locale;

/**
 * Whether the training images are spread evenly over the classes, and what it means when they are
 * not. A model trained on imbalanced classes learns that guessing the large class pays, and plain
 * accuracy hides it.
 */
public final class ClassBalance {

  /** Largest over smallest class above this counts as imbalanced. */
  public static final double THRESHOLD = 1.5;

  private ClassBalance() {}

  /** A class's training image count. */
  public record Count(String name, int images) {}

  /**
   * The warning to show, or null when the classes are balanced (or there are fewer than two).
   * Counts are the training split's; an empty class is the worst imbalance there is.
   */
  public static String warning(List<Count> train) {
    if (train.size() < 2) {
      return null;
    }
    Count largest = train.get(0);
    Count smallest = train.get(0);
    for (Count c : train) {
      if (c.images() > largest.images()) {
        largest = c;
      }
      if (c.images() < smallest.images()) {
        smallest = c;
      }
    }
    if (smallest.images() == 0) {
      return String.format(
          Locale.ROOT,
          "'%s' has no training images: the model cannot learn it. Add images to it, or remove"
              + " the class folder.",
          smallest.name());
    }
    double ratio = (double) largest.images() / smallest.images();
    if (ratio <= THRESHOLD) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "'%s' has %.1f× as many training images as '%s' (%d vs %d). A model"
            + " can then score well by favouring '%s' while missing '%s', and accuracy hides it."
            + " Collect more '%s' images, augment the small classes, or weight the loss, and judge"
            + " the model by per-class recall (Evaluate).",
        largest.name(),
        ratio,
        smallest.name(),
        largest.images(),
        smallest.images(),
        largest.name(),
        smallest.name(),
        smallest.name());
  }

  /** Largest over smallest count (infinite with an empty class, 1 for fewer than two classes). */
  public static double ratio(List<Count> train) {
    if (train.size() < 2) {
      return 1;
    }
    int max = train.stream().mapToInt(Count::images).max().orElse(0);
    int min = train.stream().mapToInt(Count::images).min().orElse(0);
    return min == 0 ? Double.POSITIVE_INFINITY : (double) max / min;
  }
}
