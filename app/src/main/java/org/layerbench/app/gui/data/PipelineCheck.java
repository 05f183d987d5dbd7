package org.layerbench.app.gui.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.layerbench.engine.data.transform.Pipeline;
import org.layerbench.engine.data.transform.Step;
import org.layerbench.engine.data.transform.TransformType;

/**
 * What is wrong with a pipeline, step by step, for the editor to show next to each step: every
 * step's parameters are checked on their own (so all bad steps show, not only the first), then the
 * whole pipeline is compiled for its order (an image step after ToTensor, a tensor step before it).
 * Messages are {@link Pipeline#compile()}'s, without the "step 3 (ColorJitter):" prefix the list
 * already shows.
 */
public final class PipelineCheck {

  private static final Pattern POSITION = Pattern.compile("^(?:\\w+ )?step ([0-9.]+) \\(\\w+\\): ");

  private PipelineCheck() {}

  /**
   * The errors by step, in pipeline order; a message about the pipeline as a whole has the key
   * {@link StepPath#ROOT}. Empty when the pipeline compiles.
   *
   * @param validation true for the validation pipeline, whose steps must not be random
   */
  public static Map<StepPath, String> errors(Pipeline p, boolean validation) {
    Map<StepPath, String> out = new LinkedHashMap<>();
    checkSteps(p.steps(), StepPath.ROOT, validation, out);
    if (out.isEmpty()) {
      try {
        p.compile();
      } catch (IllegalArgumentException e) {
        Located l = locate(e.getMessage());
        out.put(l.path(), l.message());
      }
    }
    return out;
  }

  private static void checkSteps(
      List<Step> steps, StepPath parent, boolean validation, Map<StepPath, String> out) {
    for (int i = 0; i < steps.size(); i++) {
      Step s = steps.get(i);
      StepPath path = parent.child(i);
      if (!s.enabled()) {
        continue;
      }
      if (validation && s.type().random()) {
        out.put(
            path,
            "Random steps do not belong in the validation pipeline: it must score every epoch the"
                + " same way. Move it to the train pipeline.");
        continue;
      }
      String error = checkAlone(s);
      if (error != null) {
        out.put(path, error);
      }
      if (s.type() == TransformType.RANDOM_APPLY) {
        checkSteps(s.steps(), path, validation, out);
      }
    }
  }

  /** The step's own parameter errors (null when fine), ignoring where it stands. */
  public static String checkAlone(Step s) {
    Step alone = s.type() == TransformType.RANDOM_APPLY ? s.withSteps(List.of()) : s;
    Pipeline p =
        s.type().stage() == TransformType.Stage.TENSOR
            ? Pipeline.of(Step.of(TransformType.TO_TENSOR), alone)
            : Pipeline.of(alone);
    try {
      p.compile();
      return null;
    } catch (IllegalArgumentException e) {
      return locate(e.getMessage()).message();
    }
  }

  record Located(StepPath path, String message) {}

  /** Splits "step 5.1 (ToHSV): reason" into the step's path and a sentence. */
  static Located locate(String message) {
    String m = message == null ? "this pipeline cannot run" : message;
    Matcher matcher = POSITION.matcher(m);
    if (matcher.find()) {
      return new Located(StepPath.parse(matcher.group(1)), sentence(m.substring(matcher.end())));
    }
    return new Located(StepPath.ROOT, sentence(m));
  }

  private static String sentence(String s) {
    if (s.isEmpty()) {
      return s;
    }
    // Not capitalised: messages often start with a parameter's name ("brightness must be ≥ 0").
    return s.endsWith(".") ? s : s + ".";
  }
}
