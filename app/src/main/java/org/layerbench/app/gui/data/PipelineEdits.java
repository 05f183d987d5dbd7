package org.layerbench.app.gui.data;

import java.util.ArrayList;
import java.util.List;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;

/**
 * The augmentation editor's edits as pure functions Pipeline → Pipeline, each addressing a step by
 * its {@link StepPath}. No JavaFX here: the view-model wraps each in an undoable project edit.
 */
public final class PipelineEdits {

  private PipelineEdits() {}

  /** The step at {@code path}. */
  public static Step get(Pipeline p, StepPath path) {
    List<Step> list = p.steps();
    Step s = null;
    for (int i : path.indices()) {
      if (i >= list.size()) {
        throw new IllegalArgumentException("no " + path + " in the pipeline");
      }
      s = list.get(i);
      list = s.steps();
    }
    if (s == null) {
      throw new IllegalArgumentException("the root is not a step");
    }
    return s;
  }

  /** The list of steps directly under {@code parent} (the root or a RandomApply). */
  public static List<Step> children(Pipeline p, StepPath parent) {
    return parent.isRoot() ? p.steps() : get(p, parent).steps();
  }

  /** Whether {@code path} names a step of {@code p}. */
  public static boolean exists(Pipeline p, StepPath path) {
    if (path == null || path.isRoot()) {
      return false;
    }
    List<Step> list = p.steps();
    for (int i : path.indices()) {
      if (i >= list.size()) {
        return false;
      }
      list = list.get(i).steps();
    }
    return true;
  }

  public static Pipeline replace(Pipeline p, StepPath path, Step step) {
    return new Pipeline(replace(p.steps(), path.indices(), step));
  }

  private static List<Step> replace(List<Step> steps, List<Integer> path, Step step) {
    List<Step> out = new ArrayList<>(steps);
    int i = path.get(0);
    if (path.size() == 1) {
      out.set(i, step);
    } else {
      Step s = out.get(i);
      out.set(i, s.withSteps(replace(s.steps(), path.subList(1, path.size()), step)));
    }
    return out;
  }

  /** The children of {@code parent} replaced by {@code list}. */
  private static Pipeline withChildren(Pipeline p, StepPath parent, List<Step> list) {
    return parent.isRoot()
        ? new Pipeline(list)
        : replace(p, parent, get(p, parent).withSteps(list));
  }

  /** Inserts {@code step} at {@code index} of {@code parent}'s list (clamped to its ends). */
  public static Pipeline insert(Pipeline p, StepPath parent, int index, Step step) {
    if (!parent.isRoot() && get(p, parent).type() != TransformType.RANDOM_APPLY) {
      throw new IllegalArgumentException("only RandomApply holds steps");
    }
    List<Step> list = new ArrayList<>(children(p, parent));
    list.add(Math.max(0, Math.min(index, list.size())), step);
    return withChildren(p, parent, list);
  }

  public static Pipeline remove(Pipeline p, StepPath path) {
    List<Step> list = new ArrayList<>(children(p, path.parent()));
    list.remove(path.last());
    return withChildren(p, path.parent(), list);
  }

  /**
   * Moves the step at {@code from} to position {@code index} of {@code toParent}'s list, where
   * {@code index} counts positions in the list as it is before the move (so dropping a step "before
   * step 5" passes 5 whether the step came from above or below). A step cannot move into itself.
   *
   * @return the new pipeline and where the step is now
   */
  public static Moved move(Pipeline p, StepPath from, StepPath toParent, int index) {
    if (from.contains(toParent)) {
      throw new IllegalArgumentException("a RandomApply cannot move into itself");
    }
    if (!toParent.isRoot() && get(p, toParent).type() != TransformType.RANDOM_APPLY) {
      throw new IllegalArgumentException("only RandomApply holds steps");
    }
    Step step = get(p, from);
    StepPath fromParent = from.parent();
    int target = index;
    if (fromParent.equals(toParent) && from.last() < index) {
      target--; // the list shrinks above the drop position once the step is taken out
    }
    Pipeline without = remove(p, from);
    // The target parent's own path shifts when it sits after the removed step in the same list.
    StepPath parent = shiftAfterRemoval(toParent, from);
    Pipeline out = insert(without, parent, target, step);
    int size = children(without, parent).size();
    return new Moved(out, parent.child(Math.max(0, Math.min(target, size))));
  }

  /** The result of {@link #move}: the pipeline and the moved step's new path. */
  public record Moved(Pipeline pipeline, StepPath path) {}

  private static StepPath shiftAfterRemoval(StepPath path, StepPath removed) {
    int d = removed.depth() - 1;
    if (path.depth() <= d
        || !path.indices().subList(0, d).equals(removed.indices().subList(0, d))
        || path.indices().get(d) <= removed.last()) {
      return path;
    }
    List<Integer> l = new ArrayList<>(path.indices());
    l.set(d, l.get(d) - 1);
    return new StepPath(l);
  }

  /**
   * A new step of {@code type} with values that show an effect at once: the required parameters
   * filled in ({@code size} from the training size), and for ColorJitter a modest jitter (its
   * torchvision defaults do nothing).
   */
  public static Step newStep(TransformType type, int size) {
    return switch (type) {
      case RESIZE, CENTER_CROP, RANDOM_CROP, RANDOM_RESIZED_CROP -> Step.of(type, "size", size);
      case PAD -> Step.of(type, "padding", 4);
      case RANDOM_ROTATION, RANDOM_AFFINE -> Step.of(type, "degrees", 10);
      case GAUSSIAN_BLUR -> Step.of(type, "kernel_size", 3);
      case COLOR_JITTER ->
          Step.of(type, "brightness", 0.2, "contrast", 0.2, "saturation", 0.2, "hue", 0.0);
      case NORMALIZE -> Step.of(type, "mean", Pipeline.IMAGENET_MEAN, "std", Pipeline.IMAGENET_STD);
      case RANDOM_APPLY -> Step.randomApply(0.5);
      default -> Step.of(type);
    };
  }

  /**
   * Where a new step goes when nothing is selected: image steps before ToTensor (so the pipeline
   * stays in order), tensor steps at the end.
   */
  public static int defaultIndex(Pipeline p, TransformType type) {
    if (type.stage() == TransformType.Stage.TENSOR) {
      return p.steps().size();
    }
    for (int i = 0; i < p.steps().size(); i++) {
      if (p.steps().get(i).type() == TransformType.TO_TENSOR) {
        return i;
      }
    }
    return p.steps().size();
  }
}
